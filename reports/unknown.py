"""The schools whose student counts a year's report shows as "?" (`UnknownCounts`): the
projectleider marks and unmarks them on a page of the year's policy, with the decision a
change follows (governance records it). Writes check the caller and the year themselves."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from bos.closing import ensure_open
from bos.models import LocationYear, SchoolLocation, SchoolYear
from bos.permissions import can
from governance import services as governance
from governance.services import ChangeKind

from .models import UnknownCounts

KNOWN = "aantallen bekend"


def _check(user: Any, year: SchoolYear) -> None:
    if user is not None and not can(user, "policy.edit", year):
        raise PermissionDenied
    ensure_open(year)


def marked(year: SchoolYear) -> list[UnknownCounts]:
    return list(
        UnknownCounts.objects.filter(school_year=year)
        .select_related("location")
        .order_by("location__name")
    )


def schools_of(year: SchoolYear) -> list[SchoolLocation]:
    """The year's member schools that may be marked (those not marked yet)."""
    ids = LocationYear.objects.filter(school_year=year, is_member=True).values("location_id")
    taken = UnknownCounts.objects.filter(school_year=year).values("location_id")
    return list(SchoolLocation.objects.filter(pk__in=ids).exclude(pk__in=taken).order_by("name"))


def _record(user: Any, decision: Any, change: governance.Change) -> None:
    if decision is not None:
        governance.record_changes(user=user, decision=decision, changes=[change])


@transaction.atomic
def unknown_mark(
    *,
    user: Any,
    year: SchoolYear,
    location: SchoolLocation,
    note: str,
    decision: Any = None,
) -> UnknownCounts:
    """The school's counts are unknown this year: the report shows "?" and a warning."""
    _check(user, year)
    if not LocationYear.objects.filter(
        school_year=year, location=location, is_member=True
    ).exists():
        raise ValidationError({"location": f"Kies een school die in {year} lid is."})
    if UnknownCounts.objects.filter(school_year=year, location=location).exists():
        raise ValidationError({"location": f"{location.name} staat al op de lijst."})
    row = UnknownCounts.objects.create(school_year=year, location=location, note=note.strip())
    _record(
        user,
        decision,
        governance.Change(
            kind=ChangeKind.POLICY,
            label=f"Aantallen {year}: {location.name}",
            old_value=KNOWN,
            new_value=f"onbekend ({row.note})" if row.note else "onbekend",
            target=row,
        ),
    )
    return row


@transaction.atomic
def unknown_clear(*, user: Any, row: UnknownCounts, decision: Any = None) -> None:
    """The school's counts are known after all: the report counts them again."""
    year = SchoolYear.objects.get(pk=row.school_year_id)
    _check(user, year)
    name = row.location.name
    _record(
        user,
        decision,
        governance.Change(
            kind=ChangeKind.POLICY,
            label=f"Aantallen {year}: {name}",
            old_value=f"onbekend ({row.note})" if row.note else "onbekend",
            new_value=KNOWN,
        ),
    )
    row.delete()
