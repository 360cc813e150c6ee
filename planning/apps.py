from django.apps import AppConfig


class PlanningConfig(AppConfig):
    name = "planning"
    verbose_name = "Jaarplanning"
    url_mounts = (("planning/", "planning.urls"),)

    def ready(self) -> None:
        from bos import audit, worklist

        from .calendar import events
        from .models import FeedToken, PlanningEvent
        from .sources import register
        from .work import planning_work

        register("planning", events)
        worklist.register(planning_work)
        audit.register(PlanningEvent)
        # The token hash is a secret; the trail records only that a reset happened.
        audit.register(FeedToken, exclude=["token_hash", "last_used_at"])
