from django.apps import AppConfig


class FacilitationConfig(AppConfig):
    name = "facilitation"
    verbose_name = "Facilitering en regels"

    def ready(self) -> None:
        from bos import audit

        from .models import GrantedHours, LocationCountBasis, Policy

        # PolicyChange is itself the policy's field-level history; the trail covers the rest.
        audit.register(Policy)
        audit.register(GrantedHours)
        audit.register(LocationCountBasis)
