from django.apps import AppConfig


class DemoConfig(AppConfig):
    # Installed last: it fills every other app, and nothing imports it but its commands,
    # the benchmarks and the tests.
    name = "demo"
    verbose_name = "Demo en schaalgegevens"
