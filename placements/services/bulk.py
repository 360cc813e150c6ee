"""Bulk writes (the Excel import).

The same rules as the single-row services, read from the database once per batch rather than
once per row. A batch is all or nothing: every row is checked, and any error raises
`BatchErrors` with each failing row's ValidationError before anything is written."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone

from bos import audit, limits
from bos.closing import ensure_open
from bos.models import (
    Institute,
    Person,
    Role,
    RoleAssignment,
    SchoolLocation,
    SchoolYear,
)
from bos.permissions import Scope, get_scope

from ..models import (
    OPEN_STATUSES,
    ChecklistItem,
    ChecklistKind,
    Placement,
    PlacementPolicy,
    PlacementStatus,
    Student,
)
from ._common import (
    BATCH_CHUNK,
    STALE_MESSAGE,
    PlacementResult,
    _chunks,
    _require_edit,
    editable_location_ids,
    so_of_location,
)
from .placements import PlacementFacts, _placement_problems, checklist_items_for
from .students import student_wanted


class BatchErrors(Exception):
    """Per row (its position in the batch) the ValidationError the single-row service would
    have raised; nothing of the batch was written."""

    def __init__(self, errors: dict[int, ValidationError]) -> None:
        super().__init__(f"{len(errors)} rijen met fouten")
        self.errors = errors


@dataclass(frozen=True)
class NewStudent:
    institute_id: int
    student_number: str
    first_name: str
    last_name: str
    email: str
    programme: str
    variant: str
    is_zij_instromer: bool = False


@transaction.atomic
def students_create_bulk(*, user: Any, items: list[NewStudent]) -> list[Student]:
    """Create new students at once (what `student_register` does for a number it does not
    know). A number that exists already, or twice in the batch, is refused."""
    _require_edit(user)
    keys = [(item.institute_id, item.student_number.strip()) for item in items]
    existing: set[tuple[int, str]] = set()
    for chunk in _chunks(sorted({number for _institute, number in keys})):
        existing |= set(
            Student.objects.filter(student_number__in=chunk).values_list(
                "institute_id", "student_number"
            )
        )
    # The institutes once for the batch, so neither the check nor the audit entry's
    # description reads one per row.
    institutes = Institute.objects.in_bulk(sorted({item.institute_id for item in items}))
    # Addresses already taken, read in chunks for the whole batch (students log in by them).
    emails = sorted({limits.normalise_email(item.email) for item in items if item.email})
    taken: set[str] = set()
    for chunk in _chunks(emails):
        taken |= {
            email.lower()
            for email in Student.objects.annotate(email_lower=Lower("email"))
            .filter(email_lower__in=chunk)
            .values_list("email", flat=True)
        }
    errors: dict[int, ValidationError] = {}
    students: list[Student] = []
    for position, (item, key) in enumerate(zip(items, keys, strict=True)):
        email = limits.normalise_email(item.email)
        if email and email in taken:
            errors[position] = ValidationError({"email": limits.STUDENT_EMAIL_TAKEN})
            continue
        if item.institute_id not in institutes:
            errors[position] = ValidationError({"institute": "Onbekend instituut."})
            continue
        if not key[1]:
            errors[position] = ValidationError({"student_number": "Vul het studentnummer in."})
            continue
        if key in existing:
            errors[position] = ValidationError(
                {"student_number": "Dit studentnummer bestaat al bij dit instituut."}
            )
            continue
        existing.add(key)
        taken.add(email)
        student = Student(
            institute=institutes[item.institute_id],
            student_number=key[1],
            is_zij_instromer=item.is_zij_instromer,
            **student_wanted(
                first_name=item.first_name,
                last_name=item.last_name,
                email=item.email,
                programme=item.programme,
                variant=item.variant,
            ),
        )
        try:
            # Uniqueness is checked above for the whole batch, not with a query per row.
            student.full_clean(
                exclude=["institute"], validate_unique=False, validate_constraints=False
            )
        except ValidationError as error:
            errors[position] = error
            continue
        students.append(student)
    if errors:
        raise BatchErrors(errors)
    created = Student.objects.bulk_create(students, batch_size=BATCH_CHUNK)
    audit.record_bulk(Student, created)
    return created


@dataclass(frozen=True)
class NewPlacement:
    student: Student
    location_id: int
    level: str
    start_date: dt.date
    end_date: dt.date
    days_per_week: Decimal
    wpb: Person | None = None
    io: Person | None = None
    institute_label: str = ""
    is_final: bool = False
    is_taster: bool = False
    registered_on: dt.date | None = None
    four_eyes_exception: str = ""


@dataclass(frozen=True)
class PlacementChange:
    """New values for a stored placement (the fields `placement_update` takes), checked
    against the version the caller read."""

    placement_id: int
    version: int
    values: dict[str, Any]


def _same_placement(one: Placement, other: Placement) -> bool:
    return one is other or (one.pk is not None and one.pk == other.pk)


def _batch_problems(
    placements: list[Placement], policy: PlacementPolicy, scope: Scope, year: SchoolYear
) -> list[tuple[dict[str, list[str]], list[str]]]:
    """`_placement_problems` for each placement, in order, as if they were saved one after
    the other: a placement overlaps the stored ones and the batch's earlier valid ones."""
    wpb_ids = sorted({p.wpb_id for p in placements if p.wpb_id})
    io_ids = sorted({p.io_id for p in placements if p.io_id})
    student_ids = sorted({p.student_id for p in placements})
    wpb_assignments: dict[tuple[int, int], RoleAssignment] = {}
    for chunk in _chunks(wpb_ids):
        for assignment in (
            RoleAssignment.objects.filter(person_id__in=chunk, role=Role.WPB, school_year=year)
            .prefetch_related("locations")
            .order_by("pk")
        ):
            for location in assignment.locations.all():
                wpb_assignments.setdefault((assignment.person_id, location.pk), assignment)
    io_pairs: set[tuple[int, int, int]] = set()
    for chunk in _chunks(io_ids):
        io_pairs |= {
            (person_id, institute_id, location_id)
            for person_id, institute_id, location_id in RoleAssignment.objects.filter(
                person_id__in=chunk, role=Role.IO, school_year=year
            ).values_list("person_id", "institute_id", "locations")
        }
    # The stored open placements of these students, in the order `.first()` would pick.
    open_by_student: dict[int, list[Placement]] = {}
    for chunk in _chunks(student_ids):
        for stored in (
            Placement.objects.filter(student_id__in=chunk, status__in=OPEN_STATUSES)
            .select_related("location", "school_year", "student")
            .order_by(*Placement._meta.ordering, "pk")
        ):
            open_by_student.setdefault(stored.student_id, []).append(stored)
    results = []
    for placement in placements:
        facts = PlacementFacts(
            wpb_assignment=wpb_assignments.get((placement.wpb_id, placement.location_id))
            if placement.wpb_id
            else None,
            io_ok=(placement.io_id, placement.student.institute_id, placement.location_id)
            in io_pairs,
            overlap=next(
                (
                    other
                    for other in open_by_student.get(placement.student_id, [])
                    if not _same_placement(other, placement)
                    and other.start_date <= placement.end_date
                    and other.end_date >= placement.start_date
                ),
                None,
            ),
        )
        errors, warnings = _placement_problems(
            placement=placement, policy=policy, scope=scope, facts=facts
        )
        results.append((errors, warnings))
        if not errors:
            # Saved, as far as the later rows are concerned: it replaces its stored self.
            others = open_by_student.setdefault(placement.student_id, [])
            others[:] = [other for other in others if not _same_placement(other, placement)]
            if placement.status in OPEN_STATUSES:
                others.append(placement)
    return results


@transaction.atomic
def placements_create_bulk(
    *, user: Any, items: list[NewPlacement], year: SchoolYear | None = None
) -> list[PlacementResult]:
    """`placement_create` for many placements at once: scope and year checked once, every
    placement validated by the same rules, then the placements, their checklists and their
    audit entries written in a few inserts."""
    year = year or get_scope(user).year
    if year is None:
        raise ValidationError("Er is geen schooljaar ingericht.")
    scope = _require_edit(user, year)
    ensure_open(year)
    if not items:
        return []
    allowed = editable_location_ids(scope)
    location_ids = sorted({item.location_id for item in items})
    locations = SchoolLocation.objects.in_bulk(location_ids)
    own_so = Person.objects.filter(pk=scope.person_id).first() if scope.person_id else None
    so_by_location: dict[int, Person | None] = {}
    for location_id, location in locations.items():
        own = own_so if own_so is not None and location_id in scope.so_location_ids else None
        so_by_location[location_id] = own or so_of_location(location, year)
    policy = PlacementPolicy.for_year(year)
    today = timezone.localdate()
    errors: dict[int, ValidationError] = {}
    placements: list[Placement] = []
    positions: list[int] = []
    for position, item in enumerate(items):
        location = locations.get(item.location_id)
        if allowed is not None and item.location_id not in allowed:
            errors[position] = ValidationError(
                {"location": "Je kunt alleen stages op je eigen locaties vastleggen."}
            )
            continue
        if location is None:
            errors[position] = ValidationError({"location": "Onbekende schoollocatie."})
            continue
        placements.append(
            Placement(
                student=item.student,
                location=location,
                school_year=year,
                level=item.level,
                institute_label=item.institute_label,
                start_date=item.start_date,
                end_date=item.end_date,
                days_per_week=item.days_per_week,
                so=so_by_location[item.location_id],
                io=item.io,
                wpb=item.wpb,
                four_eyes_exception=item.four_eyes_exception.strip(),
                is_final=item.is_final,
                is_taster=item.is_taster,
                registered_on=item.registered_on or limits.day_in_year(year, today),
                status=PlacementStatus.PLANNED,
            )
        )
        positions.append(position)
    results: list[PlacementResult] = []
    for position, placement, (problems, warnings) in zip(
        positions, placements, _batch_problems(placements, policy, scope, year), strict=True
    ):
        if problems:
            errors[position] = ValidationError(problems)
        results.append(PlacementResult(placement, warnings))
    if errors:
        raise BatchErrors(errors)
    Placement.objects.bulk_create(placements, batch_size=BATCH_CHUNK)
    vog_on: dict[int, dt.date] = {}
    student_ids = sorted({p.student_id for p in placements})
    for chunk in _chunks(student_ids):
        for student_id, done_at in ChecklistItem.objects.filter(
            placement__student_id__in=chunk, kind=ChecklistKind.VOG, done_at__isnull=False
        ).values_list("placement__student_id", "done_at"):
            day = timezone.localdate(done_at)
            if student_id not in vog_on or day > vog_on[student_id]:
                vog_on[student_id] = day
    ChecklistItem.objects.bulk_create(
        [
            item
            for placement in placements
            for item in checklist_items_for(placement, policy, vog_on.get(placement.student_id))
        ],
        batch_size=BATCH_CHUNK,
    )
    audit.record_bulk(Placement, placements)
    return results


PLACEMENT_CHANGE_FIELDS = (
    "level",
    "institute_label",
    "start_date",
    "end_date",
    "days_per_week",
    "wpb",
    "io",
    "is_final",
    "four_eyes_exception",
)


@transaction.atomic
def placements_update_bulk(*, user: Any, changes: list[PlacementChange]) -> list[PlacementResult]:
    """`placement_update` for many placements at once: each locked, in the user's scope,
    unchanged since the caller read it, in an open year and valid by the same rules."""
    if not changes:
        return []
    ids = [change.placement_id for change in changes]
    stored: dict[int, Placement] = {}
    for chunk in _chunks(ids):
        stored |= {
            p.pk: p
            for p in Placement.objects.select_for_update()
            .select_related("student__institute", "school_year", "location")
            .filter(pk__in=chunk)
        }
    errors: dict[int, ValidationError] = {}
    scopes: dict[int, Scope] = {}
    checked_years: set[int] = set()
    befores: list[dict[str, Any] | None] = []
    placements: list[Placement] = []
    positions: list[int] = []
    for position, change in enumerate(changes):
        placement = stored.get(change.placement_id)
        if placement is None:
            raise Placement.DoesNotExist
        if placement.school_year_id not in scopes:
            scopes[placement.school_year_id] = get_scope(user, placement.school_year)
        scope = scopes[placement.school_year_id]
        if not (scope.roles & {Role.SO, Role.PROJECTLEIDER, "admin"}):
            raise PermissionDenied
        allowed = editable_location_ids(scope)
        if allowed is not None and placement.location_id not in allowed:
            raise Placement.DoesNotExist
        if placement.version != change.version:
            errors[position] = ValidationError(STALE_MESSAGE)
            continue
        if placement.school_year_id not in checked_years:
            ensure_open(placement.school_year_id)
            checked_years.add(placement.school_year_id)
        befores.append(audit.snapshot(placement))
        for key, value in change.values.items():
            if key not in PLACEMENT_CHANGE_FIELDS:
                raise TypeError(f"{key} is not a field placement_update changes")
            setattr(placement, key, value.strip() if key == "four_eyes_exception" else value)
        placements.append(placement)
        positions.append(position)
    results: list[PlacementResult] = []
    by_year: dict[int, list[int]] = {}
    for index, placement in enumerate(placements):
        by_year.setdefault(placement.school_year_id, []).append(index)
    problems: dict[int, tuple[dict[str, list[str]], list[str]]] = {}
    for year_id, indexes in by_year.items():
        year = placements[indexes[0]].school_year
        batch = [placements[i] for i in indexes]
        for index, outcome in zip(
            indexes,
            _batch_problems(batch, PlacementPolicy.for_year(year), scopes[year_id], year),
            strict=True,
        ):
            problems[index] = outcome
    for index, (position, placement) in enumerate(zip(positions, placements, strict=True)):
        found, warnings = problems[index]
        if found:
            errors[position] = ValidationError(found)
        results.append(PlacementResult(placement, warnings))
    if errors:
        raise BatchErrors(errors)
    now = timezone.now()
    for placement in placements:
        placement.version += 1
        placement.updated_at = now
    Placement.objects.bulk_update(
        placements,
        [*PLACEMENT_CHANGE_FIELDS, "version", "updated_at"],
        batch_size=BATCH_CHUNK,
    )
    audit.record_bulk(Placement, placements, befores)
    return results
