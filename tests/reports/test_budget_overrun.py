"""The overrun signal per budget line (issue #25): a pure rule with the seed's worked
examples, in the report's warnings and on the projectleider's start page."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bos.models import SchoolYear, User
from bos.permissions import get_scope
from reports.document import build_report
from reports.rules import line_overrun
from reports.work import report_work

DIVERS = (
    "Begroting, PR en communicatie: Divers: gerealiseerd € 2.939,62, € 939,62 (47,0%) boven "
    "de begroting van € 2.000,00."
)


def test_worked_examples_of_the_seed_year():
    divers = line_overrun(budget=Decimal(2000), actual=Decimal("2939.62"))
    assert (divers.excess, divers.percent) == (Decimal("939.62"), Decimal("47.0"))
    assert divers.explanation == (
        "gerealiseerd € 2.939,62, € 939,62 (47,0%) boven de begroting van € 2.000,00"
    )
    # Under budget, exactly on budget, not budgeted (the bonus), nothing spent yet.
    assert line_overrun(budget=Decimal(5000), actual=Decimal(1610)) is None
    assert line_overrun(budget=Decimal(69678), actual=Decimal(69678)) is None
    assert line_overrun(budget=None, actual=Decimal(15120)) is None
    assert line_overrun(budget=Decimal(10000), actual=None) is None
    zero = line_overrun(budget=Decimal(0), actual=Decimal(10))
    assert zero.percent is None and zero.explanation.startswith(
        "gerealiseerd € 10,00, € 10,00 boven"
    )


money = st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False)


@given(budget=money, actual=money)
def test_a_signal_exactly_when_the_actuals_pass_the_budget(budget, actual):
    overrun = line_overrun(budget=budget, actual=actual)
    assert (overrun is not None) == (actual > budget)
    if overrun is not None:
        assert overrun.budget + overrun.excess == overrun.actual


@pytest.mark.django_db
def test_the_report_warns_and_the_start_page_signals(demo):
    year = SchoolYear.objects.get(name="2020-2021")
    assert DIVERS in build_report(year).warnings
    user = User.objects.get(email="projectleider@demo.bos.example")
    items = {item.title: item for item in report_work(user, get_scope(user, year))}
    signal = items["Begrotingsregels boven budget"]
    assert signal.count == 1
    assert signal.links[0].label == "PR en communicatie: Divers"
    assert signal.links[0].detail.startswith("gerealiseerd € 2.939,62, € 939,62 (47,0%)")
