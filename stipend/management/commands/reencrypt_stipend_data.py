"""Key rotation: encrypt every stored value and document again under the first key of
STIPEND_ENCRYPTION_KEYS. Put the new key first, run this, then remove the old key. Documents
stored before they were encrypted are encrypted too."""

from django.core.management.base import BaseCommand
from django.db import connection, transaction

from stipend import crypto, storage
from stipend.models import StipendApplication, StipendDocument

ENCRYPTED_COLUMNS = ("bsn", "iban", "date_of_birth", "partner_date_of_birth")


class Command(BaseCommand):
    help = "Versleutelt BSN, IBAN en geboortedata opnieuw met de eerste sleutel."

    def handle(self, *args: object, **options: object) -> None:
        table = StipendApplication._meta.db_table
        quote = connection.ops.quote_name
        columns = ", ".join(quote(c) for c in ("id", *ENCRYPTED_COLUMNS))
        rotated = 0
        # Tokens are rotated as they are, without decrypting into model instances, so no
        # plaintext passes through model code, signals or logs.
        with transaction.atomic():
            with connection.cursor() as cursor:
                # Identifiers are quoted model metadata; no value is interpolated.
                cursor.execute(f"SELECT {columns} FROM {quote(table)}")  # noqa: S608  # nosec B608
                rows = cursor.fetchall()
            for pk, *tokens in rows:
                updates = {}
                for column, token in zip(ENCRYPTED_COLUMNS, tokens, strict=True):
                    if token and not crypto.is_current(token):
                        updates[column] = crypto.rotate(token)
                if not updates:
                    continue
                assignments = ", ".join(f"{quote(c)} = %s" for c in updates)
                with connection.cursor() as cursor:
                    cursor.execute(
                        f"UPDATE {quote(table)} SET {assignments} WHERE id = %s",  # noqa: S608  # nosec B608
                        [*updates.values(), pk],
                    )
                rotated += 1
        self.stdout.write(f"{rotated} aanvraag/aanvragen opnieuw versleuteld.")
        documents = sum(
            storage.reencrypt(name)
            for name in StipendDocument.objects.values_list("stored_name", flat=True)
        )
        self.stdout.write(f"{documents} document(en) opnieuw versleuteld.")
