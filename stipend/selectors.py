"""Reads of stipend applications, narrowed to what the asking user may see."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from bos.models import SchoolYear
from bos.permissions import Scope, get_scope
from placements.models import Placement

from .models import Status, StipendApplication

BEFORE_HR = (Status.CONCEPT, Status.SIGNED, Status.SO_APPROVED)


def application_scope_filter(scope: Scope) -> Q | None:
    """None means everything (projectleider, admin: masked); Q(pk__in=[]) means nothing."""
    if scope.sees_everything:
        return None
    condition = Q(pk__in=[])
    if scope.so_location_ids:
        condition |= Q(placement__location_id__in=scope.so_location_ids)
    if scope.director_location_ids:
        condition |= Q(placement__location_id__in=scope.director_location_ids)
    if scope.hr_board_ids:
        # HR sees an application from the moment the director sends it on.
        condition |= Q(placement__location__board_id__in=scope.hr_board_ids) & ~Q(
            status__in=BEFORE_HR
        )
    if scope.student_id:
        condition |= Q(placement__student_id=scope.student_id)
    return condition


def _base() -> QuerySet[StipendApplication]:
    return StipendApplication.objects.select_related(
        "placement__student__institute",
        "placement__location__board__hr_office",
        "placement__school_year",
        "placement__so",
        "placement__wpb",
    )


def application_list(*, user: Any, year: SchoolYear | None = None) -> QuerySet[StipendApplication]:
    scope = get_scope(user, year)
    qs = _base().filter(placement__school_year=scope.year)
    condition = application_scope_filter(scope)
    if condition is not None:
        qs = qs.filter(condition)
    return qs.order_by("placement__location__name", "last_name", "pk")


def application_get(*, user: Any, pk: int) -> StipendApplication:
    """One application in the user's scope; raises StipendApplication.DoesNotExist otherwise."""
    application = _base().get(pk=pk)
    scope = get_scope(user, application.placement.school_year)
    condition = application_scope_filter(scope)
    if condition is not None and not StipendApplication.objects.filter(condition, pk=pk).exists():
        raise StipendApplication.DoesNotExist
    return application


def hr_queue(*, user: Any, year: SchoolYear | None = None) -> QuerySet[StipendApplication]:
    """The applications HR of the user's board(s) must process, oldest first."""
    scope = get_scope(user, year)
    return (
        _base()
        .filter(
            placement__school_year=scope.year,
            placement__location__board_id__in=scope.hr_board_ids,
            status=Status.SUBMITTED,
        )
        .order_by("updated_at", "pk")
    )


def hr_applications(*, user: Any, year: SchoolYear | None = None) -> QuerySet[StipendApplication]:
    scope = get_scope(user, year)
    return (
        _base()
        .filter(
            placement__school_year=scope.year,
            placement__location__board_id__in=scope.hr_board_ids,
        )
        .exclude(status__in=BEFORE_HR)
        .order_by("status", "last_name", "pk")
    )


def may_reveal(user: Any, application: StipendApplication) -> bool:
    """Only HR of the application's own board sees BSN, IBAN and date of birth unmasked."""
    scope = get_scope(user, application.placement.school_year)
    return application.placement.location.board_id in scope.hr_board_ids


def is_own_student(user: Any, application: StipendApplication) -> bool:
    student = getattr(user, "student", None)
    return student is not None and application.placement.student_id == student.pk


def is_so_of(user: Any, application: StipendApplication) -> bool:
    scope = get_scope(user, application.placement.school_year)
    return application.placement.location_id in scope.so_location_ids


def is_director_of(user: Any, application: StipendApplication) -> bool:
    scope = get_scope(user, application.placement.school_year)
    return application.placement.location_id in scope.director_location_ids


def placement_id_in_live_application() -> Q:
    live = StipendApplication.objects.filter(anonymised_at__isnull=True).exclude(
        status=Status.REJECTED
    )
    # EXISTS, not IN: excluded, NOT IN hashes every application of every year on each
    # request (18 ms at a region's size); NOT EXISTS probes the placement's own.
    return Q(Exists(live.filter(placement_id=OuterRef("pk"))))


def startable_placements(*, user: Any, year: SchoolYear | None = None) -> QuerySet[Placement]:
    """Final placements of the SO's locations or of the student without a live application."""
    scope = get_scope(user, year)
    condition = Q(pk__in=[])
    if scope.so_location_ids:
        condition |= Q(location_id__in=scope.so_location_ids)
    if scope.student_id:
        condition |= Q(student_id=scope.student_id)
    return (
        Placement.objects.filter(condition, school_year=scope.year, is_final=True)
        .exclude(placement_id_in_live_application())
        .select_related("student", "location")
        .order_by("location__name", "student__last_name")
    )
