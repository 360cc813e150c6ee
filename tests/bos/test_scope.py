"""Scope of each role over placements (the selectors apply bos.permissions)."""

import pytest

from bos.models import SchoolYear, User
from bos.permissions import get_scope
from placements.selectors import placement_list
from tests.demo_years import RUNNING_YEAR

pytestmark = pytest.mark.django_db


def user(email):
    return User.objects.get(email=f"{email}@demo.bos.example")


def seed_year():
    # The counts below are the 2020-2021 seed; the demo's default year is the running year.
    return SchoolYear.objects.get(name="2020-2021")


def test_so_sees_only_own_locations(demo):
    placements = placement_list(user=user("so.beatrix"), year=seed_year())
    assert {p.location.name for p in placements} == {"Beatrix College"}
    assert placements.count() == 42


def test_io_sees_own_institute_at_own_locations(demo):
    placements = placement_list(user=user("io.flot"), year=seed_year())
    assert {p.student.institute.short_name for p in placements} == {"FLOT"}
    assert {p.location.name for p in placements} == {"Beatrix College"}
    # 24 reported FLOT placements plus the 3 first-years who never started.
    assert placements.count() == 27


def test_wpb_sees_only_own_students(demo):
    wpb = user("wpb")
    placements = placement_list(user=wpb)
    assert placements.count() >= 1
    assert all(p.wpb.user_id == wpb.pk for p in placements)


@pytest.mark.parametrize("email", ["hr.sovot", "directeur.beatrix", "bc.sovot"])
def test_roles_without_placement_access_see_nothing(demo, email):
    assert placement_list(user=user(email)).count() == 0


def test_projectleider_sees_all(demo):
    assert placement_list(user=user("projectleider"), year=seed_year()).count() == 254


def test_student_sees_own_placement(demo):
    student_user = user("student")
    placements = placement_list(user=student_user)
    assert [p.student.user_id for p in placements] == [student_user.pk]


def test_scope_defaults_to_the_year_of_the_roles(demo):
    # The latest year in which the SO holds a role: the running year.
    assert get_scope(user("so.beatrix")).year.name == RUNNING_YEAR
