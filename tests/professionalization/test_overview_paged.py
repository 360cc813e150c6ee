"""Issue #29: the overview's tables per school (participants, start meetings, reflective
conversations) show a page of a region's schools at a time, so the page reads and prints
the same amount at any number of schools."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bos.lists import page_with_total
from bos.models import Role, SchoolLocation
from professionalization import selectors
from professionalization.models import (
    ConversationKind,
    MeetingKind,
    ReflectiveConversation,
    Registration,
    RegistrationStatus,
)
from tests.factories import LocationYearFactory, SchoolLocationFactory, user_with_role
from tests.professionalization.factories import World, make_meeting, make_world

pytestmark = pytest.mark.django_db

PER_PAGE = selectors.SCHOOLS_PER_PAGE


def _add_schools(world: World, count: int, *, first: int = 0) -> list[SchoolLocation]:
    """`count` schools, each with a WPB who came to the world's meeting, a start meeting
    and a held reflective conversation."""
    schools = []
    for number in range(first, first + count):
        school = SchoolLocationFactory(name=f"School {number:03d}")
        LocationYearFactory(location=school, school_year=world.year)
        wpb = user_with_role(Role.WPB, year=world.year, locations=[school]).person
        Registration.objects.create(
            meeting=world.meeting,
            person=wpb,
            role="wpb",
            status=RegistrationStatus.REGISTERED,
            attended=True,
            hours=Decimal("2.5"),
        )
        make_meeting(world.year, None, school, world.so, kind=MeetingKind.START, days_ahead=-1)
        ReflectiveConversation.objects.create(
            school_year=world.year,
            kind=ConversationKind.choices[0][0],
            participant=wpb,
            conductor=world.so.person,
            location=school,
            planned_on=world.year.start_date,
            held_on=world.year.start_date + dt.timedelta(days=1),
        )
        schools.append(school)
    return schools


def _html(client: Client, query: str = "") -> str:
    response = client.get(reverse("professionalization:overview") + query)
    assert response.status_code == 200
    return response.content.decode()


def _queries(client: Client, query: str = "") -> int:
    with CaptureQueriesContext(connection) as captured:
        _html(client, query)
    return len(captured)


def _all_schools(read, year) -> list[str]:
    """The names of a table's rows, every page (the year may hold the demo's schools too)."""
    rows = read(year, 1, per_page=100_000).object_list
    return [row["school"] if isinstance(row, dict) else row.location.name for row in rows]


def _section(html: str, anchor: str, following: str) -> str:
    """The HTML from the heading with id `anchor` to the text `following`."""
    return html.split(f'id="{anchor}"')[1].split(following)[0]


def test_each_table_per_school_shows_a_page_and_pages_on_independently():
    world = make_world(days_ahead=-3)
    _add_schools(world, PER_PAGE + 3)
    client = Client()
    client.force_login(world.pl)
    html = _html(client)
    tables = [
        (selectors.participants_per_school, "scholen", "per-school", 'id="startbijeenkomsten"'),
        (selectors.start_meetings_page, "startbijeenkomsten", "startbijeenkomsten", 'id="gesp'),
        (selectors.conversations_page, "gesprekken", "gesprekken", "<footer"),
    ]
    for read, param, anchor, following in tables:
        names = _all_schools(read, world.year)
        shown = _section(html, anchor, following)
        # The first page, with how many there are and a link to the next page.
        assert f">{names[0]}<" in shown
        assert f">{names[PER_PAGE - 1]}<" in shown
        assert f">{names[PER_PAGE]}<" not in shown
        assert f"{len(names)} " in shown and f"hier 1 tot en met {PER_PAGE}" in shown
        # The link brings the reader back to the table, not to the top of the page.
        assert f'href="?{param}=2#{anchor}"' in shown
    # The second page of the participants only: the start meetings stay on their first, and
    # their pager keeps the participants' page.
    second = _html(client, "?scholen=2&startbijeenkomsten=1")
    names = _all_schools(selectors.participants_per_school, world.year)
    participants = _section(second, "per-school", 'id="startbijeenkomsten"')
    assert f">{names[PER_PAGE]}<" in participants
    assert f">{names[0]}<" not in participants
    starts = _section(second, "startbijeenkomsten", 'id="gesprekken"')
    first_start = _all_schools(selectors.start_meetings_page, world.year)[0]
    assert f">{first_start}<" in starts
    assert 'href="?scholen=2&amp;startbijeenkomsten=2#startbijeenkomsten"' in starts


def test_the_overview_reads_the_same_at_twice_the_schools():
    world = make_world(days_ahead=-3)
    _add_schools(world, PER_PAGE + 1)
    client = Client()
    client.force_login(world.pl)
    before_html, before = _html(client), _queries(client, "?scholen=1")
    _add_schools(world, PER_PAGE, first=PER_PAGE + 1)
    after_html, after = _html(client), _queries(client, "?scholen=1")
    assert before == after
    # The rows printed: a page of schools in each table, whatever their number.
    assert before_html.count('<th scope="row">School') == after_html.count('<th scope="row">School')


@pytest.mark.parametrize("asked", ["", "x", "0", "-4", "3.5", "99999999999999999999", "🙂"])
def test_any_page_parameter_gives_a_page(asked: str):
    world = make_world(days_ahead=-3)
    _add_schools(world, 3)
    client = Client()
    client.force_login(world.pl)
    html = _html(client, f"?scholen={asked}&gesprekken={asked}&startbijeenkomsten={asked}")
    assert "School 002" in html


def test_page_with_total_reads_one_query_and_the_last_page_past_the_end():
    world = make_world(days_ahead=-3)
    _add_schools(world, 5)
    rows = SchoolLocation.objects.filter(name__startswith="School").order_by("name")
    with CaptureQueriesContext(connection) as captured:
        page = page_with_total(rows, 2, per_page=2)
    assert len(captured) == 1
    assert (page.number, page.paginator.count, page.paginator.num_pages) == (2, 5, 3)
    assert [school.name for school in page.object_list] == ["School 002", "School 003"]
    # Past the end: the count, then the last page.
    past = page_with_total(rows, 40, per_page=2)
    assert (past.number, [school.name for school in past.object_list]) == (3, ["School 004"])
    assert page_with_total(rows, "nee", per_page=2).number == 1
    nothing = page_with_total(rows.none(), 1, per_page=2)
    assert (nothing.paginator.count, list(nothing.object_list)) == (0, [])
    # Grouped rows: the total counts the groups, not the rows grouped.
    grouped = (
        ReflectiveConversation.objects.filter(
            school_year=world.year, location__name__startswith="School"
        )
        .values("kind")
        .annotate(number=Count("pk"))
        .order_by("kind")
    )
    one = page_with_total(grouped, 1, per_page=10)
    assert one.paginator.count == 1
    assert one.object_list[0]["number"] == 5


def test_the_projectleiders_start_meetings_come_a_page_of_schools_at_a_time():
    world = make_world(days_ahead=-3)
    _add_schools(world, PER_PAGE + 1)
    client = Client()
    client.force_login(world.pl)
    url = reverse("professionalization:start_meetings")
    names = [
        row["location"].name
        for row in selectors.start_meetings_for(user=world.pl, per_page=100_000).object_list
    ]
    first = client.get(url).content.decode()
    assert f">{names[0]}<" in first and f">{names[PER_PAGE]}<" not in first
    assert 'href="?pagina=2"' in first
    second = client.get(url, {"pagina": 2}).content.decode()
    assert f">{names[PER_PAGE]}<" in second
    # The SO sees their own school only, with its start meeting's date.
    so = Client()
    so.force_login(world.so)
    own = so.get(url).content.decode()
    assert ">Testcollege<" in own and ">School 000<" not in own
    assert "pagina=2" not in own
