"""The scale generator, and the guard that no main page's query count grows with the data:
every role's main pages at a small and a three times larger generated partnership."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bos.models import User
from demo.scale import MAIN_PAGES, ScaleDataExists, ScaleLogins, anchor_year, generate, page_url
from placements.models import OPEN_STATUSES, Placement

pytestmark = pytest.mark.django_db
# Roles whose scope is the whole partnership: at the larger scale they see three times the
# data with the same login. The others log in to the second generated set, which has its own
# schools, boards and institutes.
WHOLE = {"projectleider", "kernteam"}


def _counts(logins: dict[str, str]) -> dict[tuple[str, str], int]:
    year = anchor_year()
    counts = {}
    for role, pages in MAIN_PAGES.items():
        client = Client()
        client.force_login(User.objects.get(email=logins[role]))
        for name in pages:
            with CaptureQueriesContext(connection) as queries:
                response = client.get(page_url(name, year))
            assert response.status_code == 200, (role, name, response.status_code)
            counts[(role, name)] = len(queries)
    return counts


def test_generated_data_respects_the_rules_and_is_not_doubled():
    result = generate(factor=1, years=2)
    assert result.counts["bos.SchoolLocation"] == 16
    assert 500 <= result.counts["placements.Placement"] <= 540
    assert result.counts["stipend.StipendApplication"] > 0
    # At most one open placement per student at any date (the trigger would have refused).
    open_rows = Placement.objects.filter(status__in=OPEN_STATUSES).values_list(
        "student_id", "start_date", "end_date"
    )
    by_student: dict[int, list[tuple]] = {}
    for student_id, start, end in open_rows:
        for other_start, other_end in by_student.get(student_id, []):
            assert end < other_start or start > other_end
        by_student.setdefault(student_id, []).append((start, end))
    with pytest.raises(ScaleDataExists):
        generate(factor=1, years=2)


def test_generated_region_is_lopsided_and_its_activities_have_participants():
    from django.db.models import Count

    from afternoons.models import DeepeningAfternoon, Invitation, Preference, WorkshopAssignment
    from intervision.models import Attendance, Meeting
    from placements.selectors import placement_list

    generate(factor=2, years=2)
    year = anchor_year()
    logins = ScaleLogins().by_role()
    per_school = list(
        Placement.objects.filter(school_year=year)
        .values("location_id")
        .annotate(n=Count("id"))
        .order_by("-n")
    )
    largest, runner_up = per_school[0], per_school[1]
    total = sum(row["n"] for row in per_school)
    # The largest school is clearly the largest: about a tenth of the year's placements.
    assert largest["n"] >= 0.07 * total
    assert largest["n"] > 1.5 * runner_up["n"]
    # Its own SO sees it, and nothing else.
    so = User.objects.get(email=logins["so_largest"])
    mine = placement_list(user=so).filter(school_year=year)
    assert set(mine.values_list("location_id", flat=True)) == {largest["location_id"]}
    # The large board's HR officers see the most stipend applications of any board.
    per_board = list(
        Placement.objects.filter(school_year=year)
        .values("location__board_id")
        .annotate(n=Count("id"))
        .order_by("-n")
    )
    assert per_board[0]["n"] >= 0.2 * total
    # The afternoons have invited students, their choices and, once past, who came.
    afternoons = DeepeningAfternoon.objects.filter(school_year=year)
    assert Invitation.objects.filter(afternoon__in=afternoons).count() >= afternoons.count()
    assert Preference.objects.filter(afternoon__in=afternoons).exists()
    assert WorkshopAssignment.objects.exists()
    assert WorkshopAssignment.objects.filter(attended=True).exists()
    # Intervision groups meet and their attendance is recorded.
    assert Meeting.objects.filter(group__school_year=year).exists()
    assert Attendance.objects.filter(status="present").exists()


def test_main_pages_cost_the_same_queries_at_a_larger_scale():
    generate(factor=1, years=2)
    small_logins = ScaleLogins().by_role()
    small = _counts(small_logins)
    generate(factor=2, years=2, tag="b")
    large_logins = {
        role: small_logins[role] if role in WHOLE else email
        for role, email in ScaleLogins(tag="b").by_role().items()
    }
    large = _counts(large_logins)
    grown = {page: (small[page], large[page]) for page in small if small[page] != large[page]}
    assert grown == {}
