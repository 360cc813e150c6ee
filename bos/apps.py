from django.apps import AppConfig


class BosConfig(AppConfig):
    name = "bos"
    verbose_name = "Organisatie"
