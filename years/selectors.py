"""Reads of the running-year pages (a fixed number of queries, whatever the data)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from bos.models import LocationYear, Role, RoleAssignment, SchoolYear, SchoolYearEvent
from facilitation.rules import KernteamWarning, TeamHours, kernteam_with_team_hours
from reports.teams import TeamMember

from .models import DevelopmentTeamMember


@dataclass
class YearRow:
    year: SchoolYear
    locations: int
    missing_pupils: int
    roles: int


def year_rows() -> list[YearRow]:
    locations = {
        row["school_year"]: row
        for row in LocationYear.objects.filter(is_member=True)
        .values("school_year")
        .annotate(total=Count("pk"), missing=Count("pk", filter=Q(pupils__isnull=True)))
    }
    roles = dict(
        RoleAssignment.objects.values("school_year")
        .annotate(total=Count("pk"))
        .values_list("school_year", "total")
    )
    rows = []
    for year in SchoolYear.objects.select_related("closed_by").order_by("-start_date"):
        counts = locations.get(year.pk, {"total": 0, "missing": 0})
        rows.append(YearRow(year, counts["total"], counts["missing"], roles.get(year.pk, 0)))
    return rows


def events(year: SchoolYear | None = None) -> QuerySet[SchoolYearEvent]:
    qs = SchoolYearEvent.objects.select_related("school_year", "actor")
    if year is not None:
        qs = qs.filter(school_year=year)
    return qs[:50]


def team_members(year: SchoolYear) -> list[TeamMember]:
    """The year's ontwikkelteams as the report reads them (`reports.teams`)."""
    members = (
        DevelopmentTeamMember.objects.filter(team__school_year=year)
        .select_related("team")
        .order_by("team_id", "person__last_name", "person__first_name")
    )
    return [
        TeamMember(
            team=member.team.name,
            person_id=member.person_id,
            hours=member.hours,
            is_kartrekker=member.team.kartrekker_id == member.person_id,
        )
        for member in members
    ]


def kernteam_warnings(year: SchoolYear) -> list[KernteamWarning]:
    """Kernteam members of `year` who also receive ontwikkelteam hours (two queries)."""
    kernteam = set(
        RoleAssignment.objects.filter(school_year=year, role=Role.KERNTEAM).values_list(
            "person_id", flat=True
        )
    )
    if not kernteam:
        return []
    members = (
        DevelopmentTeamMember.objects.filter(team__school_year=year, person_id__in=kernteam)
        .select_related("team", "person")
        .order_by("person__last_name", "person__first_name", "team__name")
    )
    return kernteam_with_team_hours(
        TeamHours(
            person_key=member.person_id,
            person=member.person.full_name,
            team=member.team.name,
            hours=member.hours,
            in_kernteam=True,
        )
        for member in members
    )
