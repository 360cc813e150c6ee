from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from bos.models import AuditEntry
from bos.permissions import can


def audit_models() -> list[str]:
    return list(AuditEntry.objects.order_by("model").values_list("model", flat=True).distinct())


def audit_entries(*, user: Any) -> QuerySet[AuditEntry]:
    """The whole trail (filters come from bos.audit.lists); it spans every school and board,
    so only roles with `audit.view` (projectleider, admin) get anything at all."""
    if not can(user, "audit.view"):
        return AuditEntry.objects.none()
    return AuditEntry.objects.order_by("-created_at", "-id")
