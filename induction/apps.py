from django.apps import AppConfig


class InductionConfig(AppConfig):
    name = "induction"
    verbose_name = "Inductie (startende leraren)"
    url_mounts = (("inductie/", "induction.urls"),)

    def ready(self) -> None:
        from bos import audit, worklist

        from .models import BuildingBlockStatus, Starter
        from .work import induction_work

        worklist.register(induction_work)

        audit.register(Starter)
        audit.register(BuildingBlockStatus)
