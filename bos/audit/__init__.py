"""The audit trail: who changed what, when.

Other apps register their models once, in their AppConfig.ready():

    from bos import audit
    audit.register(StipendApplication, exclude=["bsn_encrypted"])

and record reads of personal data where their issue asks for it:

    audit.record_view(request, application)

The acting user comes from `bos.audit.middleware.AuditContextMiddleware`; management commands
act as "systeem" unless they use `acting_as(...)`."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.http import HttpRequest

from .context import SYSTEM, Actor, acting_as, current_actor, hidden_values
from .recorder import (
    model_label,
    record_bulk,
    register,
    registered_models,
    snapshot,
    write_entry,
)


def actor_for_request(request: HttpRequest) -> Actor:
    user = getattr(request, "user", None)
    authenticated = bool(user is not None and user.is_authenticated)
    return Actor(
        user_id=user.pk if authenticated else None,
        email=user.email if authenticated else "",
        ip_address=request.META.get("REMOTE_ADDR") or None,
        request_path=request.path,
    )


def record(
    action: str, instance: models.Model | None = None, *, changes: dict[str, Any] | None = None
) -> None:
    """Record an event that is not a model change (a view of personal data, an export)."""
    write_entry(
        action=action,
        model=model_label(type(instance)) if instance is not None else "",
        object_pk=instance.pk if instance is not None else "",
        object_repr=str(instance) if instance is not None else "",
        changes=changes,
    )


def record_view(request: HttpRequest, instance: models.Model) -> None:
    with acting_as(actor_for_request(request)):
        record("view", instance)


__all__ = [
    "SYSTEM",
    "Actor",
    "acting_as",
    "actor_for_request",
    "current_actor",
    "hidden_values",
    "model_label",
    "record",
    "record_bulk",
    "record_view",
    "register",
    "registered_models",
    "snapshot",
]
