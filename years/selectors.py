"""Reads of the running-year pages (a fixed number of queries, whatever the data)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet

from bos.models import (
    LocationYear,
    Person,
    Qualification,
    Role,
    RoleAssignment,
    SchoolLocation,
    SchoolYear,
    SchoolYearEvent,
)
from bos.permissions import Scope, scope_for_year
from facilitation.rules import (
    KernteamWarning,
    TeamHours,
    kernteam_with_team_hours,
    qualification_gaps,
)
from placements.models import Placement
from reports.teams import TeamMember

from .models import DevelopmentTeamMember
from .rules import TeamFlag, TeamMemberFacts, training_team_flags


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


# The opleidingsteam of a location in a year (issue #25): its SO(s), its IO(s) per
# institute and its WPBs, with a lerarencoach assigned there beside them. Derived from the
# year's role assignments and placements, never kept on its own.
TEAM_ROLES = (Role.SO, Role.IO, Role.WPB, Role.LERARENCOACH)
ROLE_LABELS = {
    Role.SO: "Schoolopleider",
    Role.IO: "Instituutsopleider",
    Role.WPB: "Werkplekbegeleider",
    Role.LERARENCOACH: "Lerarencoach",
}


@dataclass
class TrainingTeamRow:
    person: Person
    role: str
    institute: str
    # WPBs: the year's students at the location they mentor (as WPB or co-WPB).
    students: int | None
    qualifications: list[Qualification]
    gaps: tuple[str, ...]

    @property
    def role_label(self) -> str:
        return ROLE_LABELS[self.role]


@dataclass
class TrainingTeam:
    location: SchoolLocation
    year: SchoolYear
    rows: list[TrainingTeamRow] = field(default_factory=list)
    # Institute short name → the year's students of it placed at the location.
    students_per_institute: dict[str, int] = field(default_factory=dict)
    flags: list[TeamFlag] = field(default_factory=list)

    @property
    def trainers(self) -> list[TrainingTeamRow]:
        """The SO(s), the IO(s) and a lerarencoach: everyone but the WPBs."""
        return [row for row in self.rows if row.role != Role.WPB]

    @property
    def mentors(self) -> list[TrainingTeamRow]:
        return [row for row in self.rows if row.role == Role.WPB]

    def _count(self, role: str) -> int:
        return len({row.person.pk for row in self.rows if row.role == role})

    @property
    def so_count(self) -> int:
        return self._count(Role.SO)

    @property
    def io_count(self) -> int:
        return self._count(Role.IO)

    @property
    def wpb_count(self) -> int:
        return self._count(Role.WPB)

    @property
    def student_count(self) -> int:
        return sum(self.students_per_institute.values())


def team_locations(scope: Scope) -> QuerySet[SchoolLocation]:
    """The year's member locations whose opleidingsteam the user may read: every one for
    the projectleider, the admin and the kernteam; otherwise where they are SO, IO, WPB or
    director, and the schools of the board they coordinate."""
    locations = SchoolLocation.objects.filter(
        years__school_year=scope.year, years__is_member=True
    ).select_related("board")
    if scope.sees_everything or scope.has(Role.KERNTEAM):
        return locations.order_by("name")
    own = (
        set(scope.so_location_ids)
        | {location for _, location in scope.io_pairs}
        | set(scope.wpb_location_ids)
        | set(scope.director_location_ids)
    )
    return locations.filter(Q(pk__in=own) | Q(board_id__in=scope.bc_board_ids)).order_by("name")


def training_teams(year: SchoolYear, locations: Collection[SchoolLocation]) -> list[TrainingTeam]:
    """The opleidingsteams of `locations` in `year`, in bulk: four queries, whatever the
    number of locations, people or placements."""
    by_id = {location.pk: location for location in locations}
    if not by_id:
        return []
    links = (
        RoleAssignment.locations.through.objects.filter(
            schoollocation_id__in=by_id,
            roleassignment__school_year=year,
            roleassignment__role__in=TEAM_ROLES,
        )
        .select_related("roleassignment__person", "roleassignment__institute")
        .order_by("roleassignment__person__last_name", "roleassignment__person__first_name", "pk")
    )
    assignments: dict[int, list[RoleAssignment]] = defaultdict(list)
    for link in links:
        assignments[link.schoollocation_id].append(link.roleassignment)
    people = {a.person_id for rows in assignments.values() for a in rows}
    held: dict[int, list[Qualification]] = defaultdict(list)
    for qualification in Qualification.objects.filter(person_id__in=people).order_by("kind"):
        held[qualification.person_id].append(qualification)
    # Placements the report counts (not one stopped before it was ever registered).
    placements = Placement.objects.filter(school_year=year, location_id__in=by_id).reported()
    per_institute: dict[int, dict[str, int]] = defaultdict(dict)
    for row in (
        placements.order_by()
        .values("location_id", "student__institute__short_name")
        .annotate(n=Count("student", distinct=True))
    ):
        per_institute[row["location_id"]][row["student__institute__short_name"]] = row["n"]
    mentored: dict[tuple[int, int], set[int]] = defaultdict(set)
    for location_id, wpb_id, co_wpb_id, student_id in placements.order_by().values_list(
        "location_id", "wpb_id", "co_wpbs", "student_id"
    ):
        for mentor in (wpb_id, co_wpb_id):
            if mentor is not None:
                mentored[(location_id, mentor)].add(student_id)
    order = {role: index for index, role in enumerate(TEAM_ROLES)}
    teams = []
    for location_id, location in by_id.items():
        rows = []
        for assignment in assignments.get(location_id, []):
            qualifications = held.get(assignment.person_id, [])
            kinds = [q.kind for q in qualifications]
            rows.append(
                TrainingTeamRow(
                    person=assignment.person,
                    role=assignment.role,
                    institute=assignment.institute.short_name if assignment.institute else "",
                    students=(
                        len(mentored.get((location_id, assignment.person_id), ()))
                        if assignment.role == Role.WPB
                        else None
                    ),
                    qualifications=qualifications,
                    gaps=qualification_gaps(assignment.role, kinds),
                )
            )
        rows.sort(key=lambda row: (order[row.role], row.institute))
        students = dict(sorted(per_institute.get(location_id, {}).items()))
        flags = training_team_flags(
            (
                TeamMemberFacts(
                    name=row.person.full_name,
                    role=row.role,
                    institute=row.institute,
                    held=frozenset(q.kind for q in row.qualifications),
                )
                for row in rows
            ),
            students,
        )
        teams.append(TrainingTeam(location, year, rows, students, flags))
    return sorted(teams, key=lambda team: team.location.name)


def training_team_for(*, user: Any, year: SchoolYear, location_id: int) -> TrainingTeam:
    """One location's opleidingsteam, judged in `year` (the year of the URL). A location
    outside the user's scope in that year raises `SchoolLocation.DoesNotExist` (a 404)."""
    location = team_locations(scope_for_year(user, year)).get(pk=location_id)
    [team] = training_teams(year, [location])
    return team


def training_teams_for(*, user: Any, year: SchoolYear) -> list[TrainingTeam]:
    """The opleidingsteams of every location the user may read in `year`."""
    return training_teams(year, list(team_locations(scope_for_year(user, year))))
