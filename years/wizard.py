"""Start a new school year from the previous one (the projectleider's wizard).

`plan_new_year` previews every step without writing; `start_new_year` carries it out in one
transaction. Every step copies only what the new year does not have yet, so running the
wizard twice changes nothing. Each step is recorded as a year event (and the copied rows in
the audit trail through their models' registration).

Copied: the locations' membership and kartrekker flags (pupils are entered afterwards), the
institutes' partnership status, the policy, the placement policy, the induction policy (its
numbers), the budget lines with their budgeted amounts (no actuals), the report targets
and, per the review list, the role assignments (keep, change the locations, or drop)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from bos.models import (
    InstitutePartnership,
    LocationYear,
    RoleAssignment,
    SchoolYear,
    SchoolYearEvent,
    YearEventKind,
)
from bos.permissions import can
from facilitation.models import Policy
from facilitation.services import start_policy_from_previous
from induction.models import InductionPolicy
from induction.services import policy_copy
from placements.models import PlacementPolicy
from reports.models import Budget, BudgetLine, BudgetSection, ReportTargets
from reports.services import goals_carry_forward

from .models import DevelopmentTeamYear


class Decision(StrEnum):
    KEEP = "keep"
    CHANGE = "change"
    DROP = "drop"


DECISION_LABELS = {
    Decision.KEEP: "overnemen",
    Decision.CHANGE: "overnemen met andere locaties",
    Decision.DROP: "niet overnemen",
}


@dataclass(frozen=True)
class RoleChoice:
    """What to do with one role assignment of the previous year."""

    decision: Decision = Decision.KEEP
    location_ids: tuple[int, ...] = ()


@dataclass
class Step:
    key: str
    label: str
    to_create: int = 0
    present: int = 0
    details: list[str] = field(default_factory=list)

    @property
    def summary(self) -> str:
        if not self.to_create and self.present:
            return "al gedaan"
        if not self.to_create:
            return "niets over te nemen"
        extra = f" ({self.present} al aanwezig)" if self.present else ""
        return f"{self.to_create} over te nemen{extra}"


@dataclass
class Plan:
    source: SchoolYear
    name: str
    start_date: dt.date
    end_date: dt.date
    exists: bool
    steps: list[Step]

    @property
    def changes(self) -> int:
        return sum(step.to_create for step in self.steps)


def _require_manage(user: Any) -> None:
    if user is not None and not can(user, "year.manage"):
        raise PermissionDenied


def next_year_bounds(
    source: SchoolYear, start_year: int | None = None
) -> tuple[str, dt.date, dt.date]:
    """The year to start from `source`: the next one, or a chosen later one (a partnership
    that skipped years, or the demo starting today's year from its seed year)."""
    if start_year is None:
        start_year = source.start_year + 1
    if start_year <= source.start_year:
        raise ValidationError("Een nieuw schooljaar moet na het bronjaar beginnen.")
    start, end = SchoolYear.bounds_for(start_year)
    return SchoolYear.name_for(start_year), start, end


def _target(source: SchoolYear, start_year: int | None = None) -> SchoolYear | None:
    name, _, _ = next_year_bounds(source, start_year)
    return SchoolYear.objects.filter(name=name).first()


def _role_key(assignment: RoleAssignment) -> tuple[int, str, str]:
    return (assignment.person_id, assignment.role, assignment.team)


def source_assignments(source: SchoolYear) -> list[RoleAssignment]:
    return list(
        RoleAssignment.objects.filter(school_year=source)
        .select_related("person", "institute", "board")
        .prefetch_related("locations")
        .order_by("person__last_name", "person__first_name", "role")
    )


def plan_new_year(
    *,
    source: SchoolYear,
    choices: Mapping[int, RoleChoice] | None = None,
    start_year: int | None = None,
) -> Plan:
    """What `start_new_year` would do, step by step, without writing anything."""
    choices = choices or {}
    name, start, end = next_year_bounds(source, start_year)
    target = _target(source, start_year)
    tid = target.pk if target else None
    steps: list[Step] = []

    locations = LocationYear.objects.filter(school_year=source, is_member=True)
    have = set(
        LocationYear.objects.filter(school_year_id=tid).values_list("location_id", flat=True)
    )
    step = Step("locations", "Locaties (lidmaatschap en kartrekkers)")
    for row in locations.select_related("location"):
        if row.location_id in have:
            step.present += 1
        else:
            step.to_create += 1
            flag = ", kartrekker" if row.is_kartrekker else ""
            step.details.append(f"{row.location.name}{flag}")
    steps.append(step)

    step = Step("partnerships", "Partnerschap van de instituten")
    have = set(
        InstitutePartnership.objects.filter(school_year_id=tid).values_list(
            "institute_id", flat=True
        )
    )
    for row in InstitutePartnership.objects.filter(school_year=source).select_related("institute"):
        if row.institute_id in have:
            step.present += 1
        else:
            step.to_create += 1
            step.details.append(
                f"{row.institute}: {'partner' if row.is_partner else 'geen partner'}"
            )
    steps.append(step)

    step = Step("policy", "Beleid (kopie van het beleid van dit jaar)")
    if Policy.objects.filter(school_year_id=tid).exists():
        step.present = 1
    elif Policy.objects.filter(school_year=source).exists():
        step.to_create = 1
    steps.append(step)

    step = Step("placement_policy", "Stagebeleid (termijnen, aantallen en tabel online rechten)")
    if PlacementPolicy.objects.filter(school_year_id=tid).exists():
        step.present = 1
    elif PlacementPolicy.objects.filter(school_year=source).exists():
        step.to_create = 1
    steps.append(step)

    step = Step("induction_policy", "Inductiebeleid (CAO-reductie en uren coach)")
    if InductionPolicy.objects.filter(school_year_id=tid).exists():
        step.present = 1
    elif InductionPolicy.objects.filter(school_year=source).exists():
        step.to_create = 1
    steps.append(step)

    step = Step("budget", "Begrotingsregels (begrote bedragen, geen realisatie)")
    lines = BudgetLine.objects.filter(section__budget__school_year=source).count()
    if Budget.objects.filter(school_year_id=tid).exists():
        step.present = lines
    else:
        step.to_create = lines
    steps.append(step)

    step = Step("targets", "Doelen van het jaarverslag")
    if ReportTargets.objects.filter(school_year_id=tid).exists():
        step.present = 1
    elif ReportTargets.objects.filter(school_year=source).exists():
        step.to_create = 1
    steps.append(step)

    step = Step("teams", "Ontwikkelteams")
    have_teams = set(
        DevelopmentTeamYear.objects.filter(school_year_id=tid).values_list("name", flat=True)
    )
    for team in DevelopmentTeamYear.objects.filter(school_year=source):
        if team.name in have_teams:
            step.present += 1
        else:
            step.to_create += 1
            step.details.append(team.name)
    steps.append(step)

    step = Step("roles", "Rollen (volgens de beoordelingslijst)")
    have_roles = {
        _role_key(a)
        for a in RoleAssignment.objects.filter(school_year_id=tid).only("person_id", "role", "team")
    }
    dropped = 0
    for assignment in source_assignments(source):
        choice = choices.get(assignment.pk, RoleChoice())
        if _role_key(assignment) in have_roles:
            step.present += 1
        elif choice.decision == Decision.DROP:
            dropped += 1
        else:
            step.to_create += 1
    if dropped:
        step.details.append(f"{dropped} rol(len) niet overgenomen")
    steps.append(step)
    return Plan(source, name, start, end, target is not None, steps)


def _event(year: SchoolYear, user: Any, step: str, detail: str) -> None:
    SchoolYearEvent.objects.create(
        school_year=year, kind=YearEventKind.STEP, step=step, detail=detail, actor=user
    )


@transaction.atomic
def start_new_year(
    *,
    source: SchoolYear,
    user: Any,
    choices: Mapping[int, RoleChoice] | None = None,
    start_year: int | None = None,
) -> tuple[SchoolYear, Plan]:
    """Create the next year from `source` (1 August to 31 July), or the later year starting
    in `start_year`, and copy what is missing. Returns the new year and the plan that was
    carried out."""
    _require_manage(user)
    choices = choices or {}
    plan = plan_new_year(source=source, choices=choices, start_year=start_year)
    name, start, end = plan.name, plan.start_date, plan.end_date
    target, created = SchoolYear.objects.get_or_create(
        name=name, defaults={"start_date": start, "end_date": end}
    )
    if created:
        SchoolYearEvent.objects.create(
            school_year=target,
            kind=YearEventKind.OPENED,
            detail=f"Aangemaakt vanuit {source}.",
            actor=user,
        )
    # Lock the year row: two projectleiders pressing the button at once run one after the
    # other, and the second finds everything present.
    target = SchoolYear.objects.select_for_update().get(pk=target.pk)
    if target.closed_at is not None:
        raise ValidationError(f"Schooljaar {target} is afgesloten.")
    for step in plan.steps:
        if not step.to_create:
            continue
        copied = COPIERS[step.key](source, target, user, choices)
        _event(target, user, step.key, f"{step.label}: {copied} overgenomen uit {source}.")
    # Goals the source year moved on to next year appear in the new year, linked back (a
    # goal can only be carried once its next year exists: this is that moment).
    moved = goals_carry_forward(year=source)
    if moved:
        _event(target, user, "goals", f"Doorgeschoven doelen: {moved} overgenomen uit {source}.")
    return target, plan


def _copy_locations(source: SchoolYear, target: SchoolYear, *_: Any) -> int:
    have = set(
        LocationYear.objects.filter(school_year=target).values_list("location_id", flat=True)
    )
    new = [
        LocationYear(
            location_id=row.location_id,
            school_year=target,
            is_member=True,
            is_kartrekker=row.is_kartrekker,
            pupils=None,
        )
        for row in LocationYear.objects.filter(school_year=source, is_member=True)
        if row.location_id not in have
    ]
    for row in new:
        row.save()  # one by one, so each lands in the audit trail
    return len(new)


def _copy_partnerships(source: SchoolYear, target: SchoolYear, *_: Any) -> int:
    have = set(
        InstitutePartnership.objects.filter(school_year=target).values_list(
            "institute_id", flat=True
        )
    )
    count = 0
    for row in InstitutePartnership.objects.filter(school_year=source):
        if row.institute_id not in have:
            InstitutePartnership.objects.create(
                institute_id=row.institute_id, school_year=target, is_partner=row.is_partner
            )
            count += 1
    return count


def _copy_policy(source: SchoolYear, target: SchoolYear, user: Any, *_: Any) -> int:
    if Policy.objects.filter(school_year=target).exists():
        return 0
    start_policy_from_previous(year=target, user=user)
    return 1


def _copy_placement_policy(source: SchoolYear, target: SchoolYear, *_: Any) -> int:
    if PlacementPolicy.objects.filter(school_year=target).exists():
        return 0
    previous = PlacementPolicy.objects.get(school_year=source)
    values = {
        f.attname: getattr(previous, f.attname)
        for f in PlacementPolicy._meta.concrete_fields
        if f.attname not in ("id", "school_year_id")
    }
    PlacementPolicy.objects.create(school_year=target, **values)
    return 1


def _copy_induction_policy(source: SchoolYear, target: SchoolYear, *_: Any) -> int:
    return 1 if policy_copy(source=source, target=target) else 0


def _copy_budget(source: SchoolYear, target: SchoolYear, *_: Any) -> int:
    if Budget.objects.filter(school_year=target).exists():
        return 0
    previous = Budget.objects.filter(school_year=source).first()
    if previous is None:
        return 0
    # Income follows the new year's funding rule and the reserve is carried in from the
    # previous year: neither is copied.
    budget = Budget.objects.create(
        school_year=target, income_label=f"Baten {target} (rijkssubsidie)"
    )
    count = 0
    for section in previous.sections.prefetch_related("lines"):
        new_section = BudgetSection.objects.create(
            budget=budget, name=section.name, order=section.order
        )
        for line in section.lines.all():
            BudgetLine.objects.create(
                section=new_section,
                name=line.name,
                order=line.order,
                kind=line.kind,
                fte=line.fte,
                hours=line.hours,
                amount=line.amount,
                rate_kind=line.rate_kind,
                half_paid=line.half_paid,
                actual_source=line.actual_source,
                note=line.note,
            )
            count += 1
    return count


def _copy_targets(source: SchoolYear, target: SchoolYear, *_: Any) -> int:
    if ReportTargets.objects.filter(school_year=target).exists():
        return 0
    previous = ReportTargets.objects.get(school_year=source)
    values = {
        f.attname: getattr(previous, f.attname)
        for f in ReportTargets._meta.concrete_fields
        if f.attname not in ("id", "school_year_id")
    }
    ReportTargets.objects.create(school_year=target, **values)
    return 1


def _copy_teams(source: SchoolYear, target: SchoolYear, *_: Any) -> int:
    from .teams import copy_teams

    return copy_teams(source=source, target=target)


def _copy_roles(
    source: SchoolYear, target: SchoolYear, user: Any, choices: Mapping[int, RoleChoice]
) -> int:
    have = {
        _role_key(a)
        for a in RoleAssignment.objects.filter(school_year=target).only("person_id", "role", "team")
    }
    count = 0
    for assignment in source_assignments(source):
        choice = choices.get(assignment.pk, RoleChoice())
        if choice.decision == Decision.DROP or _role_key(assignment) in have:
            continue
        location_ids: Iterable[int] = [loc.pk for loc in assignment.locations.all()]
        if choice.decision == Decision.CHANGE:
            location_ids = choice.location_ids
        copy = RoleAssignment.objects.create(
            person_id=assignment.person_id,
            school_year=target,
            role=assignment.role,
            institute_id=assignment.institute_id,
            board_id=assignment.board_id,
            subjects=assignment.subjects,
            qualification_grade=assignment.qualification_grade,
            started_at_school=assignment.started_at_school,
            team=assignment.team,
            is_kartrekker=assignment.is_kartrekker,
            hours=assignment.hours,
        )
        copy.locations.set(list(location_ids))
        have.add(_role_key(copy))
        count += 1
    return count


COPIERS = {
    "locations": _copy_locations,
    "partnerships": _copy_partnerships,
    "policy": _copy_policy,
    "placement_policy": _copy_placement_policy,
    "induction_policy": _copy_induction_policy,
    "budget": _copy_budget,
    "targets": _copy_targets,
    "teams": _copy_teams,
    "roles": _copy_roles,
}
