from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "surveys"
    verbose_name = "Vragenlijsten"
    url_mounts = (("vragenlijsten/", "surveys.urls"),)

    def ready(self) -> None:
        from bos import audit, worklist

        from . import tasks  # noqa: F401 - the worker finds the tasks of this app
        from .models import Question, Survey, SurveyPolicy
        from .work import survey_work

        # The survey and its questions are audited. Invitations, responses and answers are
        # not: an audit line holds who did it and when, which would tie a person to the
        # moment their anonymous answers arrived.
        audit.register(SurveyPolicy)
        audit.register(Survey)
        audit.register(Question)
        worklist.register(survey_work)
