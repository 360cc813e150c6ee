"""The WPB course recorded by the SO, and flagged in the mentor list when missing
(issue #25; the seed, l. 4121: "bij voorkeur gecertificeerd als werkplekbegeleider")."""

import pytest
from django.urls import reverse

from bos.models import Qualification, QualificationKind, Role, RoleAssignment
from facilitation.rules import qualification_gaps
from tests.placements.factories import make_world
from tests.placements.test_registers import MENTORS, _client

pytestmark = pytest.mark.django_db


def test_worked_examples():
    # The IO's assessor training is required; BRLO preferred.
    assert len(qualification_gaps("io", [])) == 2
    assert qualification_gaps("io", ["assessor", "brlo"]) == ()
    assert "assessorentraining" in qualification_gaps("io", ["brlo"])[0]
    assert qualification_gaps("wpb", ["wpb_course"]) == ()
    assert "cursus" in qualification_gaps("wpb", [])[0]
    assert qualification_gaps("bc", []) == ()  # nothing asked of other roles


def test_so_records_the_course_and_the_list_flags_who_lacks_it():
    world = make_world()
    so = _client(world.so_user)
    assignment = RoleAssignment.objects.get(person=world.wpb, role=Role.WPB)
    assert "niet vastgelegd" in so.get(MENTORS).content.decode()
    edit = reverse("placements:mentor_edit", args=[assignment.pk])
    data = {
        "first_name": world.wpb.first_name,
        "last_name": world.wpb.last_name,
        "subjects": "",
        "qualification_grade": "",
        "started_at_school": "",
    }
    future = so.post(edit, {**data, "wpb_course_on": "2999-01-01"})
    assert future.status_code == 400
    assert not Qualification.objects.filter(person=world.wpb).exists()
    response = so.post(edit, {**data, "wpb_course_on": "2019-06-14"})
    assert response.status_code == 302
    course = Qualification.objects.get(person=world.wpb, kind=QualificationKind.WPB_COURSE)
    assert str(course.obtained_on) == "2019-06-14"
    assert "14-06-2019" in so.get(MENTORS).content.decode()
    # Emptied: the course is no longer recorded.
    so.post(edit, {**data, "wpb_course_on": ""})
    assert not Qualification.objects.filter(person=world.wpb).exists()
