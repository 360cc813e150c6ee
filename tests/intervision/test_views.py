"""The pages through the test client: bad input gets a Dutch message and a 400 with
nothing saved, and the overview's query count does not grow with the data."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from intervision import services
from intervision.models import Attendance, IntervisionGroup, Meeting, Reflection
from tests.intervision.factories import at, make_world
from tests.page_cost import page_cost

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_suggestion_page_creates_the_chosen_groups():
    world = make_world()
    for _ in range(7):
        world.place("VT1")
    for _ in range(7):
        world.place("VT3")
    client = client_for(world.so)
    page = client.get(reverse("intervision:suggest"))
    assert page.status_code == 200 and "Testcollege – jaar 1–2 en minoren" in page.content.decode()
    refused = client.post(reverse("intervision:suggest"), {})
    assert refused.status_code == 400
    assert not IntervisionGroup.objects.filter(locations=world.school).exists()
    done = client.post(reverse("intervision:suggest"), {"chosen": ["1"]})
    assert done.status_code == 302
    assert IntervisionGroup.objects.filter(locations=world.school).count() == 1


def _group_with_meeting(world, n=2):
    placements = [world.place("VT3") for _ in range(n)]
    group = services.group_create(
        user=world.so, name="Bovenbouw", band="senior", location_ids=[world.school.pk]
    )
    for placement in placements:
        services.member_add(user=world.so, group_id=group.pk, placement_id=placement.pk)
    meeting = services.meeting_plan(
        user=world.so,
        group_id=group.pk,
        starts_at=at(dt.date(2020, 9, 10)),
        place="Aula",
        leader_kind="so",
        leader_id=world.so.person.pk,
    )
    return group, meeting, placements


def test_attendance_with_a_student_missing_saves_nothing():
    world = make_world()
    _, meeting, placements = _group_with_meeting(world)
    client = client_for(world.so)
    url = reverse("intervision:meeting", args=[meeting.pk])
    response = client.post(url, {f"p{placements[0].pk}": "present"})
    assert response.status_code == 400
    assert "Kies aanwezig, afgemeld of afwezig" in response.content.decode()
    assert not Attendance.objects.filter(meeting=meeting).exists()
    ok = client.post(url, {f"p{p.pk}": "present" for p in placements})
    assert ok.status_code == 302
    assert Meeting.objects.get(pk=meeting.pk).is_held


def test_meeting_form_refuses_a_student_leader_without_back_up():
    world = make_world()
    group, _, _ = _group_with_meeting(world)
    leader = world.place("VT4")
    services.ensure_methods(world.year)
    method = world.year.intervision_methods.first()
    response = client_for(world.so).post(
        reverse("intervision:meeting_new", args=[group.pk]),
        {
            "date": "2020-10-08",
            "time": "15:30",
            "place": "Aula",
            "leader_kind": "student",
            "leader_student": leader.student_id,
            "methods": [method.pk],
        },
    )
    assert response.status_code == 400
    assert "achtervang" in response.content.decode()
    assert group.meetings.count() == 1


def test_an_empty_report_is_refused():
    world = make_world()
    _, meeting, placements = _group_with_meeting(world)
    student = world.student_user(placements[0])
    response = client_for(student).post(
        reverse("intervision:report_write", args=[meeting.pk]), {"text": "   "}
    )
    assert response.status_code == 400
    assert not Reflection.objects.filter(student=placements[0].student).exists()


def test_overview_query_count_does_not_grow_with_the_data():
    world = make_world()
    _group_with_meeting(world, n=2)
    client = client_for(world.so)
    client.get(reverse("intervision:overview"))  # the year's policy row is made on first use

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("intervision:overview")).status_code == 200
        return len(queries)

    small = count()
    for _ in range(3):
        _group_with_meeting(world, n=6)
    for _ in range(5):
        world.place("VT1")
    assert count() == small


def test_a_student_without_a_group_is_placed_from_the_overview():
    world = make_world()
    group, _, _ = _group_with_meeting(world)
    newcomer = world.place("VT3")
    client = client_for(world.so)
    page = client.get(reverse("intervision:overview")).content.decode()
    assert f'name="p{newcomer.pk}-group"' in page
    response = client.post(
        reverse("intervision:place"),
        {f"p{newcomer.pk}-placement": newcomer.pk, f"p{newcomer.pk}-group": group.pk},
    )
    assert response.status_code == 302
    assert newcomer.intervision_memberships.get(left_on__isnull=True).group == group
    stranger = world.place("VT3", location=world.other)
    client.post(
        reverse("intervision:place"),
        {f"p{stranger.pk}-placement": stranger.pk, f"p{stranger.pk}-group": group.pk},
    )
    assert not stranger.intervision_memberships.exists()


def test_an_io_leading_a_meeting_finds_it_on_the_start_page_and_records_attendance():
    world = make_world()
    group, _, placements = _group_with_meeting(world)
    meeting = services.meeting_plan(
        user=world.so,
        group_id=group.pk,
        starts_at=at(dt.date(2020, 10, 8)),
        place="Aula",
        leader_kind="io",
        leader_id=world.io.person.pk,
    )
    client = client_for(world.io)
    home = client.get(reverse("home")).content.decode()
    assert "Intervisie: aanwezigheid vastleggen" in home
    assert reverse("intervision:meeting", args=[meeting.pk]) in home
    response = client.post(
        reverse("intervision:meeting", args=[meeting.pk]),
        {f"p{p.pk}": "present" for p in placements},
    )
    assert response.status_code == 302
    assert Meeting.objects.get(pk=meeting.pk).is_held


def _rows(html: str, table_id: str) -> int:
    """The body rows of the table with `table_id` in the page."""
    start = html.find(f'id="{table_id}"')
    if start < 0:
        return 0
    body = html[start : html.index("</table>", start)]
    return body.count("<tr>") - 1  # less the header row


def test_overview_pages_its_lists_for_the_largest_school():
    """Issue #29: the page and its queries stay the same size with many more groups and
    students without a group; each list shows a page and links to the next."""
    world = make_world()
    _group_with_meeting(world, n=2)
    for _ in range(3):
        world.place("VT1")
    client = client_for(world.so)
    url = reverse("intervision:overview")
    client.get(url)

    def measure() -> tuple[int, str]:
        return page_cost(client, url)[:2]

    small, html = measure()
    assert _rows(html, "needs-group") == 3
    for index in range(55):
        services.group_create(
            user=world.so, name=f"Groep {index:02}", band="senior", location_ids=[world.school.pk]
        )
    for _ in range(60):
        world.place("VT1")
    large, html = measure()
    assert large == small
    assert _rows(html, "needs-group") == 50
    assert _rows(html, "groups") == 50
    assert 'href="?zonder_groep=2"' in html and 'href="?groepen=2"' in html
    second = client.get(url, {"zonder_groep": 2, "groepen": 2}).content.decode()
    assert _rows(second, "needs-group") == 13
    assert _rows(second, "groups") == 6
    # The other list's page stays in the link.
    assert 'href="?zonder_groep=2&amp;groepen=1"' in second


def _student_options(html: str) -> int:
    """The students the group page's add form offers."""
    start = html.find('name="placement"')
    if start < 0:
        return 0
    return len(re.findall(r'<option value="\d+"', html[start : html.index("</select>", start)]))


def test_group_page_does_not_list_every_student_of_the_largest_school():
    """Issue #29: the add form offers at most a page of students without a group; a search
    by name finds the others, and the queries stay the same."""
    world = make_world()
    group, _, _ = _group_with_meeting(world, n=2)
    for _ in range(3):
        world.place("VT3")
    client = client_for(world.so)
    url = reverse("intervision:group", args=[group.pk])

    def measure(**params) -> tuple[int, str]:
        return page_cost(client, url, params)[:2]

    small, html = measure()
    assert _student_options(html) == 3 and 'name="zoek"' not in html
    for _ in range(60):
        world.place("VT3")
    last = world.place("VT3")
    from placements.models import Student

    Student.objects.filter(pk=last.student_id).update(last_name="Zzyzx")
    large, html = measure()
    assert large == small
    assert _student_options(html) == 50 and 'name="zoek"' in html
    assert "Zzyzx" not in html
    _, found = measure(zoek="zzyzx")
    assert _student_options(found) == 1 and "Zzyzx" in found
    # Adding any student without a group still works, also one not on the page.
    response = client.post(
        reverse("intervision:member_add", args=[group.pk]), {"placement": last.pk}
    )
    assert response.status_code == 302
    assert last.intervision_memberships.get(left_on__isnull=True).group == group
