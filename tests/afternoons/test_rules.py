"""The assignment rule and the audience rule: worked examples and property tests."""

import datetime as dt
import random
from collections import Counter
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from afternoons.rules import (
    Audience,
    PlacementFacts,
    StudentIn,
    WorkshopIn,
    assign,
    in_audience,
    mean_score,
    percentage,
)

# --- Worked examples -----------------------------------------------------------------


def test_first_choices_win_over_second_choices():
    # Two places in A. Three students want A first; the one who has B second is moved to B
    # only if that lets someone keep a first choice: here everyone can get a first or second.
    students = [StudentIn(1, "X"), StudentIn(2, "X"), StudentIn(3, "Y")]
    workshops = [WorkshopIn(10, "A", 2), WorkshopIn(20, "B", 2)]
    prefs = {1: ["A", "B"], 2: ["A", "B"], 3: ["A"]}
    result = assign(students, workshops, prefs, seed=1)
    assert result.count_rank(1) == 2
    # Student 3 has only A: the flow gives A to them so the other can take B second.
    assert result.placed[3] == 10
    assert result.count_rank(2) == 1
    assert result.not_satisfied == [] and result.not_placed == []


def test_lexicographic_first_then_second():
    # A: 1 place. Student 1 wants A then B; student 2 wants B then A; B: 1 place.
    students = [StudentIn(1, "X"), StudentIn(2, "Y")]
    workshops = [WorkshopIn(10, "A", 1), WorkshopIn(20, "B", 1)]
    result = assign(students, workshops, {1: ["A", "B"], 2: ["B", "A"]}, seed=7)
    assert result.placed == {1: 10, 2: 20}
    assert result.ranks == {1: 1, 2: 1}


def test_students_without_a_choice_come_last_and_full_means_not_placed():
    students = [StudentIn(1, "X"), StudentIn(2, "X"), StudentIn(3, "X")]
    workshops = [WorkshopIn(10, "A", 2)]
    result = assign(students, workshops, {1: ["A"], 2: ["A"]}, seed=3)
    assert set(result.placed) == {1, 2}
    assert result.not_placed == [3]
    assert any("nergens geplaatst" in line for line in result.lines)


def test_chooser_whose_themes_are_full_is_reported_and_placed_elsewhere():
    students = [StudentIn(1, "X"), StudentIn(2, "Y")]
    workshops = [WorkshopIn(10, "A", 1), WorkshopIn(20, "B", 5)]
    result = assign(students, workshops, {1: ["A"], 2: ["A"]}, seed=0)
    loser = next(s for s in (1, 2) if result.placed[s] == 20)
    assert result.not_satisfied == [loser]
    assert result.ranks[loser] is None
    assert any("geen van hun keuzes" in line for line in result.lines)


def test_schools_are_spread_over_the_groups_of_a_theme():
    students = [StudentIn(i, "Beatrix") for i in range(6)] + [StudentIn(10, "Newman")]
    workshops = [WorkshopIn(1, "A", 10), WorkshopIn(2, "A", 10), WorkshopIn(3, "A", 10)]
    result = assign(students, workshops, {s.id: ["A"] for s in students}, seed=5)
    per_group = Counter(result.placed[i] for i in range(6))
    assert sorted(per_group.values()) == [2, 2, 2]


def test_unknown_themes_and_duplicates_in_a_choice_are_ignored():
    result = assign([StudentIn(1, "X")], [WorkshopIn(1, "A", None)], {1: ["Z", "A", "A"]}, seed=0)
    assert result.placed == {1: 1} and result.ranks == {1: 1}


def test_audience_institutes_levels_and_cohort():
    audience = Audience(
        date=dt.date(2021, 2, 8),
        institute_ids=frozenset({2, 3}),
        levels=frozenset({"VT1", "minor_P1"}),
        cohort_start_from=dt.date(2021, 1, 1),
    )
    base = PlacementFacts(
        student_id=1,
        institute_id=2,
        level="VT1",
        start_date=dt.date(2021, 2, 1),
        end_date=dt.date(2021, 7, 1),
        is_open=True,
        is_taster=False,
    )
    assert in_audience(base, audience)
    assert not in_audience(base.__class__(**{**base.__dict__, "institute_id": 1}), audience)
    assert not in_audience(base.__class__(**{**base.__dict__, "level": "VT3"}), audience)
    early = {**base.__dict__, "start_date": dt.date(2020, 9, 1)}
    assert not in_audience(base.__class__(**early), audience)
    assert not in_audience(base.__class__(**{**base.__dict__, "is_open": False}), audience)
    assert not in_audience(base.__class__(**{**base.__dict__, "is_taster": True}), audience)
    ended = {**base.__dict__, "end_date": dt.date(2021, 2, 7)}
    assert not in_audience(base.__class__(**ended), audience)
    later = {**base.__dict__, "start_date": dt.date(2021, 2, 9)}
    assert not in_audience(base.__class__(**later), audience)
    assert in_audience(base, Audience(date=dt.date(2021, 2, 8)))  # empty means everyone


def test_percentage_and_mean_score():
    assert percentage(2, 3) == Decimal("66.7")
    assert percentage(0, 0) is None
    assert mean_score([4, 5, 3]) == Decimal("4.0")
    assert mean_score([]) is None


# --- Properties ----------------------------------------------------------------------

THEMES = ["A", "B", "C", "D"]
SCHOOLS = ["Beatrix", "Newman", "Dongemond", "Mencia"]


@st.composite
def cases(draw):
    n_workshops = draw(st.integers(1, 6))
    workshops = [
        WorkshopIn(
            100 + i,
            draw(st.sampled_from(THEMES)),
            draw(st.one_of(st.none(), st.integers(1, 8))),
        )
        for i in range(n_workshops)
    ]
    n_students = draw(st.integers(0, 30))
    students = [StudentIn(i, draw(st.sampled_from(SCHOOLS))) for i in range(n_students)]
    prefs = {}
    for student in students:
        ranked = draw(st.lists(st.sampled_from(THEMES), max_size=3, unique=True))
        if ranked:
            prefs[student.id] = ranked
    seed = draw(st.integers(0, 10_000))
    return students, workshops, prefs, seed


def _capacity(workshop, total):
    return total if workshop.capacity is None else workshop.capacity


@settings(max_examples=150, deadline=None)
@given(cases())
def test_capacities_are_respected_and_nobody_is_placed_twice(case):
    students, workshops, prefs, seed = case
    result = assign(students, workshops, prefs, seed)
    load = Counter(result.placed.values())
    for workshop in workshops:
        assert load[workshop.id] <= _capacity(workshop, len(students))
    # Every student exactly once: placed or reported as not placed, never both.
    assert set(result.placed).isdisjoint(result.not_placed)
    assert set(result.placed) | set(result.not_placed) == {s.id for s in students}
    assert len(result.not_placed) == len(set(result.not_placed))


@settings(max_examples=150, deadline=None)
@given(cases())
def test_room_left_means_everyone_is_placed(case):
    students, workshops, prefs, seed = case
    total_room = sum(_capacity(w, len(students)) for w in workshops)
    result = assign(students, workshops, prefs, seed)
    assert len(result.not_placed) == max(0, len(students) - total_room)


@settings(max_examples=100, deadline=None)
@given(cases())
def test_the_same_input_gives_the_same_assignment(case):
    students, workshops, prefs, seed = case
    first = assign(students, workshops, prefs, seed)
    shuffled = list(students)
    random.Random(seed + 1).shuffle(shuffled)
    again = assign(shuffled, list(reversed(workshops)), dict(reversed(prefs.items())), seed)
    assert first.placed == again.placed
    assert first.lines == again.lines


def _greedy_first_choices(students, workshops, prefs, seed):
    room = Counter()
    for workshop in workshops:
        room[workshop.theme] += _capacity(workshop, len(students))
    order = sorted(students, key=lambda s: s.id)
    random.Random(seed).shuffle(order)
    got = 0
    for student in order:
        ranked = prefs.get(student.id)
        if ranked and room[ranked[0]] > 0:
            room[ranked[0]] -= 1
            got += 1
    return got


@settings(max_examples=150, deadline=None)
@given(cases())
def test_first_choice_share_is_not_worse_than_greedy(case):
    students, workshops, prefs, seed = case
    result = assign(students, workshops, prefs, seed)
    assert result.count_rank(1) >= _greedy_first_choices(students, workshops, prefs, seed)


@settings(max_examples=150, deadline=None)
@given(cases())
def test_placed_choosers_get_a_theme_they_ranked_at_the_rank_reported(case):
    students, workshops, prefs, seed = case
    theme_of = {w.id: w.theme for w in workshops}
    # Themes that no workshop offers do not count as a choice.
    known = {sid: [t for t in ranked if t in theme_of.values()] for sid, ranked in prefs.items()}
    result = assign(students, workshops, prefs, seed)
    for student_id, workshop_id in result.placed.items():
        rank = result.ranks[student_id]
        if rank is not None:
            assert known[student_id][rank - 1] == theme_of[workshop_id]
        elif known.get(student_id):
            assert student_id in result.not_satisfied


@settings(max_examples=100, deadline=None)
@given(cases())
def test_each_school_is_spread_when_the_groups_have_room(case):
    students, workshops, prefs, seed = case
    # Unlimited groups: the spread is not bent by capacities.
    roomy = [WorkshopIn(w.id, w.theme, None) for w in workshops]
    result = assign(students, roomy, prefs, seed)
    school = {s.id: s.school for s in students}
    theme_of = {w.id: w.theme for w in roomy}
    for theme in {w.theme for w in roomy}:
        groups = [w.id for w in roomy if w.theme == theme]
        for name in SCHOOLS:
            counts = Counter(
                result.placed[sid]
                for sid in result.placed
                if school[sid] == name and theme_of[result.placed[sid]] == theme
            )
            values = [counts[g] for g in groups]
            assert max(values) - min(values) <= 1
