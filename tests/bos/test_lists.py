"""Lists: search, filters, sort, 50 rows a page, a count, an Excel download of the filtered
set; and a page's query count that does not depend on the number of rows."""

import io

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from bos.models import Role, User
from placements.models import StageLevel
from tests.factories import (
    LocationYearFactory,
    PlacementFactory,
    SchoolLocationFactory,
    SchoolYearFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db


def _so_with_placements(count: int):
    year = SchoolYearFactory()
    location = SchoolLocationFactory()
    LocationYearFactory(location=location, school_year=year)
    user = user_with_role(Role.SO, year=year, locations=[location])
    for index in range(count):
        PlacementFactory(
            location=location,
            school_year=year,
            so=user.person,
            level=StageLevel.VT1 if index % 2 else StageLevel.VT3,
        )
    client = Client()
    client.force_login(user)
    return client


def _queries(client: Client, url: str, **params: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(captured)


def test_query_count_does_not_grow_with_rows_or_page():
    url = reverse("placements:list")
    small = _queries(_so_with_placements(3), url)
    client = _so_with_placements(120)
    assert _queries(client, url) == small
    assert _queries(client, url, page="3") == small
    assert _queries(client, url, level="VT1", sort="-start_date") == small


def test_pages_of_fifty_with_a_count():
    client = _so_with_placements(120)
    html = client.get(reverse("placements:list")).content.decode()
    assert "120 stages" in html
    assert html.count('href="/stages/') - html.count('href="/stages/?') >= 50
    page3 = client.get(reverse("placements:list"), {"page": 3}).context["table"]
    assert len(page3.page.object_list) == 20


def test_filter_and_sort():
    client = _so_with_placements(10)
    response = client.get(reverse("placements:list"), {"level": "VT1", "sort": "start_date"})
    assert response.context["result_count"] == 5
    assert all(row.record.level == "VT1" for row in response.context["table"].page.object_list)


def test_bad_filter_value_is_a_dutch_message_not_a_500():
    client = _so_with_placements(2)
    response = client.get(reverse("placements:list"), {"level": "<script>", "page": "9999"})
    assert response.status_code in (200, 404)
    if response.status_code == 200:
        assert "Controleer de filters" in response.content.decode()


def test_excel_download_holds_the_whole_filtered_set_with_real_dates():
    client = _so_with_placements(60)
    response = client.get(reverse("placements:list"), {"level": "VT3", "export": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Student"
    assert len(rows) == 1 + 30  # every filtered row, not just the first page
    begin = rows[0].index("Begin")
    assert rows[1][begin].year == 2020  # an Excel date, not text


def test_mentor_and_unplaced_lists_open_for_the_so(demo):
    from bos.models import User

    client = Client()
    client.force_login(User.objects.get(email="so.beatrix@demo.bos.example"))
    mentors = client.get(reverse("placements:mentors"))
    assert mentors.status_code == 200
    assert mentors.context["result_count"] > 0
    names = [row.record.person.full_name for row in mentors.context["table"].page.object_list]
    assert "Teun Aalbers" in names
    unplaced = client.get(reverse("placements:unplaced"))
    assert unplaced.status_code == 200


def test_unplaced_lists_last_years_student_without_a_placement_now():
    year = SchoolYearFactory(name="2030-2031", start_date="2030-08-01", end_date="2031-07-31")
    previous = SchoolYearFactory(name="2029-2030", start_date="2029-08-01", end_date="2030-07-31")
    location = SchoolLocationFactory()
    LocationYearFactory(location=location, school_year=year)
    user = user_with_role(Role.SO, year=year, locations=[location])
    before = {"start_date": "2029-09-01", "end_date": "2030-07-01"}
    now = {"start_date": "2030-09-01", "end_date": "2031-07-01"}
    gone = PlacementFactory(location=location, school_year=previous, **before).student
    stays = PlacementFactory(location=location, school_year=previous, **before).student
    PlacementFactory(student=stays, location=location, school_year=year, **now)
    client = Client()
    client.force_login(user)
    response = client.get(reverse("placements:unplaced"), {"jaar": year.name})
    students = [row.record for row in response.context["table"].page.object_list]
    assert students == [gone]


def test_date_column_shows_dutch_local_time_and_gives_excel_the_value():
    import datetime as dt

    from bos.lists import DateColumn, _excel_value, paginate

    moment = dt.datetime(2021, 6, 30, 22, 30, tzinfo=dt.UTC)  # 00:30 on 1 July in Amsterdam
    assert DateColumn(format="d-m-Y H:i").render(moment) == "01-07-2021 00:30"
    assert DateColumn().render(dt.date(2021, 3, 4)) == "04-03-2021"
    assert DateColumn().value(moment) is moment
    assert _excel_value(moment) == dt.datetime(2021, 7, 1, 0, 30)
    page = paginate(list(range(120)), "niet-een-getal")
    assert page.number == 1 and list(page.object_list) == list(range(50))
    assert paginate(list(range(120)), 99).number == 3


def test_nothing_found_only_after_a_search_otherwise_the_list_is_empty():
    client = _so_with_placements(0)
    url = reverse("placements:list")
    html = client.get(url).content.decode()
    assert "Niets gevonden met deze zoekopdracht" not in html
    assert "Er zijn in dit schooljaar nog geen stages." in html
    for params in ({"q": "Niemand"}, {"level": StageLevel.VT1}):
        html = client.get(url, params).content.decode()
        assert "Niets gevonden met deze zoekopdracht of filters." in html
        assert "nog geen stages" not in html
    # An empty search box is no search.
    html = client.get(url, {"q": ""}).content.decode()
    assert "Niets gevonden met deze zoekopdracht" not in html


def test_the_projectleider_types_a_school_instead_of_choosing_from_every_school(demo):
    """Issue #29: the region's hundreds of schools are no select on the list pages of those
    who see everything; part of a school's name filters. An SO keeps the select of their
    own schools."""
    projectleider = Client()
    projectleider.force_login(User.objects.get(email="projectleider@demo.bos.example"))
    so = Client()
    so.force_login(User.objects.get(email="so.beatrix@demo.bos.example"))
    for name in ("placements:list", "placements:offers"):
        url = reverse(name)
        page = projectleider.get(url).content.decode()
        assert 'id="id_location_naam"' in page and 'id="id_location"' not in page
        assert 'id="id_location"' in so.get(url).content.decode()
    url = reverse("placements:list")
    everything = projectleider.get(url)
    beatrix = projectleider.get(url, {"location_naam": "beatrix"})
    assert 0 < beatrix.context["result_count"] < everything.context["result_count"]
    assert {row.record.location.name for row in beatrix.context["table"].page.object_list} == {
        "Beatrix College"
    }
