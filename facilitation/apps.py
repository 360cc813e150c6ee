from django.apps import AppConfig


class FacilitationConfig(AppConfig):
    name = "facilitation"
    verbose_name = "Facilitering en regels"
    url_mounts = (("beleid/", "facilitation.urls"),)

    def ready(self) -> None:
        from bos import audit
        from planning.sources import register

        from .calendar import events
        from .models import GrantedHours, LocationCountBasis, Policy

        register("facilitation", events)

        # PolicyChange is itself the policy's field-level history; the trail covers the rest.
        audit.register(Policy)
        audit.register(GrantedHours)
        audit.register(LocationCountBasis)
