from django.apps import AppConfig


class FacilitationConfig(AppConfig):
    name = "facilitation"
    verbose_name = "Facilitering en regels"
    url_mounts = (("beleid/", "facilitation.urls"),)

    def ready(self) -> None:
        from bos import audit, worklist
        from planning.sources import register

        from .calendar import events
        from .models import GrantedHours, LocationCountBasis, Policy
        from .work import facilitation_work

        register("facilitation", events)
        worklist.register(facilitation_work)

        # PolicyChange is itself the policy's field-level history; the trail covers the rest.
        audit.register(Policy)
        audit.register(GrantedHours)
        audit.register(LocationCountBasis)
