import json

from django.core.management.base import BaseCommand, CommandError, CommandParser

from facilitation.selectors import PolicyMissing
from reports.renderers.json import figures_json

from ._year import school_year


class Command(BaseCommand):
    help = "Drukt alle figuren van het jaarverslag van een schooljaar af als JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", required=True, help="Schooljaar, bijv. 2020-2021")

    def handle(self, *args: object, **options: str) -> None:
        year = school_year(options["year"])
        try:
            data = figures_json(year)
        except PolicyMissing as exc:
            raise CommandError(str(exc), returncode=2) from exc
        self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
