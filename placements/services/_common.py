"""What the placements writes share: the scope a write is judged in, a locked placement,
the location's SO and the institute's IO."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.formats import date_format

from bos.closing import ensure_open
from bos.models import (
    Person,
    Role,
    RoleAssignment,
    SchoolLocation,
    SchoolYear,
)
from bos.permissions import CAPABILITIES, Scope, get_scope, scope_for_year

from ..models import (
    Placement,
)

STALE_MESSAGE = (
    "Deze stage is intussen door iemand anders gewijzigd. Laad de pagina opnieuw en "
    "controleer de gegevens; er is niets opgeslagen."
)


@dataclass
class PlacementResult:
    placement: Placement
    warnings: list[str] = field(default_factory=list)


def _long_date(day: dt.date) -> str:
    return date_format(day, "j F Y")


def _require_edit(user: Any, year: SchoolYear | None = None) -> Scope:
    """The scope a new placement is judged in: its own year's (the header's year when none
    is given), whatever the header holds; next year's before its roles are assigned borrows
    the current roles (`scope_for_year`)."""
    scope = scope_for_year(user, year) if year is not None else get_scope(user)
    if not scope.roles & CAPABILITIES["placement.edit"]:
        raise PermissionDenied
    return scope


def editable_location_ids(scope: Scope) -> frozenset[int] | None:
    """Locations whose placements the user may change; None means all."""
    if scope.sees_everything:
        return None
    return scope.so_location_ids


def _check_location(scope: Scope, location_id: int) -> SchoolLocation:
    allowed = editable_location_ids(scope)
    if allowed is not None and location_id not in allowed:
        raise ValidationError(
            {"location": "Je kunt alleen stages op je eigen locaties vastleggen."}
        )
    try:
        return SchoolLocation.objects.get(pk=location_id)
    except SchoolLocation.DoesNotExist as exc:
        raise ValidationError({"location": "Onbekende schoollocatie."}) from exc


def _locked_placement(user: Any, placement_id: int, version: int) -> Placement:
    """The placement, locked for the transaction, if the user may change it and nobody
    changed it since the user loaded it."""
    placement = (
        Placement.objects.select_for_update()
        .select_related("student__institute", "school_year", "location")
        .get(pk=placement_id)
    )
    scope = get_scope(user, placement.school_year)
    if not (scope.roles & {Role.SO, Role.PROJECTLEIDER, "admin"}):
        raise PermissionDenied
    allowed = editable_location_ids(scope)
    if allowed is not None and placement.location_id not in allowed:
        raise Placement.DoesNotExist
    if placement.version != version:
        raise ValidationError(STALE_MESSAGE)
    ensure_open(placement.school_year_id)
    return placement


def so_of_location(location: SchoolLocation, year: SchoolYear) -> Person | None:
    assignment = (
        RoleAssignment.objects.filter(role=Role.SO, school_year=year, locations=location)
        .select_related("person")
        .order_by("pk")
        .first()
    )
    return assignment.person if assignment else None


def io_of(institute_id: int, location: SchoolLocation, year: SchoolYear) -> Person | None:
    assignment = (
        RoleAssignment.objects.filter(
            role=Role.IO, school_year=year, institute_id=institute_id, locations=location
        )
        .select_related("person")
        .order_by("pk")
        .first()
    )
    return assignment.person if assignment else None


# A bulk write reads and writes in chunks of this many rows.
BATCH_CHUNK = 500


def _chunks(values: list[Any]) -> list[list[Any]]:
    return [values[i : i + BATCH_CHUNK] for i in range(0, len(values), BATCH_CHUNK)]
