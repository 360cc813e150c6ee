"""Add fictitious data at N times the demo (see demo.scale) for benchmarks."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from demo.scale import LOGINS, ScaleDataExists, generate


class Command(BaseCommand):
    help = "Genereer fictieve gegevens op N keer de schaal van het demojaar (voor metingen)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--factor", type=int, default=1, help="N keer het demojaar")
        parser.add_argument("--years", type=int, default=5, help="aantal schooljaren")
        parser.add_argument("--seed", type=int, default=19)

    def handle(self, *args: Any, factor: int, years: int, seed: int, **options: Any) -> None:
        if factor < 1 or years < 1:
            raise CommandError("--factor en --years moeten minstens 1 zijn.")
        try:
            result = generate(factor=factor, years=years, seed=seed, progress=self.stderr.write)
        except ScaleDataExists as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            json.dumps(
                {
                    "factor": result.factor,
                    "years": result.years,
                    "seconds": result.seconds,
                    "counts": result.counts,
                    "logins": LOGINS.by_role(),
                    "password": LOGINS.password,
                },
                indent=2,
            )
        )
