from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "API voor instituten"
    # The readable documentation before ninja's routes and OpenAPI document
    # (/api/v1/openapi.json), which it would otherwise shadow; then the key management.
    url_mounts = (
        ("api/v1/documentatie/", "api.urls_docs"),
        ("api/v1/", "api.urls_v1"),
        ("api-sleutels/", "api.urls"),
    )

    def ready(self) -> None:
        from bos import audit

        from .models import ApiKey

        # The hash is the key's only secret part in the database: it stays out of the trail.
        audit.register(ApiKey, exclude=["key_hash", "last_used_at"])
