"""Table tests for every worked example of domain §4 and property tests of the rules."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from facilitation import rules
from facilitation.params import FundingKind, PolicyParams

GUIDELINE = PolicyParams()  # 2021-2022
YEAR_2020 = PolicyParams(
    year_name="2020-2021", funding_kind=FundingKind.FIXED, funding_fixed_amount=250_000
)


@pytest.mark.parametrize(
    ("counts", "hours"),
    [([25], 300), ([35], 380), ([6], 123), ([6, 25], 388)],
)
def test_so_hours_worked_examples(counts, hours):
    result = rules.so_hours(GUIDELINE, counts)
    assert result.hours == hours
    assert result.lines[-1] == f"Totaal: {hours} uur per jaar."


def test_so_hours_explains_each_part():
    result = rules.so_hours(GUIDELINE, [6, 25])
    assert result.lines == (
        "Basis: 50 uur consultatie + 50 uur intervisie = 100 uur.",
        "Verantwoordelijk voor 2 locaties: +40 uur.",
        "31 studenten (6 + 25) × 8 uur = 248 uur.",
        "Totaal: 388 uur per jaar.",
    )
    small = rules.so_hours(GUIDELINE, [6])
    assert "Minder dan 10 studenten (6): 25 uur minder intervisie, basis 75 uur." in small.lines


def test_so_hours_follow_the_policy():
    changed = GUIDELINE.with_changes(hours_per_student=10, multi_location_extra_hours=50)
    assert rules.so_hours(changed, [6, 25]).hours == 100 + 50 + 10 * 31


def test_so_hours_rejects_negative_counts():
    with pytest.raises(ValueError, match="negatief"):
        rules.so_hours(GUIDELINE, [-1])


@pytest.mark.parametrize(
    ("students", "whole_day"), [(0, False), (24, False), (25, True), (40, True)]
)
def test_free_time(students, whole_day):
    result = rules.free_time(GUIDELINE, students)
    assert result.whole_day is whole_day
    expected = "hele dag" if whole_day else "3 aaneengesloten lesuren"
    assert expected in result.requirement


@pytest.mark.parametrize(("students", "advised"), [(30, False), (31, True), (5, False)])
def test_second_so_advice(students, advised):
    assert rules.second_so_advice(GUIDELINE, students).advised is advised


@pytest.mark.parametrize(
    ("pupils", "target"),
    [(2188, 44), (1627, 33), (180, 4), (738, 15), (193, 4), (25, 1), (75, 2), (125, 3), (0, 0)],
)
def test_streefaantal(pupils, target):
    assert rules.streefaantal(pupils, GUIDELINE) == target


def test_streefaantal_total_is_rounded_total_not_sum_of_rows():
    schools = [2188, 1627, 738, 193, 379, 1133, 1338, 308, 322, 1356, 1402, 180, 703, 312, 193]
    schools.append(663)
    assert sum(schools) == 13035
    assert rules.streefaantal_total(schools, YEAR_2020) == 261
    assert sum(rules.streefaantal(p, YEAR_2020) for p in schools) == 262


def test_bonus_per_school():
    result = rules.bonus(YEAR_2020, pupils=1627, students=40)
    assert (result.streefaantal, result.extra_students, result.amount) == (33, 7, Decimal("3920"))
    assert result.lines[-1] == "7 × 8 uur × € 70,00 = € 3.920,00."
    none = rules.bonus(YEAR_2020, pupils=2188, students=39)
    assert (none.extra_students, none.amount) == (0, 0)


def test_bonus_total_2020_2021():
    # (pupils, students) of the five schools above their streefaantal plus two below.
    schools = [(1627, 40), (1356, 38), (1338, 30), (180, 8), (663, 15), (2188, 39), (738, 11)]
    result = rules.bonus_total(YEAR_2020, schools)
    assert result.extra_students == 27
    assert result.amount == Decimal("15120.00")


def test_school_compensation_and_qualification():
    assert rules.school_compensation(YEAR_2020).amount == Decimal("3500.00")
    assert rules.qualifies_for_compensation(YEAR_2020, 388, 388).qualifies
    short = rules.qualifies_for_compensation(YEAR_2020, 348, 388)
    assert not short.qualifies
    assert short.shortfall == 40
    assert "40 uur te weinig" in short.lines[0]


def _facts_2020_2021() -> list[rules.FundingFact]:
    """The shape of the demo year: 167 FLOT placements of 164 students (3 switchers, 4 of
    them zij-instromers), 14 ESoE, 21 HR, 44 other; plus 8 unregistered FLOT first-years."""
    facts = []
    for i in range(164):
        facts.append(rules.FundingFact(i, True, True, is_zij_instromer=i < 4))
    # The second school of a switch: the same student, so the same zij-instromer flag.
    facts += [rules.FundingFact(i, True, True, is_zij_instromer=i < 4) for i in range(3)]
    facts += [rules.FundingFact(1000 + i, True, True) for i in range(14 + 21)]
    facts += [rules.FundingFact(2000 + i, False, True) for i in range(44)]
    facts += [rules.FundingFact(3000 + i, True, False) for i in range(8)]
    return facts


def test_funding_count_2020_2021():
    result = rules.funding_count(_facts_2020_2021(), YEAR_2020)
    assert result.count == 199
    assert "Niet geteld, geen partnerinstituut: 44." in result.lines
    assert "Niet geteld, niet geregistreerd bij het instituut: 8." in result.lines


def test_funding_count_follows_what_the_policy_counts():
    no_zij = YEAR_2020.with_changes(funding_counts_zij_instromers=False)
    assert rules.funding_count(_facts_2020_2021(), no_zij).count == 195
    everyone = YEAR_2020.with_changes(funding_partner_only=False)
    assert rules.funding_count(_facts_2020_2021(), everyone).count == 243


@pytest.mark.parametrize(
    ("params", "students", "amount"),
    [
        (YEAR_2020, 199, Decimal("250000.00")),
        (GUIDELINE, 199, Decimal("290045.00")),
        (GUIDELINE, 0, Decimal("100000.00")),
    ],
)
def test_subsidy(params, students, amount):
    assert rules.subsidy(params, students).amount == amount


def test_subsidy_line_explains_the_sum():
    assert rules.subsidy(GUIDELINE, 199).lines == ("€ 100.000,00 + 199 × € 955,00 = € 290.045,00.",)


def test_national_scheme_from_2025_per_student_without_base_counting_zij_instromers():
    national = PolicyParams(
        year_name="2025-2026",
        funding_kind=FundingKind.BASE_PLUS_PER_STUDENT,
        funding_base_amount=0,
        funding_per_student_amount=1250,
        funding_partner_only=False,
        funding_counts_zij_instromers=True,
    )
    facts = [
        rules.FundingFact(1, True, True),
        rules.FundingFact(2, False, True, is_zij_instromer=True),
        rules.FundingFact(3, False, True),
        rules.FundingFact(3, False, True),  # switched school: once
        rules.FundingFact(4, True, False),  # not registered
    ]
    counted = rules.funding_count(facts, national).count
    assert counted == 3
    assert rules.subsidy(national, counted).amount == Decimal("3750.00")
    assert rules.subsidy(national, 199).amount == Decimal("248750.00")


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("290045"), "€ 290.045,00"),
        (Decimal("1234.5"), "€ 1.234,50"),
        (Decimal("0.005"), "€ 0,01"),
    ],
)
def test_format_eur(value, text):
    assert rules.format_eur(value) == text


# Property tests --------------------------------------------------------------------------

counts = st.lists(st.integers(min_value=0, max_value=200), min_size=1, max_size=5)
hours_value = st.integers(min_value=0, max_value=200).map(Decimal)
policies = st.builds(
    PolicyParams,
    consultation_hours=hours_value,
    intervision_hours=hours_value,
    small_threshold_students=st.integers(min_value=0, max_value=50),
    small_reduction_hours=hours_value,
    multi_location_extra_hours=hours_value,
    hours_per_student=hours_value,
)


@given(policies, counts, st.data())
def test_hours_never_decrease_when_a_student_is_added(params, student_counts, data):
    # A reduction larger than the base would make no sense as a policy; keep it within.
    if params.small_reduction_hours > params.consultation_hours + params.intervision_hours:
        params = params.with_changes(small_reduction_hours=params.intervision_hours)
    index = data.draw(st.integers(min_value=0, max_value=len(student_counts) - 1))
    more = list(student_counts)
    more[index] += 1
    assert rules.so_hours(params, more).hours >= rules.so_hours(params, student_counts).hours


@given(st.integers(min_value=0, max_value=10**6), st.integers(min_value=1, max_value=500))
def test_streefaantal_rounds_half_up(pupils, per_placement):
    params = PolicyParams(pupils_per_placement=per_placement)
    result = rules.streefaantal(pupils, params)
    exact = Decimal(pupils) / Decimal(per_placement)
    assert result - Decimal("0.5") <= exact < result + Decimal("0.5")


@given(st.integers(min_value=0, max_value=10**5))
def test_streefaantal_exact_halves_round_up(k):
    # k × 50 + 25 pupils is exactly k + 0.5 placements; Python's round() would go to even.
    assert rules.streefaantal(k * 50 + 25, GUIDELINE) == k + 1


@pytest.mark.parametrize(
    ("partners", "total", "share"),
    [(7, 8, Decimal(88)), (1, 3, Decimal(33)), (2, 3, Decimal(67)), (0, 5, Decimal(0)),
     (4, 4, Decimal(100))],
)  # fmt: skip
def test_partner_share_worked_examples(partners, total, share):
    assert rules.partner_share(partners=partners, total=total) == share


def test_partner_share_without_students_is_unknown():
    assert rules.partner_share(partners=0, total=0) is None


@given(st.integers(min_value=1, max_value=10_000), st.data())
def test_partner_share_is_a_whole_percentage_that_grows_with_the_partners(total, data):
    partners = data.draw(st.integers(min_value=0, max_value=total))
    share = rules.partner_share(partners=partners, total=total)
    assert share == share.to_integral_value() and Decimal(0) <= share <= Decimal(100)
    assert abs(share - Decimal(100) * partners / total) <= Decimal("0.5")
    if partners < total:
        assert rules.partner_share(partners=partners + 1, total=total) >= share
