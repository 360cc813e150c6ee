"""Lockout after repeated failed logins and rate limits (429), switched on here as in
production."""

import pytest
from django.core.cache import cache
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from bos.security.ratelimit import parse_rate, rate_limit, wait_phrase
from tests.bos.security_helpers import PASSWORD
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def limits_on(settings):
    settings.BOS_RATELIMITS_ENABLED = True
    settings.ACCOUNT_RATE_LIMITS = dict(settings.BOS_ACCOUNT_RATE_LIMITS)
    cache.clear()
    yield settings
    cache.clear()


def _login(client, email: str, password: str):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def test_an_account_is_locked_after_five_failed_logins(client, limits_on):
    user = UserFactory()
    for _ in range(5):
        response = _login(client, user.email, "verkeerd-wachtwoord")
        assert "_auth_user_id" not in client.session
        assert "niet correct" in str(response.context["form"].errors)
    # Now even the right password is refused, with a Dutch explanation.
    response = _login(client, user.email, PASSWORD)
    assert "_auth_user_id" not in client.session
    assert "Te veel inlogpogingen" in str(response.context["form"].errors)


def test_the_lockout_counts_per_account_not_per_browser(limits_on):
    from django.test import Client

    user = UserFactory()
    for _ in range(5):
        _login(Client(), user.email, "verkeerd-wachtwoord")
    fresh = Client()
    _login(fresh, user.email, PASSWORD)
    assert "_auth_user_id" not in fresh.session
    # Another account is not affected.
    other = UserFactory()
    _login(fresh, other.email, PASSWORD)
    assert fresh.session["_auth_user_id"] == str(other.pk)


def test_too_many_logins_from_one_address_get_429(client, limits_on):
    limits_on.ACCOUNT_RATE_LIMITS = {**limits_on.ACCOUNT_RATE_LIMITS, "login": "3/m/ip"}
    user = UserFactory()
    responses = [_login(client, user.email, "verkeerd-wachtwoord") for _ in range(4)]
    assert responses[-1].status_code == 429
    assert "Te veel verzoeken" in responses[-1].content.decode()


def test_login_code_requests_are_limited_per_address(limits_on):
    from django.test import Client

    user = UserFactory()
    responses = [
        Client().post(reverse("account_request_login_code"), {"email": user.email})
        for _ in range(4)
    ]
    assert [r.status_code for r in responses[:3]] == [302, 302, 302]
    assert "Te veel" in str(responses[3].context["form"].errors)


def test_password_reset_requests_are_limited(client, limits_on):
    limits_on.ACCOUNT_RATE_LIMITS = {**limits_on.ACCOUNT_RATE_LIMITS, "reset_password": "2/m/ip"}
    statuses = [
        client.post(reverse("account_reset_password"), {"email": "x@test.example"}).status_code
        for _ in range(3)
    ]
    assert statuses[-1] == 429


@rate_limit("export")
def _export_view(request):
    return HttpResponse("ok")


def test_exports_beyond_the_limit_get_429_with_retry_after(limits_on):
    limits_on.BOS_RATE_LIMITS = {**limits_on.BOS_RATE_LIMITS, "export": "2/m"}
    user = UserFactory()
    factory = RequestFactory()
    statuses = []
    for _ in range(3):
        request = factory.get("/export/")
        request.user = user
        request.session = {}
        request._messages = []
        response = _export_view(request)
        statuses.append(response.status_code)
    assert statuses == [200, 200, 429]
    assert int(response["Retry-After"]) >= 1
    assert "Te veel verzoeken" in response.content.decode()
    # Another user has their own counter.
    request = factory.get("/export/")
    request.user = UserFactory()
    assert _export_view(request).status_code == 200


def test_rate_limits_are_off_when_disabled(settings):
    settings.BOS_RATELIMITS_ENABLED = False
    settings.BOS_RATE_LIMITS = {**settings.BOS_RATE_LIMITS, "export": "1/m"}
    request = RequestFactory().get("/export/")
    request.user = UserFactory()
    assert [_export_view(request).status_code for _ in range(3)] == [200, 200, 200]


def test_rate_parsing():
    assert parse_rate("10/5m") == (10, 300)
    assert parse_rate("3/h") == (3, 3600)
    with pytest.raises(KeyError):
        rate_limit("unknown-action")


# Saying when to try again -------------------------------------------------------------------


@pytest.fixture
def clock(monkeypatch):
    """time.time() as the limits (ours and allauth's) read it, moved on by hand."""
    import time

    now = [1_800_000_060.0]  # 60 s into a 5-minute window of our own limits
    monkeypatch.setattr(time, "time", lambda: now[0])
    return now


def test_a_refused_login_code_request_says_when_to_try_again(limits_on, clock):
    """Three requests in five minutes per address: the fourth, a minute later, is refused
    with the real wait (four minutes until the first request leaves the window)."""
    from django.test import Client

    user = UserFactory()
    for _ in range(3):
        assert (
            Client().post(reverse("account_request_login_code"), {"email": user.email}).status_code
            == 302
        )
    clock[0] += 61
    refused = Client().post(reverse("account_request_login_code"), {"email": user.email})
    errors = str(refused.context["form"].errors)
    assert "Te veel inlogpogingen. Probeer het over 4 minuten opnieuw." in errors
    clock[0] += 240
    assert (
        Client().post(reverse("account_request_login_code"), {"email": user.email}).status_code
        == 302
    )


def test_a_locked_account_says_when_to_try_again(client, limits_on, clock):
    user = UserFactory()
    for _ in range(5):
        _login(client, user.email, "verkeerd-wachtwoord")
    clock[0] += 5 * 60
    response = _login(client, user.email, PASSWORD)
    assert "Probeer het over 10 minuten opnieuw." in str(response.context["form"].errors)


def test_allauths_429_page_says_when_to_try_again(client, limits_on, clock):
    limits_on.ACCOUNT_RATE_LIMITS = {**limits_on.ACCOUNT_RATE_LIMITS, "login": "3/m/ip"}
    user = UserFactory()
    for _ in range(3):
        _login(client, user.email, "verkeerd-wachtwoord")
    clock[0] += 20
    response = _login(client, user.email, "verkeerd-wachtwoord")
    assert response.status_code == 429
    assert "Probeer het over 40 seconden opnieuw." in response.content.decode()
    assert response["Retry-After"] == "40"


def test_our_429_page_says_when_to_try_again(limits_on, clock):
    limits_on.BOS_RATE_LIMITS = {**limits_on.BOS_RATE_LIMITS, "export": "2/5m"}
    request = RequestFactory().get("/export/")
    request.user = UserFactory()
    responses = [_export_view(request) for _ in range(3)]
    assert responses[-1].status_code == 429
    assert "Probeer het over 4 minuten opnieuw." in responses[-1].content.decode()
    assert responses[-1]["Retry-After"] == "240"


@pytest.mark.parametrize(
    ("seconds", "phrase"),
    [
        (0.2, "over 1 seconde"),
        (40, "over 40 seconden"),
        (60, "over 1 minuut"),
        (61, "over 2 minuten"),
        (239.5, "over 4 minuten"),
        (900, "over 15 minuten"),
        (3600, "over 1 uur"),
        (3601, "over 1 uur en 1 minuut"),
        (2 * 3600 + 300, "over 2 uur en 5 minuten"),
    ],
)
def test_the_wait_in_dutch(seconds, phrase):
    assert wait_phrase(seconds) == phrase


@given(st.floats(min_value=0, max_value=7 * 24 * 3600))
def test_the_wait_is_never_shorter_than_the_limit_and_at_most_a_minute_longer(seconds):
    words = wait_phrase(seconds).removeprefix("over ").replace(" en ", " ").split()
    units = {"seconde": 1, "seconden": 1, "minuut": 60, "minuten": 60, "uur": 3600}
    said = sum(
        int(number) * units[unit] for number, unit in zip(words[::2], words[1::2], strict=True)
    )
    assert max(seconds, 1) <= said < max(seconds, 1) + 60
