"""Request ids and structured (JSON) log lines.

`RequestIdMiddleware` gives every request an id (the caller's X-Request-ID when it is a sane
token, so a proxy's id follows the request through; else a new one), sends it back as
X-Request-ID and keeps it, with the request, in a context variable for the log lines written
while the request is handled. `JsonFormatter` writes one JSON object per line with that id and
the user's id, never the user's e-mail or name: the message and traceback are masked for
secrets in URLs (bos.security.logmask) and for e-mail addresses, and the request object a
Django log record carries is reduced to its method and masked path.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.functional import empty

from .security.logmask import mask

_current_request: ContextVar[HttpRequest | None] = ContextVar("bos_request", default=None)

# A caller's id is taken over only when it cannot smuggle anything into a log line.
_SANE_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
REQUEST_ID_HEADER = "X-Request-ID"


def current_request() -> HttpRequest | None:
    return _current_request.get()


class RequestIdMiddleware:
    """First in MIDDLEWARE: every later line about this request carries its id."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        given = request.headers.get(REQUEST_ID_HEADER, "")
        request.request_id = given if _SANE_ID.match(given) else uuid.uuid4().hex  # type: ignore[attr-defined]
        token = _current_request.set(request)
        try:
            response = self.get_response(request)
        finally:
            _current_request.reset(token)
        response[REQUEST_ID_HEADER] = request.request_id  # type: ignore[attr-defined]
        return response


def _loaded_user_id(request: HttpRequest) -> int | None:
    """The user's id when the request already knows its user: a log line must never be the
    reason for a database query (it may be written because the database failed)."""
    user = getattr(request, "__dict__", {}).get("user")
    if user is None:
        return None
    wrapped = getattr(user, "_wrapped", user)
    if wrapped is empty or not getattr(wrapped, "is_authenticated", False):
        return None
    return wrapped.pk


def mask_personal(text: str) -> str:
    """`text` without secrets in URLs and without e-mail addresses."""
    return _EMAIL.sub("***@***", mask(text))


# LogRecord's own attributes; anything else on a record came in through `extra=`.
_RECORD_ATTRIBUTES = frozenset(
    logging.LogRecord("", 0, "", 0, "", (), None).__dict__.keys()
    | {"message", "asctime", "request", "taskName"}
)
# Extra values that are safe to copy (numbers and codes, never free text about a person).
_SAFE_EXTRA = frozenset({"status_code", "duration_ms", "task", "task_id", "view"})


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC), level, logger, message, request id, user id."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": dt.datetime.fromtimestamp(record.created, tz=dt.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": mask_personal(record.getMessage()),
        }
        request = getattr(record, "request", None)
        if not isinstance(request, HttpRequest):
            request = current_request()
        if request is not None:
            line["request_id"] = getattr(request, "request_id", None)
            line["user_id"] = _loaded_user_id(request)
            line["method"] = request.method
            line["path"] = mask_personal(request.path)
        for name in _SAFE_EXTRA:
            value = record.__dict__.get(name)
            if isinstance(value, int | float | str) and name not in _RECORD_ATTRIBUTES:
                line[name] = value if not isinstance(value, str) else mask_personal(value)
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            line["exception"] = mask_personal(record.exc_text)
        return json.dumps(line, ensure_ascii=False, default=str)
