"""The survey's rules: response rate, the small-group rule for free text, tallies,
reminders and addresses. Pure: no database."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from surveys import rules


def test_response_rate_worked_examples():
    # The annual report 2020-2021: 10 of 14 SOs and 63 of about 190 WPBs answered.
    assert rules.response_rate(10, 14).percent == Decimal("71.4")
    assert rules.response_rate(63, 190).percent == Decimal("33.2")
    assert rules.response_rate(1, 8).percent == Decimal("12.5")
    assert rules.response_rate(1, 16).percent == Decimal("6.3")  # 6.25 rounds half up
    assert "10 van de 14" in rules.response_rate(10, 14).explanation
    assert "71,4%" in rules.response_rate(10, 14).explanation


def test_response_rate_without_invitees_is_unknown():
    rate = rules.response_rate(0, 0)
    assert rate.percent is None and "Nog niemand" in rate.explanation
    with pytest.raises(ValueError):
        rules.response_rate(3, 2)


@given(st.integers(min_value=1, max_value=10_000), st.data())
def test_response_rate_between_0_and_100(invited, data):
    responded = data.draw(st.integers(min_value=0, max_value=invited))
    percent = rules.response_rate(responded, invited).percent
    assert Decimal(0) <= percent <= Decimal(100)
    assert (percent == 100) == (responded == invited) or abs(percent - 100) <= Decimal("0.05")


def test_free_text_of_a_small_anonymous_group_is_hidden():
    assert not rules.open_answers_visible(anonymous=True, responses=4, minimum=5).shown
    assert rules.open_answers_visible(anonymous=True, responses=5, minimum=5).shown
    # The minimum is the year's parameter, not a literal.
    assert rules.open_answers_visible(anonymous=True, responses=3, minimum=3).shown
    hidden = rules.open_answers_visible(anonymous=True, responses=0, minimum=5)
    assert "vanaf 5 reacties" in hidden.explanation
    # On name: the respondents know their name goes along.
    assert rules.open_answers_visible(anonymous=False, responses=1, minimum=5).shown


@given(st.integers(min_value=0, max_value=200), st.integers(min_value=2, max_value=50))
def test_small_group_rule_is_a_threshold(responses, minimum):
    shown = rules.open_answers_visible(anonymous=True, responses=responses, minimum=minimum).shown
    assert shown == (responses >= minimum)


def test_tally_shares_and_mean():
    tally = rules.tally(["a", "b", "c", "d", "e"], {1: 1, 4: 2, 5: 1}, 4, scale=True)
    assert [bar.count for bar in tally.bars] == [1, 0, 0, 2, 1]
    assert [bar.percent for bar in tally.bars] == [25, 0, 0, 50, 25]
    assert tally.mean == Decimal("3.5")
    # A multiple choice: shares of the people who answered, so they may add up past 100.
    multiple = rules.tally(["x", "y"], {1: 3, 2: 2, 7: 9}, 3)
    assert [bar.percent for bar in multiple.bars] == [100, Decimal("66.7")]
    assert multiple.mean is None
    assert rules.tally(["x"], {}, 0).bars[0].percent == 0


def test_reminder_due_from_the_set_number_of_days_before_closing():
    closes = dt.date(2021, 1, 29)
    assert not rules.reminder_due(closes, 3, dt.date(2021, 1, 25))
    assert rules.reminder_due(closes, 3, dt.date(2021, 1, 26))
    assert rules.reminder_due(closes, 3, closes)
    assert not rules.reminder_due(closes, 3, dt.date(2021, 1, 30))


def test_answerable_only_while_open_and_within_the_dates():
    opens, closes = dt.date(2021, 1, 11), dt.date(2021, 1, 29)
    assert rules.answerable("open", opens, closes, opens)
    assert not rules.answerable("open", opens, closes, dt.date(2021, 1, 10))
    assert not rules.answerable("closed", opens, closes, opens)
    assert not rules.answerable("concept", opens, closes, opens)


def test_parse_emails():
    good, bad = rules.parse_emails("A@x.example, b@x.example;\nA@x.example geen-adres")
    assert good == ["a@x.example", "b@x.example"]
    assert bad == ["geen-adres"]
