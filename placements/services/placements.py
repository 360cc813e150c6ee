"""Writes of placements and their intake checklist: registering, changing, stopping, reopening,
switching school and ticking items. Every function checks the user's scope itself."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from bos import limits
from bos.closing import ensure_open
from bos.models import (
    LocationYear,
    Person,
    Role,
    RoleAssignment,
    SchoolLocation,
    SchoolYear,
)
from bos.permissions import Scope, get_scope

from .. import rules
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
    PlacementResult,
    _check_location,
    _locked_placement,
    _long_date,
    _require_edit,
    editable_location_ids,
    io_of,
    so_of_location,
)

OVERLAP_ELSEWHERE = (
    "De student heeft al een geplande of lopende stage die deze periode overlapt. Gaat de "
    "student over naar jouw school? Vraag dan de schoolopleider van de huidige school de "
    "overstap naar een andere school van de opleidingsschool vast te leggen; de stage op jouw "
    "school volgt daaruit."
)


@dataclass
class PlacementFacts:
    """What validating a placement reads from the database, fetched by `_placement_facts`
    for one placement or by `_batch_facts` for many at once."""

    wpb_assignment: RoleAssignment | None = None
    io_ok: bool = True
    overlap: Placement | None = None


def _placement_facts(placement: Placement) -> PlacementFacts:
    year = placement.school_year
    facts = PlacementFacts()
    if placement.wpb_id:
        facts.wpb_assignment = (
            RoleAssignment.objects.filter(
                person_id=placement.wpb_id,
                role=Role.WPB,
                school_year=year,
                locations=placement.location_id,
            )
            .order_by("pk")
            .first()
        )
    if placement.io_id:
        facts.io_ok = RoleAssignment.objects.filter(
            person_id=placement.io_id,
            role=Role.IO,
            school_year=year,
            institute_id=placement.student.institute_id,
            locations=placement.location_id,
        ).exists()
    if placement.status in OPEN_STATUSES:
        facts.overlap = (
            Placement.objects.filter(
                student_id=placement.student_id,
                status__in=OPEN_STATUSES,
                start_date__lte=placement.end_date,
                end_date__gte=placement.start_date,
            )
            .exclude(pk=placement.pk)
            .select_related("location")
            .first()
        )
    return facts


def _placement_problems(
    *, placement: Placement, policy: PlacementPolicy, scope: Scope | None, facts: PlacementFacts
) -> tuple[dict[str, list[str]], list[str]]:
    """The blocking errors and the warnings for a placement, given what the database says."""
    errors: dict[str, list[str]] = {}
    year = placement.school_year
    if placement.end_date < placement.start_date:
        errors.setdefault("end_date", []).append("De einddatum ligt vóór de begindatum.")
    if not (year.contains(placement.start_date) and year.contains(placement.end_date)):
        errors.setdefault("start_date", []).append(
            f"De periode moet binnen schooljaar {year} liggen "
            f"({_long_date(year.start_date)} – {_long_date(year.end_date)})."
        )
    if placement._state.adding and placement.registered_on is not None:
        # A new placement is registered within its own year (a stored one keeps its date).
        try:
            limits.validate_in_year(placement.registered_on, year)
        except ValidationError as error:
            errors.setdefault("registered_on", []).extend(error.messages)
    if not (Decimal(0) < placement.days_per_week <= Decimal(5)):
        errors.setdefault("days_per_week", []).append(
            "Het aantal dagen per week ligt tussen 0,5 en 5."
        )
    warnings: list[str] = []
    if placement.wpb_id:
        assignment = facts.wpb_assignment
        if assignment is None:
            errors.setdefault("wpb", []).append(
                f"Deze werkplekbegeleider is in {year} niet verbonden aan {placement.location}."
            )
        else:
            warnings += rules.wpb_warnings(
                qualification_grade=assignment.qualification_grade,
                started_at_school=assignment.started_at_school,
                year_start=year.start_year,
                min_years=policy.wpb_min_years_at_school,
            )
        if placement.wpb_id == placement.so_id and not placement.four_eyes_exception.strip():
            errors.setdefault("four_eyes_exception", []).append(
                "De schoolopleider mag niet ook de werkplekbegeleider zijn (vier-ogenprincipe), "
                "tenzij je de uitzondering met reden en rolverdeling vastlegt."
            )
    if placement.io_id and not facts.io_ok:
        errors.setdefault("io", []).append(
            "Deze instituutsopleider werkt in dit schooljaar niet voor het instituut van de "
            "student op deze locatie."
        )
    overlap = facts.overlap if placement.status in OPEN_STATUSES else None
    if overlap is not None:
        allowed = editable_location_ids(scope) if scope is not None else frozenset()
        if allowed is None or overlap.location_id in allowed:
            errors.setdefault("start_date", []).append(
                f"De student heeft al een lopende stage op {overlap.location} van "
                f"{_long_date(overlap.start_date)} tot {_long_date(overlap.end_date)}."
            )
        else:
            # Another school's placement: neither its school nor its period is ours to see.
            errors.setdefault("start_date", []).append(OVERLAP_ELSEWHERE)
    return errors, warnings


def _validate_placement(
    *,
    placement: Placement,
    policy: PlacementPolicy,
    scope: Scope | None = None,
) -> list[str]:
    """Raise ValidationError for what blocks; return warnings for what does not."""
    errors, warnings = _placement_problems(
        placement=placement, policy=policy, scope=scope, facts=_placement_facts(placement)
    )
    if errors:
        raise ValidationError(errors)
    return warnings


def previous_vog_on(student_id: int, exclude_placement_id: int | None = None) -> dt.date | None:
    item = (
        ChecklistItem.objects.filter(
            placement__student_id=student_id, kind=ChecklistKind.VOG, done_at__isnull=False
        )
        .exclude(placement_id=exclude_placement_id)
        .order_by("-done_at")
        .first()
    )
    return timezone.localdate(item.done_at) if item else None


def checklist_items_for(
    placement: Placement, policy: PlacementPolicy, vog_on: dt.date | None
) -> list[ChecklistItem]:
    """Unsaved checklist items for a placement (also used by the demo loader)."""
    needs_vog, _ = rules.vog_needed(
        start_date=placement.start_date, previous_vog_on=vog_on, valid_days=policy.vog_valid_days
    )
    plan = rules.checklist_plan(
        registered_on=placement.registered_on or placement.start_date,
        start_date=placement.start_date,
        level=placement.level,
        is_first_year=placement.is_first_year,
        is_final=placement.is_final,
        is_taster=placement.is_taster,
        needs_vog=needs_vog,
        reply_working_days=policy.reply_working_days,
        preparation_days=policy.preparation_days,
    )
    return [
        ChecklistItem(
            placement=placement,
            kind=item.kind,
            position=position,
            responsible_role=item.responsible_role,
            due_date=item.due_date,
        )
        for position, item in enumerate(plan)
    ]


@transaction.atomic
def placement_create(
    *,
    user: Any,
    location_id: int,
    student: Student,
    level: str,
    start_date: dt.date,
    end_date: dt.date,
    days_per_week: Decimal,
    wpb: Person | None,
    io: Person | None = None,
    institute_label: str = "",
    is_final: bool = False,
    is_taster: bool = False,
    registered_on: dt.date | None = None,
    four_eyes_exception: str = "",
    year: SchoolYear | None = None,
) -> PlacementResult:
    """Register a placement at one of the user's locations and generate its checklist."""
    year = year or get_scope(user).year
    if year is None:
        raise ValidationError("Er is geen schooljaar ingericht.")
    scope = _require_edit(user, year)
    ensure_open(year)
    location = _check_location(scope, location_id)
    own_person_is_so = scope.person_id is not None and location_id in scope.so_location_ids
    so = Person.objects.get(pk=scope.person_id) if own_person_is_so else None
    so = so or so_of_location(location, year)
    policy = PlacementPolicy.for_year(year)
    placement = Placement(
        student=student,
        location=location,
        school_year=year,
        level=level,
        institute_label=institute_label,
        start_date=start_date,
        end_date=end_date,
        days_per_week=days_per_week,
        so=so,
        io=io,
        wpb=wpb,
        four_eyes_exception=four_eyes_exception.strip(),
        is_final=is_final,
        is_taster=is_taster,
        registered_on=registered_on or limits.day_in_year(year),
        status=PlacementStatus.PLANNED,
    )
    warnings = _validate_placement(placement=placement, policy=policy, scope=scope)
    placement.save()
    ChecklistItem.objects.bulk_create(
        checklist_items_for(placement, policy, previous_vog_on(student.pk))
    )
    return PlacementResult(placement, warnings)


@transaction.atomic
def placement_update(
    *,
    user: Any,
    placement_id: int,
    version: int,
    level: str,
    institute_label: str,
    start_date: dt.date,
    end_date: dt.date,
    days_per_week: Decimal,
    wpb: Person | None,
    io: Person | None,
    is_final: bool,
    four_eyes_exception: str,
) -> PlacementResult:
    """Change a placement's details; refused when someone else changed it in between."""
    placement = _locked_placement(user, placement_id, version)
    placement.level = level
    placement.institute_label = institute_label
    placement.start_date = start_date
    placement.end_date = end_date
    placement.days_per_week = days_per_week
    placement.wpb = wpb
    placement.io = io
    placement.is_final = is_final
    placement.four_eyes_exception = four_eyes_exception.strip()
    warnings = _validate_placement(
        placement=placement,
        policy=PlacementPolicy.for_year(placement.school_year),
        scope=get_scope(user, placement.school_year),
    )
    placement.version += 1
    placement.save()
    return PlacementResult(placement, warnings)


@transaction.atomic
def placement_stop(
    *, user: Any, placement_id: int, version: int, stopped_on: dt.date, reason: str
) -> Placement:
    placement = _locked_placement(user, placement_id, version)
    if not placement.is_open:
        raise ValidationError("Alleen een geplande of lopende stage kan worden gestopt.")
    if not reason.strip():
        raise ValidationError({"reason": "Geef de reden van het stoppen op."})
    if not placement.school_year.contains(stopped_on):
        raise ValidationError({"stopped_on": "De stopdatum valt buiten het schooljaar."})
    placement.status = PlacementStatus.STOPPED
    placement.stopped_on = stopped_on
    placement.stop_reason = reason.strip()
    placement.stopped_at = timezone.now()
    placement.version += 1
    placement.save()
    return placement


def reopen_deadline(placement: Placement) -> dt.datetime | None:
    """Until when a stopped placement may be reopened (the year's policy), or None."""
    if placement.status != PlacementStatus.STOPPED or placement.stopped_at is None:
        return None
    days = PlacementPolicy.for_year(placement.school_year).reopen_days
    return placement.stopped_at + dt.timedelta(days=days)


@transaction.atomic
def placement_reopen(*, user: Any, placement_id: int, version: int) -> Placement:
    """Undo a stop made by mistake: the placement is open again as it was before. Allowed
    only within the policy's number of days after the stop was recorded; the audit trail
    keeps both changes."""
    placement = _locked_placement(user, placement_id, version)
    deadline = reopen_deadline(placement)
    if deadline is None:
        raise ValidationError("Alleen een gestopte stage kan worden heropend.")
    if timezone.now() > deadline:
        raise ValidationError(
            "De termijn om deze stop ongedaan te maken is verlopen "
            f"({deadline.astimezone(timezone.get_current_timezone()):%d-%m-%Y}). "
            "Meld de student opnieuw aan."
        )
    today = timezone.localdate()
    placement.status = (
        PlacementStatus.ACTIVE if placement.start_date <= today else PlacementStatus.PLANNED
    )
    placement.stopped_on = None
    placement.stop_reason = ""
    placement.stopped_at = None
    placement.version += 1
    try:
        with transaction.atomic():
            placement.save()
    except IntegrityError as exc:
        raise ValidationError(
            "De student heeft inmiddels een andere open stage in deze periode; "
            "deze stage kan daarom niet worden heropend."
        ) from exc
    return placement


@transaction.atomic
def placement_mark_registered(*, user: Any, placement_id: int, version: int) -> Placement:
    placement = _locked_placement(user, placement_id, version)
    placement.registered_in_institute_system = True
    placement.version += 1
    placement.save()
    return placement


@transaction.atomic
def placement_record_switch(
    *,
    user: Any,
    placement_id: int,
    version: int,
    location_id: int,
    switch_date: dt.date,
) -> Placement:
    """The student continues at another BOS school: the current placement ends the day
    before, a new one starts there and points back, so the student counts once."""
    placement = _locked_placement(user, placement_id, version)
    year = placement.school_year
    if not placement.is_open:
        raise ValidationError("Alleen een geplande of lopende stage kan worden overgezet.")
    if Placement.objects.filter(switched_from=placement).exists():
        raise ValidationError("Voor deze stage is al een overstap vastgelegd.")
    if location_id == placement.location_id:
        raise ValidationError({"location": "Kies een andere school dan de huidige."})
    if not LocationYear.objects.filter(
        location_id=location_id, school_year=year, is_member=True
    ).exists():
        raise ValidationError(
            {"location": f"Deze school hoort in {year} niet bij de opleidingsschool."}
        )
    if not (placement.start_date < switch_date <= placement.end_date):
        raise ValidationError(
            {
                "switch_date": (
                    "De overstapdatum ligt na de begindatum en uiterlijk op de einddatum "
                    f"({_long_date(placement.end_date)})."
                )
            }
        )
    new_location = SchoolLocation.objects.get(pk=location_id)
    new_end = placement.end_date
    placement.end_date = switch_date - dt.timedelta(days=1)
    placement.status = PlacementStatus.COMPLETED
    placement.version += 1
    placement.save()
    new = Placement(
        student=placement.student,
        location=new_location,
        school_year=year,
        level=placement.level,
        institute_label=placement.institute_label,
        start_date=switch_date,
        end_date=new_end,
        days_per_week=placement.days_per_week,
        so=so_of_location(new_location, year),
        io=io_of(placement.student.institute_id, new_location, year),
        is_final=placement.is_final,
        registered_in_institute_system=placement.registered_in_institute_system,
        registered_on=switch_date,
        switched_from=placement,
        status=PlacementStatus.ACTIVE,
    )
    policy = PlacementPolicy.for_year(year)
    _validate_placement(placement=new, policy=policy)
    new.save()
    ChecklistItem.objects.bulk_create(
        checklist_items_for(new, policy, previous_vog_on(new.student_id))
    )
    return new


@transaction.atomic
def checklist_item_set(*, user: Any, item_id: int, done: bool) -> ChecklistItem:
    """Tick or untick an item. SOs (and the projectleider) tick every item of their
    locations; an IO only the items the IO is responsible for."""
    from ..selectors import placement_get

    item = ChecklistItem.objects.select_for_update().get(pk=item_id)
    placement = placement_get(user=user, pk=item.placement_id)  # DoesNotExist outside scope
    scope = get_scope(user, placement.school_year)
    allowed = editable_location_ids(scope)
    may_tick = scope.has(Role.SO, Role.PROJECTLEIDER, "admin") and (
        allowed is None or placement.location_id in allowed
    )
    if not may_tick and item.responsible_role == "io":
        may_tick = (placement.student.institute_id, placement.location_id) in scope.io_pairs
    if not may_tick:
        raise PermissionDenied
    ensure_open(placement.school_year_id)
    if done and item.done_at is None:
        item.done_at = timezone.now()
        item.done_by = user
        person = getattr(user, "person", None)
        item.done_by_name = person.full_name if person else user.email
    elif not done:
        item.done_at = None
        item.done_by = None
        item.done_by_name = ""
    item.save()
    return item
