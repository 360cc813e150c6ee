from django.apps import AppConfig


class IntervisionConfig(AppConfig):
    name = "intervision"
    verbose_name = "Intervisie"

    def ready(self) -> None:
        from .afternoons.apps import ready as afternoons_ready

        afternoons_ready()
