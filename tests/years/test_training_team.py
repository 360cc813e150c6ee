"""A location's opleidingsteam per school year (issue #25): its SO, IO per institute and
WPBs with their qualifications and what is missing, read by its own members, its director,
the BC of its board and those who run the partnership; anyone else in scope is a 404."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bos.models import Qualification, Role, RoleAssignment, SchoolLocation, User
from tests.demo_years import RUNNING_YEAR
from tests.factories import (
    InstituteFactory,
    LocationYearFactory,
    PersonFactory,
    PlacementFactory,
    RoleAssignmentFactory,
    SchoolBoardFactory,
    SchoolLocationFactory,
    SchoolYearFactory,
    StudentFactory,
    UserFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db


class World:
    """Two schools of two boards in a year of their own: at the first an SO without BRLO,
    an IO of institute A with the assessor training, a WPB with the course and one without;
    students of A (two, with the first WPB) and of B (one, with the second: B has no IO)."""

    def __init__(self) -> None:
        self.year = SchoolYearFactory(
            name="2031-2032", start_date=dt.date(2031, 8, 1), end_date=dt.date(2032, 7, 31)
        )
        self.board, other_board = SchoolBoardFactory(), SchoolBoardFactory()
        self.school = SchoolLocationFactory(name="Teamschool", board=self.board)
        self.other = SchoolLocationFactory(name="Andere school", board=other_board)
        for location in (self.school, self.other):
            LocationYearFactory(location=location, school_year=self.year)
        self.a = InstituteFactory(short_name="INSTA")
        self.b = InstituteFactory(short_name="INSTB")
        self.so = self._member(Role.SO, "Sanne", "Opleider")
        self.io = self._member(Role.IO, "Ivo", "Instituut", institute=self.a)
        Qualification.objects.create(
            person=self.io, kind="assessor", obtained_on=dt.date(2018, 3, 1)
        )
        self.wpb = self._member(Role.WPB, "Wim", "Begeleider")
        Qualification.objects.create(
            person=self.wpb, kind="wpb_course", obtained_on=dt.date(2019, 5, 1)
        )
        self.wpb2 = self._member(Role.WPB, "Wanda", "Zondercursus")
        for mentor, institute in ((self.wpb, self.a), (self.wpb, self.a), (self.wpb2, self.b)):
            self.placement(mentor, institute)
        self.director = self._member(Role.DIRECTOR, "Dirk", "Directeur")
        self.bc = self._user(Role.BC, board=self.board)
        self.other_bc = self._user(Role.BC, board=other_board)
        self.other_so = self._user(Role.SO, locations=[self.other])
        self.hr = self._user(Role.HR, board=self.board)
        self.pl = self._user(Role.PROJECTLEIDER)

    def _member(self, role: str, first: str, last: str, **fields):
        person = PersonFactory(first_name=first, last_name=last, user=UserFactory())
        RoleAssignmentFactory(
            person=person, school_year=self.year, role=role, locations=[self.school], **fields
        )
        return person

    def _user(self, role: str, **fields) -> User:
        return user_with_role(role, year=self.year, **fields)

    def placement(self, mentor, institute):
        return PlacementFactory(
            student=StudentFactory(institute=institute),
            location=self.school,
            school_year=self.year,
            wpb=mentor,
            start_date=dt.date(2031, 9, 1),
            end_date=dt.date(2032, 6, 30),
        )

    def url(self, location=None) -> str:
        return reverse(
            "organisation:training_team", args=[self.year.name, (location or self.school).pk]
        )


@pytest.fixture
def world(db) -> World:
    return World()


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_page_shows_the_team_and_what_it_lacks(world):
    response = client_of(world.so.user).get(world.url())
    assert response.status_code == 200
    team = response.context["team"]
    assert [(row.person, row.role) for row in team.rows] == [
        (world.so, Role.SO),
        (world.io, Role.IO),
        (world.wpb, Role.WPB),
        (world.wpb2, Role.WPB),
    ]
    assert {row.person: row.students for row in team.mentors} == {world.wpb: 2, world.wpb2: 1}
    assert team.students_per_institute == {"INSTA": 2, "INSTB": 1}
    texts = [flag.text for flag in team.flags]
    assert texts[0] == (
        "Geen instituutsopleider (IO) van INSTB, terwijl hier 1 student van INSTB stage loopt."
    )
    assert texts[1].startswith("Sanne Opleider (SO): Bij voorkeur BRLO-gecertificeerd")
    assert texts[2].startswith("Ivo Instituut (IO van INSTA): Bij voorkeur BRLO")
    assert texts[3].startswith("1 werkplekbegeleider zonder vastgelegde cursus")
    assert texts[3].endswith("Wanda Zondercursus.")
    page = response.content.decode()
    assert "Assessorentraining 1-3-2018" in page
    assert "behaald 1-5-2019" in page and "niet vastgelegd" in page


def test_an_so_with_brlo_and_an_io_for_every_institute_clear_their_flags(world):
    Qualification.objects.create(person=world.so, kind="brlo", obtained_on=dt.date(2017, 1, 9))
    RoleAssignmentFactory(
        person=PersonFactory(),
        school_year=world.year,
        role=Role.IO,
        institute=world.b,
        locations=[world.school],
    )
    team = client_of(world.pl).get(world.url()).context["team"]
    assert not [flag for flag in team.flags if flag.kind in ("no_io", "no_so")]
    assert not [flag for flag in team.flags if flag.text.startswith("Sanne Opleider")]


def test_a_location_without_an_so(world):
    RoleAssignment.objects.filter(person=world.so).delete()
    team = client_of(world.pl).get(world.url()).context["team"]
    assert team.flags[0].kind == "no_so"


def test_a_lerarencoach_at_the_school_is_shown(world):
    coach = PersonFactory(first_name="Lot", last_name="Coach")
    RoleAssignmentFactory(
        person=coach, school_year=world.year, role=Role.LERARENCOACH, locations=[world.school]
    )
    response = client_of(world.pl).get(world.url())
    assert "Lerarencoach" in response.content.decode()
    assert [row.role for row in response.context["team"].trainers][-1] == Role.LERARENCOACH


def test_who_opens_the_page(world):
    inside = [
        world.so.user,
        world.io.user,
        world.wpb.user,
        world.director.user,
        world.bc,
        world.pl,
        UserFactory(is_superuser=True),
    ]
    for user in inside:
        assert client_of(user).get(world.url()).status_code == 200, user
    # Another school's SO and another board's BC: not in their scope.
    for user in (world.other_so, world.other_bc):
        assert client_of(user).get(world.url()).status_code == 404, user
    # The other school is outside the first school's members, and inside the projectleider's.
    assert client_of(world.so.user).get(world.url(world.other)).status_code == 404
    assert client_of(world.pl).get(world.url(world.other)).status_code == 200
    # HR holds no such capability.
    assert client_of(world.hr).get(world.url()).status_code == 403
    # Without a login: the login page.
    response = Client().get(world.url())
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    # A year that does not exist, a school that does not: 404.
    bad = reverse("organisation:training_team", args=["1999-2000", world.school.pk])
    assert client_of(world.pl).get(bad).status_code == 404


def test_the_list_leads_to_ones_own_school(world):
    index = reverse("organisation:training_teams") + f"?jaar={world.year.name}"
    response = client_of(world.wpb.user).get(index)
    assert response.status_code == 302 and response["Location"] == world.url()
    response = client_of(world.bc).get(index)
    assert response.status_code == 302 and response["Location"] == world.url()
    response = client_of(world.pl).get(index)
    assert response.status_code == 200
    names = [team.location.name for team in response.context["teams"]]
    assert "Teamschool" in names and "Andere school" in names


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_query_count_does_not_grow_with_the_team(world):
    client = client_of(world.pl)
    index = reverse("organisation:training_teams") + f"?jaar={world.year.name}"
    before = (_queries(client, world.url()), _queries(client, index))
    for n in range(6):
        mentor = world._member(Role.WPB, f"Extra{n}", "Begeleider")
        Qualification.objects.create(
            person=mentor, kind="wpb_course", obtained_on=dt.date(2020, 1, 1 + n)
        )
        world.placement(mentor, world.a if n % 2 else world.b)
        world.placement(mentor, InstituteFactory())
    RoleAssignmentFactory(
        person=PersonFactory(), school_year=world.year, role=Role.SO, locations=[world.other]
    )
    assert (_queries(client, world.url()), _queries(client, index)) == before


def test_the_demos_beatrix_team_in_both_years(demo):
    location = SchoolLocation.objects.get(name="Beatrix College")
    client = client_of(User.objects.get(email="so.beatrix@demo.bos.example"))
    for year in ("2020-2021", RUNNING_YEAR):
        url = reverse("organisation:training_team", args=[year, location.pk])
        response = client.get(url)
        assert response.status_code == 200, year
        team = response.context["team"]
        assert team.so_count >= 1 and team.io_count >= 1 and team.wpb_count >= 1
        page = response.content.decode()
        assert f"Schooljaar {year}" in page
