"""Rate limits for expensive or sensitive actions (imports, exports, PDF generation).

Logins, code requests and password resets are limited by allauth (ACCOUNT_RATE_LIMITS). The
counters live in the default cache, which is Redis in production, so every process shares
them. Usage:

    @require("report.export")
    @rate_limit("export")
    def export_view(request): ...
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """'10/5m' → (10 requests, 300 seconds)."""
    amount, period = rate.split("/")
    number = period[:-1] or "1"
    return int(amount), int(number) * UNITS[period[-1]]


def consume(request: HttpRequest, action: str) -> int | None:
    """Count one use of `action`; the seconds to wait when over the limit, else None."""
    user = getattr(request, "user", None)
    who = (
        f"u{user.pk}"
        if user is not None and user.is_authenticated
        else f"ip{request.META.get('REMOTE_ADDR', '')}"
    )
    return consume_for(who, action)


def consume_for(who: str, action: str) -> int | None:
    """Count one use of `action` by `who` (a user, an address, an API key); the seconds to
    wait when over the limit, else None."""
    if not settings.BOS_RATELIMITS_ENABLED:
        return None
    limit, window = parse_rate(settings.BOS_RATE_LIMITS[action])
    now = int(time.time())
    window_start = now - now % window
    key = f"bos-rl:{action}:{who}:{window_start}"
    # add() then incr() is atomic on Redis and in the local-memory cache alike.
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=window)
        count = 1
    if count > limit:
        return window_start + window - now
    return None


def wait_phrase(seconds: float) -> str:
    """How long to wait, in Dutch, never shorter than `seconds`: 'over 40 seconden',
    'over 1 minuut', 'over 4 minuten', 'over 1 uur en 5 minuten'."""
    seconds = max(math.ceil(seconds), 1)
    if seconds < 60:
        return f"over {seconds} seconde{'n' if seconds != 1 else ''}"
    minutes = math.ceil(seconds / 60)
    if minutes < 60:
        return f"over {minutes} {'minuut' if minutes == 1 else 'minuten'}"
    hours, minutes = divmod(minutes, 60)
    rest = f" en {minutes} {'minuut' if minutes == 1 else 'minuten'}" if minutes else ""
    return f"over {hours} uur{rest}"


def try_again(seconds: float | None) -> str:
    """The sentence every rate-limit refusal ends with."""
    if seconds is None:
        return "Probeer het later opnieuw."
    return f"Probeer het {wait_phrase(seconds)} opnieuw."


def too_many_requests(request: HttpRequest, retry_after: float | None) -> HttpResponse:
    response = render(request, "429.html", {"try_again": try_again(retry_after)}, status=429)
    if retry_after is not None:
        response["Retry-After"] = str(max(math.ceil(retry_after), 1))
    return response


def rate_limit(
    action: str, *, methods: tuple[str, ...] | None = None
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Limit a view per user (429 past the limit). With `methods`, only those requests count
    (an import's form page is free; its upload counts)."""
    if action not in settings.BOS_RATE_LIMITS:
        raise KeyError(f"Unknown rate-limited action {action!r}")

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if methods is not None and request.method not in methods:
                return view(request, *args, **kwargs)
            retry_after = consume(request, action)
            if retry_after is not None:
                return too_many_requests(request, retry_after)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


# allauth's limits (logins, login codes, password resets) ----------------------------------

# The account pages and the allauth actions they count, with where each per-key limit's
# key comes from (allauth keys the login-code and reset limits by the address, the failed-
# login limit by "<site>:<address>").
_ACCOUNT_ACTIONS: dict[str, list[tuple[str, str]]] = {
    "account_login": [("login", ""), ("login_failed", "site:login")],
    "account_request_login_code": [("request_login_code", "email")],
    "account_reset_password": [("reset_password", "email")],
    "account_reset_password_from_key": [("reset_password_from_key", "")],
    "account_request_reauthentication_code": [("request_login_code", "recipient")],
    "account_reauthenticate": [("reauthenticate", "")],
    "account_change_password": [("change_password", "")],
}


def _allauth_key(request: HttpRequest, source: str) -> str | None:
    if not source:
        return None
    field = source.removeprefix("site:")
    value = str(request.POST.get(field, "")).lower()
    if source.startswith("site:"):
        from django.contrib.sites.shortcuts import get_current_site

        return f"{get_current_site(request).domain}:{value}"
    return value


def allauth_retry_after(request: HttpRequest) -> float | None:
    """Seconds until allauth lets this request's action through again, read from the same
    counters allauth keeps (timestamps per limit, newest first); None when not limited."""
    from allauth.core.internal.ratelimit import get_cache_key, get_rates

    match = getattr(request, "resolver_match", None)
    actions = _ACCOUNT_ACTIONS.get(match.url_name if match else "", [])
    now = time.time()
    waits: list[float] = []
    for action, source in actions:
        for rate in get_rates(app="allauth.account", action=action):
            key = _allauth_key(request, source) if rate.per == "key" else None
            if rate.per == "key" and not key:
                continue
            user = getattr(request, "user", None)
            if rate.per == "user" and not (user and user.is_authenticated):
                continue
            cache_key = get_cache_key(
                request, app="allauth.account", action=action, rate=rate, key=key
            )
            history = cache.get(cache_key, [])
            if len(history) >= rate.amount:
                waits.append(history[rate.amount - 1] + rate.duration - now)
    waits = [wait for wait in waits if wait > 0]
    return max(waits) if waits else None
