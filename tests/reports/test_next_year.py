"""A second year: the subsidy from the funding rule, the reserve carried over and the
comparison with the previous year."""

from decimal import Decimal

import pytest

from bos.models import LocationYear, SchoolLocation, SchoolYear
from reports.models import ActualEntry, Budget, BudgetLine, BudgetSection, LineKind
from reports.report import build_report
from tests.factories import PlacementFactory, StudentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def next_year(demo):
    year = SchoolYear.objects.get(name="2021-2022")
    beatrix = SchoolLocation.objects.get(name="Beatrix College")
    LocationYear.objects.create(location=beatrix, school_year=year, pupils=2200)
    flot = (
        beatrix.placements.filter(student__institute__short_name="FLOT").first().student.institute
    )
    for _ in range(3):
        PlacementFactory(
            student=StudentFactory(institute=flot),
            location=beatrix,
            school_year=year,
            start_date=year.start_date.replace(month=9, day=1),
            end_date=year.end_date.replace(day=1),
        )
    budget = Budget.objects.create(school_year=year)
    section = BudgetSection.objects.create(budget=budget, name="Projectleiding/overhead")
    line = BudgetLine.objects.create(
        section=section, name="Projectleider", kind=LineKind.FTE, fte=Decimal("0.6")
    )
    ActualEntry.objects.create(
        line=line, date=year.end_date, description="Uren", hours=Decimal("995.4")
    )
    return year


def test_subsidy_from_the_previous_years_funding_count(next_year):
    report = build_report(next_year)
    budget = report.budget
    # 2021-2022: € 100.000 + 199 × € 955 (the funding count of 2020-2021).
    assert budget.income == Decimal("290045.00")
    assert budget.actual_expenses == Decimal("69678.00")
    assert budget.result == Decimal("220367.00")
    # The reserve at the end of 2020-2021 is carried over, not typed in again.
    assert budget.carried_in == Decimal("208862.40")
    assert budget.reserve == Decimal("429229.40")


def test_comparison_with_the_previous_year(next_year):
    report = build_report(next_year)
    assert report.previous_year.name == "2020-2021"
    rows = {row["label"]: row for row in report.comparison}
    assert rows["Studenten (stages)"]["previous"] == 246
    assert rows["Studenten (stages)"]["current"] == 3
    assert rows["Studenten (stages)"]["change"] == -243
    assert rows["Streefaantal"]["current"] == 44
    # HR is no partner in 2021-2022: the columns follow the year's partnerships.
    assert report.figures["fig7"]["columns"] == ["ESoE", "FLOT", "other"]
