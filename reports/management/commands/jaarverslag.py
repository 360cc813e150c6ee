from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from facilitation.selectors import PolicyMissing
from reports.renderers.pdf import render_pdf

from ._year import school_year


class Command(BaseCommand):
    help = "Maakt de PDF van het jaarverslag van een schooljaar."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", required=True, help="Schooljaar, bijv. 2020-2021")
        parser.add_argument("--output", required=True, help="Pad van het PDF-bestand")

    def handle(self, *args: object, **options: str) -> None:
        year = school_year(options["year"])
        output = Path(options["output"])
        try:
            pdf = render_pdf(year)
        except PolicyMissing as exc:
            raise CommandError(str(exc), returncode=2) from exc
        output.write_bytes(pdf)
        self.stdout.write(f"Jaarverslag {year} geschreven naar {output}.")
