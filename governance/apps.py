from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "governance"
    verbose_name = "Besluiten"
    url_mounts = (("besluiten/", "governance.urls"),)

    def ready(self) -> None:
        from bos import audit

        from .models import Decision, DecisionChange

        audit.register(Decision)
        audit.register(DecisionChange)
