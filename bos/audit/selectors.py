from __future__ import annotations

from typing import Any

from django.db.models import Max, Min, QuerySet

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


def trail_state() -> tuple[int | None, int | None]:
    """The first and last entry of the trail (two ends of the primary key's index). The trail
    is append-only and loses only its oldest entries (bos.audit.triggers), so these change
    with every write to it, which the data version does not see."""
    ends = AuditEntry.objects.aggregate(first=Min("pk"), last=Max("pk"))
    return ends["first"], ends["last"]
