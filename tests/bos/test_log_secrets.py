"""Secrets in URLs stay out of the logs: a personal calendar feed's token, password-reset
keys, confirmation and verification codes, ?token= and ?code=. Checked on the lines the
configured handlers really write."""

from __future__ import annotations

import io
import logging
import secrets
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse

from bos.security.logmask import MaskSecrets, mask


@contextmanager
def written_by(handler_name: str) -> Iterator[io.StringIO]:
    """What the configured handler writes, while the block runs."""
    handler = logging.getHandlerByName(handler_name)
    assert isinstance(handler, logging.StreamHandler)
    stream = io.StringIO()
    # Swapped without `setStream`, which flushes the old stream first: an earlier test's
    # captured output the handler still points at may be closed by now.
    with handler.lock:
        previous, handler.stream = handler.stream, stream
    try:
        yield stream
    finally:
        with handler.lock:
            handler.stream = previous


def _token() -> str:
    return secrets.token_urlsafe(32)


def test_every_configured_handler_masks_secrets():
    for name, handler in settings.LOGGING["handlers"].items():
        assert "mask_secrets" in handler.get("filters", []), name
    for logger_name in ("", "django", "django.request", "django.server", "planning"):
        logger = logging.getLogger(logger_name)
        while logger is not None:
            for handler in logger.handlers:
                if type(handler).__module__.startswith("_pytest"):
                    continue  # the test runner's own capture
                assert any(isinstance(f, MaskSecrets) for f in handler.filters), handler
            logger = logger.parent if logger.propagate else None


@pytest.mark.django_db
def test_a_bad_feed_url_is_logged_without_its_token(client):
    token = _token()
    url = reverse("planning:feed_personal", args=[token])
    with written_by("console") as log:
        response = client.get(url)
    assert response.status_code == 404
    lines = log.getvalue()
    assert "Not Found: /planning/ical/***.ics" in lines
    assert token not in lines


@pytest.mark.django_db
def test_a_rate_limited_feed_url_is_logged_without_its_token(client, settings):
    settings.BOS_RATELIMITS_ENABLED = True
    settings.BOS_RATE_LIMITS = {**settings.BOS_RATE_LIMITS, "feed": "1/m"}
    cache.clear()
    token = _token()
    url = reverse("planning:feed_personal", args=[token])
    with written_by("console") as log:
        client.get(url)
        response = client.get(url)
    cache.clear()
    assert response.status_code == 429
    lines = log.getvalue()
    assert "Too Many Requests: /planning/ical/***.ics" in lines
    assert token not in lines


def test_the_development_servers_request_line_is_masked():
    token = _token()
    with written_by("server") as log:
        # As django.core.servers.basehttp.WSGIRequestHandler.log_message writes it.
        logging.getLogger("django.server").warning(
            '"%s" %s %s',
            f"GET /planning/ical/{token}.ics?code=123456 HTTP/1.1",
            "404",
            "179",
            extra={"request": None, "server_time": "05/Dec/2026 12:00:00", "status_code": 404},
        )
    lines = log.getvalue()
    assert '"GET /planning/ical/***.ics?code=*** HTTP/1.1" 404 179' in lines
    assert token not in lines and "123456" not in lines


def test_our_own_loggers_and_their_tracebacks_are_masked():
    token = _token()
    with written_by("console") as log:
        logging.getLogger("planning.pdf").warning(
            "Planning PDF: refused to fetch %s", f"https://x.example/planning/ical/{token}.ics"
        )
        try:
            raise ValueError(f"bad request /accounts/password/reset/key/4-{token}/")
        except ValueError:
            logging.getLogger("bos.security").exception("Reset failed")
    lines = log.getvalue()
    assert token not in lines
    assert "/planning/ical/***.ics" in lines
    assert "/accounts/password/reset/key/***/" in lines and "Traceback" in lines


def test_every_secret_address_is_masked():
    token = _token()
    secret_urls = [
        reverse("planning:feed_personal", args=[token]),
        reverse("account_reset_password_from_key", kwargs={"uidb36": "4", "key": token}),
        reverse("account_confirm_email", args=[token]),
        reverse("professionalization:verify", args=[token]),
        f"/accounts/login/code/confirm/?code={token}",
        f"/iets/?a=1&token={token}&b=2",
        f"/accounts/login/?next=%2Fplanning%2F%3Fkey%3D{token}%26b%3D2",
    ]
    for url in secret_urls:
        assert token not in mask(f"Not Found: {url}"), url
    assert mask("/iets/?a=1&token=abc&b=2") == "/iets/?a=1&token=***&b=2"
    # Public addresses stay readable.
    for public in (
        reverse("planning:feed_public"),
        reverse("planning:feed_school", args=[12]),
        "/stages/12/?page=2",
    ):
        assert mask(f"Not Found: {public}") == f"Not Found: {public}"
