"""Offer versus demand: places "elk niveau" count against every level (issue #25)."""

from hypothesis import given
from hypothesis import strategies as st

from placements import rules

ANY = rules.ANY_LEVEL


def test_aardrijkskunde_with_26_places_for_any_level_has_no_shortage():
    # The demo's 2020-2021: Aardrijkskunde offers 26 places "elk niveau" and places
    # 6 VT1, 4 VT3, 3 VT4 and 3 DT students. Before, VT1 showed "tekort 6".
    balance = rules.offer_balance(places={ANY: 26}, demand={"VT1": 6, "VT3": 4, "VT4": 3, "DT": 3})
    assert balance.shortage == 0
    assert balance.line("VT1").from_any == 6
    assert balance.line("VT1").shortage == 0
    assert balance.any_left == 10
    assert balance.explanation[0] == (
        "26 plaats(en) voor elk niveau tellen mee voor elk niveau: ingezet voor VT1 6, VT3 4, "
        "VT4 3, DT 3; 10 over."
    )


def test_engels_short_once_the_places_for_any_level_are_used():
    # Engels, a shortage subject of the seed (l. 209): 8 places "elk niveau", 17 students.
    balance = rules.offer_balance(
        places={ANY: 8},
        demand={"VT1": 3, "VT2": 2, "VT3": 1, "VT4": 5, "minor_P1": 1, "DT": 5},
    )
    assert balance.shortage == 9
    # In the report's order: VT1, VT2 and VT3 are covered, VT4 partly, the rest not.
    assert [(line.level, line.from_any, line.shortage) for line in balance.levels] == [
        (ANY, 0, 0),
        ("VT1", 3, 0),
        ("VT2", 2, 0),
        ("VT3", 1, 0),
        ("VT4", 2, 3),
        ("minor_P1", 0, 1),
        ("DT", 0, 5),
    ]
    assert "minor P1: vraag 1, 0 eigen plaats(en): 1 tekort." in balance.explanation


def test_a_place_at_one_level_takes_no_other_level():
    balance = rules.offer_balance(places={"VT4": 2}, demand={"VT1": 2})
    assert balance.shortage == 2
    assert balance.line("VT4").shortage == 0 and balance.line("VT1").shortage == 2


def test_own_places_first_then_any_level():
    balance = rules.offer_balance(places={"VT2": 1, ANY: 2}, demand={"VT2": 3, ANY: 1})
    # The proposal for a place "elk niveau" takes one of them; VT2's own place covers one
    # student, the last place "elk niveau" the next, and one VT2 student is left.
    assert (balance.line(ANY).shortage, balance.line("VT2").from_any) == (0, 1)
    assert balance.shortage == 1 and balance.any_left == 0


def test_labels_instead_of_codes():
    assert rules.level_label("minor_P1") == "minor P1"
    assert rules.level_label("") == "elk niveau"
    assert rules.level_label("master") == "master"
    assert rules.level_label("onbekend") == "onbekend"


LEVELS = st.sampled_from([ANY, *rules.REPORT_LEVELS])
COUNTS = st.dictionaries(LEVELS, st.integers(0, 30), max_size=6)


@given(places=COUNTS, demand=COUNTS, extra=st.integers(1, 5))
def test_shortage_is_what_no_place_can_take(places, demand, extra):
    balance = rules.offer_balance(places=places, demand=demand)
    pool = places.get(ANY, 0)
    overflow = demand.get(ANY, 0) + sum(
        max(count - places.get(level, 0), 0) for level, count in demand.items() if level != ANY
    )
    assert balance.shortage == max(overflow - pool, 0)
    assert sum(line.from_any for line in balance.levels) + balance.any_left <= pool
    assert all(0 <= line.shortage <= line.demand for line in balance.levels)
    # One more place "elk niveau" never makes a shortage bigger.
    more = rules.offer_balance(places={**places, ANY: pool + extra}, demand=demand)
    assert more.shortage <= balance.shortage
