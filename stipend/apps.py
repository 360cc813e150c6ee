from django.apps import AppConfig

# Never copied into the audit trail: it outlives the application's own retention, and the
# encrypted values must not appear anywhere in plaintext.
PERSONAL_FIELDS = (
    "last_name",
    "given_names",
    "call_name",
    "date_of_birth",
    "place_of_birth",
    "country_of_birth",
    "nationality",
    "partner_initials",
    "partner_last_name",
    "partner_date_of_birth",
    "iban",
    "bsn",
    "bsn_hash",
    "address",
    "postcode_city",
    "postal_address",
    "phone",
    "email",
    "remarks",
    "stop_reason",
)


class StipendConfig(AppConfig):
    name = "stipend"
    verbose_name = "Stagevergoeding"

    def ready(self) -> None:
        from bos import audit

        from . import checks  # noqa: F401 - registers the system checks
        from .models import DaysChange, StipendApplication, StipendDocument

        audit.register(StipendApplication, exclude=PERSONAL_FIELDS)
        audit.register(DaysChange)
        audit.register(StipendDocument, exclude=("stored_name", "original_name"))
