"""The registers of students and mentors (issue #23): who sees which student, who may change
what, bad input in Dutch with nothing saved, imports that put students in the register,
and a register page whose cost does not grow with the number of students."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from bos.models import Person, Role, RoleAssignment, User
from placements import imports, rules, services
from placements.models import StageLevel, Student, StudentSchool
from tests.factories import (
    InstituteFactory,
    LocationYearFactory,
    PlacementFactory,
    RoleAssignmentFactory,
    SchoolLocationFactory,
    SchoolYearFactory,
    StudentFactory,
    user_with_role,
)
from tests.placements.factories import World, make_world

pytestmark = pytest.mark.django_db

STUDENTS = reverse("placements:students")
STUDENT_ADD = reverse("placements:student_add")
MENTORS = reverse("placements:mentors")
MENTOR_ADD = reverse("placements:mentor_add")


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _names(response) -> list[str]:
    return [row.record.full_name for row in response.context["table"].page.object_list]


def _student_data(world: World, **overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "location": world.location.pk,
        "institute": world.institute.pk,
        "student_number": "R001",
        "first_name": "Rosa",
        "last_name": "Register",
        "email": "r001@student.example",
        "programme": "Engels",
        "variant": "vt",
    }
    data.update(overrides)
    return data


# --- Rules ------------------------------------------------------------------------------------


def test_who_may_change_a_students_data_worked_examples():
    change = rules.may_change_student
    # The projectleider changes every student.
    assert change(user_location_ids=None, owner_location_ids=[], placement_location_ids=[])
    # The school that registered the student first holds the data, placed or not.
    assert change(
        user_location_ids=frozenset({1}), owner_location_ids=[1], placement_location_ids=[]
    )
    # Another school reads them, also when it places the student.
    assert not change(
        user_location_ids=frozenset({2}), owner_location_ids=[1], placement_location_ids=[2]
    )
    # Registered before registrations were recorded: the schools that placed the student.
    assert change(
        user_location_ids=frozenset({2}), owner_location_ids=[], placement_location_ids=[1, 2]
    )
    assert not change(
        user_location_ids=frozenset({3}), owner_location_ids=[], placement_location_ids=[1, 2]
    )
    # Known to nobody: nobody but the projectleider.
    assert not change(
        user_location_ids=frozenset({1}), owner_location_ids=[], placement_location_ids=[]
    )


locations = st.frozensets(st.integers(min_value=1, max_value=6), max_size=4)


@given(user=locations, owners=locations, placed=locations)
def test_a_school_that_does_not_hold_the_data_never_changes_them(user, owners, placed):
    allowed = rules.may_change_student(
        user_location_ids=user, owner_location_ids=owners, placement_location_ids=placed
    )
    holders = owners or placed
    assert allowed == bool(user & holders)
    if owners and not user & owners:
        assert not allowed  # placing the student gives no right to another school's data
    assert rules.may_change_student(
        user_location_ids=None, owner_location_ids=owners, placement_location_ids=placed
    )


def test_who_may_change_a_mentor_worked_examples():
    change = rules.may_change_mentor
    assert change(user_location_ids=frozenset({1, 2}), mentor_location_ids=[1])
    assert not change(user_location_ids=frozenset({1}), mentor_location_ids=[1, 2])
    assert not change(user_location_ids=frozenset({1}), mentor_location_ids=[])
    assert change(user_location_ids=None, mentor_location_ids=[3])


@given(user=locations, mentor=locations)
def test_a_mentor_who_also_works_elsewhere_is_never_changed_by_one_school(user, mentor):
    allowed = rules.may_change_mentor(user_location_ids=user, mentor_location_ids=mentor)
    assert allowed == (bool(mentor) and mentor <= user)
    assert rules.may_change_mentor(user_location_ids=None, mentor_location_ids=mentor)


# --- The student register -------------------------------------------------------------------


def test_a_student_added_without_a_placement_is_in_the_sos_register_and_theirs():
    world = make_world()
    so = _client(world.so_user)
    response = so.post(STUDENT_ADD, _student_data(world), follow=True)
    student = Student.objects.get(student_number="R001")
    assert response.redirect_chain[-1][0] == reverse("placements:student", args=[student.pk])
    assert "Rosa Register staat in het register." in response.content.decode()
    link = StudentSchool.objects.get(student=student)
    assert (link.location, link.is_owner, link.registered_by) == (
        world.location,
        True,
        world.so_user,
    )
    assert "Rosa Register" in _names(so.get(STUDENTS))
    assert so.get(reverse("placements:student_edit", args=[student.pk])).status_code == 200
    # The IO of the student's institute at that school reads them; the other school does not.
    io = _client(world.io_user)
    assert "Rosa Register" in _names(io.get(STUDENTS))
    assert io.get(reverse("placements:student", args=[student.pk])).status_code == 200
    other = _client(world.other_so_user)
    assert "Rosa Register" not in _names(other.get(STUDENTS))
    assert other.get(reverse("placements:student", args=[student.pk])).status_code == 404


def test_another_school_links_a_known_student_but_never_changes_their_data():
    world = make_world()
    _client(world.so_user).post(STUDENT_ADD, _student_data(world))
    student = Student.objects.get(student_number="R001")
    other = _client(world.other_so_user)
    # A different name is refused, names no stored data and links nothing.
    response = other.post(
        STUDENT_ADD,
        _student_data(world, location=world.other_location.pk, first_name="Roos"),
    )
    assert response.status_code == 400
    assert "bekend bij het instituut onder een andere naam" in response.content.decode()
    assert not StudentSchool.objects.filter(location=world.other_location).exists()
    # The same student, told apart by number and name, is linked to the other school.
    response = other.post(
        STUDENT_ADD, _student_data(world, location=world.other_location.pk), follow=True
    )
    assert "staat nu ook in jouw register" in response.content.decode()
    link = StudentSchool.objects.get(student=student, location=world.other_location)
    assert not link.is_owner
    assert "Rosa Register" in _names(other.get(STUDENTS))
    page = other.get(reverse("placements:student", args=[student.pk])).content.decode()
    assert "Gegevens wijzigen" not in page
    assert "beheert Testcollege" in page
    edit = reverse("placements:student_edit", args=[student.pk])
    assert other.get(edit).status_code == 403
    changed = {**_student_data(world), "first_name": "Roos"}
    assert other.post(edit, changed).status_code == 403
    student.refresh_from_db()
    assert student.first_name == "Rosa"
    # Placing the student there gives the other school no right to the data either.
    PlacementFactory(student=student, location=world.other_location, school_year=world.year)
    assert other.get(edit).status_code == 403


def test_an_io_sees_only_their_institutes_students_at_their_schools():
    world = make_world()
    foreign = InstituteFactory(short_name="ANDER")
    mine_here = StudentFactory(institute=world.institute, first_name="Hier")
    mine_elsewhere = StudentFactory(institute=world.institute, first_name="Elders")
    other_institute = StudentFactory(institute=foreign, first_name="Vreemd")
    placed_here = StudentFactory(institute=world.institute, first_name="Geplaatst")
    for student, location in (
        (mine_here, world.location),
        (mine_elsewhere, world.other_location),
        (other_institute, world.location),
    ):
        StudentSchool.objects.create(student=student, location=location, is_owner=True)
    PlacementFactory(student=placed_here, location=world.location, school_year=world.year)
    names = {name.split()[0] for name in _names(_client(world.io_user).get(STUDENTS))}
    assert {"Hier", "Geplaatst"} <= names
    assert not names & {"Elders", "Vreemd"}
    so_names = {name.split()[0] for name in _names(_client(world.so_user).get(STUDENTS))}
    assert {"Hier", "Geplaatst", "Vreemd"} <= so_names
    assert "Elders" not in so_names


def test_the_register_filters_and_searches():
    world = make_world()
    placed = StudentFactory(institute=world.institute, first_name="Met", email="met@x.example")
    PlacementFactory(
        student=placed, location=world.location, school_year=world.year, level=StageLevel.VT3
    )
    waiting = StudentFactory(institute=world.institute, first_name="Zonder", variant="master")
    StudentSchool.objects.create(student=waiting, location=world.location, is_owner=True)
    so = _client(world.so_user)

    def first_names(**params: str) -> set[str]:
        return {name.split()[0] for name in _names(so.get(STUDENTS, params))}

    assert first_names(placed="ja") == {"Met"}
    assert first_names(placed="nee") == {"Zonder"}
    assert first_names(level="VT3") == {"Met"}
    assert first_names(variant="master") == {"Zonder"}
    assert first_names(q="met@x.example") == {"Met"}
    assert first_names(q=placed.student_number) == {"Met"}
    page = so.get(STUDENTS).content.decode()
    assert "2 studenten" in page
    assert "Testcollege" in page  # the school of this year's placement
    response = so.get(STUDENTS, {"level": "<script>", "page": "x" * 50})
    assert response.status_code == 200
    assert "Controleer de filters" in response.content.decode()


def test_a_placement_this_year_at_another_school_is_not_named():
    world = make_world()
    student = StudentFactory(institute=world.institute)
    StudentSchool.objects.create(student=student, location=world.location, is_owner=True)
    PlacementFactory(student=student, location=world.other_location, school_year=world.year)
    page = _client(world.so_user).get(STUDENTS).content.decode()
    assert "andere school" in page
    assert world.other_location.name not in page


def test_the_registers_excel_holds_every_student_and_no_email_addresses():
    world = make_world()
    for index in range(3):
        student = StudentFactory(institute=world.institute, email=f"geheim{index}@x.example")
        StudentSchool.objects.create(student=student, location=world.location, is_owner=True)
    response = _client(world.so_user).get(STUDENTS, {"export": "xlsx"})
    assert response.status_code == 200
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("Student", "Studentnummer", "Instituut")
    assert "E-mailadres" not in rows[0]
    assert len(rows) == 1 + 3
    assert not any("@" in str(cell) for row in rows for cell in row)


def _so_with_students(count: int) -> Client:
    year = SchoolYearFactory()
    location = SchoolLocationFactory()
    LocationYearFactory(location=location, school_year=year)
    user = user_with_role(Role.SO, year=year, locations=[location])
    for index in range(count):
        student = StudentFactory()
        if index % 2:
            PlacementFactory(student=student, location=location, school_year=year)
        else:
            StudentSchool.objects.create(student=student, location=location, is_owner=True)
    return _client(user)


def _queries(client: Client, url: str, **params: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(captured)


def test_the_register_costs_the_same_with_5_and_50_students():
    small = _queries(_so_with_students(5), STUDENTS)
    assert small <= 20  # the main pages' budget (tests/bos/test_page_query_budget.py)
    client = _so_with_students(50)
    assert client.get(STUDENTS).context["result_count"] == 50
    assert _queries(client, STUDENTS) == small
    assert _queries(client, STUDENTS, page="1", sort="-name") == small
    assert _queries(client, STUDENTS, placed="ja", level="VT2") == small


def test_the_mentor_register_costs_the_same_with_few_and_many_mentors():
    def so_with_mentors(count: int) -> Client:
        year = SchoolYearFactory()
        location = SchoolLocationFactory()
        user = user_with_role(Role.SO, year=year, locations=[location])
        for _ in range(count):
            RoleAssignmentFactory(school_year=year, role=Role.WPB, locations=[location])
        return _client(user)

    assert _queries(so_with_mentors(3), MENTORS) == _queries(so_with_mentors(40), MENTORS)


# --- A student's page -----------------------------------------------------------------------


def test_a_students_page_shows_every_placement_over_the_years():
    world = make_world()
    next_year = SchoolYearFactory(
        name="2029-2030", start_date=dt.date(2029, 8, 1), end_date=dt.date(2030, 7, 31)
    )
    student = world.student
    here = PlacementFactory(student=student, location=world.location, school_year=world.year)
    there = PlacementFactory(
        student=student,
        location=world.other_location,
        school_year=next_year,
        start_date=dt.date(2029, 9, 1),
        end_date=dt.date(2030, 7, 1),
    )
    response = _client(world.so_user).get(reverse("placements:student", args=[student.pk]))
    assert response.status_code == 200
    rows = response.context["placements"]
    assert [(p.pk, p.visible) for p in rows] == [(there.pk, False), (here.pk, True)]
    page = response.content.decode()
    assert "2029-2030" in page and world.year.name in page
    assert reverse("placements:detail", args=[here.pk]) in page
    assert reverse("placements:detail", args=[there.pk]) not in page
    assert world.other_location.name not in page
    assert "andere school van de opleidingsschool" in page
    # The projectleider opens both.
    projectleider = user_with_role(Role.PROJECTLEIDER, year=world.year)
    response = _client(projectleider).get(reverse("placements:student", args=[student.pk]))
    assert all(p.visible for p in response.context["placements"])


def test_a_student_page_offers_to_register_a_placement_with_their_data_filled_in():
    world = make_world()
    # An id past a thousand: the link must not carry the page's thousands separator.
    student = StudentFactory(pk=world.student.pk + 123456, institute=world.institute)
    StudentSchool.objects.create(student=student, location=world.location, is_owner=True)
    so = _client(world.so_user)
    page = so.get(reverse("placements:student", args=[student.pk])).content.decode()
    register = f"{reverse('placements:register')}?student={student.pk}"
    assert register in page
    form = so.get(register).context["form"]
    assert form.initial["student_number"] == student.student_number
    assert form.initial["institute"] == world.institute.pk
    # A student outside the user's scope, or a number that is none, fills in nothing.
    other = _client(world.other_so_user)
    assert "student_number" not in other.get(register).context["form"].initial
    for junk in ("abc", "9" * 40, "²"):
        response = so.get(reverse("placements:register"), {"student": junk})
        assert response.status_code == 200
        assert "student_number" not in response.context["form"].initial


def test_the_owner_changes_a_students_data():
    world = make_world()
    _client(world.so_user).post(STUDENT_ADD, _student_data(world))
    student = Student.objects.get(student_number="R001")
    edit = reverse("placements:student_edit", args=[student.pk])
    data = {
        "first_name": " Rosalie ",
        "last_name": "Register",
        "email": "ROSALIE@student.example",
        "programme": "Duits",
        "variant": "dt",
        "is_zij_instromer": "on",
    }
    response = _client(world.so_user).post(edit, data)
    assert response.status_code == 302
    student.refresh_from_db()
    assert (student.first_name, student.email, student.programme, student.variant) == (
        "Rosalie",
        "rosalie@student.example",
        "Duits",
        "dt",
    )
    assert student.is_zij_instromer


BAD_STUDENT_INPUT = [
    ({"first_name": ""}, "first_name", "Dit veld is verplicht."),
    ({"email": "geen-adres"}, "email", "Voer een geldig e-mailadres in."),
    ({"programme": "x" * 151}, "programme", "niet meer dan 150 tekens"),
    ({"variant": "halftijd"}, "variant", "Selecteer een geldige keuze"),
    ({"last_name": "\x00\u202e"}, "last_name", "Null-tekens zijn niet toegestaan."),
]


@pytest.mark.parametrize(("change", "field", "message"), BAD_STUDENT_INPUT)
def test_the_student_forms_refuse_bad_input_in_dutch_and_save_nothing(change, field, message):
    world = make_world()
    so = _client(world.so_user)
    response = so.post(STUDENT_ADD, _student_data(world, **change))
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert message in response.content.decode()
    assert not Student.objects.filter(student_number="R001").exists()
    student = world.student
    StudentSchool.objects.create(student=student, location=world.location, is_owner=True)
    before = Student.objects.values().get(pk=student.pk)
    data = {
        "first_name": student.first_name,
        "last_name": student.last_name,
        "email": student.email,
        "programme": student.programme,
        "variant": student.variant,
        **change,
    }
    response = so.post(reverse("placements:student_edit", args=[student.pk]), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Student.objects.values().get(pk=student.pk) == before


def test_adding_a_student_refuses_a_location_that_is_not_the_users():
    world = make_world()
    so = _client(world.so_user)
    response = so.post(STUDENT_ADD, _student_data(world, location=world.other_location.pk))
    assert response.status_code == 400
    assert "Selecteer een geldige keuze" in response.content.decode()
    response = so.post(STUDENT_ADD, _student_data(world, location=str(2**70)))
    assert response.status_code == 400
    assert not Student.objects.filter(student_number="R001").exists()
    # The service refuses it too, whatever the caller passes.
    with pytest.raises(ValidationError):
        services.student_add(
            user=world.so_user,
            location_id=world.other_location.pk,
            institute_id=world.institute.pk,
            student_number="R002",
            first_name="A",
            last_name="B",
            email="r002@student.example",
            programme="Engels",
            variant="vt",
        )
    assert not Student.objects.filter(student_number="R002").exists()


# --- Imports put students in the register ---------------------------------------------------


def _students_file(*numbers: str) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append([column.header for column in imports.STUDENT_COLUMNS])
    for number in numbers:
        sheet.append(
            ["TLO", number, "Imke", f"Import {number}", f"{number}@st.example", "Engels", "vt"]
        )
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _import(user: User, data: bytes) -> imports.ImportResult:
    result = imports.read_rows("studenten.xlsx", data, "studenten")
    return imports.apply(user, result, commit=True)


def test_imported_students_are_in_the_importing_schools_register():
    world = make_world()
    data = _students_file("I001", "I002", "I003")
    preview = imports.apply(
        world.so_user, imports.read_rows("s.xlsx", data, "studenten"), commit=False
    )
    assert preview.ok
    links = StudentSchool.objects.filter(student__student_number__startswith="I00")
    assert not links.exists()  # the preview keeps nothing
    result = _import(world.so_user, data)
    assert [row.status for row in result.rows] == ["nieuw"] * 3
    assert {(link.location_id, link.is_owner) for link in links} == {(world.location.pk, True)}
    assert links.count() == 3
    names = _names(_client(world.so_user).get(STUDENTS, {"placed": "nee"}))
    assert {"Imke Import I001", "Imke Import I002", "Imke Import I003"} <= set(names)
    # The same file again changes nothing.
    result = _import(world.so_user, data)
    assert [row.status for row in result.rows] == ["ongewijzigd"] * 3
    assert links.count() == 3
    # Another school importing them links them to its own register, without the data.
    result = _import(world.other_so_user, data)
    assert result.ok
    theirs = StudentSchool.objects.filter(location=world.other_location)
    assert theirs.count() == 3
    assert not theirs.filter(is_owner=True).exists()
    # The owner's re-import may fill in an empty field; the other school's may not.
    Student.objects.filter(student_number="I001").update(programme="")
    result = _import(world.other_so_user, _students_file("I001"))
    assert [row.status for row in result.rows] == ["ongewijzigd"]
    assert Student.objects.get(student_number="I001").programme == ""
    result = _import(world.so_user, _students_file("I001"))
    assert [row.status for row in result.rows] == ["bijgewerkt"]
    assert Student.objects.get(student_number="I001").programme == "Engels"


def _exported_numbers(user: User) -> set[str]:
    response = _client(user).get(reverse("placements:export", args=["studenten"]))
    workbook = load_workbook(BytesIO(b"".join(response.streaming_content)))
    return {row[1] for row in list(workbook.active.iter_rows(values_only=True))[1:]}


def test_the_import_format_export_holds_the_schools_imported_students():
    world = make_world()
    _import(world.so_user, _students_file("E001"))
    assert "E001" in _exported_numbers(world.so_user)
    assert "E001" not in _exported_numbers(world.other_so_user)


# --- The mentor register ----------------------------------------------------------------------


def _mentor_data(world: World, **overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "email": "nieuwe.wpb@school.example",
        "first_name": "Noor",
        "last_name": "Nieuwkomer",
        "location": world.location.pk,
        "subjects": "Wiskunde",
        "qualification_grade": "1",
        "started_at_school": "2015",
    }
    data.update(overrides)
    return data


BAD_MENTOR_INPUT = [
    ({"email": "geen-adres"}, "email", "Voer een geldig e-mailadres in."),
    ({"qualification_grade": "3"}, "qualification_grade", "Selecteer een geldige keuze"),
    ({"started_at_school": "1800"}, "started_at_school", "minstens 1950"),
    ({"started_at_school": "99999999999"}, "started_at_school", "hoogstens 2100"),
    ({"subjects": "x" * 301}, "subjects", "niet meer dan 300 tekens"),
    ({"last_name": ""}, "last_name", "Dit veld is verplicht."),
]


@pytest.mark.parametrize(("change", "field", "message"), BAD_MENTOR_INPUT)
def test_the_mentor_forms_refuse_bad_input_in_dutch_and_save_nothing(change, field, message):
    world = make_world()
    so = _client(world.so_user)
    response = so.post(MENTOR_ADD, _mentor_data(world, **change))
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert message in response.content.decode()
    assert not Person.objects.filter(email="nieuwe.wpb@school.example").exists()
    if field == "email":
        return
    assignment = RoleAssignment.objects.get(person=world.wpb, role=Role.WPB)
    before = RoleAssignment.objects.values().get(pk=assignment.pk)
    data = {key: value for key, value in _mentor_data(world, **change).items()}
    data.update({key: value for key, value in change.items()})
    response = so.post(reverse("placements:mentor_edit", args=[assignment.pk]), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert RoleAssignment.objects.values().get(pk=assignment.pk) == before


def test_adding_a_mentor_refuses_another_schools_location():
    world = make_world()
    response = _client(world.so_user).post(
        MENTOR_ADD, _mentor_data(world, location=world.other_location.pk)
    )
    assert response.status_code == 400
    assert "Selecteer een geldige keuze" in response.content.decode()
    assert not Person.objects.filter(email="nieuwe.wpb@school.example").exists()


def test_a_mentor_added_at_two_schools_is_changed_by_neither():
    world = make_world()
    so, other = _client(world.so_user), _client(world.other_so_user)
    response = so.post(MENTOR_ADD, _mentor_data(world), follow=True)
    assert "Noor Nieuwkomer is werkplekbegeleider op Testcollege." in response.content.decode()
    assignment = RoleAssignment.objects.get(person__email="nieuwe.wpb@school.example")
    assert (assignment.subjects, assignment.qualification_grade, assignment.started_at_school) == (
        "Wiskunde",
        1,
        2015,
    )
    edit = reverse("placements:mentor_edit", args=[assignment.pk])
    assert (
        reverse("placements:mentor_edit", args=[assignment.pk]) in so.get(MENTORS).content.decode()
    )
    assert so.get(edit).status_code == 200
    assert other.get(edit).status_code == 404  # not at the other school (yet)
    # The other school adds the same address: linked, its typed data ignored.
    response = other.post(
        MENTOR_ADD,
        _mentor_data(
            world,
            location=world.other_location.pk,
            first_name="Anders",
            subjects="Frans",
            started_at_school="2001",
        ),
        follow=True,
    )
    assert "is nu ook gekoppeld aan Andere school" in response.content.decode()
    assignment.refresh_from_db()
    assert set(assignment.locations.all()) == {world.location, world.other_location}
    assert (assignment.person.first_name, assignment.subjects) == ("Noor", "Wiskunde")
    # Now at two schools: neither changes the mentor, and the list gives no link.
    for client in (so, other):
        assert client.get(edit).status_code == 403
        assert client.post(edit, _mentor_data(world, subjects="Frans")).status_code == 403
        assert edit not in client.get(MENTORS).content.decode()
    assignment.refresh_from_db()
    assert assignment.subjects == "Wiskunde"


def test_making_a_staff_member_a_mentor_needs_a_confirmation():
    world = make_world()
    so = _client(world.so_user)
    data = _mentor_data(world, email=world.io.email)
    response = so.post(MENTOR_ADD, data)
    assert response.status_code == 400
    assert "Bevestig" in response.content.decode()
    assert not RoleAssignment.objects.filter(person=world.io, role=Role.WPB).exists()
    response = so.post(MENTOR_ADD, {**data, "confirm_staff": "on"})
    assert response.status_code == 302
    assert RoleAssignment.objects.filter(person=world.io, role=Role.WPB).exists()


def test_the_school_changes_its_own_mentor_but_not_a_name_held_by_another_role():
    world = make_world()
    so = _client(world.so_user)
    assignment = RoleAssignment.objects.get(person=world.wpb, role=Role.WPB)
    edit = reverse("placements:mentor_edit", args=[assignment.pk])
    data = _mentor_data(world, first_name="Willemijn", subjects="Biologie", qualification_grade="")
    assert so.post(edit, data).status_code == 302
    assignment.refresh_from_db()
    world.wpb.refresh_from_db()
    assert world.wpb.first_name == "Willemijn"
    assert (assignment.subjects, assignment.qualification_grade) == ("Biologie", None)
    # The same person on the kernteam: the name is theirs beyond this school.
    RoleAssignmentFactory(person=world.wpb, school_year=world.year, role=Role.KERNTEAM)
    form = so.get(edit).context["form"]
    assert form.fields["first_name"].disabled
    assert so.post(edit, {**data, "first_name": "Anders"}).status_code == 302
    world.wpb.refresh_from_db()
    assert world.wpb.first_name == "Willemijn"
    with pytest.raises(ValidationError):
        services.mentor_update(
            user=world.so_user,
            assignment_id=assignment.pk,
            first_name="Anders",
            last_name=world.wpb.last_name,
            subjects="",
            qualification_grade=None,
            started_at_school=None,
        )


def test_a_closed_years_mentor_is_not_changed():
    world = make_world()
    assignment = RoleAssignment.objects.get(person=world.wpb, role=Role.WPB)
    type(world.year).objects.filter(pk=world.year.pk).update(closed_at=timezone.now())
    response = _client(world.so_user).post(
        reverse("placements:mentor_edit", args=[assignment.pk]),
        _mentor_data(world, subjects="Biologie"),
    )
    assert response.status_code == 400
    assert "is afgesloten" in response.content.decode()
    assignment.refresh_from_db()
    assert assignment.subjects != "Biologie"


# --- A list's actions stand on the list -----------------------------------------------------


def test_each_list_carries_its_own_actions():
    world = make_world()
    so = _client(world.so_user)
    stages = so.get(reverse("placements:list")).content.decode()
    assert f'href="{reverse("placements:register")}"' in stages
    assert f'href="{reverse("placements:import", args=["stages"])}"' in stages
    students = so.get(STUDENTS).content.decode()
    assert f'href="{STUDENT_ADD}"' in students
    assert f'href="{reverse("placements:import", args=["studenten"])}"' in students
    assert f'href="{MENTOR_ADD}"' in so.get(MENTORS).content.decode()
    # The IO reads the lists; the actions are not theirs.
    io = _client(world.io_user)
    assert (
        f'href="{reverse("placements:register")}"'
        not in io.get(reverse("placements:list")).content.decode()
    )
    assert f'href="{STUDENT_ADD}"' not in io.get(STUDENTS).content.decode()


def test_the_menu_names_the_register_for_who_may_read_it():
    world = make_world()

    def menu(user: User) -> list[str]:
        response = _client(user).get(reverse("placements:list"))
        return [item["label"] for item in response.context["nav_items"]]

    assert "Studenten" in menu(world.so_user)
    assert "Studenten" in menu(world.io_user)
    wpb = user_with_role(Role.WPB, year=world.year, locations=[world.location])
    assert "Studenten" not in menu(wpb)


def test_no_input_to_the_registers_forms_makes_a_500():
    """The application-wide fuzz (tests/bos/test_form_fuzz.py) on these pages alone."""
    from urllib.parse import urlparse

    from tests.bos.test_form_fuzz import FormParser, attempts

    world = make_world()
    StudentSchool.objects.create(student=world.student, location=world.location, is_owner=True)
    assignment = RoleAssignment.objects.get(person=world.wpb, role=Role.WPB)
    client = Client(raise_request_exception=False)
    client.force_login(world.so_user)
    pages = [
        STUDENTS,
        STUDENT_ADD,
        reverse("placements:student_edit", args=[world.student.pk]),
        MENTORS,
        MENTOR_ADD,
        reverse("placements:mentor_edit", args=[assignment.pk]),
    ]
    failures: list[str] = []
    tried = 0
    for url in pages:
        parser = FormParser(f"http://testserver{url}")
        parser.feed(client.get(url).content.decode())
        for form in parser.forms:
            path = urlparse(form.action).path
            if not form.fields or path.startswith("/accounts/"):
                continue
            send = client.post if form.method == "post" else client.get
            for attempt, data in attempts(form):
                tried += 1
                if send(path, data).status_code >= 500:
                    failures.append(f"{form.method} {path} [{attempt}]")
    assert tried > 50
    assert not failures, failures


def test_the_mentor_register_filters_mentors_with_and_without_students():
    world = make_world()
    idle = RoleAssignmentFactory(school_year=world.year, role=Role.WPB, locations=[world.location])
    PlacementFactory(location=world.location, school_year=world.year, wpb=world.wpb)
    so = _client(world.so_user)

    def mentors(**params: str) -> set[int]:
        rows = so.get(MENTORS, params).context["table"].page.object_list
        return {row.record.person_id for row in rows}

    assert mentors(without_students="ja") == {idle.person_id}
    assert mentors(without_students="nee") == {world.wpb.pk}
    assert mentors() == {idle.person_id, world.wpb.pk}
    response = so.get(MENTORS, {"without_students": "misschien"})
    assert "Controleer de filters" in response.content.decode()
