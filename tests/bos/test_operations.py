"""Operations (issue #28): /health/, request ids, JSON log lines and the metrics."""

from __future__ import annotations

import json
import logging
import socket
import time
from unittest import mock

import pytest
from django.test import RequestFactory, override_settings

from bos import health
from bos.observability import JsonFormatter, RequestIdMiddleware
from bos.tasks import heartbeat
from tests.bos.test_settings import PRODUCTION, run_manage
from tests.factories import PersonFactory, UserFactory


def _closed_port() -> int:
    """A loopback port nothing listens on: bound, then released."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _RedisUp:
    """Stands in for a reachable Redis server."""

    def ping(self) -> bool:
        return True

    def close(self) -> None:
        pass


@pytest.fixture
def no_heartbeat():
    from django.core.cache import cache

    cache.delete(health.HEARTBEAT_KEY)
    yield
    cache.delete(health.HEARTBEAT_KEY)


# /health/ ------------------------------------------------------------------------------


@pytest.mark.django_db
@override_settings(REDIS_URL="", CELERY_TASK_ALWAYS_EAGER=True)
def test_health_without_redis_reports_redis_and_worker_as_not_used(client):
    response = client.get("/health/")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["onderdelen"] == {
        "database": {"status": "ok"},
        "redis": {"status": "niet gebruikt"},
        "worker": {"status": "niet gebruikt"},
    }
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
@override_settings(REDIS_URL="redis://127.0.0.1:6379/0", CELERY_TASK_ALWAYS_EAGER=False)
def test_health_is_200_when_database_redis_and_a_worker_are_up(client, no_heartbeat):
    heartbeat.apply()  # what beat schedules and a worker runs
    with mock.patch("redis.Redis.from_url", return_value=_RedisUp()):
        response = client.get("/health/")
    assert response.status_code == 200, response.json()
    parts = response.json()["onderdelen"]
    assert parts["redis"] == {"status": "ok"}
    assert parts["worker"]["status"] == "ok"
    assert parts["worker"]["leeftijd_seconden"] < 5


@pytest.mark.django_db
def test_health_is_503_when_the_broker_is_unreachable(client, no_heartbeat):
    heartbeat.apply()
    with override_settings(
        REDIS_URL=f"redis://127.0.0.1:{_closed_port()}/0",
        HEALTH_TIMEOUT_SECONDS=0.5,
        CELERY_TASK_ALWAYS_EAGER=False,
    ):
        response = client.get("/health/")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "storing"
    assert body["onderdelen"]["database"] == {"status": "ok"}
    assert body["onderdelen"]["redis"]["status"] == "storing"
    assert body["onderdelen"]["worker"]["status"] == "storing"
    # The reason is an error class, never an address or a password from the URL.
    assert "127.0.0.1" not in response.content.decode()


@pytest.mark.django_db
@override_settings(
    REDIS_URL="redis://127.0.0.1:6379/0",
    HEALTH_HEARTBEAT_MAX_AGE=60,
    CELERY_TASK_ALWAYS_EAGER=False,
)
def test_health_is_503_when_the_worker_heartbeat_is_missing_or_old(client, no_heartbeat):
    from django.core.cache import cache

    with mock.patch("redis.Redis.from_url", return_value=_RedisUp()):
        missing = client.get("/health/")
        cache.set(health.HEARTBEAT_KEY, time.time() - 61, timeout=None)
        old = client.get("/health/")
    assert missing.status_code == 503
    assert missing.json()["onderdelen"]["worker"] == {"status": "storing", "fout": "geen hartslag"}
    assert old.status_code == 503
    assert old.json()["onderdelen"]["worker"]["status"] == "storing"


@pytest.mark.django_db
@override_settings(REDIS_URL="")
def test_health_is_503_when_the_database_is_down(client):
    from django.db import connection

    with mock.patch.object(connection, "cursor", side_effect=OSError("down")):
        response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["onderdelen"]["database"] == {"status": "storing", "fout": "OSError"}


@pytest.mark.django_db
def test_the_healthcheck_command_fails_when_a_part_is_down(no_heartbeat):
    from django.core.management import CommandError, call_command

    with (
        override_settings(
            REDIS_URL=f"redis://127.0.0.1:{_closed_port()}/0", HEALTH_TIMEOUT_SECONDS=0.5
        ),
        pytest.raises(CommandError),
    ):
        call_command("healthcheck")


def test_the_heartbeat_is_on_the_beat_schedule():
    from django.conf import settings

    entry = settings.CELERY_BEAT_SCHEDULE["bos-heartbeat"]
    assert entry["task"] == "bos.tasks.heartbeat"
    assert entry["schedule"] < settings.HEALTH_HEARTBEAT_MAX_AGE


# Request ids -----------------------------------------------------------------------------


@pytest.mark.django_db
@override_settings(REDIS_URL="")
def test_every_response_carries_a_request_id(client):
    first = client.get("/health/")["X-Request-ID"]
    second = client.get("/health/")["X-Request-ID"]
    assert len(first) == 32
    assert first != second
    given = client.get("/health/", headers={"X-Request-ID": "proxy-id-12345678"})
    assert given["X-Request-ID"] == "proxy-id-12345678"
    # A header that could forge a log line is replaced, not copied.
    forged = client.get("/health/", headers={"X-Request-ID": 'x" "level": "ERROR'})
    assert forged["X-Request-ID"] != 'x" "level": "ERROR'


# JSON log lines --------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_json_log_line_carries_ids_but_no_personal_data(rf: RequestFactory):
    user = UserFactory(email="fenna.voorbeeldt@test.example")
    PersonFactory(first_name="Fenna", last_name="Voorbeeldt", email=user.email, user=user)
    request = rf.get("/planning/ical/geheim-token-123.ics?code=abc")
    request.user = user
    captured: dict[str, str] = {}

    def view(req):
        record = logging.LogRecord(
            "django.request",
            logging.WARNING,
            __file__,
            1,
            "Not Found: %s (voor %s, %s)",
            (req.get_full_path(), user.email, "fenna.voorbeeldt@test.example"),
            None,
        )
        record.request = req
        record.status_code = 404
        captured["line"] = JsonFormatter().format(record)
        from django.http import HttpResponse

        return HttpResponse()

    response = RequestIdMiddleware(view)(request)
    line = json.loads(captured["line"])
    assert line["level"] == "WARNING"
    assert line["logger"] == "django.request"
    assert line["request_id"] == response["X-Request-ID"]
    assert line["user_id"] == user.pk
    assert line["status_code"] == 404
    assert line["path"] == "/planning/ical/***.ics"
    text = captured["line"]
    for secret in ("fenna", "Fenna", "Voorbeeldt", "geheim-token-123", "code=abc"):
        assert secret not in text


def test_production_writes_json_lines_through_every_handler():
    """Production's real LOGGING, in a process of its own: a line about a request with a
    user is one JSON object with the user's id and without their address."""
    script = (
        "import logging, json;"
        "from django.test import RequestFactory;"
        "from bos.models import User;"
        "from bos.observability import JsonFormatter;"
        "from django.conf import settings;"
        "assert all(h['formatter'] == 'json' for h in settings.LOGGING['handlers'].values()"
        " if 'formatter' in h);"
        "r = RequestFactory().get('/stages/');"
        "r.user = User(pk=7, email='jan.proef@test.example');"
        "logging.getLogger('bos').warning('let op %s', 'jan.proef@test.example',"
        " extra={'request': r})"
    )
    result = run_manage("shell", "-c", script, **PRODUCTION)
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith("{")]
    assert lines, result.stderr
    line = json.loads(lines[-1])
    assert line["message"] == "let op ***@***"
    assert line["user_id"] == 7
    assert "jan.proef" not in lines[-1]


# Metrics ---------------------------------------------------------------------------------


@pytest.mark.django_db
@override_settings(METRICS_TOKEN="")
def test_metrics_do_not_exist_without_a_token_configured(client):
    assert client.get("/metrics/").status_code == 404


@pytest.mark.django_db
@override_settings(METRICS_TOKEN="scrape-token-for-tests", REDIS_URL="")
def test_metrics_need_the_bearer_token(client):
    assert client.get("/metrics/").status_code == 403
    wrong = client.get("/metrics/", headers={"Authorization": "Bearer wrong"})
    assert wrong.status_code == 403
    client.get("/health/")
    heartbeat.delay()
    response = client.get("/metrics/", headers={"Authorization": "Bearer scrape-token-for-tests"})
    assert response.status_code == 200
    text = response.content.decode()
    assert 'bos_http_requests_total{method="GET",status="200",view="health"}' in text
    assert 'bos_http_request_duration_seconds_count{view="health"}' in text
    assert 'bos_task_runs_total{state="SUCCESS",task="bos.tasks.heartbeat"}' in text
