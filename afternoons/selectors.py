"""Reads of the verdiepingsmiddagen that depend on who asks: the planner's afternoons, a
student's invitations, a leader's workshops, an SO's or IO's students."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import (
    Avg,
    BigIntegerField,
    Count,
    ExpressionWrapper,
    F,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)

from bos.models import SchoolYear, User
from bos.permissions import Scope, get_scope
from bos.queries import average_of, count_of
from placements.models import OPEN_STATUSES, Placement, PlacementStatus, Student

from . import rules
from .models import DeepeningAfternoon, Evaluation, Invitation, Workshop, WorkshopAssignment


def audience_of(afternoon: DeepeningAfternoon) -> rules.Audience:
    return rules.Audience(
        date=afternoon.date,
        institute_ids=frozenset(afternoon.institutes.values_list("pk", flat=True)),
        levels=frozenset(afternoon.levels or ()),
        cohort_start_from=afternoon.cohort_start_from,
        cohort_start_until=afternoon.cohort_start_until,
    )


def audience_placements(afternoon: DeepeningAfternoon) -> list[Placement]:
    """The placements of the year whose students the afternoon is for (one per student:
    the one at the school they are at on the day, else their latest)."""
    audience = audience_of(afternoon)
    placements = (
        Placement.objects.for_year(afternoon.school_year)
        .exclude(status=PlacementStatus.STOPPED)
        .select_related("student__institute", "location")
        .order_by("student_id", "-start_date", "pk")
    )
    chosen: dict[int, Placement] = {}
    for placement in placements:
        facts = rules.PlacementFacts(
            student_id=placement.student_id,
            institute_id=placement.student.institute_id,
            level=placement.level,
            start_date=placement.start_date,
            end_date=placement.end_date,
            is_open=placement.status in OPEN_STATUSES,
            is_taster=placement.is_taster,
        )
        if not rules.in_audience(facts, audience):
            continue
        current = chosen.get(placement.student_id)
        on_the_day = placement.start_date <= afternoon.date <= placement.end_date
        if current is None or (
            on_the_day and not (current.start_date <= afternoon.date <= current.end_date)
        ):
            chosen[placement.student_id] = placement
    return sorted(chosen.values(), key=lambda p: (p.student.last_name, p.student.first_name))


def audience_condition(audience: rules.Audience) -> Q:
    """`rules.in_audience` as a database condition on placements, for counting an audience
    without reading it (tests keep the two equal)."""
    condition = Q(status__in=OPEN_STATUSES, is_taster=False) & Q(
        start_date__lte=audience.date, end_date__gte=audience.date
    )
    if audience.institute_ids:
        condition &= Q(student__institute_id__in=audience.institute_ids)
    if audience.levels:
        condition &= Q(level__in=audience.levels)
    if audience.cohort_start_from:
        condition &= Q(start_date__gte=audience.cohort_start_from)
    if audience.cohort_start_until:
        condition &= Q(start_date__lte=audience.cohort_start_until)
    return condition


def audience_count(afternoon: DeepeningAfternoon) -> int:
    """How many students the afternoon is for: `len(audience_placements(...))`, counted in
    the database (a region's year holds tens of thousands of placements)."""
    return (
        Placement.objects.for_year(afternoon.school_year)
        .exclude(status=PlacementStatus.STOPPED)
        .filter(audience_condition(audience_of(afternoon)))
        .values("student_id")
        .distinct()
        .count()
    )


def audience_students(afternoon: DeepeningAfternoon) -> list[Student]:
    return [placement.student for placement in audience_placements(afternoon)]


def school_names(afternoon: DeepeningAfternoon, student_ids: Iterable[int]) -> dict[int, str]:
    """The school each student is placed at in the afternoon's year (the latest placement)."""
    names: dict[int, str] = {}
    for student_id, name in (
        Placement.objects.for_year(afternoon.school_year)
        .filter(student_id__in=list(student_ids))
        .order_by("start_date", "pk")
        .values_list("student_id", "location__name")
    ):
        names[student_id] = name
    return names


def year_students(year: SchoolYear) -> QuerySet[Student]:
    return Student.objects.filter(placements__school_year=year).distinct()


def walk_in_candidates(afternoon: DeepeningAfternoon, query: str) -> list[Student]:
    """Students of the year matching a name or student number, at most 20."""
    query = query.strip()
    if len(query) < 2:
        return []
    words = query.split()
    students = year_students(afternoon.school_year)
    for word in words:
        students = students.filter(
            Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(student_number__icontains=word)
        )
    return list(students.select_related("institute").order_by("last_name", "first_name")[:20])


# --- Planner ---------------------------------------------------------------------------


def afternoon_list(year: SchoolYear) -> QuerySet[DeepeningAfternoon]:
    """The year's afternoons in the planner's order, without their workshops (a page reads
    its themes with `themes_of`)."""
    return DeepeningAfternoon.objects.filter(school_year=year).order_by("date", "number")


def afternoons_for_planner(year: SchoolYear) -> QuerySet[DeepeningAfternoon]:
    """`afternoon_list`, each with its invited, assigned and present students counted."""
    return afternoon_list(year).annotate(
        # One subquery per relation: joining both multiplies their rows.
        invited=count_of(Invitation, "afternoon"),
        assigned=count_of(WorkshopAssignment, "afternoon"),
        present=count_of(WorkshopAssignment, "afternoon", attended=True),
    )


def planner_counts(year: SchoolYear, ids: Iterable[int]) -> dict[int, dict[str, int]]:
    """The counts of `afternoons_for_planner` per afternoon id, for the afternoons `ids`."""
    rows = (
        afternoons_for_planner(year)
        .filter(pk__in=list(ids))
        .values("pk", "invited", "assigned", "present")
    )
    return {row.pop("pk"): row for row in rows}


# A workshop's place in its afternoon as one number, (order, pk) in that order: a theme's
# first workshop is the one with the least of it.
_WORKSHOP_PLACE = ExpressionWrapper(F("order") * 2**40 + F("pk"), output_field=BigIntegerField())


def themes_of(ids: Iterable[int]) -> dict[int, list[str]]:
    """Each afternoon's themes as `DeepeningAfternoon.theme_list` gives them (in workshop
    order, each once), read as one row per afternoon and theme rather than per workshop: a
    popular theme runs in many groups."""
    rows = (
        Workshop.objects.filter(afternoon_id__in=list(ids))
        .values("afternoon_id", "theme")
        .annotate(first=Min(_WORKSHOP_PLACE))
        .order_by("afternoon_id", "first")
        .values_list("afternoon_id", "theme")
    )
    themes: dict[int, list[str]] = {}
    for afternoon_id, theme in rows:
        themes.setdefault(afternoon_id, []).append(theme)
    return themes


def afternoon_figures(afternoon: DeepeningAfternoon) -> dict[str, Any]:
    """The afternoon's counts: per workshop, of its invitations, choices and evaluations."""
    per_workshop = (
        afternoon.workshops.order_by()
        .annotate(
            # One subquery per relation: joining both multiplies their rows.
            assigned=count_of(WorkshopAssignment, "workshop"),
            present=count_of(WorkshopAssignment, "workshop", attended=True),
            responses=count_of(Evaluation, "workshop"),
            mean=average_of(Evaluation, "workshop", "score"),
        )
        .values("pk", "assigned", "present", "responses", "mean")
    )
    return {
        "workshops": {row.pop("pk"): row for row in per_workshop},
        "invitations": afternoon.invitations.aggregate(
            total=Count("pk"),
            sent=Count("pk", filter=Q(sent_at__isnull=False)),
            reminded=Count("pk", filter=Q(reminder_sent_at__isnull=False)),
        ),
        "chosen": afternoon.preferences.values("student_id").distinct().count(),
        "scores": Evaluation.objects.filter(afternoon=afternoon).aggregate(
            responses=Count("pk"), mean=Avg("score")
        ),
        "audience_count": audience_count(afternoon),
    }


def afternoon_get(*, user: User, pk: int, related: bool = True) -> DeepeningAfternoon:
    """An afternoon the planner may open: any of the chosen year's (404 otherwise); with
    its institutes and workshops unless `related` is false."""
    scope = get_scope(user)
    afternoons = DeepeningAfternoon.objects.filter(school_year=scope.year).select_related(
        "school_year"
    )
    if related:
        afternoons = afternoons.prefetch_related("institutes", "workshops__leader")
    return afternoons.get(pk=pk)


def assignments_of(afternoon: DeepeningAfternoon) -> QuerySet[WorkshopAssignment]:
    return afternoon.assignments.select_related("student__institute", "workshop").order_by(
        "workshop__order", "workshop_id", "student__last_name", "student__first_name"
    )


# --- Student ---------------------------------------------------------------------------


def student_afternoons(user: User) -> list[dict[str, Any]]:
    """The afternoons a student is invited to in the chosen year, with their choices and,
    once published, their workshop."""
    student = getattr(user, "student", None)
    if student is None:
        return []
    scope = get_scope(user)
    afternoons = (
        DeepeningAfternoon.objects.filter(school_year=scope.year, invitations__student=student)
        .prefetch_related(
            "workshops",
            Prefetch(
                "preferences",
                queryset=student.afternoon_preferences.select_related("workshop").order_by("rank"),
                to_attr="my_preferences",
            ),
            Prefetch(
                "assignments",
                queryset=student.afternoon_assignments.select_related("workshop"),
                to_attr="my_assignments",
            ),
            Prefetch(
                "evaluations",
                queryset=student.afternoon_evaluations.all(),
                to_attr="my_evaluations",
            ),
        )
        .order_by("date")
    )
    rows = []
    for afternoon in afternoons:
        assignment = afternoon.my_assignments[0] if afternoon.my_assignments else None
        rows.append(
            {
                "afternoon": afternoon,
                "preferences": afternoon.my_preferences,
                # The workshop (and its location) only once the assignment is published.
                "assignment": assignment if afternoon.published_at else None,
                "evaluated": bool(afternoon.my_evaluations),
            }
        )
    return rows


def student_afternoon_get(*, user: User, pk: int) -> DeepeningAfternoon:
    student = getattr(user, "student", None)
    if student is None:
        raise DeepeningAfternoon.DoesNotExist
    return (
        DeepeningAfternoon.objects.filter(invitations__student=student)
        .prefetch_related("workshops")
        .get(pk=pk)
    )


def theme_options(afternoon: DeepeningAfternoon) -> list[Workshop]:
    """One workshop per theme: the one that stands for the theme in a student's choice."""
    seen: dict[str, Workshop] = {}
    for workshop in afternoon.workshops.all():
        seen.setdefault(workshop.theme, workshop)
    return list(seen.values())


# --- Leaders ---------------------------------------------------------------------------


def workshops_for_attendance(user: User, year: SchoolYear | None = None) -> QuerySet[Workshop]:
    """The projectleider keeps every workshop's list of the year; a leader their own."""
    scope = get_scope(user, year)
    workshops = Workshop.objects.filter(afternoon__school_year=scope.year)
    if scope.sees_everything:
        return workshops
    if scope.person_id is None:
        return workshops.none()
    return workshops.filter(leader_id=scope.person_id)


def attendance_list(workshop: Workshop) -> list[WorkshopAssignment]:
    return list(
        workshop.assignments.select_related("student__institute").order_by(
            "student__last_name", "student__first_name"
        )
    )


# --- SO and IO -------------------------------------------------------------------------


def _own_placements(scope: Scope) -> QuerySet[Placement] | None:
    """The placements of the year the user follows: all for the projectleider; an SO's
    locations; an IO's institute at their locations. None: nothing."""
    placements = Placement.objects.for_year(scope.year) if scope.year else Placement.objects.none()
    if scope.sees_everything:
        return placements
    condition = Q()
    if scope.so_location_ids:
        condition |= Q(location_id__in=scope.so_location_ids)
    for institute_id, location_id in scope.io_pairs:
        condition |= Q(student__institute_id=institute_id, location_id=location_id)
    if not condition:
        return None
    return placements.filter(condition)


def _own_assignments(scope: Scope, placements: QuerySet[Placement]) -> QuerySet[WorkshopAssignment]:
    return WorkshopAssignment.objects.filter(
        afternoon__school_year=scope.year,
        afternoon__published_at__isnull=False,
        student_id__in=placements.values("student_id"),
    )


def absentees(user: User) -> QuerySet[WorkshopAssignment]:
    """The user's students absent from a published afternoon, in the follow-up page's order
    (the start page reads the first few and the count)."""
    scope = get_scope(user)
    placements = _own_placements(scope)
    if placements is None:
        return WorkshopAssignment.objects.none()
    return (
        _own_assignments(scope, placements)
        .filter(attended=False)
        .select_related("student", "afternoon")
        .order_by("afternoon__date", "student__last_name", "student__first_name", "pk")
    )


def follow_up_assignments(user: User) -> QuerySet[WorkshopAssignment]:
    """The published assignments (and walk-ins) of the user's students in the chosen year,
    each with the school of the student's latest placement, by afternoon and name: the
    follow-up page reads a page of it at a time."""
    scope = get_scope(user)
    placements = _own_placements(scope)
    if placements is None:
        return WorkshopAssignment.objects.none()
    # The school of each student's latest placement, read in the same query as a subquery.
    school_of = (
        placements.filter(student_id=OuterRef("student_id"))
        .order_by("-start_date", "-pk")
        .values("location__name")[:1]
    )
    return (
        _own_assignments(scope, placements)
        .annotate(school_name=Subquery(school_of))
        .select_related("student__institute", "workshop", "afternoon")
        .order_by("afternoon__date", "student__last_name", "student__first_name", "pk")
    )


def follow_up_counts(
    assignments: QuerySet[WorkshopAssignment], afternoon_ids: Iterable[int]
) -> dict[int, dict[str, int]]:
    """Present and absent per afternoon over all of `assignments` (not just a page), in one
    grouped query over the assignments alone."""
    rows = (
        assignments.filter(afternoon_id__in=list(afternoon_ids))
        .order_by()
        .values("afternoon_id")
        .annotate(
            present=Count("pk", filter=Q(attended=True)),
            absent=Count("pk", filter=Q(attended=False)),
        )
    )
    return {
        row["afternoon_id"]: {"present": row["present"], "absent": row["absent"]} for row in rows
    }


def follow_up(user: User) -> dict[str, Any]:
    """Per afternoon of the chosen year: the user's students who were assigned or walked in,
    whether they came, and the absentees to follow up."""
    scope = get_scope(user)
    if _own_placements(scope) is None:
        return {"afternoons": [], "absentees": []}
    by_afternoon: dict[int, dict[str, Any]] = {}
    absentees = []
    for assignment in follow_up_assignments(user):
        entry = by_afternoon.setdefault(
            assignment.afternoon_id,
            {"afternoon": assignment.afternoon, "rows": [], "present": 0, "absent": 0},
        )
        assignment.school = assignment.school_name or ""
        entry["rows"].append(assignment)
        if assignment.attended is True:
            entry["present"] += 1
        elif assignment.attended is False:
            entry["absent"] += 1
            absentees.append(assignment)
    return {"afternoons": list(by_afternoon.values()), "absentees": absentees}
