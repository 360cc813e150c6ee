from django.apps import AppConfig


class BosConfig(AppConfig):
    name = "bos"
    verbose_name = "Organisatie"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created
        from django.db.models import fields
        from django.db.models.signals import post_delete, post_save

        # Django's empty choice label is English ("- Select an option -") in every language.
        fields.BLANK_CHOICE_LABEL = "Kies…"

        from bos import audit, partnership
        from bos.audit import admin as audit_admin  # noqa: F401  (registers the read-only admin)
        from bos.audit.triggers import register_sqlite_function
        from bos.models import Partnership, Person, Qualification, RoleAssignment, User
        from bos.security import checks as security_checks  # noqa: F401  (registers checks)
        from bos.security import signals as security_signals

        connection_created.connect(register_sqlite_function, dispatch_uid="bos_audit_sqlite")
        # Every write to the data raises a number cached values are kept under.
        from django.db import connections

        from bos import dataversion

        connection_created.connect(dataversion.install, dispatch_uid="bos_data_version")
        for opened in connections.all(initialized_only=True):
            dataversion.install(connection=opened)
        audit.register(User, exclude=["password", "last_login"])
        audit.register(Person)
        audit.register(RoleAssignment)
        audit.register(Qualification)
        audit.register(Partnership, exclude=["logo"])
        security_signals.connect()
        from allauth.account.signals import user_logged_in

        from bos import sso

        # A sign-in through a provider that enforces MFA counts as MFA (bos.sso).
        user_logged_in.connect(sso.on_login, dispatch_uid="bos_sso_mfa")
        # A closed school year refuses every write, whichever way it reaches the database.
        from django.core import checks

        from bos import yearbound

        yearbound.connect()
        checks.register(yearbound.check_year_paths)
        for signal in (post_save, post_delete):
            signal.connect(
                lambda **kwargs: partnership.invalidate(),
                sender=Partnership,
                dispatch_uid=f"bos_partnership_cache_{signal is post_save}",
                weak=False,
            )
