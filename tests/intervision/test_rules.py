"""The group suggestion (sizes, splits, combining; nobody lost, nobody twice) and the
cadence rule at its edges."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from intervision import rules
from intervision.rules import CadenceParams, Candidate, GroupParams, MeetingRecord

LEVELS = ["VT1", "VT2", "VT3", "VT4", "minor_P1", "minor_P2", "DT", "master", "kop"]


def people(location_id: int, levels: list[str], start: int = 0) -> list[Candidate]:
    return [Candidate(start + i, location_id, level) for i, level in enumerate(levels)]


def sizes(groups):
    return sorted(group.size for group in groups)


def test_two_bands_per_school():
    candidates = people(1, ["VT1"] * 4 + ["VT2"] * 3 + ["VT3"] * 5 + ["master"] * 2)
    groups = rules.suggest_groups(candidates)
    assert {(g.band, g.size) for g in groups} == {("junior", 7), ("senior", 7)}
    assert all(g.location_ids == (1,) for g in groups)


def test_minors_go_with_years_one_and_two_and_part_timers_with_the_seniors():
    assert rules.band_of("minor_P2") == "junior"
    assert rules.band_of("DT") == "senior"
    assert rules.band_of("master") == "senior"


@pytest.mark.parametrize(
    ("n", "expected"),
    [(10, [10]), (12, [6, 6]), (15, [7, 8]), (20, [10, 10]), (21, [7, 7, 7]), (11, [5, 6])],
)
def test_large_groups_are_split_evenly(n, expected):
    groups = rules.suggest_groups(people(1, ["VT3"] * n))
    assert sizes(groups) == expected
    if len(expected) > 1:
        assert "gesplitst" in groups[0].explanation[-1]


def test_a_small_school_becomes_one_mixed_group():
    groups = rules.suggest_groups(people(1, ["VT1"] * 3 + ["VT4"] * 4))
    assert [(g.band, g.size) for g in groups] == [("mixed", 7)]


def test_two_small_schools_are_combined():
    candidates = people(1, ["VT1"] * 3) + people(2, ["VT2"] * 4, start=100)
    groups = rules.suggest_groups(candidates)
    assert len(groups) == 1
    assert groups[0].location_ids == (1, 2)
    assert groups[0].is_combined and groups[0].band == "junior"
    assert groups[0].size == 7


def test_small_schools_only_combine_when_they_fit():
    candidates = people(1, ["VT1"] * 5) + people(2, ["VT1"] * 5, start=100)
    candidates += people(3, ["VT1"] * 5, start=200)
    groups = rules.suggest_groups(candidates)
    assert sizes(groups) == [5, 10]
    lonely = next(g for g in groups if g.size == 5)
    assert "samen te voegen" in lonely.explanation[-1]


def test_group_sizes_follow_the_policy():
    groups = rules.suggest_groups(people(1, ["VT3"] * 9), GroupParams(min_size=3, max_size=4))
    assert sizes(groups) == [3, 3, 3]


def test_split_sizes_edges():
    params = GroupParams()
    assert rules.split_sizes(0, params) == []
    assert rules.split_sizes(1, params) == [1]
    assert rules.split_sizes(10, params) == [10]


candidate_lists = st.lists(st.tuples(st.integers(1, 6), st.sampled_from(LEVELS)), max_size=120).map(
    lambda rows: [Candidate(i, loc, level) for i, (loc, level) in enumerate(rows)]
)
group_params = st.tuples(st.integers(2, 8), st.integers(0, 8)).map(
    lambda pair: GroupParams(min_size=pair[0], max_size=pair[0] + pair[1])
)


@settings(max_examples=300, deadline=None)
@given(candidate_lists, group_params)
def test_nobody_lost_nobody_twice(candidates, params):
    groups = rules.suggest_groups(candidates, params)
    placed = [pid for group in groups for pid in group.placement_ids]
    assert sorted(placed) == sorted(c.placement_id for c in candidates)
    assert all(group.size > 0 for group in groups)


@settings(max_examples=300, deadline=None)
@given(candidate_lists, group_params)
def test_sizes_within_limits_where_possible(candidates, params):
    location_of = {c.placement_id: c.location_id for c in candidates}
    for group in rules.suggest_groups(candidates, params):
        assert group.size <= params.max_size
        # Members come only from the group's own locations.
        assert {location_of[pid] for pid in group.placement_ids} <= set(group.location_ids)
        assert len(group.location_ids) <= 2
        if group.size < params.min_size:
            # Only a pool that could not be split within the sizes, or that had nobody to
            # combine with, stays small.
            assert group.explanation


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 200), group_params)
def test_split_is_within_sizes_whenever_a_split_exists(n, params):
    result = rules.split_sizes(n, params)
    assert sum(result) == n
    assert max(result) - min(result) <= 1
    assert max(result) <= params.max_size
    feasible = any(
        k * params.min_size <= n <= k * params.max_size for k in range(1, n // params.min_size + 1)
    )
    if feasible:
        assert min(result) >= params.min_size


@given(st.permutations(list(range(30))))
def test_order_of_input_does_not_matter(order):
    base = [Candidate(i, i % 3, LEVELS[i % len(LEVELS)]) for i in range(30)]
    shuffled = [base[i] for i in order]
    first = rules.suggest_groups(base)
    second = rules.suggest_groups(shuffled)
    assert [sorted(g.placement_ids) for g in first] == [sorted(g.placement_ids) for g in second]


# --- Cadence -----------------------------------------------------------------------------

START = dt.date(2021, 9, 1)
END = dt.date(2022, 7, 1)


DEFAULT = CadenceParams()


def check(today, records=(), params=DEFAULT):
    return rules.cadence(
        placement_start=START, placement_end=END, today=today, records=records, params=params
    )


def test_exactly_four_weeks_after_the_start_is_still_on_time():
    assert not check(START + dt.timedelta(weeks=4)).missed_cadence
    assert check(START + dt.timedelta(weeks=4, days=1)).missed_cadence


def test_cadence_counts_from_the_last_meeting():
    meeting = MeetingRecord(dt.date(2021, 10, 7), "present")
    assert not check(dt.date(2021, 11, 4), [meeting]).missed_cadence
    result = check(dt.date(2021, 11, 5), [meeting])
    assert result.missed_cadence
    assert result.last_meeting == dt.date(2021, 10, 7)
    assert result.reasons == ["geen bijeenkomst volgens het ritme"]


def test_an_absent_student_still_had_a_meeting():
    # The rule is about meetings being held for the student; absences are a second signal.
    meeting = MeetingRecord(dt.date(2021, 10, 7), "absent")
    assert not check(dt.date(2021, 10, 20), [meeting]).missed_cadence


def test_no_cadence_outside_the_placement():
    assert not check(START - dt.timedelta(days=1)).missed_cadence
    assert not check(END + dt.timedelta(days=60)).missed_cadence
    assert check(END).missed_cadence  # the last day still counts


def test_cadence_weeks_follow_the_policy():
    params = CadenceParams(weeks_between_meetings=6)
    assert not check(START + dt.timedelta(weeks=6), params=params).missed_cadence
    assert check(START + dt.timedelta(weeks=6, days=1), params=params).missed_cadence


def records(*statuses):
    return [MeetingRecord(START + dt.timedelta(weeks=4 * i), s) for i, s in enumerate(statuses)]


def test_absent_twice_in_a_row():
    today = START + dt.timedelta(weeks=9)
    assert check(today, records("present", "absent")).absent_in_a_row == 1
    result = check(today, records("present", "absent", "absent"))
    assert result.too_many_absences and result.needs_attention
    assert "2 keer op rij afwezig" in result.reasons


def test_excused_neither_breaks_nor_extends_a_row():
    today = START + dt.timedelta(weeks=13)
    assert check(today, records("absent", "excused", "absent")).absent_in_a_row == 2
    assert check(today, records("absent", "present", "absent")).absent_in_a_row == 1
    assert check(today, records("excused", "excused", "excused")).absent_in_a_row == 0


def test_attendance_share_edges():
    today = START + dt.timedelta(weeks=17)
    at_limit = check(today, records("present", "present", "present", "present", "excused"))
    assert at_limit.attendance_percent == Decimal(80)
    assert not at_limit.below_attendance
    below = check(today, records("present", "present", "present", "absent", "excused"))
    assert below.attendance_percent == Decimal(60) and below.below_attendance
    assert check(today).attendance_percent is None


def test_future_meetings_do_not_count():
    future = MeetingRecord(START + dt.timedelta(weeks=10), "present")
    assert check(START + dt.timedelta(weeks=5), [future]).missed_cadence


@given(
    st.lists(st.sampled_from(["present", "excused", "absent"]), min_size=1, max_size=12),
    st.integers(0, 400),
)
def test_cadence_never_flags_a_student_who_just_had_a_meeting(statuses, offset):
    today = START + dt.timedelta(days=offset)
    recs = [MeetingRecord(today, status) for status in statuses]
    result = check(today, recs)
    assert not result.missed_cadence
    share = result.attendance_percent
    assert share is None or Decimal(0) <= share <= Decimal(100)
