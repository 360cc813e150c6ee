"""Lockout after repeated failed logins and rate limits (429), switched on here as in
production."""

import pytest
from django.core.cache import cache
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from bos.security.ratelimit import parse_rate, rate_limit
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
