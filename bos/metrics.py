"""Metrics in Prometheus's text format, served at /metrics/ to a scraper with the token.

- requests and their latency per view (the URL pattern's name, so the number of series stays
  bounded whatever the ids in the URLs), method and status, counted in this process;
- task runs per task and outcome, counted in the cache (Redis in production) because tasks run
  in the worker containers while the web containers serve the metrics;
- the length of the Celery queue, read from the broker when one is configured.

Each web process counts its own requests. With several gunicorn workers, set
PROMETHEUS_MULTIPROC_DIR to an empty directory shared by them (prometheus-client's
multiprocess mode); the view then adds up every process's files.
"""

from __future__ import annotations

import os
import secrets
import time
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.registry import Collector

REQUESTS = Counter("bos_http_requests_total", "HTTP requests handled", ["view", "method", "status"])
LATENCY = Histogram(
    "bos_http_request_duration_seconds",
    "Time to handle a request, per view",
    ["view"],
    buckets=(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)

TASK_STATES = ("SUCCESS", "FAILURE", "RETRY")
_TASK_KEY = "bos-metrics:task:{name}:{state}"


def view_label(request: HttpRequest) -> str:
    match = getattr(request, "resolver_match", None)
    if match is None:
        return "<geen>"  # no URL pattern matched (a 404 before any view)
    return match.view_name or match._func_path


class MetricsMiddleware:
    """Counts every request and its duration under its view's name."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        start = time.perf_counter()
        response = self.get_response(request)
        view = view_label(request)
        LATENCY.labels(view).observe(time.perf_counter() - start)
        REQUESTS.labels(view, request.method or "", str(response.status_code)).inc()
        return response


def count_task(name: str, state: str) -> None:
    """One run of task `name` ended in `state` (called by the worker, bos.celery)."""
    if state not in TASK_STATES:
        return
    key = _TASK_KEY.format(name=name, state=state)
    try:
        cache.add(key, 0, timeout=None)
        cache.incr(key)
    except Exception:  # noqa: S110  # nosec B110 - a metric must never fail a task
        pass


def _project_tasks() -> list[str]:
    # The app bos.celery made (it is the current one): naming it here would import the
    # module that counts task runs through this one.
    from celery import current_app

    return sorted(name for name in current_app.tasks if not name.startswith("celery."))


def _queue_length() -> int | None:
    if not settings.REDIS_URL:
        return None
    import redis

    client = redis.Redis.from_url(
        settings.CELERY_BROKER_URL,
        socket_connect_timeout=settings.HEALTH_TIMEOUT_SECONDS,
        socket_timeout=settings.HEALTH_TIMEOUT_SECONDS,
    )
    try:
        # Celery's default queue on Redis is a list named after the queue.
        return int(client.llen(settings.CELERY_TASK_DEFAULT_QUEUE))
    except Exception:
        return None
    finally:
        client.close()


class SharedCollector(Collector):
    """What every process shares: task runs from the cache, the queue from the broker."""

    def collect(self) -> Iterable[Any]:
        runs = CounterMetricFamily(
            "bos_task_runs", "Celery task runs per task and outcome", labels=["task", "state"]
        )
        names = _project_tasks()
        keys = {
            _TASK_KEY.format(name=name, state=state): (name, state)
            for name in names
            for state in TASK_STATES
        }
        try:
            counts = cache.get_many(list(keys))
        except Exception:
            counts = {}
        for key, (name, state) in keys.items():
            runs.add_metric([name, state], float(counts.get(key, 0)))
        yield runs
        length = _queue_length()
        if length is not None:
            queue = GaugeMetricFamily(
                "bos_task_queue_length", "Tasks waiting in the Celery queue", labels=["queue"]
            )
            queue.add_metric([settings.CELERY_TASK_DEFAULT_QUEUE], float(length))
            yield queue


def _registry() -> CollectorRegistry:
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
    else:
        for collector in (REQUESTS, LATENCY):
            registry.register(collector)
    registry.register(SharedCollector())
    return registry


def _authorised(request: HttpRequest) -> bool:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    return scheme.lower() == "bearer" and secrets.compare_digest(
        token.strip().encode(), settings.METRICS_TOKEN.encode()
    )


def metrics_view(request: HttpRequest) -> HttpResponse:
    """404 while no METRICS_TOKEN is configured (the path does not exist then); 403 without
    the right bearer token."""
    if not settings.METRICS_TOKEN:
        raise Http404
    if not _authorised(request):
        return HttpResponse("Geen toegang.", status=403, content_type="text/plain")
    return HttpResponse(generate_latest(_registry()), content_type=CONTENT_TYPE_LATEST)
