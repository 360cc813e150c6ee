from django.apps import AppConfig


class AfternoonsConfig(AppConfig):
    name = "afternoons"
    verbose_name = "Verdiepingsmiddagen"
    url_mounts = (("verdiepingsmiddagen/", "afternoons.urls"),)

    def ready(self) -> None:
        from bos import events as event_kinds

        from .participants import KIND

        # A survey linked to one of this app's events asks its participants.
        event_kinds.register(KIND)
        from bos import audit, worklist
        from planning.sources import register as register_calendar

        from . import tasks  # noqa: F401 - the worker finds the tasks of this app
        from .calendar import events
        from .models import (
            AfternoonPolicy,
            DeepeningAfternoon,
            Evaluation,
            Workshop,
            WorkshopAssignment,
        )
        from .work import afternoon_work

        audit.register(AfternoonPolicy)
        audit.register(DeepeningAfternoon)
        audit.register(Workshop)
        # Moves by hand and attendance are audited: who changed which student's workshop.
        audit.register(WorkshopAssignment)
        audit.register(Evaluation, exclude=["comment"])
        worklist.register(afternoon_work)
        register_calendar("afternoons", events)
