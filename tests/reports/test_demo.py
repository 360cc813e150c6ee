import pytest

from afternoons.models import DeepeningAfternoon
from demo.loader import load_demo
from reports.models import ActualEntry, BudgetLine, UnknownCounts

pytestmark = pytest.mark.django_db


def test_demo_budget_and_afternoons_load_idempotently(demo):
    counts = (
        BudgetLine.objects.filter(section__budget__school_year__name="2020-2021").count(),
        ActualEntry.objects.filter(line__section__budget__school_year__name="2020-2021").count(),
        DeepeningAfternoon.objects.filter(school_year__name="2020-2021").count(),
        UnknownCounts.objects.count(),
    )
    assert counts == (22, 18, 4, 1)
    # The running year starts with the same 22 lines (budgeted amounts) and its first actuals,
    # and the school compensation computed from its schools.
    assert BudgetLine.objects.count() == 45
    assert ActualEntry.objects.count() == 21
    load_demo()
    assert (
        BudgetLine.objects.filter(section__budget__school_year__name="2020-2021").count(),
        ActualEntry.objects.filter(line__section__budget__school_year__name="2020-2021").count(),
        DeepeningAfternoon.objects.filter(school_year__name="2020-2021").count(),
        UnknownCounts.objects.count(),
    ) == counts
