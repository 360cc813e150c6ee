"""Writes of ontwikkelteams: save a team, its members and their hours, copy a year's teams
into the next. A closed year's teams are read-only like the rest of its facts."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from bos.closing import ensure_open
from bos.models import Person, SchoolYear

from .models import DevelopmentTeamMember, DevelopmentTeamYear


@transaction.atomic
def team_save(
    *,
    year: SchoolYear,
    name: str,
    assignment: str = "",
    kartrekker: Person | None = None,
    team: DevelopmentTeamYear | None = None,
) -> DevelopmentTeamYear:
    ensure_open(year)
    name = name.strip()
    if not name:
        raise ValidationError({"name": "Geef het team een naam."})
    clash = DevelopmentTeamYear.objects.filter(school_year=year, name__iexact=name)
    if team is not None:
        clash = clash.exclude(pk=team.pk)
    if clash.exists():
        raise ValidationError({"name": f"Er is in {year} al een team met de naam {name}."})
    team = team or DevelopmentTeamYear(school_year=year)
    team.name, team.assignment, team.kartrekker = name, assignment.strip(), kartrekker
    team.save()
    if kartrekker is not None:
        DevelopmentTeamMember.objects.get_or_create(team=team, person=kartrekker)
    return team


@transaction.atomic
def member_set(
    *, team: DevelopmentTeamYear, person: Person, hours: Decimal
) -> DevelopmentTeamMember:
    ensure_open(team.school_year_id)
    if hours < 0:
        raise ValidationError({"hours": "Het aantal uren kan niet negatief zijn."})
    member, _ = DevelopmentTeamMember.objects.update_or_create(
        team=team, person=person, defaults={"hours": hours}
    )
    return member


@transaction.atomic
def member_remove(*, member: DevelopmentTeamMember) -> None:
    ensure_open(member.team.school_year_id)
    if member.team.kartrekker_id == member.person_id:
        raise ValidationError("Kies eerst een andere kartrekker voor dit team.")
    member.delete()


def copy_teams(*, source: SchoolYear, target: SchoolYear) -> int:
    """Teams of `source` missing in `target`, with their kartrekker, members and hours."""
    have = set(
        DevelopmentTeamYear.objects.filter(school_year=target).values_list("name", flat=True)
    )
    count = 0
    for team in DevelopmentTeamYear.objects.filter(school_year=source).prefetch_related("members"):
        if team.name in have:
            continue
        copy = DevelopmentTeamYear.objects.create(
            school_year=target,
            name=team.name,
            assignment=team.assignment,
            kartrekker_id=team.kartrekker_id,
        )
        DevelopmentTeamMember.objects.bulk_create(
            DevelopmentTeamMember(team=copy, person_id=m.person_id, hours=m.hours)
            for m in team.members.all()
        )
        count += 1
    return count
