"""The student's way in and out (issue #26): the portfolio of reflections shared with the
placement's supervisors, the warm handover between two schools' SOs, and the signal when a
job is offered before the final placement."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bos.models import SchoolYear
from bos.yearbound import YearClosed
from placements import portfolio
from placements.models import Placement, PortfolioReflection
from tests.factories import UserFactory
from tests.placements.factories import make_world


@pytest.fixture
def world(db):
    world = make_world()
    world.student.user = UserFactory()
    world.student.save()
    world.wpb.user = UserFactory()
    world.wpb.save()
    return world


@pytest.fixture
def placement(world):
    return world.create(start_date=dt.date(2020, 9, 1), end_date=dt.date(2021, 1, 29))


# --- The portfolio -------------------------------------------------------------------------


def _titles(user, placement):
    return [
        r.title for r in portfolio.portfolio_for(user=user, placement_id=placement.pk).reflections
    ]


def test_a_shared_reflection_reaches_the_supervisors_and_a_private_one_nobody(world, placement):
    student = world.student.user
    portfolio.reflection_write(
        user=student, placement_id=placement.pk, title="Privé", text="Voor mij.", shared=False
    )
    shared = portfolio.reflection_write(
        user=student, placement_id=placement.pk, title="Week 3", text="Orde.", shared=True
    )
    assert _titles(student, placement) == ["Week 3", "Privé"]
    for supervisor in (world.wpb.user, world.so_user, world.io_user):
        assert _titles(supervisor, placement) == ["Week 3"]
        assert portfolio.reflection_get(user=supervisor, pk=shared.pk)[1] is False
    # Another school's SO is not this placement's supervisor: as if it did not exist.
    with pytest.raises(Placement.DoesNotExist):
        portfolio.portfolio_for(user=world.other_so_user, placement_id=placement.pk)
    with pytest.raises(PortfolioReflection.DoesNotExist):
        portfolio.reflection_get(user=world.other_so_user, pk=shared.pk)
    # Taken back, it is the student's alone again.
    portfolio.reflection_share(user=student, reflection_id=shared.pk, share=False)
    with pytest.raises(PortfolioReflection.DoesNotExist):
        portfolio.reflection_get(user=world.wpb.user, pk=shared.pk)


def test_only_the_student_writes_and_the_closed_year_refuses(world, placement):
    with pytest.raises(PermissionDenied):
        portfolio.reflection_write(
            user=world.so_user, placement_id=placement.pk, title="T", text="X", shared=True
        )
    own = portfolio.reflection_write(
        user=world.student.user, placement_id=placement.pk, title="T", text="X", shared=False
    )
    SchoolYear.objects.filter(pk=world.year.pk).update(closed_at=timezone.now())
    with pytest.raises(YearClosed):
        portfolio.reflection_write(
            user=world.student.user, placement_id=placement.pk, title="T", text="X", shared=True
        )
    for call in (
        lambda: portfolio.reflection_share(
            user=world.student.user, reflection_id=own.pk, share=True
        ),
        lambda: portfolio.reflection_edit(
            user=world.student.user, reflection_id=own.pk, title="T", text="Y", shared=True
        ),
    ):
        with pytest.raises(YearClosed):
            call()
    own.refresh_from_db()
    assert own.text == "X" and own.shared_at is None


def test_the_student_writes_on_the_page_and_empty_input_gets_a_dutch_message(world, placement):
    client = Client()
    client.force_login(world.student.user)
    url = reverse("placements:portfolio", args=[placement.pk])
    response = client.post(url, {"title": "", "text": ""})
    assert response.status_code == 400
    assert "Dit veld is verplicht." in response.content.decode()
    assert not PortfolioReflection.objects.exists()
    response = client.post(url, {"title": "Eerste les", "text": "Spannend.", "shared": "on"})
    reflection = PortfolioReflection.objects.get()
    assert response.status_code == 302 and reflection.is_shared
    page = client.get(reverse("placements:reflection", args=[reflection.pk]))
    assert "ja, op" in page.content.decode()
