"""A job offered before the final placement (issue #26): the register and the SO's start
page show the former students hired before their final placement had started."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from bos.permissions import get_scope
from induction import selectors
from induction.models import Starter, StarterKind
from induction.work import induction_work
from placements.models import Placement
from tests.factories import PlacementFactory, StudentFactory
from tests.placements.factories import make_world


@pytest.fixture
def world(db):
    return make_world()


def _starter(world, student, hired_on):
    return Starter.objects.create(
        location=world.location,
        school_year=world.year,
        first_name=student.first_name,
        last_name=student.last_name,
        subject="Engels",
        kind=StarterKind.FORMER_STUDENT,
        former_student=student,
        hired_on=hired_on,
    )


def test_the_register_and_the_start_page_flag_a_job_before_the_final_placement(world):
    early, ready = StudentFactory(), StudentFactory()
    for student, start in ((early, dt.date(2021, 3, 1)), (ready, dt.date(2020, 9, 1))):
        PlacementFactory(
            student=student,
            school_year=world.year,
            location=world.location,
            is_final=True,
            start_date=start,
            end_date=dt.date(2021, 6, 30),
        )
    flagged = _starter(world, early, dt.date(2021, 1, 1))
    _starter(world, ready, dt.date(2021, 1, 1))
    starters = selectors.starters_for(user=world.so_user, year=world.year)
    # The query agrees with the rule.
    assert list(selectors.early_hires(starters)) == [flagged]
    [signal] = selectors.early_hire_signals(starters)
    assert signal.starter == flagged and "begint pas op 01-03-2021" in signal.explanation
    [item] = induction_work(world.so_user, get_scope(world.so_user, world.year))
    assert item.count == 1 and item.links[0].label == flagged.full_name
    # Moved forward to the day of hiring, the final placement had begun: no signal.
    Placement.objects.filter(student=early).update(start_date=dt.date(2021, 1, 1))
    assert not selectors.early_hires(starters).exists()
    Placement.objects.filter(student=early).update(start_date=dt.date(2021, 3, 1))
    client = Client()
    client.force_login(world.so_user)
    page = client.get(reverse("induction:register"), {"jaar": world.year.name})
    assert "Baan aangeboden vóór de afrondende stage" in page.content.decode()
    assert "begint pas op 01-03-2021" in page.content.decode()
