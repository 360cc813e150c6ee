"""Each funding scheme of domain §4.3 with a worked example, and properties that hold for
every count."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from facilitation import rules
from facilitation.params import FundingKind, PolicyParams

FIXED_2020 = PolicyParams(funding_kind=FundingKind.FIXED, funding_fixed_amount=250_000)
BASE_2021 = PolicyParams(
    funding_kind=FundingKind.BASE_PLUS_PER_STUDENT,
    funding_base_amount=100_000,
    funding_per_student_amount=955,
)
REGIONAL_2025 = PolicyParams(
    funding_kind=FundingKind.REGIONAL_PER_STUDENT,
    funding_base_amount=100_000,  # ignored by the regional scheme: it has no base
    funding_per_student_amount=1250,
    funding_minimum_students=150,
)


def test_fixed_amount_2020_2021_whatever_the_count():
    result = rules.subsidy(FIXED_2020, 199)
    assert result.amount == Decimal("250000.00")
    assert result.lines == ("Vast bedrag: € 250.000,00.",)
    assert rules.subsidy(FIXED_2020, 0).amount == Decimal("250000.00")


def test_base_plus_per_student_2021_2022():
    # €100,000 + 199 × €955 = €290,045 (199: the funding count of 2020-2021).
    result = rules.subsidy(BASE_2021, 199)
    assert result.amount == Decimal("290045.00")
    assert result.lines == ("€ 100.000,00 + 199 × € 955,00 = € 290.045,00.",)


@pytest.mark.parametrize(
    ("students", "amount"),
    [(149, "0.00"), (150, "187500.00"), (199, "248750.00"), (0, "0.00")],
)
def test_regional_scheme_2025(students, amount):
    assert rules.subsidy(REGIONAL_2025, students).amount == Decimal(amount)


def test_regional_scheme_explains_the_minimum():
    below = rules.subsidy(REGIONAL_2025, 149)
    assert below.lines == (
        "149 getelde studenten, minder dan het minimum van 150: geen subsidie (€ 0,00).",
    )
    at = rules.subsidy(REGIONAL_2025, 150)
    assert at.lines == (
        "150 × € 1.250,00 = € 187.500,00 (minimum 150 studenten gehaald; geen basisbedrag).",
    )


def test_regional_scheme_counts_zij_instromers():
    facts = [
        rules.FundingFact(student_id=1, is_partner=True, registered=True),
        rules.FundingFact(student_id=2, is_partner=True, registered=True, is_zij_instromer=True),
    ]
    assert rules.funding_count(facts, REGIONAL_2025).count == 2


@given(st.integers(min_value=0, max_value=5000))
def test_regional_is_all_or_nothing_around_the_minimum(students):
    amount = rules.subsidy(REGIONAL_2025, students).amount
    if students < 150:
        assert amount == 0
    else:
        assert amount == Decimal(1250) * students


@given(st.integers(min_value=0, max_value=5000))
def test_base_scheme_grows_by_the_amount_per_student(students):
    more = rules.subsidy(BASE_2021, students + 1).amount - rules.subsidy(BASE_2021, students).amount
    assert more == Decimal(955)


def test_scheme_is_a_policy_field(db):
    from facilitation.models import Policy
    from facilitation.selectors import params_of
    from tests.factories import SchoolYearFactory

    year = SchoolYearFactory(name="2025-2026", start_date="2025-08-01", end_date="2026-07-31")
    policy = Policy.objects.create(
        school_year=year,
        funding_kind=FundingKind.REGIONAL_PER_STUDENT.value,
        funding_per_student_amount=Decimal(1250),
        funding_minimum_students=150,
    )
    params = params_of(policy)
    assert params.funding_kind == FundingKind.REGIONAL_PER_STUDENT
    assert rules.subsidy(params, 160).amount == Decimal("200000.00")
