"""Secrets in URLs never reach a log line.

A personal calendar feed is a secret address (its token is the only key), and so are a
password-reset link, an e-mail confirmation and a certificate's verification code. Django
writes the path of every 404 and 429 to `django.request`, and the development server writes
every request line to `django.server`. `MaskSecrets` is set on every log handler (LOGGING in
bos/settings/base.py) and replaces those parts by `***` before any handler writes the line.
"""

from __future__ import annotations

import logging
import re

MASK = "***"

# The secret path segment of each secret address (planning/urls.py, allauth's account URLs,
# professionalization/urls.py); tests/bos/test_log_secrets.py reverses each real URL and
# checks it is masked, so a moved URL fails there.
_SECRET_PATHS = [
    # /planning/ical/<token>.ics: not the public feed (bos.ics) nor a school's (school/<id>).
    re.compile(r"(/planning/ical/)(?!bos\.ics)(?!school/)[^/\s?#\"']+?(\.ics)"),
    # /accounts/password/reset/key/<uidb36>-<key>/
    re.compile(r"(/accounts/password/reset/key/)[^/\s?#\"']+(/?)"),
    # /accounts/confirm-email/<key>/
    re.compile(r"(/accounts/confirm-email/)[^/\s?#\"']+(/?)"),
    # /professionalisering/verificatie/<code>/
    re.compile(r"(/professionalisering/verificatie/)[^/\s?#\"']+(/?)"),
]
_SECRET_PARAMETERS = r"(?:token|code|key|password|secret|signature|sig|uidb36)"  # noqa: S105  # nosec B105 - names
# ?token=… and &code=…, also URL-encoded inside another parameter (?next=%2F…%3Ftoken%3D…).
_QUERY = re.compile(rf"([?&;]{_SECRET_PARAMETERS}=)[^&;#\s\"']*", re.IGNORECASE)
_ENCODED_QUERY = re.compile(
    rf"((?:%3F|%26|%3B){_SECRET_PARAMETERS}%3D)(?:(?!%26|%3B)[^&;#\s\"'])*", re.IGNORECASE
)


def mask(text: str) -> str:
    """`text` with every secret in a URL replaced by ***."""
    for pattern in _SECRET_PATHS:
        text = pattern.sub(rf"\g<1>{MASK}\g<2>", text)
    text = _QUERY.sub(rf"\g<1>{MASK}", text)
    return _ENCODED_QUERY.sub(rf"\g<1>{MASK}", text)


class MaskSecrets(logging.Filter):
    """Masks secrets in the message and in the traceback; never drops a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a record that cannot format: the handler reports it as usual
            return True
        masked = mask(message)
        if masked != message:
            record.msg, record.args = masked, ()
        if record.exc_info and not record.exc_text:
            # The formatter caches the traceback text here; filled now, so it is masked too.
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask(record.exc_text)
        return True
