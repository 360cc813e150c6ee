"""Pages of the SO's workspace, on the demo year and on small worlds."""

import datetime as dt
from decimal import Decimal
from io import BytesIO

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from bos.models import Person, SchoolYear, User
from placements import selectors
from placements.excel import workbook_bytes
from placements.models import Placement, Student
from tests.page_cost import page_cost
from tests.placements.factories import make_world

DEMO = "demo.bos.example"
# The figures below are the 2020-2021 seed; the demo's default year is the running year.
SEED = "2020-2021"


def _client(email: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(email=email))
    return client


def test_list_page_has_a_constant_number_of_queries(demo, django_assert_max_num_queries):
    projectleider = _client(f"projectleider@{DEMO}")
    so = _client(f"so.beatrix@{DEMO}")
    with django_assert_max_num_queries(40), CaptureQueriesContext(connection) as many:
        response = projectleider.get(reverse("placements:list"), {"jaar": SEED})
    assert response.context["result_count"] == 254
    with CaptureQueriesContext(connection) as few:
        response = projectleider.get(
            reverse("placements:list"), {"jaar": SEED, "location_naam": "Beatrix College"}
        )
    assert response.context["result_count"] == 42
    # 254 rows, or the 42 of one school: the same number of queries.
    assert len(many) == len(few)
    response = so.get(reverse("placements:list"), {"jaar": SEED})
    assert response.context["result_count"] == 42


def test_scopes_on_the_demo_year(demo):
    seed = SchoolYear.objects.get(name=SEED)

    def count(email: str) -> int:
        return selectors.placement_list(user=User.objects.get(email=email), year=seed).count()

    assert count(f"so.beatrix@{DEMO}") == 42
    io_rows = selectors.placement_list(user=User.objects.get(email=f"io.flot@{DEMO}"), year=seed)
    assert {p.student.institute.short_name for p in io_rows} == {"FLOT"}
    assert {p.location.name for p in io_rows} == {"Beatrix College"}
    wpb_rows = selectors.placement_list(user=User.objects.get(email=f"wpb@{DEMO}"), year=seed)
    assert 0 < wpb_rows.count() <= 2
    assert all(p.wpb.email == f"wpb@{DEMO}" for p in wpb_rows)
    assert count(f"projectleider@{DEMO}") == 254
    assert count(f"directeur.beatrix@{DEMO}") == 0


def test_dashboard_shows_the_sos_figures(demo):
    response = _client(f"so.beatrix@{DEMO}").get(reverse("placements:dashboard"), {"jaar": SEED})
    assert response.status_code == 200
    context = response.context
    assert context["open_count"] == sum(count for _, count in context["levels"])
    beatrix = next(row for row in context["targets"] if row["location"].name == "Beatrix College")
    assert beatrix["actual"] == 39
    assert context["open_items"]  # the demo leaves some items open
    assert {item.placement.location.name for item in context["open_items"]} == {"Beatrix College"}
    # The facilitation app computes the SO's hours: 100 base + 8 per student for 39 students.
    assert [row.hours.hours for row in context["facilitation"]] == [412]
    assert "412" in response.content.decode()


@pytest.mark.django_db
def test_register_form_refuses_bad_input_in_dutch_and_saves_nothing():
    world = make_world()
    client = Client()
    client.force_login(world.so_user)
    response = client.post(
        reverse("placements:register"),
        {
            "location": world.location.pk,
            "institute": world.institute.pk,
            "student_number": "N123",
            "first_name": "Nina",
            "last_name": "Nieuw",
            "email": "nina@student.example",
            "programme": "Engels",
            "variant": "vt",
            "level": "VT2",
            "start_date": "2020-09-01",
            "end_date": "2021-09-01",  # after the school year
            "days_per_week": "2",
            "wpb_email": "nieuwe.wpb@school.example",
            "wpb_first_name": "Wim",
            "wpb_last_name": "Begeleider",
        },
    )
    assert response.status_code == 400
    assert "binnen schooljaar 2020-2021" in response.content.decode()
    assert not Student.objects.filter(student_number="N123").exists()
    assert not Person.objects.filter(email="nieuwe.wpb@school.example").exists()
    assert not Placement.objects.filter(location=world.location).exists()
    response = client.post(reverse("placements:register"), {"location": world.other_location.pk})
    assert response.status_code == 400
    assert "Selecteer een geldige keuze" in response.content.decode()


@pytest.mark.django_db
def test_register_form_creates_student_wpb_and_placement():
    world = make_world()
    client = Client()
    client.force_login(world.so_user)
    response = client.post(
        reverse("placements:register"),
        {
            "location": world.location.pk,
            "institute": world.institute.pk,
            "student_number": "N124",
            "first_name": "Nina",
            "last_name": "Nieuw",
            "email": "nina@student.example",
            "programme": "Engels",
            "variant": "vt",
            "level": "VT2",
            "start_date": "2020-09-01",
            "end_date": "2021-07-01",
            "days_per_week": "2",
            "registered_on": "2020-08-21",
            "wpb_email": "nieuwe.wpb@school.example",
            "wpb_first_name": "Wim",
            "wpb_last_name": "Begeleider",
            "wpb_qualification_grade": "1",
            "wpb_started_at_school": "2020",
        },
        follow=True,
    )
    placement = Placement.objects.get(student__student_number="N124")
    assert response.redirect_chain[-1][0] == reverse("placements:detail", args=[placement.pk])
    assert placement.wpb.email == "nieuwe.wpb@school.example"
    assert placement.registered_on == dt.date(2020, 8, 21)
    assert "korter dan 1 jaar" in response.content.decode()


def test_excel_escapes_formulas():
    data = workbook_bytes("T", ["a", "b", "c"], [["=HYPERLINK(1)", "+1", dt.date(2020, 9, 1)]])
    sheet = load_workbook(BytesIO(data)).active
    assert sheet["A2"].value == "'=HYPERLINK(1)"
    assert sheet["A2"].data_type == "s"
    assert sheet["B2"].value == "'+1"
    assert sheet["C2"].value.date() == dt.date(2020, 9, 1)


def test_ict_list_download_holds_the_sos_students(demo):
    response = _client(f"so.beatrix@{DEMO}").get(reverse("placements:ict_excel"))
    sheet = load_workbook(BytesIO(response.getvalue())).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert rows
    assert {row[4] for row in rows} == {"Beatrix College"}
    assert all(str(row[5]).startswith("groep") for row in rows)


@pytest.mark.django_db
def test_edit_page_refuses_a_stale_version_and_saves_nothing():
    world = make_world()
    placement = world.create()
    client = Client()
    client.force_login(world.so_user)
    url = reverse("placements:edit", args=[placement.pk])
    form = client.get(url).context["form"]
    data = {key: value for key, value in form.initial.items() if value is not None}
    data.update(
        {
            "wpb": world.wpb.full_name,
            "wpb_id": world.wpb.pk,
            "io": world.io.full_name,
            "io_id": world.io.pk,
            "days_per_week": "3",
        }
    )
    data.pop("is_final")
    # Someone else saves first.
    response = client.post(url, {**data, "days_per_week": "2,5"})
    assert response.status_code == 302
    response = client.post(url, data)
    assert response.status_code == 400
    assert "intussen door iemand anders gewijzigd" in response.content.decode()
    placement.refresh_from_db()
    assert placement.days_per_week == Decimal("2.5")
    assert placement.version == 2


@pytest.mark.django_db
def test_register_form_refuses_a_far_registration_date_in_dutch():
    """Security finding 8: registered_on=9999-12-31 made a 500."""
    world = make_world()
    client = Client()
    client.force_login(world.so_user)
    response = client.post(
        reverse("placements:register"),
        {
            "location": world.location.pk,
            "institute": world.institute.pk,
            "student_number": "N125",
            "first_name": "Nina",
            "last_name": "Nieuw",
            "email": "nina@student.example",
            "programme": "Engels",
            "variant": "vt",
            "level": "VT2",
            "start_date": "2020-09-01",
            "end_date": "2021-07-01",
            "days_per_week": "2",
            "registered_on": "9999-12-31",
        },
    )
    assert response.status_code == 400
    assert "Kies een datum tussen 01-01-1900 en 31-12-2100" in response.content.decode()
    assert not Student.objects.filter(student_number="N125").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["placements:ict", "placements:facilities"])
def test_ict_and_facilities_lists_page_for_the_largest_school(name):
    """Issue #29: with many more students the list reads as many queries and shows a page
    of them, with a link to the next page; the download keeps them all."""
    from placements.models import PlacementStatus
    from tests.factories import PlacementFactory

    world = make_world()

    def add(count: int) -> None:
        for _ in range(count):
            PlacementFactory(
                school_year=world.year,
                location=world.location,
                status=PlacementStatus.ACTIVE,
                is_taster=False,
            )

    add(3)
    client = Client()
    client.force_login(world.so_user)
    url = reverse(name)

    def measure() -> tuple[int, str]:
        return page_cost(client, url)[:2]

    small, html = measure()
    assert html.count('<td data-label="Student">') == 3
    add(60)
    large, html = measure()
    assert large == small
    assert html.count('<td data-label="Student">') == 50
    assert 'href="?pagina=2"' in html
    second = client.get(url, {"pagina": 2}).content.decode()
    assert second.count('<td data-label="Student">') == 13
    download = client.get(reverse(f"{name}_excel"))
    sheet = load_workbook(BytesIO(download.getvalue())).active
    assert sheet.max_row - 1 == 63
