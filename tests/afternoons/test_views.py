"""The pages: the location stays hidden before publishing, the student chooses, the leader
keeps the list, the SO follows up, bad input gets a Dutch message, and query counts do not
grow with the data."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from afternoons import services
from afternoons.models import Preference, WorkshopAssignment
from tests.afternoons.world import TODAY, make_world
from tests.page_cost import page_cost

pytestmark = pytest.mark.django_db

SECRET_PLACES = ("Geheime zaal", "bos.example/online/geheim")


@pytest.fixture
def world():
    return make_world()


def _client(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture(autouse=True)
def _the_choosing_period(monkeypatch):
    # The pages use today's date; the world's afternoon lies in 2030.
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)


def _invited(world, django_capture_on_commit_callbacks):
    afternoon = world.afternoon()
    workshops = world.workshops(afternoon)
    with django_capture_on_commit_callbacks(execute=True):
        services.send_invitations(actor=world.planner, afternoon=afternoon, today=TODAY)
    afternoon.refresh_from_db()
    student = afternoon.invitations.first().student
    return afternoon, workshops, student


def test_location_is_hidden_until_published_for_the_student_and_in_the_html(
    world, django_capture_on_commit_callbacks
):
    afternoon, _workshops, student = _invited(world, django_capture_on_commit_callbacks)
    client = _client(world.student_user(student))
    services.run_assignment(actor=world.planner, afternoon=afternoon)
    for url in (reverse("afternoons:mine"), reverse("afternoons:choose", args=[afternoon.pk])):
        html = client.get(url).content.decode()
        assert "erdiepingsmiddag 1" in html
        for secret in SECRET_PLACES:
            assert secret not in html, url
        assert "Jouw workshop" not in html
    services.publish(actor=world.planner, afternoon=afternoon)
    html = client.get(reverse("afternoons:mine")).content.decode()
    assignment = WorkshopAssignment.objects.get(afternoon=afternoon, student=student)
    assert "Jouw workshop" in html and assignment.workshop.theme in html
    assert assignment.workshop.where in html


def test_student_ranks_themes_and_sees_a_dutch_message_on_a_double_choice(
    world, django_capture_on_commit_callbacks
):
    afternoon, workshops, student = _invited(world, django_capture_on_commit_callbacks)
    client = _client(world.student_user(student))
    url = reverse("afternoons:choose", args=[afternoon.pk])
    response = client.post(url, {"choice_1": workshops[0].pk, "choice_2": workshops[0].pk})
    assert response.status_code == 200
    assert "Kies elk thema maar één keer." in response.content.decode()
    assert not Preference.objects.filter(student=student).exists()
    response = client.post(
        url,
        {"choice_1": workshops[2].pk, "choice_2": workshops[0].pk, "choice_3": workshops[1].pk},
    )
    assert response.status_code == 302
    assert list(
        Preference.objects.filter(student=student).values_list("workshop_id", flat=True)
    ) == [workshops[2].pk, workshops[0].pk, workshops[1].pk]
    response = client.post(url, {"choice_1": "abc"})
    assert response.status_code == 200  # a bad value is a form error, never a 500


def test_a_student_not_invited_gets_a_404(world, django_capture_on_commit_callbacks):
    afternoon, _, _ = _invited(world, django_capture_on_commit_callbacks)
    from tests.factories import StudentFactory, UserFactory

    stranger = StudentFactory()
    stranger.user = UserFactory()
    stranger.save()
    client = _client(stranger.user)
    assert client.get(reverse("afternoons:choose", args=[afternoon.pk])).status_code == 404


def _published(world, django_capture_on_commit_callbacks):
    afternoon, workshops, _student = _invited(world, django_capture_on_commit_callbacks)
    services.run_assignment(actor=world.planner, afternoon=afternoon)
    services.publish(actor=world.planner, afternoon=afternoon)
    return afternoon, workshops


def test_leader_marks_attendance_and_adds_a_walk_in(world, django_capture_on_commit_callbacks):
    _afternoon, workshops = _published(world, django_capture_on_commit_callbacks)
    client = _client(world.leader_user)
    page = client.get(reverse("afternoons:attendance", args=[workshops[0].pk]))
    assert page.status_code == 200
    assignment = workshops[0].assignments.first()
    response = client.post(reverse("afternoons:mark", args=[assignment.pk]), {"attended": "0"})
    assert response.status_code == 302 and f"#student-{assignment.pk}" in response["Location"]
    assignment.refresh_from_db()
    assert assignment.attended is False
    # Another workshop's list is not theirs.
    other = workshops[1].assignments.first()
    assert (
        client.post(reverse("afternoons:mark", args=[other.pk]), {"attended": "1"}).status_code
        == 404
    )
    assert client.get(reverse("afternoons:attendance", args=[workshops[1].pk])).status_code == 404
    # Walk-in: search by name, then add.
    walker = next(
        p.student
        for p in world.placements
        if not WorkshopAssignment.objects.filter(student=p.student).exists()
    )
    found = client.get(
        reverse("afternoons:attendance", args=[workshops[0].pk]), {"q": walker.first_name}
    )
    assert walker.full_name in found.content.decode()
    client.post(reverse("afternoons:walk_in", args=[workshops[0].pk]), {"student": walker.pk})
    assert WorkshopAssignment.objects.get(student=walker).attended is True
    response = client.post(reverse("afternoons:walk_in", args=[workshops[0].pk]), {"student": "x"})
    assert response.status_code == 302


def test_so_sees_absentees_of_their_school_only(world, django_capture_on_commit_callbacks):
    afternoon, _ = _published(world, django_capture_on_commit_callbacks)
    for assignment in WorkshopAssignment.objects.filter(afternoon=afternoon):
        services.record_attendance(actor=world.planner, assignment=assignment, attended=False)
    html = _client(world.so_user).get(reverse("afternoons:follow_up")).content.decode()
    own = {p.student.full_name for p in world.placements if p.location == world.schools[0]}
    others = {p.student.full_name for p in world.placements if p.location != world.schools[0]}
    names = set(re.findall(r"Student\d+ Testpersoon", html))
    assert names and names <= own and not names & others


def test_planner_pages_and_a_bad_form(world, django_capture_on_commit_callbacks):
    afternoon, workshops = _published(world, django_capture_on_commit_callbacks)
    client = _client(world.planner)
    for url in (
        reverse("afternoons:list"),
        reverse("afternoons:detail", args=[afternoon.pk]),
        reverse("afternoons:proposals"),
        reverse("afternoons:create"),
        reverse("afternoons:workshop_edit", args=[workshops[0].pk]),
    ):
        assert client.get(url).status_code == 200, url
    response = client.post(
        reverse("afternoons:create"),
        {"number": "2", "date": "2030-01-01", "audience": "Iedereen"},
    )
    assert response.status_code == 200
    assert "valt niet in schooljaar" in response.content.decode()
    response = client.post(
        reverse("afternoons:create"),
        {
            "number": "2",
            "date": "2031-02-11",
            "audience": "Iedereen",
            "choice_deadline": "2031-01-28",
            "levels": ["VT1"],
        },
    )
    assert response.status_code == 302


def _queries(client, url):
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


def test_query_counts_do_not_grow_with_the_data(django_capture_on_commit_callbacks):
    small = make_world(students_per_school=4)
    afternoon, workshops = _published(small, django_capture_on_commit_callbacks)
    for assignment in WorkshopAssignment.objects.filter(afternoon=afternoon):
        services.record_attendance(actor=small.planner, assignment=assignment, attended=False)
    planner, so = _client(small.planner), _client(small.so_user)
    urls = {
        "detail": (planner, reverse("afternoons:detail", args=[afternoon.pk])),
        "list": (planner, reverse("afternoons:list")),
        "attendance": (planner, reverse("afternoons:attendance", args=[workshops[0].pk])),
        "workshops": (planner, reverse("afternoons:workshops")),
        "follow_up": (so, reverse("afternoons:follow_up")),
    }
    before = {name: _queries(client, url) for name, (client, url) in urls.items()}
    # Twice the students, all of them on the lists.
    from tests.factories import PlacementFactory, StudentFactory

    for school in small.schools:
        for _ in range(4):
            student = StudentFactory(institute=small.partner)
            PlacementFactory(student=student, location=school, school_year=small.year)
            services.add_walk_in(actor=small.planner, workshop=workshops[0], student=student)
    after = {name: _queries(client, url) for name, (client, url) in urls.items()}
    assert after == before


def test_deadline_passed_means_no_choosing(world, django_capture_on_commit_callbacks, monkeypatch):
    afternoon, workshops, student = _invited(world, django_capture_on_commit_callbacks)
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: dt.date(2030, 11, 6))
    client = _client(world.student_user(student))
    html = client.get(reverse("afternoons:choose", args=[afternoon.pk])).content.decode()
    assert "Kiezen kan niet meer" in html
    response = client.post(
        reverse("afternoons:choose", args=[afternoon.pk]), {"choice_1": workshops[0].pk}
    )
    assert "deadline is voorbij" in response.content.decode()


def test_start_page_shows_what_waits(world, django_capture_on_commit_callbacks):
    afternoon, _, student = _invited(world, django_capture_on_commit_callbacks)
    html = _client(world.student_user(student)).get(reverse("home")).content.decode()
    assert "Thema&#x27;s kiezen voor een verdiepingsmiddag" in html or "kiezen voor een" in html
    assert reverse("afternoons:choose", args=[afternoon.pk]) in html
    services.run_assignment(actor=world.planner, afternoon=afternoon)
    html = _client(world.planner).get(reverse("home")).content.decode()
    assert "indelen en publiceren" in html
    services.publish(actor=world.planner, afternoon=afternoon)
    for assignment in WorkshopAssignment.objects.filter(afternoon=afternoon):
        services.record_attendance(actor=world.planner, assignment=assignment, attended=False)
    html = _client(world.so_user).get(reverse("home")).content.decode()
    assert "Afwezig op een verdiepingsmiddag" in html


def test_planner_finds_proposals_and_downloads_them(world):
    for index, theme in enumerate(("Ouders spreken", "Stem en houding")):
        student = world.placements[index].student
        services.propose_theme(
            actor=world.student_user(student), year=world.year, theme=theme, explanation="Graag"
        )
    client = _client(world.planner)
    html = client.get(reverse("afternoons:proposals"), {"q": "ouders"}).content.decode()
    assert "Ouders spreken" in html and "Stem en houding" not in html
    response = client.get(reverse("afternoons:proposals"), {"export": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def _follow_up_rows(html: str) -> tuple[int, int]:
    """The rows of the absentees' table and of the tables per afternoon."""
    start = html.index('id="afwezigen"')
    split = html.index("</table>", start)
    return (
        html[start:split].count('<tr><th scope="row">'),
        html[split:].count('<tr><th scope="row">'),
    )


def test_follow_up_and_detail_stay_one_page_for_the_largest_school(
    django_capture_on_commit_callbacks,
):
    """Issue #29: with many more students of one school the follow-up and the afternoon's
    detail read as many queries, show at most a page of rows, count per relation (never
    COUNT(DISTINCT) over joined relations) and link to the next page."""
    from tests.factories import PlacementFactory, StudentFactory

    world = make_world(students_per_school=4)
    afternoon, workshops = _published(world, django_capture_on_commit_callbacks)
    for assignment in WorkshopAssignment.objects.filter(afternoon=afternoon):
        services.record_attendance(actor=world.planner, assignment=assignment, attended=False)
    so, planner = _client(world.so_user), _client(world.planner)
    follow = reverse("afternoons:follow_up")
    detail = reverse("afternoons:detail", args=[afternoon.pk])

    def measure(client, url):
        cost = page_cost(client, url)
        assert not any("COUNT(DISTINCT" in sql.upper() for sql in cost.sql)
        return cost.queries, cost.html

    small_follow, html = measure(so, follow)
    absent_before, rows_before = _follow_up_rows(html)
    assert 0 < absent_before < 50 and 0 < rows_before < 50
    small_detail, _ = measure(planner, detail)
    for _ in range(60):
        student = StudentFactory(institute=world.partner)
        PlacementFactory(student=student, location=world.schools[0], school_year=world.year)
        services.add_walk_in(actor=world.planner, workshop=workshops[0], student=student)
    for assignment in WorkshopAssignment.objects.filter(afternoon=afternoon, attended=True):
        services.record_attendance(actor=world.planner, assignment=assignment, attended=False)
    large_follow, html = measure(so, follow)
    assert large_follow == small_follow
    assert _follow_up_rows(html) == (50, 50)
    assert f"Studenten die afwezig waren ({absent_before + 60})" in html
    assert 'href="?afwezigen=2"' in html and 'href="?pagina=2"' in html
    second = so.get(follow, {"afwezigen": 2, "pagina": 2}).content.decode()
    assert _follow_up_rows(second) == (absent_before + 60 - 50, rows_before + 60 - 50)
    large_detail, html = measure(planner, detail)
    assert large_detail == small_detail
    assert html.count('id="move-') == 50 and 'href="?pagina=2"' in html
    assert planner.get(detail, {"pagina": 2}).content.decode().count('id="move-') > 0


def test_the_list_of_afternoons_is_paged(world):
    """Issue #29: a region plans hundreds of afternoons a year; the planner's list shows 50
    a page, with the same queries, and the next page holds the rest."""
    planner = _client(world.planner)
    url = reverse("afternoons:list")
    world.afternoon(number=1)
    small = page_cost(planner, url)
    for number in range(2, 62):
        world.afternoon(number=number)
    large = page_cost(planner, url)
    assert large.queries == small.queries
    assert large.html.count('<th scope="row">') == 50
    assert 'href="?pagina=2"' in large.html
    second = planner.get(url, {"pagina": 2}).content.decode()
    assert second.count('<th scope="row">') == 11
