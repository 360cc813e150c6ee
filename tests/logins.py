"""Logged-in test clients for the demo's logins, without a login per request.

`Client.force_login` costs about ten queries (two session rows, a key cycle, the last-login
update and the login signals). The permission matrix and the walks over every page log in
thousands of times, so each demo login gets one session, stored right after the demo is
loaded and kept in the demo's snapshot; a test's client only carries its cookie. A test's
changes to that session roll back with the test's transaction.

The clients share one request handler, as the requests of a running site do: Django's test
client builds the middleware chain anew for each client (about a millisecond), and these
tests make thousands of clients. A changed setting drops the shared handler, so a test that
changes one gets middleware built with it."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.test import Client
from django.test.client import ClientHandler

from bos.models import User

# E-mail address -> session key, filled once per test process by `open_sessions`.
_SESSIONS: dict[str, str] = {}


def open_sessions(emails: list[str]) -> None:
    """One stored session per login, as `django.contrib.auth.login` would leave it."""
    for user in User.objects.filter(email__in=emails):
        session = SessionStore()
        session[SESSION_KEY] = user._meta.pk.value_to_string(user)
        # The backend force_login would name: the first configured one.
        session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        _SESSIONS[user.email] = session.session_key


_HANDLER: list[ClientHandler] = []


@receiver(setting_changed)
def _drop_shared_handler(**kwargs: Any) -> None:
    _HANDLER.clear()


def _shared_handler() -> ClientHandler:
    if not _HANDLER:
        _HANDLER.append(ClientHandler(enforce_csrf_checks=False))
    return _HANDLER[0]


def client_for(email: str | None, **kwargs: Any) -> Client:
    """A client logged in as `email` (None: anonymous)."""
    client = Client(**kwargs)
    if not client.handler.enforce_csrf_checks:
        client.handler = _shared_handler()
    if email is None:
        return client
    key = _SESSIONS.get(email)
    if key is not None and Session.objects.filter(session_key=key).exists():
        client.cookies[settings.SESSION_COOKIE_NAME] = key
    else:
        # The stored session is gone (a test emptied the database): log in the slow way.
        client.force_login(User.objects.get(email=email))
    return client
