import datetime as dt

from django.core.management.base import BaseCommand, CommandParser

from stipend.retention import apply_retention


class Command(BaseCommand):
    help = (
        "Verwijdert ID-kopieën en loonbelastingverklaringen en anonimiseert aanvragen na de "
        "bewaartermijn."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--today", type=dt.date.fromisoformat, default=None)

    def handle(self, *args: object, **options: object) -> None:
        report = apply_retention(options["today"])  # type: ignore[arg-type]
        self.stdout.write(
            f"{len(report.anonymised)} aanvraag/aanvragen geanonimiseerd, "
            f"{report.documents_deleted} document(en) verwijderd."
        )
