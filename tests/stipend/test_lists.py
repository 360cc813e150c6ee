"""The stipend lists on the shared list component: search, filters, Excel export, a constant
number of queries, and approving an application from its row (htmx or a plain POST)."""

import dataclasses
import io
import itertools

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from bos import permissions
from bos.models import Role
from stipend import services
from stipend.models import DocumentKind, Status, StipendApplication
from tests.factories import (
    PlacementFactory,
    SchoolBoardFactory,
    SchoolLocationFactory,
    StudentFactory,
    user_with_role,
)
from tests.stipend.factories import (
    VALID_BSN,
    VALID_IBAN,
    complete_application,
    document_row,
)

_names = itertools.count(1)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def make_application(world, *, status=Status.SUBMITTED, location=None, last_name=None):
    """An application without the service steps (fast), with the three required documents
    and the encrypted numbers filled in."""
    n = next(_names)
    name = last_name or f"Achternaam{n}"
    student = StudentFactory(first_name=f"Voornaam{n}", last_name=name)
    placement = PlacementFactory(
        student=student,
        location=location or world.placement.location,
        school_year=world.year,
        is_final=True,
    )
    application = StipendApplication.objects.create(
        placement=placement,
        status=status,
        last_name=name,
        given_names=f"Voornaam{n}",
        bsn=VALID_BSN,
        iban=VALID_IBAN,
    )
    for kind in (DocumentKind.ID_COPY, DocumentKind.AGREEMENT):
        document_row(application, kind)
    return application


def numbers(response) -> set[int]:
    return {
        application.pk
        for application in StipendApplication.objects.all()
        if f'id="aanvraag-{application.pk}"' in response.content.decode()
    }


def workbook_rows(response) -> list[list]:
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


# --- HR queue -------------------------------------------------------------------------------


def test_hr_queue_shows_the_waiting_applications_first_and_filters_narrow(world):
    board = world.placement.location.board
    second = SchoolLocationFactory(board=board, name="Tweede School")
    waiting = make_application(world, last_name="Jansen")
    elsewhere = make_application(world, location=second)
    accepted = make_application(world, status=Status.ACCEPTED)
    before_hr = make_application(world, status=Status.SIGNED)
    client = client_for(world.hr)
    url = reverse("stipend:hr_queue")

    response = client.get(url)
    assert response.status_code == 200
    assert numbers(response) == {waiting.pk, elsewhere.pk}
    html = response.content.decode()
    assert "2 aanvragen" in html
    assert "Compleet?" in html and "Nee, ontbreekt:" in html
    assert "Betalingen exporteren" in html
    # Only one board: no board filter.
    assert 'name="board"' not in html

    everything = client.get(url, {"status": ""})
    assert numbers(everything) == {waiting.pk, elsewhere.pk, accepted.pk}
    assert before_hr.pk not in numbers(everything)
    assert numbers(client.get(url, {"status": Status.ACCEPTED})) == {accepted.pk}
    assert numbers(client.get(url, {"q": "jansen"})) == {waiting.pk}
    assert numbers(client.get(url, {"q": f"#{elsewhere.pk}"})) == {elsewhere.pk}
    # A board can hold a hundred schools: HR types part of a school's name.
    assert 'name="location_naam"' in html and '<select name="location"' not in html
    assert numbers(client.get(url, {"location_naam": "tweede"})) == {elsewhere.pk}


def test_hr_of_two_boards_filters_by_board(world, monkeypatch):
    other_board = SchoolBoardFactory()
    build = permissions._build_scope

    def with_second_board(user, year):
        # One HR role per person and year: the scope of an HR office for two boards.
        scope = build(user, year)
        if user.pk != world.hr.pk:
            return scope
        return dataclasses.replace(scope, hr_board_ids=scope.hr_board_ids | {other_board.pk})

    monkeypatch.setattr(permissions, "_build_scope", with_second_board)
    own = make_application(world)
    other = make_application(world, location=SchoolLocationFactory(board=other_board))
    url = reverse("stipend:hr_queue")
    client = client_for(world.hr)
    assert numbers(client.get(url)) == {own.pk, other.pk}
    assert numbers(client.get(url, {"board": other_board.pk})) == {other.pk}


def test_hr_queue_export_holds_the_filtered_rows_and_no_personal_numbers(world):
    kept = make_application(world, last_name="Pietersen")
    make_application(world, last_name="Klaassen")
    response = client_for(world.hr).get(
        reverse("stipend:hr_queue"), {"q": "pietersen", "export": "xlsx"}
    )
    rows = workbook_rows(response)
    header, *body = rows
    assert "Compleet?" in header and "Actie" not in header
    assert len(body) == 1
    assert body[0][0] == kept.pk  # a real number
    flat = " ".join(str(value) for row in rows for value in row)
    for secret in (VALID_BSN, VALID_IBAN, "RABO"):
        assert secret not in flat


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


def test_hr_queue_queries_do_not_grow_with_the_applications(world):
    client = client_for(world.hr)
    url = reverse("stipend:hr_queue")
    for _ in range(3):
        make_application(world)
    few = _queries(client, url)
    for _ in range(27):
        make_application(world)
    assert _queries(client, url) == few


def test_application_list_queries_do_not_grow_with_the_applications(world):
    url = reverse("stipend:list")
    for _ in range(3):
        make_application(world, status=Status.SIGNED)
    few = {user: _queries(client_for(user), url) for user in (world.so, world.director)}
    for _ in range(27):
        make_application(world, status=Status.SO_APPROVED)
    many = {user: _queries(client_for(user), url) for user in (world.so, world.director)}
    assert many == few


# --- Application list -----------------------------------------------------------------------


def test_application_list_search_status_filter_and_export(world):
    signed = make_application(world, status=Status.SIGNED, last_name="De Vries")
    concept = make_application(world, status=Status.CONCEPT)
    client = client_for(world.so)
    url = reverse("stipend:list")
    response = client.get(url)
    html = response.content.decode()
    assert numbers(response) == {signed.pk, concept.pk}
    assert "Aanvraag starten" in html  # the SO's final placement has no application yet
    # One school: no school filter.
    assert 'name="location"' not in html
    assert numbers(client.get(url, {"status": Status.CONCEPT})) == {concept.pk}
    assert numbers(client.get(url, {"q": "de vries"})) == {signed.pk}
    rows = workbook_rows(client.get(url, {"status": Status.SIGNED, "export": "xlsx"}))
    header, *body = rows
    assert "Actie" not in header
    assert [row[0] for row in body] == [signed.pk]
    flat = " ".join(str(value) for row in rows for value in row)
    assert VALID_BSN not in flat and VALID_IBAN not in flat


def test_school_filter_for_who_sees_several_schools(world):
    second = SchoolLocationFactory(board=world.placement.location.board, name="Tweede School")
    first = make_application(world)
    other = make_application(world, location=second)
    # The projectleider's list spans the region: part of a school's name is typed.
    leader = user_with_role(Role.PROJECTLEIDER, year=world.year)
    client = client_for(leader)
    url = reverse("stipend:list")
    response = client.get(url)
    assert response.status_code == 200
    assert 'name="location_naam"' in response.content.decode()
    assert first.pk in numbers(response)
    assert numbers(client.get(url, {"location_naam": "tweede sch"})) == {other.pk}
    # An SO of two schools chooses from those two.
    so = user_with_role(Role.SO, year=world.year, locations=[world.placement.location, second])
    response = client_for(so).get(reverse("stipend:list"))
    assert '<select name="location"' in response.content.decode()
    assert numbers(client_for(so).get(url, {"location": second.pk})) == {other.pk}


def test_each_role_opens_the_pages_it_may_see(world):
    make_application(world)
    leader = user_with_role(Role.PROJECTLEIDER, year=world.year)
    wpb = user_with_role(Role.WPB, year=world.year)
    for user in (world.so, world.director, world.hr, world.student, leader):
        assert client_for(user).get(reverse("stipend:list")).status_code == 200
    assert client_for(wpb).get(reverse("stipend:list")).status_code == 403
    assert client_for(world.hr).get(reverse("stipend:hr_queue")).status_code == 200
    for user in (world.so, world.director, world.student, leader, wpb):
        assert client_for(user).get(reverse("stipend:hr_queue")).status_code == 403


# --- Approving in the list ------------------------------------------------------------------


@pytest.fixture
def signed(world):
    application = complete_application(world)
    services.sign(application=application, actor=world.student)
    return application


def test_only_the_one_whose_turn_it_is_sees_the_button(world, signed):
    so_html = client_for(world.so).get(reverse("stipend:list")).content.decode()
    assert reverse("stipend:so_approve_row", args=[signed.pk]) in so_html
    director_html = client_for(world.director).get(reverse("stipend:list")).content.decode()
    assert "Goedkeuren" not in director_html
    student_html = client_for(world.student).get(reverse("stipend:list")).content.decode()
    assert "Goedkeuren" not in student_html


def test_htmx_approve_returns_only_the_row(world, signed):
    url = reverse("stipend:so_approve_row", args=[signed.pk])
    response = client_for(world.so).post(url, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode().strip()
    assert html.startswith("<tr") and html.endswith("</tr>")
    assert f'id="aanvraag-{signed.pk}"' in html
    assert "<html" not in html and "<table" not in html
    assert 'role="status"' in html and "Goedgekeurd; de directie is aan zet." in html
    signed.refresh_from_db()
    assert signed.status == Status.SO_APPROVED
    # Now the director's turn, also from the row.
    director_url = reverse("stipend:director_approve_row", args=[signed.pk])
    assert director_url in client_for(world.director).get(reverse("stipend:list")).content.decode()
    response = client_for(world.director).post(director_url, HTTP_HX_REQUEST="true")
    assert "Goedgekeurd en doorgestuurd naar HR." in response.content.decode()
    assert "Goedkeuren" not in response.content.decode()
    signed.refresh_from_db()
    assert signed.status == Status.SUBMITTED


def test_approve_without_javascript_redirects_to_the_list_with_a_message(world, signed):
    client = client_for(world.so)
    url = reverse("stipend:so_approve_row", args=[signed.pk])
    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("stipend:list")
    page = client.get(response["Location"]).content.decode()
    assert "Goedgekeurd; de directie is aan zet." in page
    signed.refresh_from_db()
    assert signed.status == Status.SO_APPROVED


def test_approve_in_the_wrong_state_is_a_message_not_an_error(world, signed):
    services.approve_by_so(application=signed, actor=world.so)
    client = client_for(world.so)
    url = reverse("stipend:so_approve_row", args=[signed.pk])
    response = client.post(url, follow=True)
    assert response.status_code == 200
    assert "Dit kan niet in de huidige status" in response.content.decode()
    row = client.post(url, HTTP_HX_REQUEST="true")
    assert row.status_code == 200
    html = row.content.decode()
    assert 'role="alert"' in html and "Dit kan niet in de huidige status" in html
    signed.refresh_from_db()
    assert signed.status == Status.SO_APPROVED


def test_approve_is_post_only_and_for_the_right_role(world, signed):
    so_url = reverse("stipend:so_approve_row", args=[signed.pk])
    assert client_for(world.so).get(so_url).status_code == 405
    assert client_for(world.director).post(so_url).status_code == 403
    assert client_for(world.student).post(so_url).status_code == 403
    # An SO of another school does not find the application.
    assert client_for(world.other_so).post(so_url).status_code == 404
    signed.refresh_from_db()
    assert signed.status == Status.SIGNED
