"""Closing and reopening a school year. Closing keeps the report as a snapshot (with its
PDF) and makes the year's policy, budget, actuals and placements read-only (bos.years);
reopening needs a reason. Both are recorded as year events and in the audit trail."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from bos.models import SchoolYear, SchoolYearEvent, YearEventKind
from bos.permissions import can
from reports.models import ReportSnapshot
from reports.services import snapshot_create


def _require_manage(user: Any) -> None:
    if user is not None and not can(user, "year.manage"):
        raise PermissionDenied


@transaction.atomic
def year_close(
    *, year: SchoolYear, user: Any, note: str = "", with_pdf: bool = True
) -> ReportSnapshot:
    """Close a year whose report is final: keep the report as it is now and refuse edits."""
    _require_manage(user)
    locked = SchoolYear.objects.select_for_update().get(pk=year.pk)
    if locked.closed_at is not None:
        raise ValidationError(f"Schooljaar {locked} is al afgesloten.")
    later_open = None
    previous = locked.previous()
    if previous is not None and previous.closed_at is None:
        later_open = previous
    if later_open is not None:
        raise ValidationError(
            f"Sluit eerst {later_open} af: de reserve van {locked} bouwt voort op dat jaar."
        )
    snapshot = snapshot_create(year=locked, user=user, with_pdf=with_pdf)
    locked.closed_at = timezone.now()
    locked.closed_by = user
    locked.save(update_fields=["closed_at", "closed_by"])
    SchoolYearEvent.objects.create(
        school_year=locked, kind=YearEventKind.CLOSED, detail=note.strip(), actor=user
    )
    year.closed_at, year.closed_by = locked.closed_at, locked.closed_by
    return snapshot


@transaction.atomic
def year_reopen(*, year: SchoolYear, user: Any, reason: str) -> SchoolYear:
    """Open a closed year again, for a stated reason. Refused while a later year is closed:
    its reserve was carried in from this year's snapshot."""
    _require_manage(user)
    if not reason.strip():
        raise ValidationError({"reason": "Geef de reden op waarom het jaar weer open moet."})
    locked = SchoolYear.objects.select_for_update().get(pk=year.pk)
    if locked.closed_at is None:
        raise ValidationError(f"Schooljaar {locked} is niet afgesloten.")
    later_closed = SchoolYear.objects.filter(
        start_date__gt=locked.start_date, closed_at__isnull=False
    ).first()
    if later_closed is not None:
        raise ValidationError(
            f"Heropen eerst {later_closed}: dat jaar is afgesloten met de reserve van {locked}."
        )
    locked.closed_at = None
    locked.closed_by = None
    locked.save(update_fields=["closed_at", "closed_by"])
    SchoolYearEvent.objects.create(
        school_year=locked, kind=YearEventKind.REOPENED, detail=reason.strip(), actor=user
    )
    year.closed_at, year.closed_by = None, None
    return locked
