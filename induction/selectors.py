"""Reads of the induction register, narrowed to the user's schools."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db.models import Count, OuterRef, Q, QuerySet
from django.urls import reverse

from bos import dataversion
from bos.models import LocationYear, Person, Role, SchoolLocation, SchoolYear
from bos.permissions import Scope, get_scope
from bos.search_choice import with_school
from facilitation.contributions import FacilitatedTask, TaskRow
from placements.finals import final_placement_facts, final_started_by
from placements.models import Student
from placements.rules import job_before_final

from . import rules
from .models import (
    BlockState,
    BuildingBlock,
    BuildingBlockStatus,
    DevelopmentPlan,
    ExitInterview,
    InductionPolicy,
    IntroInvitation,
    IntroMeeting,
    MeasureState,
    Starter,
    StarterKind,
    WorkloadMeasure,
)


def editable_location_ids(scope: Scope) -> frozenset[int] | None:
    """Schools whose starters the user registers: an SO's and a director's own; None: all."""
    if scope.sees_everything:
        return None
    return scope.so_location_ids | scope.director_location_ids


def visible_location_ids(scope: Scope) -> frozenset[int] | None:
    """Schools whose starters the user sees: an SO's, a director's and a lerarencoach's
    own; None: all (the projectleider, the kernteam)."""
    if scope.sees_everything or scope.has("kernteam"):
        return None
    return scope.so_location_ids | scope.director_location_ids | scope.coach_location_ids


def starter_in_scope(scope: Scope, starter: Starter) -> bool:
    allowed = visible_location_ids(scope)
    return allowed is None or starter.location_id in allowed


def runs_programme(scope: Scope, location_id: int) -> bool:
    """Who records a starter's programme (plan, measures, introduction, exit interview): the
    SO of the starter's school and the projectleider."""
    return scope.sees_everything or location_id in scope.so_location_ids


def coaches_programme(scope: Scope, location_id: int) -> bool:
    """Who records a starter's coaching (the development plan and the workload measures):
    who runs the programme, and the lerarencoach the school appointed for its starters."""
    return runs_programme(scope, location_id) or location_id in scope.coach_location_ids


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


def member_schools(year: SchoolYear) -> QuerySet[LocationYear]:
    """The year's member schools by name: the rows of `figures`, to page through."""
    return (
        LocationYear.objects.filter(school_year=year, is_member=True)
        .select_related("location")
        .order_by("location__name", "pk")
    )


def figures(
    *, year: SchoolYear, members: Iterable[LocationYear] | None = None
) -> list[SchoolFigures]:
    """For the projectleider: per member school (or per given one: a page of them) the
    starters, former BOS students retained and building blocks in place, counted per school
    in the database: three queries, one row per school and kind."""
    members = list(members) if members is not None else list(member_schools(year))
    ids = [member.location_id for member in members]
    kinds = _per_school(Starter.objects.filter(school_year=year, location_id__in=ids), "kind")
    blocks = _per_school(
        BuildingBlockStatus.objects.filter(school_year=year, location_id__in=ids), "state"
    )
    return [
        SchoolFigures(
            location=member.location,
            starters=sum(kinds[member.location_id].values()),
            former_students=kinds[member.location_id][StarterKind.FORMER_STUDENT],
            unqualified=kinds[member.location_id][StarterKind.UNQUALIFIED],
            zij_instromers=kinds[member.location_id][StarterKind.ZIJ_INSTROMER],
            blocks_in_place=blocks[member.location_id][BlockState.IN_PLACE],
            blocks_developing=blocks[member.location_id][BlockState.DEVELOPING],
        )
        for member in sorted(members, key=lambda member: member.location.name)
    ]


def _per_school(rows: QuerySet[Any], field: str) -> dict[int, Counter[str]]:
    """How many of `rows` each school has per value of `field`, counted in the database."""
    counts: dict[int, Counter[str]] = defaultdict(Counter)
    for location_id, value, count in (
        rows.values("location_id", field)
        .annotate(n=Count("pk"))
        .values_list("location_id", field, "n")
        .order_by()
    ):
        counts[location_id][value] = count
    return counts


def figure_totals(*, year: SchoolYear) -> dict[str, int]:
    """The starters of every member school together, counted in one query: the total row
    under a page of `figures`."""
    return Starter.objects.filter(
        school_year=year,
        location_id__in=LocationYear.objects.filter(school_year=year, is_member=True).values(
            "location_id"
        ),
    ).aggregate(
        starters=Count("pk"),
        former_students=Count("pk", filter=Q(kind=StarterKind.FORMER_STUDENT)),
        unqualified=Count("pk", filter=Q(kind=StarterKind.UNQUALIFIED)),
        zij_instromers=Count("pk", filter=Q(kind=StarterKind.ZIJ_INSTROMER)),
    )


# --- The programme around each starter ----------------------------------------------------


def starter_get(*, user: Any, pk: int) -> Starter:
    """A starter the user may see, judged in the starter's own year (DoesNotExist: 404)."""
    starter = Starter.objects.select_related(
        "location", "school_year", "coach", "former_student", "registered_student"
    ).get(pk=pk)
    if not starter_in_scope(get_scope(user, starter.school_year), starter):
        raise Starter.DoesNotExist
    return starter


@dataclass(frozen=True)
class ChecklistRow:
    measure: WorkloadMeasure
    label: str
    state: str
    note: str
    explanation: list[str]


@dataclass(frozen=True)
class Programme:
    starter: Starter
    policy: InductionPolicy
    reduction: rules.Reduction
    mentor: str
    checklist: list[ChecklistRow]
    count: rules.ChecklistCount
    plans: list[DevelopmentPlan]
    invitations: list[IntroInvitation]
    exit_interview: ExitInterview | None
    coach_hours: rules.CoachHours | None


def programme_of(starter: Starter) -> Programme:
    """Everything of a starter's programme, in a fixed number of queries."""
    policy = InductionPolicy.for_year(starter.school_year)
    reduction = rules.teaching_reduction(policy, starter.induction_year, starter.kind)
    checks = {check.measure: check for check in starter.measures.all()}
    rows = []
    for measure in WorkloadMeasure:
        check = checks.get(measure.value)
        label = str(measure.label)
        explanation: list[str] = []
        if measure == WorkloadMeasure.CAO_REDUCTION:
            explanation = reduction.lines
        elif measure == WorkloadMeasure.NO_MENTOR:
            explanation = [
                f"Inductiejaar {starter.induction_year}: "
                f"{rules.mentor_allowed(starter.induction_year)}."
            ]
        rows.append(
            ChecklistRow(
                measure=measure,
                label=label,
                state=check.state if check else MeasureState.OPEN,
                note=check.note if check else "",
                explanation=explanation,
            )
        )
    try:
        exit_interview = starter.exit_interview
    except ExitInterview.DoesNotExist:
        exit_interview = None
    coached = None
    if starter.coach_id:
        years = Starter.objects.filter(
            school_year=starter.school_year_id, coach_id=starter.coach_id
        ).values_list("induction_year", flat=True)
        coached = rules.coach_hours(policy, years)
    return Programme(
        starter=starter,
        policy=policy,
        reduction=reduction,
        mentor=rules.mentor_allowed(starter.induction_year),
        checklist=rows,
        count=rules.checklist_count([row.state for row in rows], len(rows)),
        plans=list(starter.plans.select_related("recorded_by").order_by("-version")),
        invitations=list(
            starter.invitations.select_related("meeting__location").order_by("meeting__date")
        ),
        exit_interview=exit_interview,
        coach_hours=coached,
    )


def intro_meetings_for(*, user: Any, year: SchoolYear | None = None) -> QuerySet[IntroMeeting]:
    scope = get_scope(user, year)
    qs = IntroMeeting.objects.filter(school_year=scope.year).select_related("location")
    allowed = visible_location_ids(scope)
    if allowed is not None:
        qs = qs.filter(location_id__in=allowed)
    return qs.order_by("-date", "location__name")


def intro_meeting_get(*, user: Any, pk: int) -> IntroMeeting:
    meeting = IntroMeeting.objects.select_related("location", "school_year").get(pk=pk)
    allowed = visible_location_ids(get_scope(user, meeting.school_year))
    if allowed is not None and meeting.location_id not in allowed:
        raise IntroMeeting.DoesNotExist
    return meeting


def programme_locations(scope: Scope) -> QuerySet[SchoolLocation]:
    """The member schools whose programme the user runs (the introduction meeting's form)."""
    qs = SchoolLocation.objects.filter(years__school_year=scope.year, years__is_member=True)
    if not scope.sees_everything:
        qs = qs.filter(pk__in=scope.so_location_ids)
    return qs.order_by("name")


def coach_task(
    year: SchoolYear, scope: Scope, location_ids: frozenset[int] | None = None
) -> FacilitatedTask | None:
    """Per school the coaches of its starters and their facilitation hours by the year's
    policy, for the facilitation overview: the projectleider and the kernteam see every
    school (or the given ones: the overview's page), an SO their own. One query: the
    starters with the policy's hours."""
    if scope.sees_everything or scope.has(Role.KERNTEAM):
        allowed: frozenset[int] | None = None
    elif scope.has(Role.SO):
        allowed = scope.so_location_ids
    else:
        return None
    starters = Starter.objects.filter(
        school_year=year, coach__isnull=False, exit_interview__isnull=True
    )
    if allowed is not None:
        starters = starters.filter(location_id__in=allowed)
    if location_ids is not None:
        starters = starters.filter(location_id__in=location_ids)
    # The policy's two numbers come with the starters (its row, if the projectleider saved
    # one), so the overview spends one query here, not two.
    by_school: dict[str, dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
    policy = InductionPolicy(school_year=year)
    for location_name, coach_id, induction_year, first, later in starters.values_list(
        "location__name",
        "coach_id",
        "induction_year",
        "school_year__induction_policy__coach_hours_first_year",
        "school_year__induction_policy__coach_hours_later_years",
    ):
        by_school[location_name][coach_id].append(induction_year)
        if first is not None:
            policy.coach_hours_first_year, policy.coach_hours_later_years = first, later
    rows = []
    for name, coaches in sorted(by_school.items()):
        hours = [rules.coach_hours(policy, years) for years in coaches.values()]
        starters_coached = sum(h.starters for h in hours)
        rows.append(
            TaskRow(
                school=name,
                people=len(coaches),
                hours=sum((h.hours for h in hours), start=Decimal(0)),
                detail=f"{starters_coached} starter{'s' if starters_coached != 1 else ''}",
            )
        )
    return FacilitatedTask(
        title="Coaches van startende leraren",
        people_label="Coaches",
        rows=rows,
        link=reverse("induction:register") + f"?jaar={year.name}",
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
    """The first early hires with the rule's explanation (two queries, whatever the size).

    Finding them reads the placements of every former student of the reader's schools, on
    each visit of the register: the signals are kept per data version under the starters'
    SQL (the reader's scope and year), and a kept visit reads only the flagged starters by
    key, none when nobody is flagged."""

    def found() -> list[tuple[int, str]]:
        rows = list(early_hires(starters)[:limit])
        facts = final_placement_facts(s.former_student_id for s in rows)
        signals = []
        for starter in rows:
            signal = job_before_final(
                hired_on=starter.hired_on, placements=facts.get(starter.former_student_id, [])
            )
            if signal.raised:
                signals.append((starter.pk, signal.explanation))
        return signals

    try:
        sql = str(starters.query)
    except EmptyResultSet:  # a scope without schools
        return []
    except (TypeError, ValueError):  # SQL that does not print with its parameters
        signals = found()
    else:
        key = f"induction:early:{limit}:{dataversion.digest(sql)}"
        signals = dataversion.kept_figures(key, found)
    if not signals:
        return []
    by_pk = starters.order_by().in_bulk([pk for pk, _ in signals])
    # A starter gone since the signals were kept is left out: that write made them stale.
    return [EarlyHire(by_pk[pk], text) for pk, text in signals if pk in by_pk]
