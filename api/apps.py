from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "API voor instituten"

    def ready(self) -> None:
        from bos import audit

        from .models import ApiKey

        # The hash is the key's only secret part in the database: it stays out of the trail.
        audit.register(ApiKey, exclude=["key_hash", "last_used_at"])
