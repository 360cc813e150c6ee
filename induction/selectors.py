"""Reads of the induction register, narrowed to the user's schools."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import OuterRef, QuerySet

from bos.models import LocationYear, Person, Role, SchoolLocation, SchoolYear
from bos.permissions import Scope, get_scope
from bos.search_choice import with_school
from placements.finals import final_placement_facts, final_started_by
from placements.models import Student
from placements.rules import job_before_final

from .models import BlockState, BuildingBlock, BuildingBlockStatus, Starter, StarterKind


def editable_location_ids(scope: Scope) -> frozenset[int] | None:
    """Schools whose starters the user registers: an SO's and a director's own; None: all."""
    if scope.sees_everything:
        return None
    return scope.so_location_ids | scope.director_location_ids


def visible_location_ids(scope: Scope) -> frozenset[int] | None:
    if scope.sees_everything or scope.has("kernteam"):
        return None
    return scope.so_location_ids | scope.director_location_ids


def coach_choices(scope: Scope) -> QuerySet[Person]:
    """Who may coach a starter: anyone with a role in the year but the institutes' staff
    (IO, IC), each with a school of theirs (the starter form's search field)."""
    people = (
        Person.objects.filter(roles__school_year=scope.year)
        .exclude(roles__role__in=[Role.IO, Role.IC])
        .distinct()
        .order_by("last_name", "first_name")
    )
    return with_school(people, scope.year)


def former_students() -> QuerySet[Student]:
    """Former students of the partnership: those with a final placement, in any year."""
    return (
        Student.objects.filter(placements__is_final=True)
        .select_related("institute")
        .distinct()
        .order_by("last_name", "first_name")
    )


def starters_for(*, user: Any, year: SchoolYear | None = None) -> QuerySet[Starter]:
    scope = get_scope(user, year)
    qs = Starter.objects.filter(school_year=scope.year).select_related(
        "location", "coach", "former_student__institute", "registered_student"
    )
    allowed = visible_location_ids(scope)
    if allowed is not None:
        qs = qs.filter(location_id__in=allowed)
    return qs.order_by("location__name", "last_name", "first_name")


def starter_count(*, user: Any, year: SchoolYear | None = None) -> int:
    """Starters at the user's schools (the SO's dashboard shows this)."""
    return starters_for(user=user, year=year).count()


def blocks_for(*, user: Any, year: SchoolYear | None = None) -> list[dict[str, Any]]:
    """Per visible school: the status of each of the twelve building blocks."""
    scope = get_scope(user, year)
    allowed = visible_location_ids(scope)
    locations = SchoolLocation.objects.filter(
        years__school_year=scope.year, years__is_member=True
    ).order_by("name")
    if allowed is not None:
        locations = locations.filter(pk__in=allowed)
    statuses: dict[int, dict[str, BuildingBlockStatus]] = defaultdict(dict)
    for status in BuildingBlockStatus.objects.filter(
        school_year=scope.year, location__in=locations
    ):
        statuses[status.location_id][status.block] = status
    rows = []
    for location in locations:
        own = statuses.get(location.pk, {})
        blocks = [(block, own.get(block.value)) for block in BuildingBlock]
        rows.append(
            {
                "location": location,
                "blocks": blocks,
                "in_place": sum(1 for _, s in blocks if s and s.state == BlockState.IN_PLACE),
            }
        )
    return rows


@dataclass(frozen=True)
class SchoolFigures:
    location: SchoolLocation
    starters: int
    former_students: int
    unqualified: int
    zij_instromers: int
    blocks_in_place: int
    blocks_developing: int


def figures(*, year: SchoolYear) -> list[SchoolFigures]:
    """For the projectleider: per member school the starters, former BOS students retained
    and building blocks in place, in three aggregate queries."""
    kinds: dict[int, Counter[str]] = defaultdict(Counter)
    for location_id, kind in Starter.objects.filter(school_year=year).values_list(
        "location_id", "kind"
    ):
        kinds[location_id][kind] += 1
    blocks: dict[int, Counter[str]] = defaultdict(Counter)
    for location_id, state in BuildingBlockStatus.objects.filter(school_year=year).values_list(
        "location_id", "state"
    ):
        blocks[location_id][state] += 1
    members = LocationYear.objects.filter(school_year=year, is_member=True).select_related(
        "location"
    )
    return sorted(
        (
            SchoolFigures(
                location=member.location,
                starters=sum(kinds[member.location_id].values()),
                former_students=kinds[member.location_id][StarterKind.FORMER_STUDENT],
                unqualified=kinds[member.location_id][StarterKind.UNQUALIFIED],
                zij_instromers=kinds[member.location_id][StarterKind.ZIJ_INSTROMER],
                blocks_in_place=blocks[member.location_id][BlockState.IN_PLACE],
                blocks_developing=blocks[member.location_id][BlockState.DEVELOPING],
            )
            for member in members
        ),
        key=lambda row: row.location.name,
    )


# --- A job before the final placement (issue #26) ------------------------------------------


def early_hires(starters: QuerySet[Starter]) -> QuerySet[Starter]:
    """The starters who, as students of the partnership, were hired before they had started
    their final placement (placements.rules.job_before_final, in one query)."""
    return starters.filter(former_student__isnull=False).exclude(
        final_started_by(OuterRef("former_student"), OuterRef("hired_on"))
    )


@dataclass(frozen=True)
class EarlyHire:
    starter: Starter
    explanation: str


def early_hire_signals(starters: QuerySet[Starter], limit: int = 50) -> list[EarlyHire]:
    """The first early hires with the rule's explanation (two queries, whatever the size)."""
    rows = list(early_hires(starters)[:limit])
    facts = final_placement_facts(s.former_student_id for s in rows)
    signals = []
    for starter in rows:
        signal = job_before_final(
            hired_on=starter.hired_on, placements=facts.get(starter.former_student_id, [])
        )
        if signal.raised:
            signals.append(EarlyHire(starter, signal.explanation))
    return signals
