"""Reads of students and placements, narrowed to what the asking user may see."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.db.models import Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from bos.models import LocationYear, Role, RoleAssignment, SchoolLocation, SchoolYear
from bos.permissions import Scope, get_scope
from facilitation.params import PolicyParams
from facilitation.rules import streefaantal
from facilitation.selectors import PolicyMissing, policy_for

from .models import (
    OPEN_STATUSES,
    ChecklistItem,
    ChecklistKind,
    Placement,
    Reservation,
    StageLevel,
    Student,
)


def placement_scope_filter(scope: Scope) -> Q | None:
    """The Q that limits placements to a scope; None means everything; Q(pk__in=[]) nothing."""
    if scope.sees_everything:
        return None
    condition = Q(pk__in=[])
    if scope.so_location_ids:
        condition |= Q(location_id__in=scope.so_location_ids)
    for institute_id, location_id in scope.io_pairs:
        condition |= Q(student__institute_id=institute_id, location_id=location_id)
    if scope.has(Role.WPB) and scope.person_id:
        condition |= Q(wpb_id=scope.person_id) | Q(co_wpbs__id=scope.person_id)
    if scope.student_id:
        condition |= Q(student_id=scope.student_id)
    return condition


def placement_list(*, user: Any, year: SchoolYear | None = None) -> QuerySet[Placement]:
    scope = get_scope(user, year)
    qs = Placement.objects.filter(school_year=scope.year).select_related(
        "student__institute", "location", "wpb", "so", "io", "school_year"
    )
    condition = placement_scope_filter(scope)
    if condition is not None:
        qs = qs.filter(condition).distinct()
    return qs.order_by("location__name", "student__last_name", "student__first_name")


def placement_get(*, user: Any, pk: int) -> Placement:
    """One placement in the user's scope (any year); raises Placement.DoesNotExist otherwise."""
    placement = Placement.objects.select_related(
        "student__institute", "location__board", "school_year", "wpb", "so", "io"
    ).get(pk=pk)
    scope = get_scope(user, placement.school_year)
    condition = placement_scope_filter(scope)
    if condition is not None and not Placement.objects.filter(condition, pk=pk).exists():
        raise Placement.DoesNotExist
    return placement


def placement_list_annotated(*, user: Any, year: SchoolYear | None = None) -> QuerySet[Placement]:
    """The list page's rows with their open and overdue checklist counts in one query."""
    from django.db.models import Count
    from django.utils import timezone

    today = timezone.localdate()
    return placement_list(user=user, year=year).annotate(
        open_items=Count("checklist", filter=Q(checklist__done_at__isnull=True), distinct=True),
        overdue_items=Count(
            "checklist",
            filter=Q(checklist__done_at__isnull=True, checklist__due_date__lt=today),
            distinct=True,
        ),
    )


def checklist_for(placement: Placement) -> list[ChecklistItem]:
    return list(placement.checklist.select_related("done_by").order_by("position"))


def checklist_item(pk: int) -> ChecklistItem:
    return ChecklistItem.objects.select_related("done_by").get(pk=pk)


def ict_list(*, user: Any, year: SchoolYear | None = None) -> list[Placement]:
    """Open placements whose student needs a Magister account and staff e-mail."""
    rows = placement_list(user=user, year=year).filter(status__in=OPEN_STATUSES, is_taster=False)
    return list(rows)


def facilities_list(*, user: Any, year: SchoolYear | None = None) -> list[Placement]:
    """Open placements for which facilities arrange keys and copy codes."""
    return list(placement_list(user=user, year=year).filter(status__in=OPEN_STATUSES))


def dashboard(*, user: Any, year: SchoolYear | None = None) -> dict[str, Any]:
    """The SO's overview of their locations in a year."""
    scope = get_scope(user, year)
    year = scope.year
    today = timezone.localdate()
    placements = list(placement_list(user=user, year=year).filter(status__in=OPEN_STATUSES))
    by_level = Counter(p.level for p in placements)
    items = ChecklistItem.objects.filter(
        placement__in=[p.pk for p in placements], done_at__isnull=True
    ).select_related("placement__student", "placement__location")
    open_items = list(items.order_by("due_date", "placement__student__last_name"))
    overdue = [item for item in open_items if item.due_date < today]
    awaiting_reply = [item for item in open_items if item.kind == ChecklistKind.REPLY]
    location_ids = {p.location_id for p in placements} | set(scope.so_location_ids)
    params = _policy_params(year)
    counted = Counter(p.location_id for p in placement_list(user=user, year=year).reported())
    targets = []
    for location_year in LocationYear.objects.filter(
        school_year=year, location_id__in=location_ids
    ).select_related("location"):
        target = (
            streefaantal(location_year.pupils, params)
            if params is not None and location_year.pupils
            else 0
        )
        targets.append(
            {
                "location": location_year.location,
                "pupils": location_year.pupils,
                "target": target,
                "actual": counted[location_year.location_id],
                "percentage": round(100 * counted[location_year.location_id] / target)
                if target
                else None,
            }
        )
    mentors = Counter(p.wpb for p in placements if p.wpb is not None)
    facilitation = _own_facilitation(user, scope) if scope.has(Role.SO) else []
    return {
        "year": year,
        "today": today,
        "open_count": len(placements),
        "levels": [(level.label, by_level[level.value]) for level in StageLevel if by_level[level]],
        "open_items": open_items,
        "overdue": overdue,
        "awaiting_reply": awaiting_reply,
        "targets": sorted(targets, key=lambda row: row["location"].name),
        "mentors": sorted(mentors.items(), key=lambda pair: pair[0].last_name),
        "locations": SchoolLocation.objects.filter(pk__in=location_ids).order_by("name"),
        "facilitation": facilitation,
    }


def _own_facilitation(user: Any, scope: Scope) -> list[Any]:
    """The SO's facilitation hours from the facilitation app (the rules issue), when that
    app and the year's policy are present; otherwise the dashboard leaves them out."""
    try:
        from facilitation.selectors import facilitation_overview
    except ImportError:
        return []
    try:
        rows = facilitation_overview(user=user, year=scope.year)
    except LookupError:  # no facilitation policy for the year (PolicyMissing)
        return []
    return [row for row in rows if row.person.pk == scope.person_id]


def _policy_params(year: SchoolYear | None) -> PolicyParams | None:
    """The year's policy, or None when none is set (the dashboard then shows no target)."""
    if year is None:
        return None
    try:
        return policy_for(year)
    except PolicyMissing:
        return None


def mentor_list(*, user: Any, year: SchoolYear | None = None) -> QuerySet[RoleAssignment]:
    """The WPBs of the user's locations in a year, with their number of placements there.
    The count is a subquery, so the list stays one narrow query per page."""
    from django.db.models import Count, IntegerField, OuterRef, Subquery

    scope = get_scope(user, year)
    wpbs = RoleAssignment.objects.filter(school_year=scope.year, role=Role.WPB)
    if not scope.sees_everything:
        wpbs = wpbs.filter(
            pk__in=RoleAssignment.objects.filter(
                school_year=scope.year, role=Role.WPB, locations__in=scope.so_location_ids
            ).values("pk")
        )
    counts = (
        Placement.objects.filter(school_year=scope.year, wpb_id=OuterRef("person_id"))
        .order_by()
        .values("wpb_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        wpbs.select_related("person")
        .annotate(student_count=Coalesce(Subquery(counts, output_field=IntegerField()), 0))
        .order_by("person__last_name", "person__first_name")
    )


def unplaced_students(*, user: Any, year: SchoolYear | None = None) -> QuerySet[Student]:
    """Students the user knows who have no placement in the year: those placed at the user's
    locations in the previous year, or with a place reserved there for this year."""
    from django.db.models import CharField, Exists, OuterRef, Subquery

    scope = get_scope(user, year)
    year = scope.year
    previous = year.previous() if year is not None else None
    locations = None if scope.sees_everything else scope.so_location_ids
    earlier = Placement.objects.filter(school_year=previous)
    reserved = Reservation.objects.filter(school_year=year)
    if locations is not None:
        earlier = earlier.filter(location_id__in=locations)
        reserved = reserved.filter(location_id__in=locations)
    known = Student.objects.filter(
        Q(pk__in=earlier.values("student_id")) | Q(pk__in=reserved.values("student_id"))
    )
    last_school = (
        Placement.objects.filter(student_id=OuterRef("pk"))
        .order_by("-start_date")
        .values("location__name")[:1]
    )
    reservation = reserved.filter(student_id=OuterRef("pk")).values("location__name")[:1]
    return (
        known.exclude(Exists(Placement.objects.filter(school_year=year, student_id=OuterRef("pk"))))
        .select_related("institute")
        .annotate(
            last_school=Subquery(last_school, output_field=CharField()),
            reserved=Subquery(reservation, output_field=CharField()),
        )
        .order_by("last_name", "first_name")
    )
