"""Writes of the organisation per school year, for the projectleider (no admin needed):
boards and their names per year, groups, locations joining and leaving, kartrekker flags,
institutes' partnership status, people and their role assignments with scope. A closed
year's organisation is read-only like the rest of its facts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from bos.closing import ensure_open
from bos.models import (
    BoardName,
    Institute,
    InstitutePartnership,
    LocationYear,
    Person,
    Qualification,
    QualificationKind,
    Role,
    RoleAssignment,
    SchoolBoard,
    SchoolGroup,
    SchoolLocation,
    SchoolYear,
)
from bos.permissions import can

LOCATION_ROLES = {Role.SO, Role.IO, Role.WPB, Role.DIRECTOR, Role.LERARENCOACH}


def _require_edit(user: Any) -> None:
    if user is not None and not can(user, "organisation.edit"):
        raise PermissionDenied


@transaction.atomic
def board_rename(*, user: Any, board: SchoolBoard, year: SchoolYear, name: str) -> BoardName:
    """The board carries `name` from `year` on (in the demo SKVOB → Libréon from the year
    after the running year)."""
    _require_edit(user)
    ensure_open(year)
    name = name.strip()
    if not name:
        raise ValidationError({"name": "Vul de nieuwe naam in."})
    renamed, _ = BoardName.objects.update_or_create(
        board=board, valid_from=year, defaults={"name": name}
    )
    return renamed


@transaction.atomic
def group_save(*, user: Any, name: str, board: SchoolBoard) -> SchoolGroup:
    _require_edit(user)
    name = name.strip()
    if not name:
        raise ValidationError({"name": "Vul de naam van de scholengroep in."})
    if SchoolGroup.objects.filter(name__iexact=name).exists():
        raise ValidationError({"name": f"Er is al een scholengroep {name}."})
    return SchoolGroup.objects.create(name=name, board=board)


@transaction.atomic
def location_add(
    *, user: Any, year: SchoolYear, name: str, board: SchoolBoard, group: SchoolGroup | None
) -> LocationYear:
    """A new school location that joins the partnership in `year`."""
    _require_edit(user)
    ensure_open(year)
    name = name.strip()
    if not name:
        raise ValidationError({"name": "Vul de naam van de locatie in."})
    if SchoolLocation.objects.filter(name__iexact=name).exists():
        raise ValidationError({"name": f"Er is al een locatie {name}; laat die toetreden."})
    if group is not None and group.board_id != board.pk:
        raise ValidationError({"group": "De scholengroep hoort bij een ander bestuur."})
    location = SchoolLocation.objects.create(name=name, board=board, group=group)
    return LocationYear.objects.create(location=location, school_year=year, is_member=True)


@transaction.atomic
def location_membership(
    *, user: Any, year: SchoolYear, location: SchoolLocation, member: bool
) -> LocationYear:
    """A location joins (or leaves) the partnership from this year on."""
    _require_edit(user)
    ensure_open(year)
    row, _ = LocationYear.objects.get_or_create(location=location, school_year=year)
    if (
        not member
        and RoleAssignment.objects.filter(
            school_year=year, role=Role.SO, locations=location
        ).exists()
    ):
        raise ValidationError(
            f"{location} heeft in {year} nog een schoolopleider; beëindig die rol eerst."
        )
    row.is_member = member
    if not member:
        row.is_kartrekker = False
    row.save()
    return row


@transaction.atomic
def location_kartrekker(
    *, user: Any, year: SchoolYear, location: SchoolLocation, kartrekker: bool
) -> LocationYear:
    _require_edit(user)
    ensure_open(year)
    row = LocationYear.objects.filter(location=location, school_year=year, is_member=True).first()
    if row is None:
        raise ValidationError(f"{location} hoort in {year} niet bij de opleidingsschool.")
    row.is_kartrekker = kartrekker
    row.save()
    return row


@transaction.atomic
def partnership_set(
    *, user: Any, year: SchoolYear, institute: Institute, partner: bool
) -> InstitutePartnership:
    _require_edit(user)
    ensure_open(year)
    row, _ = InstitutePartnership.objects.update_or_create(
        institute=institute, school_year=year, defaults={"is_partner": partner}
    )
    return row


@transaction.atomic
def person_save(
    *, user: Any, first_name: str, last_name: str, email: str, person: Person | None = None
) -> Person:
    _require_edit(user)
    email = email.strip().lower()
    clash = Person.objects.filter(email__iexact=email)
    if person is not None:
        clash = clash.exclude(pk=person.pk)
    if clash.exists():
        raise ValidationError({"email": "Er is al een persoon met dit e-mailadres."})
    person = person or Person()
    person.first_name, person.last_name, person.email = (
        first_name.strip(),
        last_name.strip(),
        email,
    )
    person.full_clean()
    person.save()
    return person


def _check_scope(
    role: str,
    locations: Iterable[SchoolLocation],
    institute: Institute | None,
    board: SchoolBoard | None,
) -> None:
    errors: dict[str, str] = {}
    if role in (Role.IO, Role.IC) and institute is None:
        errors["institute"] = "Kies het instituut bij deze rol."
    if role in (Role.BC, Role.HR, Role.PENVOERDER) and board is None:
        errors["board"] = "Kies het bestuur bij deze rol."
    if role in LOCATION_ROLES and not list(locations):
        errors["locations"] = "Kies minstens één locatie bij deze rol."
    if role == Role.ONTWIKKELTEAM:
        errors["role"] = "Leden van ontwikkelteams beheert u bij de ontwikkelteams."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def role_save(
    *,
    user: Any,
    person: Person,
    year: SchoolYear,
    role: str,
    locations: Iterable[SchoolLocation] = (),
    institute: Institute | None = None,
    board: SchoolBoard | None = None,
    hours: Decimal | None = None,
    assignment: RoleAssignment | None = None,
) -> RoleAssignment:
    """Add a role for a person in a year, or change an existing one's scope."""
    _require_edit(user)
    ensure_open(year)
    locations = list(locations)
    _check_scope(role, locations, institute, board)
    member_ids = set(
        LocationYear.objects.filter(school_year=year, is_member=True).values_list(
            "location_id", flat=True
        )
    )
    outside = [loc.name for loc in locations if loc.pk not in member_ids]
    if outside:
        raise ValidationError(
            {"locations": f"Hoort in {year} niet bij de opleidingsschool: {', '.join(outside)}."}
        )
    assignment = assignment or RoleAssignment(person=person, school_year=year)
    assignment.role = role
    assignment.institute = institute if role in (Role.IO, Role.IC) else None
    assignment.board = board if role in (Role.BC, Role.HR, Role.DIRECTOR) else None
    assignment.hours = hours
    try:
        with transaction.atomic():
            assignment.save()
    except IntegrityError as exc:
        raise ValidationError(f"{person} heeft deze rol al in {year}.") from exc
    assignment.locations.set(locations if role in LOCATION_ROLES else [])
    return assignment


@transaction.atomic
def role_end(*, user: Any, assignment: RoleAssignment) -> None:
    """End a role: the person no longer holds it in this year (earlier years keep it)."""
    _require_edit(user)
    ensure_open(assignment.school_year_id)
    assignment.locations.clear()
    assignment.delete()


@transaction.atomic
def qualification_set(
    *, user: Any, person: Person, kind: str, obtained_on: dt.date | None
) -> Qualification | None:
    """Record the date a person obtained a qualification (BRLO, assessor training, WPB
    course), or with no date remove it. A qualification belongs to the person, not to a
    school year, so it is recorded in any year (issue #25)."""
    _require_edit(user)
    if kind not in QualificationKind.values:
        raise ValidationError({"kind": "Kies een kwalificatie uit de lijst."})
    if obtained_on is None:
        Qualification.objects.filter(person=person, kind=kind).delete()
        return None
    if obtained_on > dt.date.today():
        raise ValidationError({"obtained_on": "De datum kan niet in de toekomst liggen."})
    qualification, _ = Qualification.objects.update_or_create(
        person=person, kind=kind, defaults={"obtained_on": obtained_on}
    )
    return qualification
