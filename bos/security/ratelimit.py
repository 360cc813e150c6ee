"""Rate limits for expensive or sensitive actions (imports, exports, PDF generation).

Logins, code requests and password resets are limited by allauth (ACCOUNT_RATE_LIMITS). The
counters live in the default cache, which is Redis in production, so every process shares
them. Usage:

    @require("report.export")
    @rate_limit("export")
    def export_view(request): ...
"""

from __future__ import annotations

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
    if not settings.BOS_RATELIMITS_ENABLED:
        return None
    limit, window = parse_rate(settings.BOS_RATE_LIMITS[action])
    user = getattr(request, "user", None)
    who = (
        f"u{user.pk}"
        if user is not None and user.is_authenticated
        else f"ip{request.META.get('REMOTE_ADDR', '')}"
    )
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


def too_many_requests(request: HttpRequest, retry_after: int) -> HttpResponse:
    response = render(request, "429.html", {"retry_after": retry_after}, status=429)
    response["Retry-After"] = str(max(retry_after, 1))
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
