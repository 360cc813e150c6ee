from django.apps import AppConfig


class BosConfig(AppConfig):
    name = "bos"
    verbose_name = "Organisatie"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created
        from django.db.models import fields

        # Django's empty choice label is English ("- Select an option -") in every language.
        fields.BLANK_CHOICE_LABEL = "Kies…"

        from bos import audit
        from bos.audit import admin as audit_admin  # noqa: F401  (registers the read-only admin)
        from bos.audit.triggers import register_sqlite_function
        from bos.models import Person, RoleAssignment, User
        from bos.security import checks as security_checks  # noqa: F401  (registers checks)
        from bos.security import signals as security_signals
        from placements.models import Placement, Student

        connection_created.connect(register_sqlite_function, dispatch_uid="bos_audit_sqlite")
        audit.register(User, exclude=["password", "last_login"])
        audit.register(Person)
        audit.register(RoleAssignment)
        audit.register(Student)
        audit.register(Placement)
        security_signals.connect()
