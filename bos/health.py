"""The state of the parts the site needs: the database, Redis and a Celery worker.

`/health/` (and `manage.py healthcheck`, for containers without a web server) report it. The
worker's heartbeat is a beat task (bos.tasks.heartbeat) that a worker runs every
HEALTH_HEARTBEAT_SECONDS and that writes the time to the cache; its age tells whether beat
and at least one worker are running. Without REDIS_URL (development: SQLite) Redis is not
used, and while Celery runs tasks inline (CELERY_TASK_ALWAYS_EAGER) no worker is: both are
then reported as "niet gebruikt", not as down.
"""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection

HEARTBEAT_KEY = "bos-health:worker-heartbeat"

UP = "ok"
DOWN = "storing"
NOT_USED = "niet gebruikt"


def beat() -> None:
    """Written by the worker: it is alive now."""
    cache.set(HEARTBEAT_KEY, time.time(), timeout=None)


def _database() -> dict[str, Any]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as error:  # any failure means down; its class name says which
        return {"status": DOWN, "fout": type(error).__name__}
    return {"status": UP}


def _redis() -> dict[str, Any]:
    import redis

    client = redis.Redis.from_url(
        settings.REDIS_URL,
        socket_connect_timeout=settings.HEALTH_TIMEOUT_SECONDS,
        socket_timeout=settings.HEALTH_TIMEOUT_SECONDS,
    )
    try:
        client.ping()
    except Exception as error:
        return {"status": DOWN, "fout": type(error).__name__}
    finally:
        client.close()
    return {"status": UP}


def _worker(redis_up: bool) -> dict[str, Any]:
    if not redis_up:
        # The heartbeat lives in Redis: without it the worker cannot be seen (nor reached).
        return {"status": DOWN, "fout": "redis"}
    try:
        last = cache.get(HEARTBEAT_KEY)
    except Exception as error:
        return {"status": DOWN, "fout": type(error).__name__}
    if last is None:
        return {"status": DOWN, "fout": "geen hartslag"}
    age = max(time.time() - float(last), 0.0)
    status = UP if age <= settings.HEALTH_HEARTBEAT_MAX_AGE else DOWN
    return {"status": status, "leeftijd_seconden": round(age)}


def report() -> tuple[bool, dict[str, Any]]:
    """(all up, the parts' states) — the body of /health/."""
    parts: dict[str, dict[str, Any]] = {"database": _database()}
    parts["redis"] = _redis() if settings.REDIS_URL else {"status": NOT_USED}
    if settings.CELERY_TASK_ALWAYS_EAGER:
        # Tasks run inline, in the process that starts them (development, tests): no worker.
        parts["worker"] = {"status": NOT_USED}
    else:
        parts["worker"] = _worker(parts["redis"]["status"] == UP)
    healthy = all(part["status"] in (UP, NOT_USED) for part in parts.values())
    return healthy, {"status": UP if healthy else DOWN, "onderdelen": parts}
