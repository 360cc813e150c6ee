from django.apps import AppConfig


class InductionConfig(AppConfig):
    name = "induction"
    verbose_name = "Inductie (startende leraren)"
    url_mounts = (("inductie/", "induction.urls"),)

    def ready(self) -> None:
        from bos import audit, worklist
        from facilitation import contributions

        from . import models
        from .selectors import coach_task
        from .work import induction_work

        worklist.register(induction_work)

        for model in (
            models.Starter,
            models.BuildingBlockStatus,
            models.InductionPolicy,
            models.DevelopmentPlan,
            models.MeasureCheck,
            models.IntroMeeting,
            models.IntroInvitation,
            models.ExitInterview,
        ):
            audit.register(model)
        # The coaches' hours count in the facilitation overview.
        contributions.register(coach_task)
