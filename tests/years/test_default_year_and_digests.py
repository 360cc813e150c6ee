"""The default year is the year that contains today, among the years in which the user has
a role; and reminders and digests never speak of a closed year."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bos.models import Role, SchoolYear
from bos.permissions import default_year_for, pick_default_year
from placements.models import ChecklistItem, ChecklistKind, PlacementStatus
from placements.tasks import send_daily_reminders
from tests.factories import (
    PersonFactory,
    PlacementFactory,
    RoleAssignmentFactory,
    SchoolLocationFactory,
    StudentFactory,
    UserFactory,
)
from tests.years.year_world import start_of_year_containing, year_starting

pytestmark = pytest.mark.django_db

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def _at(day: dt.date) -> time_machine.travel:
    return time_machine.travel(dt.datetime.combine(day, dt.time(9), tzinfo=AMSTERDAM), tick=False)


def _years() -> tuple[SchoolYear, SchoolYear, SchoolYear]:
    start = start_of_year_containing(timezone.localdate())
    return year_starting(start - 1), year_starting(start), year_starting(start + 1)


def _user_with_roles(*years: SchoolYear):
    user = UserFactory()
    person = PersonFactory(user=user)
    location = SchoolLocationFactory()
    for year in years:
        RoleAssignmentFactory(person=person, school_year=year, role=Role.SO, locations=[location])
    return user


def _header_year(user) -> SchoolYear:
    client = Client()
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.context["nav_year"]


def _fresh(user):
    return type(user).objects.select_related("person").get(pk=user.pk)


def test_pick_default_year_prefers_today_then_the_nearest_future_then_the_latest_past():
    last, this, nxt = _years()
    inside = this.start_date + dt.timedelta(days=100)
    assert pick_default_year([last, this, nxt], inside) == this
    assert pick_default_year([nxt, last], inside) == nxt
    assert pick_default_year([last], inside) == last
    assert pick_default_year([], inside) is None


@pytest.mark.parametrize("offset", [0, 1])
def test_preparing_next_year_changes_nobodys_default(offset):
    last, this, nxt = _years()
    year, following = (this, nxt) if offset == 0 else (last, this)
    user = _user_with_roles(year)
    during = year.start_date + dt.timedelta(days=200)
    with _at(during):
        assert default_year_for(_fresh(user)) == year
        # The new-year wizard gives the user next year's role: the default stays.
        RoleAssignmentFactory(person=user.person, school_year=following, role=Role.SO)
        assert default_year_for(_fresh(user)) == year
        assert _header_year(user) == year
    with _at(year.end_date):  # 31 July: still the old year
        assert default_year_for(_fresh(user)) == year
    with _at(following.start_date):  # 1 August: the new year by itself
        assert default_year_for(_fresh(user)) == following
        assert _header_year(user) == following


def test_a_user_with_roles_only_next_year_lands_there():
    _, this, nxt = _years()
    user = _user_with_roles(nxt)
    with _at(this.start_date + dt.timedelta(days=300)):
        assert default_year_for(_fresh(user)) == nxt
        assert _header_year(user) == nxt


def test_a_user_with_roles_only_in_past_years_gets_the_latest():
    last, this, _ = _years()
    older = year_starting(last.start_date.year - 1)
    user = _user_with_roles(older, last)
    with _at(this.start_date + dt.timedelta(days=10)):
        assert default_year_for(_fresh(user)) == last


def test_a_student_defaults_to_the_year_of_todays_placement():
    last, this, nxt = _years()
    student = StudentFactory(user=UserFactory())
    for year in (last, this, nxt):
        PlacementFactory(
            student=student,
            school_year=year,
            start_date=year.start_date + dt.timedelta(days=31),
            end_date=year.end_date - dt.timedelta(days=31),
        )
    with _at(this.start_date + dt.timedelta(days=40)):
        assert default_year_for(_fresh(student.user)) == this


def test_the_so_digest_leaves_a_closed_years_overdue_items_out(django_capture_on_commit_callbacks):
    last, this, _ = _years()
    user = _user_with_roles(last, this)
    location = SchoolLocationFactory()
    items = {}
    for key, year in (("closed", last), ("open", this)):
        placement = PlacementFactory(
            student=StudentFactory(last_name=f"Achterstand{key}"),
            location=location,
            school_year=year,
            so=user.person,
            start_date=year.start_date + dt.timedelta(days=31),
            end_date=year.end_date,
            status=PlacementStatus.ACTIVE,
        )
        items[key] = ChecklistItem.objects.create(
            placement=placement, kind=ChecklistKind.VOG, due_date=year.start_date
        )
    SchoolYear.objects.filter(pk=last.pk).update(closed_at=timezone.now())
    day = this.start_date + dt.timedelta(days=60)
    with django_capture_on_commit_callbacks(execute=True):
        send_daily_reminders(day.isoformat())
    to_so = [m for m in mail.outbox if m.to == [user.person.email]]
    assert len(to_so) == 1
    assert "Achterstandopen" in to_so[0].body
    assert "Achterstandclosed" not in to_so[0].body

    # With only the closed year's item left, there is no digest at all.
    items["open"].done_at = timezone.now()
    items["open"].save()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        send_daily_reminders((day + dt.timedelta(days=1)).isoformat())
    assert not [m for m in mail.outbox if m.to == [user.person.email]]
