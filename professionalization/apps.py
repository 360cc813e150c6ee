from django.apps import AppConfig


class ProfessionalizationConfig(AppConfig):
    name = "professionalization"
    verbose_name = "Professionalisering"
