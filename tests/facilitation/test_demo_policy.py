"""The policies of the demo years and the figures computed from the demo database."""

from decimal import Decimal

import pytest

from bos.models import SchoolYear
from facilitation import selectors
from facilitation.models import GrantedHours
from facilitation.params import FundingKind
from tests.demo_years import NEXT_YEAR, RUNNING_YEAR, running_year

pytestmark = pytest.mark.django_db


def test_policies_of_both_demo_years(demo):
    params_2020 = selectors.policy_for("2020-2021")
    assert params_2020.funding_kind == FundingKind.FIXED
    assert params_2020.funding_fixed_amount == Decimal(250_000)
    assert not params_2020.stipend_enabled
    params_2021 = selectors.policy_for(running_year())
    assert params_2021.funding_base_amount == 100_000
    assert params_2021.funding_per_student_amount == 955
    assert params_2021.stipend_day_rates == (
        (Decimal(1), Decimal(125)),
        (Decimal(2), Decimal(250)),
        (Decimal(3), Decimal(375)),
    )


def test_year_without_policy_raises_a_clear_error(demo):
    with pytest.raises(selectors.PolicyMissing, match=rf"geen beleid .* {NEXT_YEAR}"):
        selectors.policy_for(NEXT_YEAR)


def test_funding_count_and_subsidies(demo):
    count = selectors.funding_count_for_year("2020-2021")
    assert count.count == 199
    assert selectors.subsidy_for_year("2020-2021").amount == Decimal("250000.00")
    assert selectors.subsidy_for_year(RUNNING_YEAR).amount == Decimal("290045.00")


def test_targets_table_reproduces_figure_12_and_the_bonus(demo):
    table = selectors.targets_table(SchoolYear.objects.get(name="2020-2021"))
    assert table.pupils_total == 13035
    assert table.streefaantal_total == 261
    assert (table.actual_total, table.partner_total, table.other_total) == (246, 202, 44)
    assert table.bonus.extra_students == 27
    assert table.bonus.amount == Decimal("15120.00")
    assert table.compensation.amount == Decimal("3500.00")
    rows = {row.name: row for row in table.rows}
    assert rows["Beatrix College"].streefaantal == 44
    assert rows["Koning Willem II College"].bonus.extra_students == 7
    assert rows["Newmancollege"].bonus.extra_students == 11


def test_demo_granted_hours_show_one_shortfall(demo):
    year = SchoolYear.objects.get(name="2020-2021")
    short = GrantedHours.objects.filter(school_year=year, hours__gt=0).exclude(note="")
    assert short.count() == 1
    assert short.get().so.roles.filter(locations__name="Newmancollege").exists()
