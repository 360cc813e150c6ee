"""Django's flush, allowed to empty the append-only audit table.

Flushing wipes the whole database (tests between transactional cases, a developer
resetting their machine); the audit trigger would otherwise refuse it on SQLite, where flush
deletes rows one table at a time. PostgreSQL's flush truncates, which row triggers do not see."""

import datetime as dt
from typing import Any

from django.core.management.commands.flush import Command as FlushCommand

from bos.audit.triggers import purge_window


class Command(FlushCommand):
    def handle(self, **options: Any) -> None:
        with purge_window(dt.datetime.max.replace(tzinfo=dt.UTC)):
            super().handle(**options)
