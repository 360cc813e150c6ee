"""What an institute's key may read: always filtered to that institute's students (the
scope rule of the API); a row of another institute is indistinguishable from a missing one."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from afternoons.models import DeepeningAfternoon
from bos.models import Institute, SchoolYear
from placements.models import (
    PENDING_STATUSES,
    Placement,
    PlaceOffer,
    Proposal,
    ProposalStatus,
    Student,
)
from professionalization.models import Meeting, MeetingKind

from .services import matching_years


def year_named(name: str | None) -> SchoolYear | None:
    """The school year `name` (e.g. 2021-2022); the current one when no name is given."""
    if not name:
        return SchoolYear.objects.current()
    return SchoolYear.objects.filter(name=name).first()


def students(institute: Institute) -> QuerySet[Student]:
    return Student.objects.filter(institute=institute).select_related("institute")


def placements(institute: Institute, year: SchoolYear | None = None) -> QuerySet[Placement]:
    qs = Placement.objects.filter(student__institute=institute).select_related(
        "student", "location", "school_year", "wpb"
    )
    if year is not None:
        qs = qs.filter(school_year=year)
    return qs.order_by("school_year__start_date", "location__name", "student__last_name", "pk")


def offers() -> QuerySet[PlaceOffer]:
    """Places on offer this year and the next, for every institute, with what is taken."""
    return (
        PlaceOffer.objects.filter(school_year__in=matching_years(), places__gt=0)
        .select_related("location", "school_year")
        .annotate(
            accepted=Count("proposals", filter=Q(proposals__status=ProposalStatus.ACCEPTED)),
            pending=Count("proposals", filter=Q(proposals__status__in=PENDING_STATUSES)),
        )
        .order_by("school_year__start_date", "subject", "level", "location__name", "pk")
    )


def proposals(institute: Institute) -> QuerySet[Proposal]:
    return (
        Proposal.objects.filter(student__institute=institute)
        .select_related("student", "location", "school_year")
        .order_by("-created_at", "-pk")
    )


def afternoons(institute: Institute, year: SchoolYear) -> QuerySet[DeepeningAfternoon]:
    """The year's deepening afternoons open to this institute's students (no institutes
    named: open to all)."""
    return (
        DeepeningAfternoon.objects.filter(school_year=year)
        .filter(Q(institutes__isnull=True) | Q(institutes=institute))
        .distinct()
        .order_by("date", "start_time", "number", "pk")
    )


def meetings(year: SchoolYear) -> QuerySet[Meeting]:
    return (
        Meeting.objects.filter(school_year=year, kind=MeetingKind.THEME)
        .select_related("theme", "location")
        .order_by("date", "start_time", "pk")
    )
