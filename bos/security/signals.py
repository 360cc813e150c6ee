"""Session bookkeeping at login, ending sessions of deactivated accounts, and a log line per
failed login."""

from __future__ import annotations

import logging
import time
from typing import Any

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db.models.signals import post_save

from bos import audit

logger = logging.getLogger("bos.security")

LOGIN_AT_SESSION_KEY = "bos_login_at"
LAST_SEEN_SESSION_KEY = "bos_last_seen"


def _on_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if request is None or not hasattr(request, "session"):
        return
    now = time.time()
    request.session[LOGIN_AT_SESSION_KEY] = now
    request.session[LAST_SEEN_SESSION_KEY] = now


def _on_login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kw: Any):
    # Never log the password; the e-mail address helps spot a targeted attack.
    logger.warning(
        "Mislukte inlogpoging voor %s vanaf %s",
        credentials.get("email") or credentials.get("username") or "?",
        request.META.get("REMOTE_ADDR") if request is not None else "?",
    )


def _on_user_saved(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    # A deactivated account loses its sessions at once (the authentication backend also
    # refuses inactive users on every request, so this is belt and braces).
    if created or instance.is_active or kwargs.get("raw"):
        return
    # The audit recorder kept the row as it was before this save: skip when it was already
    # inactive, so saving an inactive account does not scan the session table every time.
    before = getattr(instance, "_bos_audit_before", None)
    if before is not None and before.get("is_active") is False:
        return
    from .sessions import end_sessions_of

    ended = end_sessions_of(instance)
    if ended:
        audit.record("update", instance, changes={"sessies_beëindigd": ended})


def connect() -> None:
    from bos.models import User

    user_logged_in.connect(_on_login, dispatch_uid="bos_security_login")
    user_login_failed.connect(_on_login_failed, dispatch_uid="bos_security_login_failed")
    post_save.connect(_on_user_saved, sender=User, dispatch_uid="bos_security_user_saved")
