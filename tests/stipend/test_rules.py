"""Stipend rules (domain §4.4): the 2021 day table, the period, changes of days, and a
scheme of a different shape (by study year, pro rata, at most 10 months)."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from facilitation.params import PartialMonth, PolicyParams, StipendBasis
from stipend import rules

SCHEME_2021 = PolicyParams(year_name="2021-2022")
PROPOSAL_2024 = PolicyParams(
    year_name="2024-2025",
    stipend_basis=StipendBasis.STUDY_YEAR,
    stipend_study_year_rates=[(2, 100), (3, 250), (4, 400)],
    stipend_reference_days=2,
    stipend_pro_rata=True,
    stipend_max_months=10,
)
SEP_1, JUL_1 = dt.date(2021, 9, 1), dt.date(2022, 7, 1)


@pytest.mark.parametrize(
    ("days", "half_days", "amount"),
    [
        ("0.5", 0, "0.00"),
        (0, 1, "0.00"),
        (1, 0, "125.00"),
        ("1.5", 0, "125.00"),
        (2, 0, "250.00"),
        (1, 2, "250.00"),  # one day and two half-days: two days
        (0, 2, "125.00"),  # two half-days are one day
        (3, 0, "375.00"),
        (5, 0, "375.00"),
    ],
)
def test_monthly_amount_by_days(days, half_days, amount):
    assert rules.monthly_amount(SCHEME_2021, days, half_days=half_days).amount == Decimal(amount)


def test_half_days_do_not_combine_when_the_policy_says_so():
    strict = SCHEME_2021.with_changes(stipend_half_days_combine=False)
    assert rules.monthly_amount(strict, 0, half_days=2).amount == 0
    assert rules.monthly_amount(strict, 1, half_days=2).amount == Decimal(125)


def test_monthly_amount_lines_are_dutch():
    result = rules.monthly_amount(SCHEME_2021, 2)
    assert result.lines == ("2 hele dagen per week (minstens 2): € 250,00 per maand.",)
    assert "geen vergoeding" in rules.monthly_amount(SCHEME_2021, "0.5").lines[0]


def test_whole_year_is_ten_months():
    result = rules.schedule(SCHEME_2021, days=2, start=SEP_1, end=JUL_1)
    assert result.count == 10
    assert result.total == Decimal("2500.00")
    assert result.months[0] == (dt.date(2021, 9, 1), Decimal("250.00"))
    assert result.months[-1][0] == dt.date(2022, 6, 1)
    assert "juli 2022: 1 van 31 dagen, minder dan de helft: niet betaald." in result.lines


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        (dt.date(2021, 9, 1), dt.date(2022, 1, 29), 5),  # first half, ending before February
        (dt.date(2022, 2, 1), dt.date(2022, 7, 1), 5),  # second half
        (dt.date(2021, 9, 16), dt.date(2021, 12, 31), 4),  # 15 of 30 days: half counts
        (dt.date(2021, 9, 17), dt.date(2021, 12, 31), 3),  # 14 of 30 days: not paid
        (dt.date(2021, 10, 1), dt.date(2021, 10, 10), 0),
    ],
)
def test_partial_months_paid_in_full_from_half(start, end, months):
    assert rules.schedule(SCHEME_2021, days=1, start=start, end=end).count == months


def test_partial_months_pro_rata():
    pro_rata = SCHEME_2021.with_changes(stipend_partial_month=PartialMonth.PRO_RATA)
    result = rules.schedule(pro_rata, days=3, start=dt.date(2021, 9, 16), end=JUL_1)
    # 15/30 of September, October–June in full, 1/31 of July.
    expected = Decimal("187.50") + 9 * Decimal(375) + Decimal("12.10")
    assert result.total == expected
    assert result.count == 11


def test_change_of_days_takes_effect_from_next_month():
    result = rules.schedule(
        SCHEME_2021, days=2, start=SEP_1, end=JUL_1, changes=[(dt.date(2021, 11, 15), 3)]
    )
    amounts = dict(result.months)
    assert amounts[dt.date(2021, 11, 1)] == Decimal(250)
    assert amounts[dt.date(2021, 12, 1)] == Decimal(375)
    assert result.total == 3 * Decimal(250) + 7 * Decimal(375)
    assert "Vanaf december 2021: 3 dagen per week." in result.lines


def test_change_below_one_day_stops_payment_next_month():
    result = rules.schedule(
        SCHEME_2021, days=1, start=SEP_1, end=JUL_1, changes=[(dt.date(2022, 2, 1), "0.5")]
    )
    assert result.count == 6  # September – February
    assert result.total == Decimal(750)


def test_end_before_start_is_rejected():
    with pytest.raises(ValueError, match="einddatum"):
        rules.schedule(SCHEME_2021, days=2, start=JUL_1, end=SEP_1)


def test_no_stipend_in_a_year_without_the_scheme():
    before = SCHEME_2021.with_changes(stipend_enabled=False, year_name="2020-2021")
    result = rules.eligibility(
        before, final_placement=True, recognised_programme=True, days=2, employed_by_board=False
    )
    assert not result.eligible
    assert result.reason == "In schooljaar 2020-2021 geldt geen stagevergoeding."
    assert rules.monthly_amount(before, 2).amount == 0


@pytest.mark.parametrize(
    ("kwargs", "reason"),
    [
        ({"final_placement": False}, "Alleen de afrondende stage komt in aanmerking."),
        ({"recognised_programme": False}, "De opleiding is geen erkende lerarenopleiding."),
        ({"days": "0.5"}, "Minder dan 1 dag per week beschikbaar."),
        ({"employed_by_board": True}, "in dienst van het schoolbestuur"),
    ],
)
def test_eligibility_reasons(kwargs, reason):
    values = {
        "final_placement": True,
        "recognised_programme": True,
        "days": 2,
        "employed_by_board": False,
    }
    result = rules.eligibility(SCHEME_2021, **{**values, **kwargs})
    assert not result.eligible
    assert reason in result.reason


def test_eligible_with_two_half_days():
    result = rules.eligibility(
        SCHEME_2021,
        final_placement=True,
        recognised_programme=True,
        days=0,
        half_days=2,
        employed_by_board=False,
    )
    assert result.eligible
    assert result.reason == ""


@pytest.mark.parametrize(
    ("study_year", "days", "amount"),
    [(2, 2, "100.00"), (3, 2, "250.00"), (4, 2, "400.00"), (4, 3, "600.00"), (3, 1, "125.00")],
)
def test_proposal_2024_by_study_year_pro_rata(study_year, days, amount):
    assert rules.monthly_amount(PROPOSAL_2024, days, study_year).amount == Decimal(amount)


def test_proposal_2024_unknown_study_year_pays_nothing():
    result = rules.monthly_amount(PROPOSAL_2024, 2, 1)
    assert result.amount == 0
    assert "Geen bedrag voor studiejaar 1" in result.lines[0]


def test_proposal_2024_at_most_ten_months():
    result = rules.schedule(
        PROPOSAL_2024, days=2, study_year=4, start=dt.date(2024, 8, 1), end=dt.date(2025, 7, 31)
    )
    assert result.count == 10
    assert result.total == Decimal("4000.00")
    assert result.months[-1][0] == dt.date(2025, 5, 1)


def test_default_period():
    assert rules.default_period(SCHEME_2021, 2021) == (SEP_1, JUL_1)


days_strategy = st.decimals(min_value=0, max_value=5, places=1)


@given(days_strategy, days_strategy, st.sampled_from([SCHEME_2021, PROPOSAL_2024]))
def test_stipend_never_decreases_with_more_days(a, b, params):
    fewer, more = sorted((a, b))
    assert (
        rules.monthly_amount(params, more, 3).amount
        >= rules.monthly_amount(params, fewer, 3).amount
    )
    low = rules.schedule(params, days=fewer, study_year=3, start=SEP_1, end=JUL_1)
    high = rules.schedule(params, days=more, study_year=3, start=SEP_1, end=JUL_1)
    assert high.total >= low.total
