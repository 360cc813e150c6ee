from django.apps import AppConfig


class IntervisionConfig(AppConfig):
    name = "intervision"
    verbose_name = "Intervisie"
