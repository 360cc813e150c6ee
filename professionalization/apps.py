from django.apps import AppConfig


class ProfessionalizationConfig(AppConfig):
    name = "professionalization"
    verbose_name = "Professionalisering"
    url_mounts = (("professionalisering/", "professionalization.urls"),)

    def ready(self) -> None:
        from bos import events as event_kinds

        from .participants import KIND

        # A survey linked to one of this app's events asks its participants.
        event_kinds.register(KIND)
        from bos import audit, worklist

        from .models import (
            Certificate,
            Meeting,
            ProfessionalizationPolicy,
            ReflectiveConversation,
            Registration,
            Theme,
        )

        audit.register(ProfessionalizationPolicy)
        audit.register(Theme)
        audit.register(Meeting)
        # Reminder markers are bookkeeping, not decisions; the comment is personal opinion.
        audit.register(
            Registration,
            exclude=["week_reminder_sent_at", "day_reminder_sent_at", "comment"],
        )
        audit.register(Certificate, exclude=["code"])
        # The notes are for the two people only: the trail records that they changed, not them.
        audit.register(ReflectiveConversation, exclude=["notes"])

        from .work import professionalization_work

        worklist.register(professionalization_work)

        from planning.sources import register

        from .calendar import events

        register("professionalization", events)
