"""The demo's running year: the subsidy from the funding rule, the reserve carried
in from 2020-2021 (stored in its snapshot since the year is closed) and the comparison with
the previous year."""

from decimal import Decimal

import pytest

from bos.models import SchoolYear
from reports.document import build_report
from reports.models import ReportSnapshot
from tests.demo_years import running_year

pytestmark = pytest.mark.django_db


@pytest.fixture
def next_year(demo):
    return running_year()


def test_subsidy_from_the_previous_years_funding_count(next_year):
    budget = build_report(next_year).budget
    # The running year: € 100.000 + 199 × € 955 (the funding count of 2020-2021).
    assert budget.income == Decimal("290045.00")
    # The first months' hours: 331.8 + 2 × 55.3 = 442.4 h × € 70 = € 30.968, and the bonus
    # line's actual from the bonus rule (12 extra students × 8 h × € 70 = € 6.720).
    assert budget.actual_expenses == Decimal("37688.00")
    assert budget.result == Decimal("252357.00")
    # The reserve at the end of 2020-2021 is carried over, not typed in again.
    assert budget.carried_in == Decimal("208862.40")
    assert budget.reserve == Decimal("461219.40")


def test_carried_in_comes_from_the_closed_years_snapshot(next_year):
    previous = SchoolYear.objects.get(name="2020-2021")
    assert previous.is_closed
    snapshot = ReportSnapshot.objects.get(school_year=previous)
    assert snapshot.reserve == Decimal("208862.40")
    # A different stored reserve is what the next year carries in: nothing is recomputed.
    ReportSnapshot.objects.filter(pk=snapshot.pk).update(reserve=Decimal("1000.00"))
    assert build_report(next_year).budget.carried_in == Decimal("1000.00")


def test_comparison_with_the_previous_year(next_year):
    report = build_report(next_year)
    assert report.previous_year.name == "2020-2021"
    rows = {row["label"]: row for row in report.comparison}
    assert rows["Studenten (stages)"]["previous"] == 246
    # HR is no partner in the running year: the columns follow the year's partnerships.
    assert report.figures["fig7"]["columns"] == ["ESoE", "FLOT", "other"]
