"""Bad values are refused the same way by every way in (forms, services, imports), with a
clear Dutch message, nothing saved and never a 500 (issue #23)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from bos import limits
from bos.fields import DutchDecimalField, DutchIntegerField
from intervision import services as intervision_services
from placements import services as placement_services
from placements.models import Placement, Student
from stipend import services as stipend_services
from tests.factories import StudentFactory
from tests.intervision.factories import at
from tests.intervision.factories import make_world as intervision_world
from tests.placements.factories import make_world
from tests.placements.test_imports import STUDENT_HEADER, confirm, student_row, upload, xlsx
from tests.stipend.factories import make_world as stipend_world
from tests.stipend.test_views import form_post

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def register_data(world, **overrides) -> dict:
    data = {
        "location": world.location.pk,
        "institute": world.institute.pk,
        "student_number": "N900",
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
    }
    data.update(overrides)
    return data


# --- Names ----------------------------------------------------------------------------------


def test_a_300_character_last_name_is_refused_by_form_and_service():
    world = make_world()
    response = client_for(world.so_user).post(
        reverse("placements:register"), register_data(world, last_name="B" * 300)
    )
    assert response.status_code == 400
    assert "niet meer dan 150 tekens" in response.context["form"].errors["last_name"][0]
    assert not Student.objects.filter(student_number="N900").exists()
    with pytest.raises(ValidationError) as refused:
        placement_services.student_register(
            user=world.so_user,
            institute_id=world.institute.pk,
            student_number="N901",
            first_name="Nina",
            last_name="B" * 300,
            email="nina2@student.example",
            programme="Engels",
            variant="vt",
        )
    assert "last_name" in refused.value.message_dict
    assert not Student.objects.filter(student_number="N901").exists()


@pytest.mark.parametrize("name", ["Anna\nBakker", "Anna\r\nBcc: x@y.example", "Anna\tBakker"])
def test_a_name_with_a_line_break_is_refused_in_dutch_and_nothing_is_saved(name):
    world = make_world()
    response = client_for(world.so_user).post(
        reverse("placements:register"), register_data(world, first_name=name)
    )
    assert response.status_code == 400
    assert response.context["form"].errors["first_name"] == [limits.NAME_CONTROL_MESSAGE]
    assert not Student.objects.filter(student_number="N900").exists()
    assert not Placement.objects.filter(location=world.location).exists()


def test_a_service_refuses_a_name_with_a_line_break_for_a_stored_student():
    """The conversation-request mail carries the student's name: it must be one line."""
    world = make_world()
    placement = world.create()
    student = placement.student
    with pytest.raises(ValidationError) as refused:
        placement_services.student_update(
            user=world.so_user,
            student_id=student.pk,
            first_name="Anna\nBakker",
            last_name=student.last_name,
            email=student.email,
            programme=student.programme,
            variant=student.variant,
            is_zij_instromer=False,
        )
    assert refused.value.message_dict["first_name"] == [limits.NAME_CONTROL_MESSAGE]
    student.refresh_from_db()
    assert "\n" not in student.first_name


# --- One e-mail address per student -----------------------------------------------------------


def test_two_students_with_one_email_address_are_refused_by_the_form():
    world = make_world()
    StudentFactory(institute=world.institute, email="dubbel@student.example")
    response = client_for(world.so_user).post(
        reverse("placements:register"), register_data(world, email="Dubbel@Student.example")
    )
    assert response.status_code == 400
    assert response.context["form"].errors["email"] == [limits.STUDENT_EMAIL_TAKEN]
    assert not Student.objects.filter(student_number="N900").exists()
    assert not Placement.objects.filter(location=world.location).exists()


def test_changing_a_students_address_to_another_students_is_refused():
    world = make_world()
    StudentFactory(institute=world.institute, email="bezet@student.example")
    student = world.create().student
    with pytest.raises(ValidationError) as refused:
        placement_services.student_update(
            user=world.so_user,
            student_id=student.pk,
            first_name=student.first_name,
            last_name=student.last_name,
            email="BEZET@student.example",
            programme=student.programme,
            variant=student.variant,
            is_zij_instromer=False,
        )
    assert refused.value.message_dict["email"] == [limits.STUDENT_EMAIL_TAKEN]
    student.refresh_from_db()
    assert student.email != "bezet@student.example"


def test_two_students_with_one_email_address_are_refused_by_the_import():
    world = make_world()
    StudentFactory(institute=world.institute, email="x100@st.example")
    client = client_for(world.so_user)
    data = xlsx(STUDENT_HEADER, student_row("X100"), student_row("X101", e="X101@st.example"))
    preview = upload(client, "studenten", data)
    assert preview.status_code == 400
    assert "hoort al bij een andere student" in preview.content.decode()
    confirm(client, "studenten", follow=True)
    assert not Student.objects.filter(student_number__in=["X100", "X101"]).exists()


def test_one_address_twice_in_one_import_is_refused():
    world = make_world()
    client = client_for(world.so_user)
    data = xlsx(
        STUDENT_HEADER,
        student_row("X110", e="zelfde@st.example"),
        student_row("X111", e="ZELFDE@st.example"),
    )
    preview = upload(client, "studenten", data)
    assert preview.status_code == 400
    assert "hoort al bij een andere student" in preview.content.decode()
    confirm(client, "studenten", follow=True)
    assert not Student.objects.filter(student_number__in=["X110", "X111"]).exists()


def test_the_database_refuses_one_address_for_two_students_whatever_the_case():
    world = make_world()
    StudentFactory(institute=world.institute, email="een@student.example")
    with pytest.raises(IntegrityError), transaction.atomic():
        StudentFactory(institute=world.institute, email="EEN@student.example")


# --- Dates ------------------------------------------------------------------------------------


@time_machine.travel(dt.datetime(2022, 3, 1, 12, tzinfo=dt.UTC), tick=False)
@pytest.mark.parametrize(
    ("birth", "message"),
    [("2030-05-01", "toekomst"), ("1910-05-01", "meer dan 100 jaar")],
)
def test_an_implausible_birth_date_is_refused_by_the_stipend_form(birth, message):
    world = stipend_world()
    application = stipend_services.start_application(placement=world.placement, actor=world.so)
    response = client_for(world.student).post(
        reverse("stipend:edit", args=[application.pk]), form_post(date_of_birth=birth)
    )
    assert response.status_code == 400
    assert message in response.context["form"].errors["date_of_birth"][0]
    application.refresh_from_db()
    assert application.date_of_birth is None
    assert application.given_names == ""
    with pytest.raises(ValidationError) as refused:
        stipend_services.update_application(
            application=application,
            actor=world.student,
            data={"date_of_birth": dt.date.fromisoformat(birth)},
        )
    assert "date_of_birth" in refused.value.message_dict


def test_registered_on_outside_the_placements_year_is_refused():
    world = make_world()  # school year 2020-2021
    response = client_for(world.so_user).post(
        reverse("placements:register"), register_data(world, registered_on="2023-01-10")
    )
    assert response.status_code == 400
    assert "schooljaar 2020-2021" in response.context["form"].errors["registered_on"][0]
    assert not Placement.objects.filter(location=world.location).exists()
    with pytest.raises(ValidationError) as refused:
        placement_services.placement_create(
            user=world.so_user,
            location_id=world.location.pk,
            student=world.student,
            level="VT2",
            start_date=dt.date(2020, 9, 1),
            end_date=dt.date(2021, 7, 1),
            days_per_week=Decimal(2),
            wpb=None,
            registered_on=dt.date(2023, 1, 10),
            year=world.year,
        )
    assert "registered_on" in refused.value.message_dict


@time_machine.travel(dt.datetime(2026, 12, 6, 12, tzinfo=dt.UTC), tick=False)
def test_registered_on_defaults_to_a_day_inside_the_placements_year():
    world = make_world()  # 2020-2021, long over by the pinned day
    page = client_for(world.so_user).get(reverse("placements:register"))
    assert page.context["form"]["registered_on"].value() == world.year.end_date
    result = placement_services.placement_create(
        user=world.so_user,
        location_id=world.location.pk,
        student=world.student,
        level="VT2",
        start_date=dt.date(2020, 9, 1),
        end_date=dt.date(2021, 7, 1),
        days_per_week=Decimal(2),
        wpb=None,
        year=world.year,
    )
    assert world.year.contains(result.placement.registered_on)


# --- Meeting place --------------------------------------------------------------------------


def test_a_500_character_meeting_place_is_refused_by_form_and_service():
    world = intervision_world()
    group = intervision_services.group_create(
        user=world.so, name="Bovenbouw", band="senior", location_ids=[world.school.pk]
    )
    intervision_services.ensure_methods(world.year)
    method = world.year.intervision_methods.first()
    response = client_for(world.so).post(
        reverse("intervision:meeting_new", args=[group.pk]),
        {
            "date": "2020-10-08",
            "time": "15:30",
            "place": "A" * 500,
            "leader_kind": "so",
            "leader": world.so.person.pk,
            "methods": [method.pk],
        },
    )
    assert response.status_code == 400
    assert "niet meer dan 200 tekens" in response.context["form"].errors["place"][0]
    with pytest.raises(ValidationError) as refused:
        intervision_services.meeting_plan(
            user=world.so,
            group_id=group.pk,
            starts_at=at(dt.date(2020, 10, 8)),
            place="A" * 500,
            leader_kind="so",
            leader_id=world.so.person.pk,
        )
    assert "place" in refused.value.message_dict
    assert not group.meetings.exists()


# --- Limits module --------------------------------------------------------------------------


def test_dutch_number_fields_read_points_and_commas_the_dutch_way():
    assert DutchIntegerField().clean("2.231") == 2231
    assert DutchIntegerField().clean("2231") == 2231
    assert DutchDecimalField().clean("0,5") == Decimal("0.5")
    assert DutchDecimalField().clean("1.234,5") == Decimal("1234.5")
    with pytest.raises(ValidationError) as ambiguous:
        DutchDecimalField().clean("1.500")
    assert "1500 of 1,500" in ambiguous.value.messages[0]
    with pytest.raises(ValidationError):
        DutchIntegerField().clean("2,5")
    with pytest.raises(ValidationError) as low:
        DutchDecimalField(min_value=0.5).clean("0,2")
    assert low.value.messages == ["Zorg ervoor dat deze waarde minstens 0,5 is."]
