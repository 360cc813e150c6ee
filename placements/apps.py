from django.apps import AppConfig


class PlacementsConfig(AppConfig):
    name = "placements"
    verbose_name = "Stages"
    url_mounts = (("stages/", "placements.urls"),)

    def ready(self) -> None:
        from bos import events as event_kinds

        from .participants import KIND

        # A survey linked to one of this app's events asks its participants.
        event_kinds.register(KIND)
        from bos import audit, privacy, worklist
        from planning.sources import register

        from . import privacy as placement_privacy
        from .calendar import events
        from .models import (
            ApplicationDocument,
            Conversation,
            DevelopmentSignal,
            Placement,
            PlacementPolicy,
            PortfolioReflection,
            Proposal,
            Student,
            StudentSchool,
            SupervisionAgreement,
            SupervisionPolicy,
            TargetAdjustment,
        )
        from .work import matching_work, placement_work

        worklist.register(placement_work)
        worklist.register(matching_work)
        # Students and placements are in the trail from the start; the ground floor (bos)
        # registers only its own models.
        for model in (
            Student,
            Placement,
            Proposal,
            ApplicationDocument,
            DevelopmentSignal,
            SupervisionAgreement,
            SupervisionPolicy,
            StudentSchool,
            TargetAdjustment,
            PlacementPolicy,
        ):
            audit.register(model)
        # The confidential notes are for the SO and IO only: they stay out of the trail.
        audit.register(Conversation, exclude=["confidential_notes"])
        # A reflection is the student's own writing: the trail keeps that it changed and
        # whether it is shared, not what it says.
        audit.register(PortfolioReflection, exclude=["title", "text"])
        register("placements", events)
        # Students are people of their own; a placement as SO, IO or WPB keeps staff active.
        privacy.register_people(
            privacy.PersonRecords(
                model=Student,
                label="student",
                summary_key="studenten_geanonimiseerd",
                expired=placement_privacy.expired_students,
                anonymise=placement_privacy.anonymise_student,
            )
        )
        privacy.register_staff_activity(placement_privacy.recent_placement_roles)
