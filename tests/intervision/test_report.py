"""The "Intervisie per school" table: its figures, the indicator, and its place in the
report page, the PDF's HTML and the Excel workbook; the facilitation page beside the hours."""

import datetime as dt
from decimal import Decimal
from io import BytesIO

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from bos.models import SchoolYear, User
from intervision import report, services
from reports.document import build_report
from reports.renderers.excel import report_workbook
from reports.renderers.pdf import render_html
from tests.demo_years import RUNNING_YEAR, running_year
from tests.intervision.factories import at, make_world
from tests.matrix import DOMAIN


@pytest.mark.django_db
def test_school_rows_count_groups_meetings_attendance_and_students_without_a_group():
    world = make_world()
    members = [world.place("VT3") for _ in range(3)]
    world.place("VT1")  # never in a group
    world.place("VT2", location=world.other)
    group = services.group_create(
        user=world.so, name="G", band="senior", location_ids=[world.school.pk]
    )
    for placement in members:
        services.member_add(user=world.so, group_id=group.pk, placement_id=placement.pk)
    meeting = services.meeting_plan(
        user=world.so,
        group_id=group.pk,
        starts_at=at(dt.date(2020, 9, 10)),
        place="Aula",
        leader_kind="so",
        leader_id=world.so.person.pk,
    )
    services.meeting_plan(  # planned, not held
        user=world.so,
        group_id=group.pk,
        starts_at=at(dt.date(2020, 10, 8)),
        place="Aula",
        leader_kind="so",
        leader_id=world.so.person.pk,
    )
    statuses = dict(zip([p.pk for p in members], ["present", "present", "absent"], strict=True))
    services.attendance_record(user=world.so, meeting_id=meeting.pk, statuses=statuses)
    schools = [world.school.pk, world.other.pk]
    table = report.school_rows(world.year, schools)
    rows = {row["school"]: row for row in table["rows"]}
    own = rows["Testcollege"]
    assert (own["students"], own["groups"], own["meetings_held"], own["without_group"]) == (
        5 - 1,
        1,
        1,
        1,
    )
    assert own["attendance_percent"] == Decimal("66.7")
    assert rows["Andere school"]["attendance_percent"] is None
    assert table["total"]["students"] == 5
    only_own = report.school_rows(world.year, [world.school.pk])
    assert [row["school"] for row in only_own["rows"]] == ["Testcollege"]
    # A group shared by both schools counts once in the total, as do its meetings.
    from django.utils import timezone

    from intervision.models import IntervisionGroup, Meeting

    shared = IntervisionGroup.objects.create(school_year=world.year, name="Samen", band="junior")
    shared.locations.set([world.school, world.other])
    Meeting.objects.create(
        group=shared,
        starts_at=at(dt.date(2020, 11, 12)),
        leader_kind="so",
        leader=world.so.person,
        place="Aula",
        attendance_recorded_at=timezone.now(),
    )
    whole = report.school_rows(world.year)
    assert whole["total"]["groups"] == 2
    # An SO of both schools: the shared group and its meeting count once for them too.
    both = report.combined(whole, [world.school.pk, world.other.pk])
    assert (both["groups"], both["meetings_held"]) == (2, 2)
    assert sum(row["groups"] for row in whole["rows"]) == 3
    other = report.combined(whole, [world.other.pk])
    assert (other["groups"], other["meetings_held"]) == (1, 1)
    # An online group at both schools: one online group in the total, as counted apart.
    online = IntervisionGroup.objects.create(
        school_year=world.year, name="Online", band="senior", is_online=True
    )
    online.locations.set([world.school, world.other])
    with_online = report.school_rows(world.year)
    assert (with_online["total"]["groups"], with_online["total"]["online_groups"]) == (3, 1)
    assert sum(row["online_groups"] for row in with_online["rows"]) == 2
    assert report.school_total(world.year) == with_online["total"]
    online.delete()
    # The total under a page of schools, counted in the database, is the rows' total.
    assert report.school_total(world.year) == whole["total"]
    assert [location.pk for location in report.reported_locations(world.year)] == [
        row["location_id"] for row in whole["rows"]
    ]


def test_the_total_counted_in_the_database_matches_the_rows_on_the_demo(demo):
    year = running_year()
    assert report.school_total(year) == report.school_rows(year)["total"]
    client = Client()
    client.force_login(User.objects.get(email=f"projectleider@{DOMAIN}"))
    html = client.get(reverse("intervision:overview")).content.decode()
    # The figures per school: their own section (the page lists groups to evaluate too).
    figures = html.split('id="figures-title"', 1)[1].split("</section>", 1)[0]
    rows = report.school_rows(year)["rows"]
    assert figures.count('<th scope="row">') == min(len(rows), 50) + 1  # schools and total


@pytest.fixture
def demo_report(demo):
    return build_report(running_year())


def test_the_seed_year_registered_no_school_intervision(demo):
    # The seed's report kept no groups or attendance: the demo invents none and says so.
    report = build_report(SchoolYear.objects.get(name="2020-2021"))
    assert report.figures["intervision"]["total"]["groups"] == 0
    item = next(i for i in report.indicators if i["label"] == "Aanwezigheid intervisie op school")
    assert (item["value"], item["met"]) == ("niet geregistreerd", None)


def test_the_table_and_indicator_in_the_report(demo_report):
    table = demo_report.figures["intervision"]
    assert table["total"]["groups"] >= 3
    assert table["total"]["meetings_held"] > 0
    labels = [item["label"] for item in demo_report.indicators]
    assert "Aanwezigheid intervisie op school" in labels
    html = render_html(demo_report)
    assert 'id="intervisie"' in html and "Intervisie per school" in html
    workbook = load_workbook(BytesIO(report_workbook(demo_report)))
    sheet = workbook["Intervisie per school"]
    header = [cell.value for cell in sheet[1]]
    assert header[:4] == ["School", "Studenten", "Groepen", "Bijeenkomsten gehouden"]
    assert sheet.cell(sheet.max_row, 1).value == "Totaal"


def test_report_page_and_facilitation_page_show_the_figures(demo):
    client = Client()
    client.force_login(User.objects.get(email=f"projectleider@{DOMAIN}"))
    page = client.get(reverse("reports:report"), {"jaar": RUNNING_YEAR}).content.decode()
    assert "Intervisie per school" in page
    facilitation = client.get(reverse("facilitation:overview"), {"jaar": RUNNING_YEAR})
    assert "Intervisie op school" in facilitation.content.decode()


def test_combined_figures_of_every_demo_so_match_counting_groups_one_by_one(demo):
    """Per SO of the running year, the groups and held meetings of their schools together,
    each group once: from the per-school counts equals reading the groups themselves."""
    from bos.models import Role, RoleAssignment
    from intervision.models import IntervisionGroup

    year = running_year()
    table = report.school_rows(year)
    for assignment in RoleAssignment.objects.filter(school_year=year, role=Role.SO):
        ids = [loc.pk for loc in assignment.locations.all()]
        reported = {row["location_id"] for row in table["rows"]}
        groups = IntervisionGroup.objects.filter(
            school_year=year, locations__in=[i for i in ids if i in reported]
        ).distinct()
        held = sum(g.meetings.filter(attendance_recorded_at__isnull=False).count() for g in groups)
        figures = report.combined(table, ids)
        assert (figures["groups"], figures["meetings_held"]) == (groups.count(), held), assignment
