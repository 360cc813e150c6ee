from django.apps import AppConfig


class StipendConfig(AppConfig):
    name = "stipend"
    verbose_name = "Stagevergoeding"
