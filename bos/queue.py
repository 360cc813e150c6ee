"""Enqueue a background task once the current transaction commits.

Services name the task by its dotted path instead of importing it: the task module imports
the services it runs, so an import the other way would close a circle. Only ids travel
(the task reads the rest from the database), and the task is sent after the commit, so the
worker sees the rows it was queued for; a rolled-back request sends nothing."""

from __future__ import annotations

from django.db import transaction
from django.utils.module_loading import import_string


def enqueue_on_commit(task: str, *ids: int | list[int] | None, robust: bool = False) -> None:
    """Send `task` (e.g. "reports.tasks.generate_report_pdf") with `ids` after the commit.
    `robust`: a broker that is down is logged instead of failing the request."""

    def send() -> None:
        import_string(task).delay(*ids)

    transaction.on_commit(send, robust=robust)
