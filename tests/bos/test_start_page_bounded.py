"""The start page reads what it shows: its to-do lists are counted in the database and only
their first rows are read, so sixty more students, absentees and attendance records at the
SO's school cost no extra query and hardly more rows. The lists the database picks are the
ones the rules pick in Python."""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter
from typing import Any

import pytest
from django.db import connection
from django.db.models.signals import post_init
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from afternoons.models import DeepeningAfternoon, WorkshopAssignment
from bos.models import SchoolYear, User
from bos.permissions import get_scope
from bos.security.middleware import LAST_SEEN_SESSION_KEY
from intervision import selectors as intervision
from intervision.models import Attendance, IntervisionGroup, Meeting, Membership
from placements.models import PlacementStatus
from tests.demo_years import RUNNING_YEAR
from tests.factories import PlacementFactory, StudentFactory
from tests.matrix import ROLE_EMAILS
from tests.page_cost import page_cost

pytestmark = pytest.mark.django_db
MORE = 60


class Cost:
    def __init__(self, queries: int, rows: int, instances: int, html: str) -> None:
        self.queries, self.rows, self.instances, self.html = queries, rows, instances, html


def _home(user: User) -> Cost:
    client = Client()
    client.force_login(user)
    session = client.session
    session[LAST_SEEN_SESSION_KEY] = time.time()
    session.save()
    rows = [0]
    made: Counter[str] = Counter()

    def count_rows(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        result = execute(sql, params, many, context)
        rows[0] += max(context["cursor"].rowcount or 0, 0)  # SQLite says -1: then only 0
        return result

    def count_instances(sender: Any, **kwargs: Any) -> None:
        made[sender.__name__] += 1

    post_init.connect(count_instances, weak=False)
    try:
        with (
            CaptureQueriesContext(connection) as queries,
            connection.execute_wrapper(count_rows),
        ):
            response = client.get(reverse("home"))
    finally:
        post_init.disconnect(count_instances)
    assert response.status_code == 200
    return Cost(len(queries), rows[0], sum(made.values()), response.content.decode())


def _badge(html: str, title: str) -> int:
    start = html.index(title)
    badge = html[start:].split('class="bos-badge', 1)[1].split(">", 1)[1]
    return int(badge.split("<", 1)[0])


def _more_at_the_so_school(so: User, count: int) -> None:
    """`count` students at the SO's school not in a group (and so past their cadence), each
    absent from a published afternoon, and `count` members of a group absent twice in a
    row."""
    year = SchoolYear.objects.get(name=RUNNING_YEAR)
    scope = get_scope(so, year)
    location_id = sorted(scope.so_location_ids)[0]
    today = timezone.localdate()
    afternoon = DeepeningAfternoon.objects.filter(
        school_year=year, published_at__isnull=False
    ).first()
    workshop = afternoon.workshops.first()
    group = IntervisionGroup.objects.filter(school_year=year).first()
    meetings = [
        Meeting.objects.create(
            group=group,
            starts_at=timezone.now() - dt.timedelta(days=days),
            leader_kind="so",
            leader_id=scope.person_id,
            place="Lokaal 1",
            attendance_recorded_at=timezone.now(),
        )
        for days in (10, 3)
    ]
    for _ in range(count):
        placement = PlacementFactory(
            student=StudentFactory(),
            location_id=location_id,
            school_year=year,
            start_date=year.start_date,
            end_date=max(year.end_date, today),
            status=PlacementStatus.ACTIVE,
        )
        WorkshopAssignment.objects.create(
            afternoon=afternoon, student=placement.student, workshop=workshop, attended=False
        )
        member = PlacementFactory(
            student=StudentFactory(),
            location_id=location_id,
            school_year=year,
            start_date=year.start_date,
            end_date=max(year.end_date, today),
        )
        Membership.objects.create(group=group, placement=member, joined_on=year.start_date)
        for meeting in meetings:
            Attendance.objects.create(meeting=meeting, placement=member, status="absent")


def test_the_so_start_page_costs_the_same_with_sixty_more_students(demo):
    so = User.objects.get(email=ROLE_EMAILS["so"])
    _more_at_the_so_school(so, 10)  # every list has more than it shows
    before = _home(so)
    _more_at_the_so_school(so, MORE)
    after = _home(so)
    # The lists did grow: the counts show it...
    for title in ("Studenten zonder intervisiegroep", "Intervisie: studenten opvolgen"):
        assert _badge(after.html, title) >= _badge(before.html, title) + MORE
    assert f"Alle {MORE}" in after.html or "Afwezig op een verdiepingsmiddag" in after.html
    # ...but not what the page reads: the same queries, about the same rows and instances.
    assert after.queries == before.queries
    assert after.instances <= before.instances + 10, (before.instances, after.instances)
    if connection.vendor == "postgresql":
        assert after.rows <= before.rows + 10, (before.rows, after.rows)


def test_the_database_picks_the_students_the_rules_pick(demo):
    """The start page's lists (counted in SQL) against the overview's (judged in Python)."""
    user = User.objects.get(email=ROLE_EMAILS["so"])
    year = SchoolYear.objects.get(name=RUNNING_YEAR)
    _more_at_the_so_school(user, 8)
    lists = intervision.start_page_lists(user=user, year=year)
    expected = intervision.attention_list(user=user, year=year)
    assert expected, "the demo has students to follow up"
    assert lists.attention_count == len(expected)
    assert [row.placement.pk for row in lists.attention] == [
        row.placement.pk for row in expected[: len(lists.attention)]
    ]
    by_pk = {row.placement.pk: row.result for row in expected}
    for row in lists.attention:
        assert row.result == by_pk[row.placement.pk]
    assert any(row.result.too_many_absences for row in expected)
    waiting = intervision.needs_group(user=user, year=year)
    assert lists.needs_group_count == len(waiting) > 0
    first = [item.placement.pk for item in waiting if item.reason == "no_group"]
    shown = [item.placement.pk for item in lists.needs_group if item.reason == "no_group"]
    assert set(shown) <= set(first)


@pytest.mark.parametrize("role", ["so", "io"])
def test_the_overview_pages_the_students_the_rules_pick(demo, role):
    """The intervision overview's list to follow up, chosen and paged in the database, is
    the rule's list (judged in Python over every student), page after page, and a page
    makes the same queries with a few or sixty students to follow up."""
    so = User.objects.get(email=ROLE_EMAILS["so"])
    user = User.objects.get(email=ROLE_EMAILS[role])
    year = SchoolYear.objects.get(name=RUNNING_YEAR)
    client = Client()
    client.force_login(user)
    _more_at_the_so_school(so, 2)
    before = page_cost(client, reverse("intervision:overview"))
    _more_at_the_so_school(so, 30)
    expected = intervision.attention_list(user=user, year=year)
    shown = intervision.attention_rows(list(intervision.attention_placements(user=user, year=year)))
    assert [(row.placement.pk, row.result) for row in shown] == [
        (row.placement.pk, row.result) for row in expected
    ]
    assert [row.group for row in shown] == [row.group for row in expected]
    after = page_cost(client, reverse("intervision:overview"))
    assert after.queries == before.queries
    if role == "so":
        assert len(expected) > 50, "more than one page to follow up"
        second = client.get(reverse("intervision:overview"), {"opvolgen": 2}).content.decode()
        assert expected[50].placement.student.full_name in second
