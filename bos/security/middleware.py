"""Request-level security: session timeouts, enforced MFA and no caching of personal data."""

from __future__ import annotations

import time
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from .mfa import MFA_OK_SESSION_KEY, has_totp, must_use_mfa, session_used_mfa
from .signals import LAST_SEEN_SESSION_KEY, LOGIN_AT_SESSION_KEY

# Writing the session on every request would cost a database write per page; a minute of
# imprecision in the idle timeout does not matter.
LAST_SEEN_RESOLUTION = 60

Handler = Callable[[HttpRequest], HttpResponse]


class SessionTimeoutMiddleware:
    """Idle and absolute session timeouts; a session whose account has been deactivated or
    deleted is flushed instead of lingering."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        session = request.session
        if not user.is_authenticated:
            if session.get(SESSION_KEY) is not None:
                # The backend refused the user (inactive or deleted): end the session.
                session.flush()
            return self.get_response(request)
        now = time.time()
        login_at = session.setdefault(LOGIN_AT_SESSION_KEY, now)
        last_seen = session.get(LAST_SEEN_SESSION_KEY, now)
        idle = now - last_seen > settings.BOS_SESSION_IDLE_TIMEOUT
        too_old = now - login_at > settings.BOS_SESSION_ABSOLUTE_TIMEOUT
        if idle or too_old:
            logout(request)
            messages.info(request, "Je sessie is verlopen. Log opnieuw in.")
            return redirect_to_login(request.get_full_path())
        if now - last_seen >= LAST_SEEN_RESOLUTION or LAST_SEEN_SESSION_KEY not in session:
            session[LAST_SEEN_SESSION_KEY] = now
        return self.get_response(request)


class MFARequiredMiddleware:
    """allauth offers TOTP but does not enforce it. Staff who see others' personal data are
    sent to set it up, or to confirm with a code when this session has not used it."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not settings.BOS_MFA_REQUIRED or not request.user.is_authenticated:
            return self.get_response(request)
        if request.session.get(MFA_OK_SESSION_KEY) or request.path.startswith(
            tuple(settings.BOS_MFA_EXEMPT_PREFIXES)
        ):
            return self.get_response(request)
        user = request.user
        if not must_use_mfa(user):
            return self.get_response(request)
        if not has_totp(user):
            messages.warning(
                request,
                "Je rol geeft toegang tot persoonsgegevens van anderen. Stel eerst "
                "tweestapsverificatie in met een authenticator-app.",
            )
            return _redirect("mfa_activate_totp", request)
        if session_used_mfa(request, request.session.get(LOGIN_AT_SESSION_KEY)):
            request.session[MFA_OK_SESSION_KEY] = True
            return self.get_response(request)
        return _redirect("mfa_reauthenticate", request)


def _redirect(url_name: str, request: HttpRequest) -> HttpResponse:
    query = urlencode({"next": request.get_full_path()})
    return HttpResponseRedirect(f"{reverse(url_name)}?{query}")


class NoStoreMiddleware:
    """Pages shown to a logged-in user may hold personal data: no browser or proxy may keep
    a copy (the back button after logout, a shared computer)."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and "Cache-Control" not in response:
            response["Cache-Control"] = "no-store, private"
        return response
