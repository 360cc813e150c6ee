import pytest

from bos.demo import load_demo
from intervision.models import DeepeningAfternoon
from reports.models import ActualEntry, BudgetLine, UnknownCounts

pytestmark = pytest.mark.django_db


def test_demo_budget_and_afternoons_load_idempotently(demo):
    counts = (
        BudgetLine.objects.count(),
        ActualEntry.objects.count(),
        DeepeningAfternoon.objects.count(),
        UnknownCounts.objects.count(),
    )
    assert counts == (22, 18, 4, 1)
    load_demo()
    assert (
        BudgetLine.objects.count(),
        ActualEntry.objects.count(),
        DeepeningAfternoon.objects.count(),
        UnknownCounts.objects.count(),
    ) == counts
