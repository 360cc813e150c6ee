"""Sessions: rotated at login, idle and absolute timeouts, ended when an account is
deactivated."""

import time

import pytest
from django.conf import settings as django_settings
from django.contrib.sessions.models import Session
from django.urls import reverse

from bos.models import User
from bos.security.signals import LAST_SEEN_SESSION_KEY, LOGIN_AT_SESSION_KEY
from tests.bos.security_helpers import PASSWORD
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _set_session(client, **values) -> None:
    session = client.session
    session.update(values)
    session.save()


def test_the_session_key_changes_at_login(client):
    user = UserFactory()
    _set_session(client, before_login=True)
    key_before = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    key_after = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    assert key_after != key_before
    assert not Session.objects.filter(session_key=key_before).exists()


def test_an_idle_session_ends(client, settings):
    client.force_login(UserFactory())
    assert client.get(reverse("home")).status_code == 200
    _set_session(
        client, **{LAST_SEEN_SESSION_KEY: time.time() - settings.BOS_SESSION_IDLE_TIMEOUT - 5}
    )
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
    # Logged out for good, not just redirected once.
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("home")).status_code == 302


def test_activity_keeps_a_session_alive(client, settings):
    client.force_login(UserFactory())
    almost = time.time() - settings.BOS_SESSION_IDLE_TIMEOUT + 120
    _set_session(client, **{LAST_SEEN_SESSION_KEY: almost})
    assert client.get(reverse("home")).status_code == 200
    assert client.session[LAST_SEEN_SESSION_KEY] > almost


def test_a_session_ends_after_the_absolute_timeout_even_when_active(client, settings):
    client.force_login(UserFactory())
    _set_session(
        client,
        **{
            LOGIN_AT_SESSION_KEY: time.time() - settings.BOS_SESSION_ABSOLUTE_TIMEOUT - 5,
            LAST_SEEN_SESSION_KEY: time.time(),
        },
    )
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_deactivating_an_account_ends_its_sessions(client):
    user = UserFactory()
    client.force_login(user)
    assert client.get(reverse("home")).status_code == 200
    key = client.session.session_key
    user.is_active = False
    user.save()
    assert not Session.objects.filter(session_key=key).exists()
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_a_session_of_an_account_deactivated_behind_our_back_is_flushed(client):
    user = UserFactory()
    client.force_login(user)
    key = client.session.session_key
    User.objects.filter(pk=user.pk).update(is_active=False)  # no signals
    assert Session.objects.filter(session_key=key).exists()
    assert client.get(reverse("home")).status_code == 302
    assert not Session.objects.filter(session_key=key).exists()


def test_deactivating_one_account_leaves_other_sessions_alone(client):
    other = UserFactory()
    client.force_login(other)
    key = client.session.session_key
    victim = UserFactory()
    victim.is_active = False
    victim.save()
    assert Session.objects.filter(session_key=key).exists()
