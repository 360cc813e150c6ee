"""The same check as /health/, for containers that serve no HTTP (the worker, beat)."""

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from bos import health


class Command(BaseCommand):
    help = "Check the database, Redis and a worker's heartbeat; exit 1 when one is down."

    def handle(self, *args: Any, **options: Any) -> None:
        healthy, body = health.report()
        self.stdout.write(json.dumps(body, ensure_ascii=False))
        if not healthy:
            raise CommandError("Een onderdeel is niet bereikbaar.")
