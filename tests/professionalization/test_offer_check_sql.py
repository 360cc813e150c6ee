"""Issue #29: the projectleider's check of the offer is found in the database (which themes,
how many of each level, which school hosts twice in a row) instead of reading every meeting of
the year. Whatever the meetings, it judges as the rule does on the meetings themselves."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bos.models import SchoolYear
from professionalization import rules, selectors, services
from professionalization.models import Meeting, MeetingKind, Theme
from tests.factories import SchoolLocationFactory, SchoolYearFactory
from tests.professionalization.factories import make_world

pytestmark = pytest.mark.django_db

# A meeting: (week of the year, hour, theme number or none for a start meeting, host).
meeting_lists = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=6),
        st.sampled_from([9, 13]),
        st.one_of(st.none(), st.integers(min_value=1, max_value=11)),
        st.integers(min_value=0, max_value=2),
    ),
    max_size=12,
)


def _by_the_rule(year: SchoolYear) -> rules.OfferCheck:
    """The check on every meeting of the window as facts, the year's in date, start and
    entry order."""
    policy = selectors.policy_for(year)
    earlier = SchoolYear.objects.filter(start_date__lt=year.start_date).order_by("-start_date")[
        : max(policy.window_years - 1, 0)
    ]
    facts = [
        rules.MeetingFact(
            date=m.date,
            theme_number=m.theme.number if m.kind == MeetingKind.THEME and m.theme else None,
            level=m.theme.level if m.kind == MeetingKind.THEME and m.theme else None,
            host=m.location.name,
        )
        for m in Meeting.objects.filter(school_year=year)
        .select_related("theme", "location")
        .order_by("date", "start_time", "pk")
    ]
    offered_earlier = set(
        Meeting.objects.filter(
            school_year__in=list(earlier), kind=MeetingKind.THEME, theme__isnull=False
        ).values_list("theme__number", flat=True)
    )
    return rules.check_offer(
        theme_numbers=list(Theme.objects.filter(school_year=year).values_list("number", flat=True)),
        window_meetings=facts,
        year_meetings=facts,
        balance_tolerance=policy.balance_tolerance,
        window_years=policy.window_years,
        themes_offered_earlier=offered_earlier,
    )


@pytest.fixture
def world():
    world = make_world()
    # A year of its own, far ahead: each example replaces its meetings, and the running
    # year's would be many (the demo's, when loaded).
    start, end = SchoolYear.bounds_for(2090)
    year = SchoolYearFactory(name=SchoolYear.name_for(2090), start_date=start, end_date=end)
    themes = {theme.number: theme for theme in services.themes_ensure(year=year)}
    world = replace(world, year=year, themes=themes)
    # A second school by the same name: the rule compares hosts by name, so must the query.
    return world, SchoolLocationFactory(name=world.school.name)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(items=meeting_lists)
def test_the_database_judges_as_the_rule_on_every_meeting(world, items):
    world, namesake = world
    hosts = [world.school, world.other_school, namesake]
    with transaction.atomic():
        Meeting.objects.filter(school_year=world.year).delete()
        # In one statement, in the order drawn (the keys follow it): one example costs a
        # few queries, not one per meeting.
        Meeting.objects.bulk_create(
            Meeting(
                school_year=world.year,
                kind=MeetingKind.THEME if number else MeetingKind.START,
                theme=world.themes[number] if number else None,
                date=world.year.start_date + dt.timedelta(days=30 + 7 * week),
                start_time=dt.time(hour, 0),
                end_time=dt.time(hour + 2, 0),
                location=hosts[host],
                capacity=10,
                leader=world.so.person,
            )
            for week, hour, number, host in items
        )
        assert selectors.offer_check(world.year) == _by_the_rule(world.year)
        transaction.set_rollback(True)


def test_meetings_on_one_day_follow_each_other_by_their_start():
    world = make_world()
    Meeting.objects.filter(school_year=world.year).delete()
    day = world.year.start_date + dt.timedelta(days=40)
    # The afternoon is entered first. By their start the morning comes first, so the
    # afternoon's school stands between Testcollege's two: no repeat. In the order of entry
    # Testcollege would host twice in a row.
    entered = ((13, world.other_school, 0), (9, world.school, 0), (9, world.school, 7))
    for hour, location, offset in entered:
        Meeting.objects.create(
            school_year=world.year,
            kind=MeetingKind.THEME,
            theme=world.themes[1],
            date=day + dt.timedelta(days=offset),
            start_time=dt.time(hour, 0),
            end_time=dt.time(hour + 2, 0),
            location=location,
            capacity=10,
            leader=world.so.person,
        )
    check = selectors.offer_check(world.year)
    assert check.repeated_hosts == []
    assert check == _by_the_rule(world.year)


def test_the_check_reads_no_row_per_meeting():
    world = make_world()
    Meeting.objects.filter(school_year=world.year).delete()
    for week in range(30):
        Meeting.objects.create(
            school_year=world.year,
            kind=MeetingKind.THEME,
            theme=world.themes[1 + week % 11],
            date=world.year.start_date + dt.timedelta(days=7 * week),
            start_time=dt.time(13, 0),
            end_time=dt.time(15, 0),
            location=world.school if week % 2 else world.other_school,
            capacity=10,
            leader=world.so.person,
        )
    rows = [0]

    def count_rows(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        rows[0] += max(context["cursor"].rowcount or 0, 0)
        return result

    with CaptureQueriesContext(connection), connection.execute_wrapper(count_rows):
        check = selectors.offer_check(world.year)
    assert check.repeated_hosts == []
    if connection.vendor == "postgresql":  # SQLite does not report the rows a SELECT gave
        # Themes (11 offered, 11 numbers), one row of level counts, the policy: not 31 meetings.
        assert rows[0] < 31
