from decimal import Decimal

import pytest

from reports import rules


def test_fte_line_uses_the_norm_year_and_rate():
    outcome = rules.line_budget(
        kind="fte", fte=Decimal("0.6"), hours=None, amount=None, half_paid=False,
        rate=Decimal(70), norm_year=Decimal(1659),
    )  # fmt: skip
    assert outcome.hours == Decimal("995.4")
    assert outcome.value == Decimal("69678.00")


def test_coordinator_line_pays_half():
    outcome = rules.line_budget(
        kind="fte", fte=Decimal("0.2"), hours=None, amount=None, half_paid=True,
        rate=Decimal(70), norm_year=Decimal(1659),
    )  # fmt: skip
    assert outcome.hours == Decimal("165.9")
    assert outcome.value == Decimal("11613.00")
    assert any("helft" in line for line in outcome.explanation)


def test_other_rates_and_norms_are_parameters():
    outcome = rules.line_budget(
        kind="hours", fte=None, hours=Decimal(400), amount=None, half_paid=False,
        rate=Decimal(75), norm_year=Decimal(1600),
    )  # fmt: skip
    assert outcome.value == Decimal("30000.00")


def test_amount_and_unbudgeted_lines():
    amount = rules.line_budget(
        kind="amount", fte=None, hours=None, amount=Decimal(5000), half_paid=False,
        rate=Decimal(70), norm_year=Decimal(1659),
    )  # fmt: skip
    assert amount.value == Decimal("5000.00")
    none = rules.line_budget(
        kind="none", fte=None, hours=None, amount=None, half_paid=False,
        rate=Decimal(70), norm_year=Decimal(1659),
    )  # fmt: skip
    assert none.value is None


def test_entries_result_and_reserve():
    assert rules.entry_amount(hours=Decimal(46), amount=None, rate=Decimal(35)) == Decimal(
        "1610.00"
    )
    assert rules.entry_amount(hours=None, amount=Decimal("504.57"), rate=Decimal(70)) == Decimal(
        "504.57"
    )
    with pytest.raises(ValueError):
        rules.entry_amount(hours=None, amount=None, rate=Decimal(70))
    result = rules.budget_result(income=Decimal(250000), expenses=Decimal("201892.05")).value
    assert result == Decimal("48107.95")
    assert rules.reserve(carried_in=Decimal("160754.45"), result=result).value == Decimal(
        "208862.40"
    )


def test_share_rounds_half_up():
    assert rules.share(8, 60) == Decimal(13)
    assert rules.share(167, 246, places=1) == Decimal("67.9")
    assert rules.share(1, 0) == Decimal(0)
    assert rules.change(3, 246) == -243
    assert rules.change(None, 246) is None
