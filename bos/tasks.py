"""Scheduled jobs of the project itself (CELERY_BEAT_SCHEDULE in settings)."""

from celery import shared_task
from django.core.management import call_command


@shared_task
def apply_retention() -> None:
    """The AVG retention periods, daily: see `manage.py apply_retention`."""
    call_command("apply_retention")


@shared_task(ignore_result=True)
def heartbeat() -> None:
    """A worker is alive: /health/ reads the time this wrote (bos.health)."""
    from bos import health

    health.beat()
