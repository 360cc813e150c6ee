"""The professionalisation plan's rules by worked example, and their properties."""

import datetime as dt
import itertools
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from professionalization import rules
from professionalization.rules import MeetingFact, check_offer

# The Velon rule: at least two earlier school years as SO or IO ------------------------------


def test_velon_two_earlier_years_as_opleider_is_enough():
    result = rules.velon_eligibility(
        role_start_years=[2019, 2020, 2021], current_start_year=2021, min_years=2
    )
    assert result.eligible
    assert result.years == 2
    assert "2019-2020, 2020-2021" in result.explanation[0]


def test_velon_the_current_year_does_not_count_yet():
    result = rules.velon_eligibility(
        role_start_years=[2020, 2021], current_start_year=2021, min_years=2
    )
    assert not result.eligible
    assert result.years == 1
    assert "minimaal 2 jaar" in result.explanation[-1]


def test_velon_years_are_distinct_school_years():
    # SO and IO in the same year (two assignments) is one year of experience.
    result = rules.velon_eligibility(
        role_start_years=[2020, 2020], current_start_year=2021, min_years=2
    )
    assert result.years == 1 and not result.eligible


def test_velon_without_history():
    result = rules.velon_eligibility(role_start_years=[], current_start_year=2021, min_years=2)
    assert not result.eligible
    assert result.explanation[0] == "Geen eerdere schooljaren als SO of IO."


def test_velon_threshold_is_a_parameter():
    assert rules.velon_eligibility(
        role_start_years=[2020], current_start_year=2021, min_years=1
    ).eligible


# The machine is shared: judge the rules, not the timing.
@settings(deadline=None)
@given(
    st.sets(st.integers(min_value=2000, max_value=2040), max_size=15),
    st.integers(min_value=2000, max_value=2040),
    st.integers(min_value=0, max_value=10),
)
def test_velon_property_counts_only_earlier_years(years, current, minimum):
    result = rules.velon_eligibility(
        role_start_years=years, current_start_year=current, min_years=minimum
    )
    assert result.years == len({y for y in years if y < current})
    assert result.eligible == (result.years >= minimum)
    # A year in the future never helps.
    later = rules.velon_eligibility(
        role_start_years=years | {current + 1}, current_start_year=current, min_years=minimum
    )
    assert later.eligible == result.eligible


# Hours, seats, evaluations, reminders --------------------------------------------------------


def test_default_meeting_is_two_and_a_half_hours():
    assert rules.meeting_hours(dt.time(13, 30), dt.time(16, 0)) == Decimal("2.50")
    assert rules.meeting_hours(dt.time(16, 15), dt.time(17, 0)) == Decimal("0.75")


def test_meeting_must_end_after_it_starts():
    with pytest.raises(ValueError):
        rules.meeting_hours(dt.time(16, 0), dt.time(13, 30))


# The machine is shared: judge the rules, not the timing.
@settings(deadline=None)
@given(st.integers(min_value=1, max_value=500), st.integers(min_value=0, max_value=600))
def test_place_never_exceeds_capacity(capacity, taken):
    place = rules.place_for(capacity=capacity, taken=taken)
    assert (place.status == "registered") == (taken < capacity)


def test_evaluation_summary():
    summary = rules.summarize_evaluations([5, 4, 4, 3])
    assert summary.count == 4
    assert summary.average == Decimal("4.0")
    assert summary.distribution == {1: 0, 2: 0, 3: 1, 4: 2, 5: 1}
    assert summary.explanation == ["4 evaluatie(s), gemiddeld 4,0 van 5."]
    assert rules.summarize_evaluations([]).average is None
    with pytest.raises(ValueError):
        rules.summarize_evaluations([6])


# The machine is shared: judge the rules, not the timing.
@settings(deadline=None)
@given(st.lists(st.integers(min_value=1, max_value=5), min_size=1, max_size=50))
def test_evaluation_average_lies_between_min_and_max(scores):
    summary = rules.summarize_evaluations(scores)
    assert min(scores) <= summary.average <= max(scores)
    assert sum(summary.distribution.values()) == len(scores)


def test_reminders_one_week_and_one_day_before():
    meeting = dt.date(2021, 10, 14)
    due = rules.reminder_due
    assert due(meeting_date=meeting, today=dt.date(2021, 10, 7), days_before=7, already_sent=False)
    assert not due(
        meeting_date=meeting, today=dt.date(2021, 10, 6), days_before=7, already_sent=False
    )
    assert due(meeting_date=meeting, today=dt.date(2021, 10, 13), days_before=1, already_sent=False)
    assert not due(
        meeting_date=meeting, today=dt.date(2021, 10, 13), days_before=1, already_sent=True
    )
    assert not due(meeting_date=meeting, today=meeting, days_before=1, already_sent=False)


# The projectleider's check -------------------------------------------------------------------

LEVEL = {n: ("basic" if n <= 6 else "deepening") for n in range(1, 12)}


def fact(day: str, number: int, host: str) -> MeetingFact:
    return MeetingFact(dt.date.fromisoformat(day), number, LEVEL[number], host)


def test_check_passes_a_plan_like_offer_over_two_years():
    last_year = [
        fact("2020-10-08", 1, "Beatrix"),
        fact("2020-11-12", 8, "Juvenaat"),
        fact("2021-01-14", 2, "Markenhage"),
        fact("2021-02-11", 9, "Orion"),
        fact("2021-04-08", 5, "Beatrix"),
    ]
    this_year = [
        fact("2021-10-07", 3, "Michaël"),
        fact("2021-11-11", 10, "Mencia"),
        fact("2022-01-13", 4, "Beatrix"),
        fact("2022-02-10", 7, "Juvenaat"),
        fact("2022-03-10", 6, "Orion"),
        fact("2022-05-12", 11, "Markenhage"),
    ]
    result = check_offer(
        theme_numbers=range(1, 12),
        window_meetings=last_year + this_year,
        year_meetings=this_year,
        balance_tolerance=1,
        window_years=2,
    )
    assert result.ok, result.explanation
    assert (result.basic, result.deepening) == (3, 3)


def test_check_names_themes_not_offered_within_two_years():
    year = [fact("2021-10-07", 1, "A"), fact("2021-11-11", 8, "B")]
    result = check_offer(
        theme_numbers=range(1, 12),
        window_meetings=year,
        year_meetings=year,
        balance_tolerance=1,
        window_years=2,
    )
    assert result.missing_themes == [2, 3, 4, 5, 6, 7, 9, 10, 11]
    assert not result.ok
    assert result.explanation[0].startswith("Niet aangeboden in 2 jaar: thema 2, 3")


def test_rotation_no_school_hosts_twice_in_a_row():
    year = [
        fact("2021-10-07", 1, "Beatrix"),
        fact("2021-11-11", 8, "Beatrix"),
        fact("2022-01-13", 2, "Orion"),
        fact("2022-02-10", 9, "Beatrix"),  # not consecutive with the first two: fine
    ]
    result = check_offer(
        theme_numbers=[1, 2, 8, 9],
        window_meetings=year,
        year_meetings=year,
        balance_tolerance=1,
        window_years=2,
    )
    assert result.repeated_hosts == [(dt.date(2021, 11, 11), "Beatrix")]
    assert "Beatrix is twee keer achter elkaar gastschool" in " ".join(result.explanation)
    assert not result.ok


def test_rotation_is_judged_in_date_order_not_input_order():
    year = [
        fact("2022-02-10", 9, "Beatrix"),
        fact("2021-10-07", 1, "Beatrix"),
        fact("2021-11-11", 8, "Orion"),
    ]
    result = check_offer(
        theme_numbers=[1, 8, 9],
        window_meetings=year,
        year_meetings=year,
        balance_tolerance=1,
        window_years=2,
    )
    assert result.repeated_hosts == []


def test_start_meetings_do_not_count_for_balance_or_rotation():
    year = [
        MeetingFact(dt.date(2021, 9, 9), None, None, "Beatrix"),
        fact("2021-10-07", 1, "Beatrix"),
        fact("2021-11-11", 8, "Orion"),
    ]
    result = check_offer(
        theme_numbers=[1, 8],
        window_meetings=year,
        year_meetings=year,
        balance_tolerance=0,
        window_years=2,
    )
    assert result.ok


def test_balance_allows_the_tolerance_only():
    year = [fact("2021-10-07", 1, "A"), fact("2021-11-11", 2, "B"), fact("2022-01-13", 3, "C")]
    strict = check_offer(
        theme_numbers=[1, 2, 3],
        window_meetings=year,
        year_meetings=year,
        balance_tolerance=1,
        window_years=2,
    )
    assert not strict.balanced
    lenient = check_offer(
        theme_numbers=[1, 2, 3],
        window_meetings=year,
        year_meetings=year,
        balance_tolerance=3,
        window_years=2,
    )
    assert lenient.balanced


hosts = st.sampled_from(["A", "B", "C"])


# The machine is shared: judge the rules, not the timing.
@settings(deadline=None)
@given(st.lists(st.tuples(st.integers(min_value=1, max_value=11), hosts), max_size=12))
def test_rotation_property_repeats_are_exactly_equal_neighbours(items):
    start = dt.date(2021, 9, 2)
    meetings = [
        MeetingFact(start + dt.timedelta(weeks=4 * i), n, LEVEL[n], host)
        for i, (n, host) in enumerate(items)
    ]
    result = check_offer(
        theme_numbers=range(1, 12),
        window_meetings=meetings,
        year_meetings=meetings,
        balance_tolerance=1,
        window_years=2,
    )
    expected = sum(1 for a, b in itertools.pairwise(items) if a[1] == b[1])
    assert len(result.repeated_hosts) == expected
    assert result.basic + result.deepening == len(items)
    assert set(result.missing_themes) == set(range(1, 12)) - {n for n, _ in items}


@settings(deadline=None)
@given(
    st.lists(st.tuples(st.integers(min_value=1, max_value=11), hosts), max_size=10),
    st.lists(st.tuples(st.integers(min_value=1, max_value=11), hosts), max_size=10),
)
def test_earlier_years_count_by_their_theme_numbers_alone(earlier_items, year_items):
    """Giving the earlier years' meetings, or only which themes they offered, checks the
    same: the selector reads the theme numbers of the earlier years, not every meeting."""
    start = dt.date(2021, 9, 2)
    earlier = [
        MeetingFact(start - dt.timedelta(weeks=52 - 4 * i), n, LEVEL[n], host)
        for i, (n, host) in enumerate(earlier_items)
    ]
    year = [
        MeetingFact(start + dt.timedelta(weeks=4 * i), n, LEVEL[n], host)
        for i, (n, host) in enumerate(year_items)
    ]
    common = {"theme_numbers": range(1, 12), "balance_tolerance": 1, "window_years": 2}
    as_meetings = check_offer(window_meetings=earlier + year, year_meetings=year, **common)
    as_numbers = check_offer(
        window_meetings=year,
        year_meetings=year,
        themes_offered_earlier={n for n, _ in earlier_items},
        **common,
    )
    assert as_numbers == as_meetings
