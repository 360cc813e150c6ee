"""Reads of students and placements, narrowed to what the asking user may see."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from bos.models import Role, SchoolYear
from bos.permissions import Scope, get_scope

from .models import Placement


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
