from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from bos.models import AuditEntry
from bos.permissions import can


def audit_models() -> list[str]:
    return list(AuditEntry.objects.order_by("model").values_list("model", flat=True).distinct())


def audit_search(*, user: Any, filters: dict[str, Any]) -> QuerySet[AuditEntry]:
    """Entries matching the filters. The trail spans every school and board, so only roles
    with `audit.view` (projectleider, admin) get anything at all."""
    if not can(user, "audit.view"):
        return AuditEntry.objects.none()
    entries = AuditEntry.objects.all()
    if text := filters.get("q"):
        entries = entries.filter(
            Q(object_repr__icontains=text) | Q(actor_email__icontains=text) | Q(object_pk=text)
        )
    if model := filters.get("model"):
        entries = entries.filter(model=model)
    if action := filters.get("action"):
        entries = entries.filter(action=action)
    zone = timezone.get_current_timezone()
    if start := filters.get("date_from"):
        entries = entries.filter(
            created_at__gte=dt.datetime.combine(start, dt.time.min, tzinfo=zone)
        )
    if end := filters.get("date_to"):
        entries = entries.filter(
            created_at__lt=dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
        )
    return entries.order_by("-created_at", "-id")
