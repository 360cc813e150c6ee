from django.apps import AppConfig


class StipendConfig(AppConfig):
    name = "stipend"
    verbose_name = "Stagevergoeding"
    url_mounts = (("stagevergoeding/", "stipend.urls"),)

    def ready(self) -> None:
        from bos import audit, worklist

        from . import checks  # noqa: F401 - registers the system checks
        from .models import (
            PERSONAL_DATE_FIELDS,
            PERSONAL_TEXT_FIELDS,
            DaysChange,
            StipendApplication,
            StipendDocument,
        )

        audit.register(StipendApplication, exclude=PERSONAL_TEXT_FIELDS + PERSONAL_DATE_FIELDS)
        audit.register(DaysChange)
        audit.register(StipendDocument, exclude=("stored_name", "original_name"))
        from .work import stipend_work

        worklist.register(stipend_work)
