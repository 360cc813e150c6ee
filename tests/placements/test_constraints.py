"""Database constraints on placements and students hold whatever code writes the rows."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from bos.models import Role
from placements.models import Placement, PlacementStatus
from tests.factories import (
    PersonFactory,
    PlacementFactory,
    RoleAssignmentFactory,
    SchoolYearFactory,
    StudentFactory,
)

pytestmark = pytest.mark.django_db


def test_student_number_is_unique_per_institute():
    student = StudentFactory()
    StudentFactory(student_number=student.student_number)  # another institute: fine
    with pytest.raises(IntegrityError), transaction.atomic():
        StudentFactory(student_number=student.student_number, institute=student.institute)


def test_overlapping_open_placements_are_refused():
    first = PlacementFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        PlacementFactory(
            student=first.student, start_date=dt.date(2021, 2, 1), end_date=dt.date(2021, 3, 1)
        )


def test_updating_into_an_overlap_is_refused():
    first = PlacementFactory(end_date=dt.date(2021, 1, 31))
    second = PlacementFactory(
        student=first.student, start_date=dt.date(2021, 2, 1), end_date=dt.date(2021, 6, 30)
    )
    second.start_date = dt.date(2021, 1, 15)
    with pytest.raises(IntegrityError), transaction.atomic():
        second.save()


def test_a_stopped_placement_does_not_block_a_new_one():
    first = PlacementFactory(status=PlacementStatus.STOPPED, stopped_on=dt.date(2020, 10, 1))
    PlacementFactory(student=first.student)
    assert Placement.objects.filter(student=first.student).count() == 2


def test_four_eyes_rule_needs_a_recorded_exception():
    person = PersonFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        PlacementFactory(so=person, wpb=person)
    placement = PlacementFactory(
        so=person, wpb=person, four_eyes_exception="Kleine school; tweede SO beoordeelt."
    )
    assert placement.pk


def test_stopped_needs_a_date():
    with pytest.raises(IntegrityError), transaction.atomic():
        PlacementFactory(status=PlacementStatus.STOPPED, stopped_on=None)


def test_end_before_start_is_refused():
    with pytest.raises(IntegrityError), transaction.atomic():
        PlacementFactory(start_date=dt.date(2021, 3, 1), end_date=dt.date(2021, 2, 1))


def test_io_role_needs_an_institute():
    year = SchoolYearFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleAssignmentFactory(role=Role.IO, school_year=year, institute=None)
