"""The organisation per year without the admin: boards renamed per year, locations joining
and leaving, partnerships, people and role assignments, ontwikkelteams; a closed year's
organisation is read-only, and only the projectleider changes it."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bos.models import LocationYear, Role, RoleAssignment
from bos.yearbound import YearClosed
from tests.factories import (
    InstituteFactory,
    LocationYearFactory,
    PersonFactory,
    SchoolBoardFactory,
    SchoolLocationFactory,
    SchoolYearFactory,
    user_with_role,
)
from years import organisation, teams
from years.models import DevelopmentTeamMember

pytestmark = pytest.mark.django_db


@pytest.fixture
def year():
    # A year of its own: the demo (loaded once per session) holds 2020-2022.
    return SchoolYearFactory(
        name="2030-2031", start_date=dt.date(2030, 8, 1), end_date=dt.date(2031, 7, 31)
    )


def _later():
    return SchoolYearFactory(
        name="2031-2032", start_date=dt.date(2031, 8, 1), end_date=dt.date(2032, 7, 31)
    )


@pytest.fixture
def pl(year):
    return user_with_role(Role.PROJECTLEIDER, year=year)


def test_board_renamed_from_a_year_on(year, pl):
    board = SchoolBoardFactory(name="Testbestuur")
    later = _later()
    organisation.board_rename(user=pl, board=board, year=later, name="Nieuwe naam")
    assert board.name_in(year) == "Testbestuur"
    assert board.name_in(later) == "Nieuwe naam"


def test_location_joins_leaves_and_is_kartrekker(year, pl):
    board = SchoolBoardFactory()
    row = organisation.location_add(
        user=pl, year=year, name="Nieuwe School", board=board, group=None
    )
    assert row.is_member
    organisation.location_kartrekker(user=pl, year=year, location=row.location, kartrekker=True)
    organisation.location_membership(user=pl, year=year, location=row.location, member=False)
    row.refresh_from_db()
    assert (row.is_member, row.is_kartrekker) == (False, False)
    with pytest.raises(ValidationError, match="al een locatie"):
        organisation.location_add(user=pl, year=year, name="nieuwe school", board=board, group=None)


def test_a_location_with_an_so_cannot_leave(year, pl):
    row = LocationYearFactory(school_year=year)
    user_with_role(Role.SO, year=year, locations=[row.location])
    with pytest.raises(ValidationError, match="schoolopleider"):
        organisation.location_membership(user=pl, year=year, location=row.location, member=False)


def test_partnership_per_year(year, pl):
    institute = InstituteFactory()
    organisation.partnership_set(user=pl, year=year, institute=institute, partner=False)
    assert not institute.is_partner_in(year)
    organisation.partnership_set(user=pl, year=year, institute=institute, partner=True)
    assert institute.is_partner_in(year)


def test_role_add_change_end_with_scope(year, pl):
    one, two = LocationYearFactory(school_year=year), LocationYearFactory(school_year=year)
    person = organisation.person_save(
        user=pl, first_name="Sam", last_name="Schoolopleider", email="Sam@School.example"
    )
    assert person.email == "sam@school.example"
    with pytest.raises(ValidationError, match="locatie"):
        organisation.role_save(user=pl, person=person, year=year, role=Role.SO)
    assignment = organisation.role_save(
        user=pl, person=person, year=year, role=Role.SO, locations=[one.location]
    )
    organisation.role_save(
        user=pl,
        person=person,
        year=year,
        role=Role.SO,
        locations=[one.location, two.location],
        assignment=assignment,
    )
    assert assignment.locations.count() == 2
    with pytest.raises(ValidationError, match="al in"):
        organisation.role_save(
            user=pl, person=person, year=year, role=Role.SO, locations=[one.location]
        )
    with pytest.raises(ValidationError, match="bestuur"):
        organisation.role_save(user=pl, person=person, year=year, role=Role.HR)
    outside = SchoolLocationFactory()
    with pytest.raises(ValidationError, match="niet bij de opleidingsschool"):
        organisation.role_save(
            user=pl, person=person, year=year, role=Role.WPB, locations=[outside]
        )
    organisation.role_end(user=pl, assignment=assignment)
    assert not RoleAssignment.objects.filter(person=person).exists()


def test_only_the_projectleider_changes_the_organisation(year):
    so = user_with_role(Role.SO, year=year)
    with pytest.raises(PermissionDenied):
        organisation.partnership_set(user=so, year=year, institute=InstituteFactory(), partner=True)


def test_a_closed_years_organisation_is_read_only(year, pl):
    row = LocationYearFactory(school_year=year)
    year.closed_at = timezone.now()
    year.save()
    with pytest.raises(YearClosed):
        organisation.location_kartrekker(user=pl, year=year, location=row.location, kartrekker=True)
    with pytest.raises(YearClosed):
        teams.team_save(year=year, name="Programma")


def test_teams_per_year_with_members_and_hours(year):
    kartrekker, member = PersonFactory(), PersonFactory()
    team = teams.team_save(
        year=year, name="Inductie", assignment="Startende docenten", kartrekker=kartrekker
    )
    teams.member_set(team=team, person=member, hours=Decimal(32))
    assert set(
        DevelopmentTeamMember.objects.filter(team=team).values_list("person_id", flat=True)
    ) == {
        kartrekker.pk,
        member.pk,
    }
    with pytest.raises(ValidationError, match="al een team"):
        teams.team_save(year=year, name="inductie")
    with pytest.raises(ValidationError, match="kartrekker"):
        teams.member_remove(member=team.members.get(person=kartrekker))
    later = _later()
    assert teams.copy_teams(source=year, target=later) == 1
    assert teams.copy_teams(source=year, target=later) == 0


def test_bc_sees_own_board_read_only(demo):
    from bos.models import User

    client = Client()
    client.force_login(User.objects.get(email="bc.sovot@demo.bos.example"))
    html = client.get(reverse("organisation:overview")).content.decode()
    assert "Beatrix College" in html
    assert "Newmancollege" not in html  # an SKVOB school
    assert "Toetreden" not in html and "Uittreden" not in html
    assert "wijzigen doet de projectleider" in html
    assert LocationYear.objects.filter(location__name="Newmancollege").exists()


def test_the_teams_page_costs_the_same_queries_for_one_team_or_five(year):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import user_with_role

    client = Client()
    client.force_login(user_with_role(Role.PROJECTLEIDER, year=year))
    url = reverse("organisation:teams") + f"?jaar={year.name}"
    teams.team_save(year=year, name="Team 0", kartrekker=PersonFactory())
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    for number in range(1, 5):
        teams.team_save(year=year, name=f"Team {number}", kartrekker=PersonFactory())
    with CaptureQueriesContext(connection) as five:
        page = client.get(url).content.decode()
    assert page.count('name="person"') == 5
    assert len(five) == len(one)
