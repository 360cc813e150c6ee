from django.apps import AppConfig


class IntervisionConfig(AppConfig):
    name = "intervision"
    verbose_name = "Intervisie"
    url_mounts = (("intervisie/", "intervision.urls"),)

    def ready(self) -> None:
        from bos import events as event_kinds

        from .participants import KIND

        # A survey linked to one of this app's events asks its participants.
        event_kinds.register(KIND)
        from bos import audit, worklist

        from .models import (
            Attendance,
            IntervisionGroup,
            IntervisionMethod,
            IntervisionPolicy,
            Meeting,
            Membership,
            Reflection,
        )
        from .work import intervision_work

        audit.register(IntervisionPolicy)
        audit.register(IntervisionMethod)
        audit.register(IntervisionGroup)
        audit.register(Membership)
        audit.register(Meeting)
        audit.register(Attendance)
        # The report's text is the student's own; the trail records that it changed and when
        # it was shared, never what it says.
        audit.register(Reflection, exclude=["text"])
        worklist.register(intervision_work)

        from planning.sources import register

        from .calendar import events

        register("intervision", events)
