"""Figures 2 and 6 read the year's ontwikkelteams as the organisation page keeps them, and
a change to a team makes the cached report stale."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.cache import cache as django_cache

from bos.models import Person, Role, RoleAssignment, SchoolYear, User
from reports import teams
from reports.facts import staff_facts
from reports.figures import figure_2, figure_6
from reports.selectors import report_for
from tests.demo_years import RUNNING_YEAR
from years.teams import member_set, team_save

pytestmark = pytest.mark.django_db
YEAR = RUNNING_YEAR


def _team(rows: list[dict], name: str) -> list[dict]:
    return next((row["members"] for row in rows if row["team"] == name), [])


def test_a_new_team_and_its_hours_appear_in_figures_2_and_6(demo):
    year = SchoolYear.objects.get(name=YEAR)
    so = RoleAssignment.objects.filter(school_year=year, role=Role.SO).select_related("person")[0]
    before = figure_6(staff_facts(year))["hours"]["Ontwikkelteams"]
    team = team_save(year=year, name="Onderzoek", assignment="Praktijkonderzoek")
    member_set(team=team, person=so.person, hours=Decimal("24.5"))

    members = _team(figure_2(staff_facts(year)), "Onderzoek")
    assert [(m["name"], m["hours"], m["kartrekker"]) for m in members] == [
        (so.person.full_name, Decimal("24.5"), False)
    ]
    assert members[0]["roles"] == "Schoolopleider (SO)"
    assert figure_6(staff_facts(year))["hours"]["Ontwikkelteams"] == before + Decimal("24.5")


def test_a_team_change_makes_the_cached_report_stale(
    demo, settings, django_capture_on_commit_callbacks
):
    django_cache.clear()
    settings.REPORT_CACHE_SECONDS = 900
    year = SchoolYear.objects.get(name=YEAR)
    user = User.objects.get(email="projectleider@demo.bos.example")
    assert _team(report_for(user=user, year=year).figures["fig2"], "Onderzoek") == []
    person = Person.objects.filter(roles__school_year=year, roles__role=Role.IO).first()
    with django_capture_on_commit_callbacks(execute=True):
        team = team_save(year=year, name="Onderzoek", kartrekker=person)
    shown = _team(report_for(user=user, year=year).figures["fig2"], "Onderzoek")
    assert [(m["name"], m["kartrekker"]) for m in shown] == [(person.full_name, True)]
    with django_capture_on_commit_callbacks(execute=True):
        member_set(team=team, person=person, hours=Decimal(10))
    shown = _team(report_for(user=user, year=year).figures["fig2"], "Onderzoek")
    assert shown[0]["hours"] == Decimal(10)
    django_cache.clear()


def test_without_a_registered_reader_the_team_roles_count(demo, monkeypatch):
    year = SchoolYear.objects.get(name="2020-2021")
    registered = {row["team"]: len(row["members"]) for row in figure_2(staff_facts(year))}
    monkeypatch.setattr(teams, "_reader", None)
    from_roles = {row["team"]: len(row["members"]) for row in figure_2(staff_facts(year))}
    assert from_roles == registered
    assert (
        sum(from_roles.values())
        == RoleAssignment.objects.filter(school_year=year, role=Role.ONTWIKKELTEAM).count()
    )
