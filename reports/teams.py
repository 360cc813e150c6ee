"""Who sits in which ontwikkelteam of a year, for figures 2 and 6.

The teams are kept per year by the years app, which builds on this one (closing a year
keeps a report snapshot), so this app cannot import it: the years app hands its reader in
at start-up (`register`). Without a reader the teams come from the ontwikkelteam role
assignments, as in the first year the application was used."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from bos.models import Role, RoleAssignment, SchoolYear


@dataclass(frozen=True)
class TeamMember:
    team: str
    person_id: int
    hours: Decimal
    is_kartrekker: bool


TeamReader = Callable[[SchoolYear], list[TeamMember]]
_reader: TeamReader | None = None


def register(reader: TeamReader) -> None:
    global _reader
    _reader = reader


def members_of(year: SchoolYear) -> list[TeamMember]:
    """Every member of every team of the year, team by team."""
    if _reader is not None:
        return _reader(year)
    assignments = RoleAssignment.objects.filter(school_year=year, role=Role.ONTWIKKELTEAM).order_by(
        "team", "person__last_name", "person__first_name"
    )
    return [
        TeamMember(
            team=str(assignment.get_team_display()),
            person_id=assignment.person_id,
            hours=assignment.hours or Decimal(0),
            is_kartrekker=assignment.is_kartrekker,
        )
        for assignment in assignments
    ]
