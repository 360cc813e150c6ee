"""Writes of a school's agreement on its streefaantal in a year: an adjusted target or a
step of its growth path, with the reason. The projectleider keeps them (policy.edit)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from bos.closing import ensure_open
from bos.models import LocationYear, SchoolYear
from bos.permissions import can

from ..models import TargetAdjustment, TargetKind
from ..models.targets import REASON_MAX


def _check(user: Any, year: SchoolYear, location_id: int) -> None:
    if not can(user, "policy.edit", year):
        raise PermissionDenied
    ensure_open(year)
    if not LocationYear.objects.filter(
        school_year=year, location_id=location_id, is_member=True
    ).exists():
        raise ValidationError(f"Deze school hoort in {year} niet bij de opleidingsschool.")


@transaction.atomic
def target_adjustment_save(
    *,
    user: Any,
    year: SchoolYear,
    location_id: int,
    kind: str,
    target: int,
    reason: str,
) -> TargetAdjustment:
    """Record (or change) the school's adjusted target or growth step for the year."""
    _check(user, year, location_id)
    errors: dict[str, str] = {}
    if kind not in TargetKind.values:
        errors["kind"] = "Kies een bijgesteld streefaantal of een groeipad."
    if target < 0:
        errors["target"] = "Het aantal studenten kan niet negatief zijn."
    reason = reason.strip()
    if not reason:
        errors["reason"] = "Geef de reden van de afspraak."
    elif len(reason) > REASON_MAX:
        errors["reason"] = f"De reden mag hoogstens {REASON_MAX} tekens lang zijn."
    if errors:
        raise ValidationError(errors)
    adjustment, _ = TargetAdjustment.objects.update_or_create(
        location_id=location_id,
        school_year=year,
        defaults={"kind": kind, "target": target, "reason": reason, "changed_by": user},
    )
    return adjustment


@transaction.atomic
def target_adjustment_delete(*, user: Any, year: SchoolYear, location_id: int) -> int:
    """Drop the school's agreement for the year: the streefaantal of the rule holds again."""
    _check(user, year, location_id)
    deleted, _ = TargetAdjustment.objects.filter(location_id=location_id, school_year=year).delete()
    return deleted
