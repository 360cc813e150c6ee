from django.apps import AppConfig


class PlacementsConfig(AppConfig):
    name = "placements"
    verbose_name = "Stages"

    def ready(self) -> None:
        from planning.sources import register

        from .calendar import events

        register("placements", events)
