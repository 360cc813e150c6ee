import os
from typing import Any

from celery import Celery
from celery.signals import setup_logging, task_postrun

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bos.settings.dev")

app = Celery("bos")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@setup_logging.connect
def _django_logging(**kwargs: Any) -> None:
    """The worker logs through the same handlers as the site (LOGGING), so secrets in URLs
    are masked there too; without this receiver Celery installs handlers of its own."""
    from logging.config import dictConfig

    from django.conf import settings

    dictConfig(settings.LOGGING)


@task_postrun.connect
def _count_task(sender: Any = None, state: str | None = None, **kwargs: Any) -> None:
    """Every task run is counted for the metrics (bos.metrics), whichever process ran it."""
    from bos.metrics import count_task

    if sender is not None and state:
        count_task(sender.name, state)
