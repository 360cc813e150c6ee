from django.apps import AppConfig


class PlacementsConfig(AppConfig):
    name = "placements"
    verbose_name = "Stages"

    def ready(self) -> None:
        from bos import worklist
        from planning.sources import register

        from .calendar import events
        from .work import placement_work

        worklist.register(placement_work)
        register("placements", events)
