"""Imports and registration stay within the SO's own school (security findings 1, 2 and 3):
another school's student or mentor is linked, never changed, and never revealed."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from bos.models import Role, RoleAssignment
from placements import services
from placements.models import Placement, Student
from placements.views import imports as views_import
from tests.factories import PersonFactory, RoleAssignmentFactory, StudentFactory, user_with_role
from tests.placements.factories import make_world
from tests.placements.test_imports import STUDENT_HEADER, xlsx

pytestmark = pytest.mark.django_db

MENTOR_HEADER = [
    "E-mailadres",
    "Voornaam",
    "Achternaam",
    "Locatie",
    "Vakken",
    "Bevoegdheid",
    "Werkzaam sinds",
]


@pytest.fixture
def world():
    return make_world()


@pytest.fixture
def client(world):
    client = Client()
    client.force_login(world.so_user)
    return client


@pytest.fixture
def elsewhere(world):
    """A student of the same institute placed at the other school only."""
    student = StudentFactory(
        institute=world.institute,
        student_number="FL2020026",
        first_name="Sanne",
        last_name="Elders",
        email="sanne@student.example",
        programme="Duits",
        variant="dt",
    )
    world.create(
        user=world.other_so_user,
        location_id=world.other_location.pk,
        student=student,
        wpb=None,
        io=None,
    )
    return student


def upload_and_confirm(client, kind, data, **confirm):
    preview = client.post(
        reverse("placements:import", args=[kind]),
        {"file": SimpleUploadedFile("lijst.xlsx", data)},
    )
    stored = client.session.get(views_import.SESSION_KEY) or {}
    data = {"token": stored.get("token", ""), "sha256": stored.get("sha256", ""), **confirm}
    confirmed = client.post(reverse("placements:import_confirm", args=[kind]), data)
    return preview, confirmed


def snapshot(student):
    return Student.objects.filter(pk=student.pk).values().get()


# Finding 1 ----------------------------------------------------------------------------------


def test_student_import_never_overwrites_another_schools_student(world, client, elsewhere):
    before = snapshot(elsewhere)
    row = ["TLO", "FL2020026", "Aangepast", "Naam", "nieuw@x.example", "Engels", "vt"]
    preview, _ = upload_and_confirm(client, "studenten", xlsx(STUDENT_HEADER, row))
    content = preview.content.decode()
    assert preview.status_code == 400
    assert "bekend bij het instituut onder een andere naam" in content
    assert "bij het instituut met een ander e-mailadres" in content
    assert "Sanne" not in content and "sanne@student.example" not in content
    assert snapshot(elsewhere) == before


def test_same_name_but_other_programme_is_an_error_not_a_silent_use(world, client, elsewhere):
    before = snapshot(elsewhere)
    row = ["TLO", "FL2020026", "Sanne", "Elders", "sanne@student.example", "Engels", "vt"]
    preview, _ = upload_and_confirm(client, "studenten", xlsx(STUDENT_HEADER, row))
    assert preview.status_code == 400
    assert "Wijkt af van wat bij dit studentnummer al is vastgelegd" in preview.content.decode()
    assert snapshot(elsewhere) == before


def test_matching_row_of_another_schools_student_changes_nothing(world, client, elsewhere):
    before = snapshot(elsewhere)
    row = ["TLO", "FL2020026", "sanne", "ELDERS", "Sanne@Student.example", "Duits", "dt"]
    _, confirmed = upload_and_confirm(client, "studenten", xlsx(STUDENT_HEADER, row))
    assert confirmed.status_code == 302
    assert snapshot(elsewhere) == before


def test_own_student_gets_programme_and_variant_filled_in(world, client):
    own = world.student
    world.create()
    row = ["TLO", own.student_number, own.first_name, own.last_name, own.email, "Latijn", "kop"]
    _, confirmed = upload_and_confirm(client, "studenten", xlsx(STUDENT_HEADER, row))
    assert confirmed.status_code == 302
    own.refresh_from_db()
    assert (own.programme, own.variant) == ("Latijn", "kop")


def test_placement_import_needs_the_name_of_a_student_new_to_the_school(world, client, elsewhere):
    header = ["Instituut", "Studentnummer", "Locatie", "Niveau", "Label instituut"]
    header += ["Begindatum", "Einddatum", "Dagen per week", "WPB e-mailadres", "Afrondend"]
    row = ["TLO", "FL2020026", "Testcollege", "VT2", "", "01-09-2020", "01-07-2021", "2", "", ""]
    preview, _ = upload_and_confirm(client, "stages", xlsx(header, row))
    assert preview.status_code == 400
    assert "vul voornaam en achternaam in" in preview.content.decode()
    assert not Placement.objects.filter(location=world.location).exists()


# Finding 2 ----------------------------------------------------------------------------------


def register_post(world, **overrides):
    data = {
        "location": world.location.pk,
        "institute": world.institute.pk,
        "student_number": "FL2020026",
        "first_name": "Iemand",
        "last_name": "Anders",
        "email": "iemand@student.example",
        "programme": "Duits",
        "variant": "dt",
        "level": "VT2",
        "start_date": "2020-09-01",
        "end_date": "2021-07-01",
        "days_per_week": "2",
    }
    data.update(overrides)
    return data


def test_registering_by_number_alone_reveals_and_creates_nothing(world, client, elsewhere):
    # No overlap: the other school's placement ended before this period.
    Placement.objects.filter(student=elsewhere).update(
        start_date=dt.date(2020, 9, 1), end_date=dt.date(2020, 10, 1)
    )
    response = client.post(
        reverse("placements:register"), register_post(world, start_date="2020-11-01")
    )
    content = response.content.decode()
    assert response.status_code == 400
    assert "bekend bij het instituut onder een andere naam" in content
    assert "Sanne" not in content and "sanne@student.example" not in content
    assert not Placement.objects.filter(location=world.location).exists()


def test_overlap_with_another_school_names_neither_school_nor_period(world, client, elsewhere):
    data = register_post(
        world, first_name="Sanne", last_name="Elders", email="sanne@student.example"
    )
    response = client.post(reverse("placements:register"), data)
    content = response.content.decode()
    assert response.status_code == 400
    assert "overlapt" in content and "overstap" in content
    assert world.other_location.name not in content
    assert "1 juli 2021" not in content and "september 2020" not in content
    assert not Placement.objects.filter(location=world.location).exists()


def test_overlap_at_the_own_school_is_explained_in_full(world):
    world.create()
    with pytest.raises(Exception) as refused:
        world.create(start_date=dt.date(2020, 10, 1))
    assert "Testcollege" in str(refused.value)


# Finding 3 ----------------------------------------------------------------------------------


def test_mentor_import_links_another_schools_mentor_without_changing_her(world, client):
    mentor = PersonFactory(email="mentor.elders@school.example", first_name="Mira")
    RoleAssignmentFactory(
        person=mentor,
        school_year=world.year,
        role=Role.WPB,
        locations=[world.other_location],
        subjects="Duits",
        qualification_grade=1,
        started_at_school=2005,
    )
    row = [mentor.email, "Andere", "Naam", "Testcollege", "Engels", 2, 2019]
    _, confirmed = upload_and_confirm(client, "werkplekbegeleiders", xlsx(MENTOR_HEADER, row))
    assert confirmed.status_code == 302
    mentor.refresh_from_db()
    assignment = mentor.roles.get(role=Role.WPB)
    assert (assignment.subjects, assignment.qualification_grade) == ("Duits", 1)
    assert assignment.started_at_school == 2005
    assert mentor.first_name == "Mira"
    assert set(assignment.locations.values_list("name", flat=True)) == {
        "Testcollege",
        "Andere school",
    }


def test_giving_a_staff_member_a_wpb_role_needs_confirmation(world, client):
    leader = user_with_role(Role.PROJECTLEIDER, year=world.year).person
    row = [leader.email, leader.first_name, leader.last_name, "Testcollege", "", "", ""]
    data = xlsx(MENTOR_HEADER, row)
    preview, confirmed = upload_and_confirm(client, "werkplekbegeleiders", data)
    assert "al medewerker met een andere rol" in preview.content.decode()
    assert 'name="bevestigd"' in preview.content.decode()
    assert confirmed.status_code == 400
    assert not RoleAssignment.objects.filter(person=leader, role=Role.WPB).exists()
    # Confirmed: the role is given, and the person is otherwise unchanged.
    _, confirmed = upload_and_confirm(client, "werkplekbegeleiders", data, bevestigd="1")
    assert confirmed.status_code == 302
    assert RoleAssignment.objects.filter(person=leader, role=Role.WPB).exists()


def test_register_form_asks_confirmation_for_a_staff_member_as_wpb(world, client):
    leader = user_with_role(Role.PROJECTLEIDER, year=world.year).person
    data = register_post(
        world,
        student_number="N900",
        wpb_email=leader.email,
        wpb_first_name="X",
        wpb_last_name="Y",
    )
    response = client.post(reverse("placements:register"), data)
    assert response.status_code == 400
    assert "al een andere rol in de opleidingsschool" in response.content.decode()
    assert not RoleAssignment.objects.filter(person=leader, role=Role.WPB).exists()
    response = client.post(reverse("placements:register"), {**data, "wpb_confirm_staff": "on"})
    assert response.status_code == 302
    assert RoleAssignment.objects.filter(person=leader, role=Role.WPB).exists()


def test_service_refuses_staff_without_confirmation(world):
    leader = user_with_role(Role.IO, year=world.year, institute=world.institute).person
    with pytest.raises(Exception, match="andere rol"):
        services.wpb_find_or_create(
            user=world.so_user,
            location_id=world.location.pk,
            email=leader.email,
            first_name="A",
            last_name="B",
            subjects="",
            qualification_grade=None,
            started_at_school=None,
        )
    assert not RoleAssignment.objects.filter(person=leader, role=Role.WPB).exists()
