"""Budget versions (issue #25): adopting a version names the stuurgroep's decision (which
records the change, kind budget), an adopted version is not edited in place, a new concept
version keeps the earlier ones readable; the demo's 2020-2021 budget is adopted with the
seed's budget decision."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from bos.models import Role, SchoolYear
from bos.yearbound import YearClosed
from governance import services as governance
from governance.models import Body, ChangeKind, DatePrecision
from reports import services
from reports.models import BudgetState, LineKind
from tests.facilitation.factories import PolicyFactory
from tests.factories import SchoolYearFactory, user_with_role
from tests.logins import client_for

pytestmark = pytest.mark.django_db


def _year():
    year = SchoolYearFactory(
        name="2030-2031", start_date=dt.date(2030, 8, 1), end_date=dt.date(2031, 7, 31)
    )
    PolicyFactory(school_year=year)
    return year


def _decision(year, pl, title="Begroting 2030-2031"):
    return governance.decision_create(
        user=pl,
        year=year,
        values={
            "decided_on": dt.date(2030, 9, 15),
            "date_precision": DatePrecision.DAY,
            "body": Body.STUURGROEP,
            "title": title,
            "text": "De stuurgroep stelt de begroting vast.",
        },
    )


def _budget(year, amount="1000"):
    budget = services.budget_ensure(year=year)
    services.budget_line_save(
        budget=budget,
        section_name="PR en communicatie",
        name="Website",
        kind=LineKind.AMOUNT,
        amount=Decimal(amount),
    )
    return budget


def test_adopting_names_the_decision_and_a_revision_keeps_the_earlier_version():
    year = _year()
    pl = user_with_role(Role.PROJECTLEIDER, year=year)
    budget = _budget(year)
    decision = _decision(year, pl)

    first = services.budget_adopt(user=pl, budget=budget, decision=decision)
    budget.refresh_from_db()
    assert budget.state == BudgetState.ADOPTED
    assert (first.number, first.adopted_on, first.expenses) == (1, dt.date(2030, 9, 15), 1000)
    (change,) = decision.changes.all()
    assert change.kind == ChangeKind.BUDGET and change.target == budget
    assert change.label == "Begroting 2030-2031"

    # Not edited in place: a new concept version first.
    line = budget.sections.get().lines.get()
    with pytest.raises(ValidationError, match="nieuwe conceptversie"):
        services.budget_line_save(
            budget=budget, section_name="PR en communicatie", line=line, amount=Decimal(2000)
        )
    with pytest.raises(ValidationError, match="al vastgesteld"):
        services.budget_adopt(user=pl, budget=budget, decision=decision)

    services.budget_revise(user=pl, budget=budget)
    services.budget_line_save(
        budget=budget, section_name="PR en communicatie", line=line, amount=Decimal(2000)
    )
    second = services.budget_adopt(
        user=pl, budget=budget, decision=_decision(year, pl, "Bijgestelde begroting")
    )
    first.refresh_from_db()
    assert first.lines[0]["budget_eur"] == "1000.00" and first.expenses == 1000
    assert (second.number, second.expenses) == (2, 2000)
    assert second.decision.changes.get().old_value == "versie 1: lasten € 1.000,00"


def test_who_may_adopt_and_with_which_decision():
    year = _year()
    pl = user_with_role(Role.PROJECTLEIDER, year=year)
    budget = _budget(year)
    decision = _decision(year, pl)
    admin_like = user_with_role(Role.KERNTEAM, year=year)
    with pytest.raises(PermissionDenied):
        services.budget_adopt(user=admin_like, budget=budget, decision=decision)
    with pytest.raises(ValidationError, match="Kies het besluit"):
        services.budget_adopt(user=pl, budget=budget, decision=None)
    budget.refresh_from_db()
    assert budget.state == BudgetState.CONCEPT and not budget.versions.exists()


def test_a_closed_year_refuses_and_the_demo_budget_is_adopted_with_the_seed_decision(demo):
    seed = SchoolYear.objects.get(name="2020-2021")
    budget = seed.budget
    assert budget.state == BudgetState.ADOPTED
    version = budget.versions.get()
    assert version.decision.title == "Begroting 2020-2021 en uitgangspunten verdeling middelen"
    assert version.expenses == Decimal("269243.00")
    with pytest.raises(YearClosed):
        services.budget_revise(user=None, budget=budget)


def test_the_projectleider_adopts_on_the_page():
    year = _year()
    pl = user_with_role(Role.PROJECTLEIDER, year=year)
    budget = _budget(year)
    decision = _decision(year, pl)
    client = client_for(pl.email)
    url = reverse("reports:budget_adopt", args=[year.name])
    assert client.post(url, {"decision": "", "adopted_on": ""}).status_code == 200
    response = client.post(url, {"decision": decision.pk, "adopted_on": "2030-09-20"})
    assert response.status_code == 302
    version = budget.versions.get()
    assert version.adopted_on == dt.date(2030, 9, 20)
    page = client.get(reverse("reports:budget", args=[year.name])).content.decode()
    assert "Vastgesteld" in page and "Regel toevoegen" not in page
    shown = client.get(reverse("reports:budget_version", args=[version.pk])).content.decode()
    assert "Website" in shown and "€ 1.000,00" in shown


def test_the_school_compensation_worked_examples():
    from reports.rules import school_compensation_line

    schools = [f"School {n}" for n in range(16)]
    all_16 = school_compensation_line(schools=schools, hours=Decimal(50), rate=Decimal(70))
    assert (all_16.value, all_16.hours) == (Decimal("56000.00"), Decimal(800))
    # Three of the seed's schools had no SO (l. 887-890).
    thirteen = school_compensation_line(schools=schools[3:], hours=Decimal(50), rate=Decimal(70))
    assert (thirteen.value, thirteen.hours) == (Decimal("45500.00"), Decimal(650))
    assert thirteen.explanation[0] == (
        "13 scholen met een gefaciliteerde schoolopleider × 50 uur × € 70,00 = € 45.500,00"
    )
    none = school_compensation_line(schools=[], hours=Decimal(50), rate=Decimal(70))
    assert none.value == Decimal("0.00") and none.explanation == [
        "0 scholen met een gefaciliteerde schoolopleider × 50 uur × € 70,00 = € 0,00"
    ]


def test_the_compensation_names_its_first_schools_and_counts_the_rest():
    """Issue #29: a region's 1,600 schools made the line's explanation 50 KB on the budget
    page; it names the first NAMED_SCHOOLS (by name) and counts the others."""
    from reports.rules import school_compensation_line

    line = school_compensation_line(
        schools=[f"School {n:04d}" for n in range(1616)], hours=Decimal(50), rate=Decimal(70)
    )
    assert line.value == Decimal("5656000.00")
    assert line.explanation[0].startswith("1616 scholen met een gefaciliteerde schoolopleider")
    assert line.explanation[1] == (
        "scholen: " + ", ".join(f"School {n:04d}" for n in range(20)) + " en nog 1.596 scholen"
    )
    one_more = school_compensation_line(
        schools=[f"School {n:02d}" for n in range(21)], hours=Decimal(50), rate=Decimal(70)
    )
    assert one_more.explanation[1].endswith("School 19 en nog 1 school")
    twenty = school_compensation_line(
        schools=[f"School {n:02d}" for n in range(20)], hours=Decimal(50), rate=Decimal(70)
    )
    assert twenty.explanation[1] == "scholen: " + ", ".join(f"School {n:02d}" for n in range(20))


@given(count=st.integers(0, 60))
def test_the_compensation_names_or_counts_every_school_once(count):
    from reports.rules import NAMED_SCHOOLS, school_compensation_line

    schools = [f"School {n:02d}" for n in range(count)]
    line = school_compensation_line(
        schools=list(reversed(schools)), hours=Decimal(1), rate=Decimal(1)
    )
    if not count:
        assert len(line.explanation) == 1
        return
    text = line.explanation[1].removeprefix("scholen: ")
    named, _, rest = text.partition(" en nog ")
    names = named.split(", ")
    assert names == schools[: min(count, NAMED_SCHOOLS)]
    counted = int(rest.split()[0]) if rest else 0
    assert len(names) + counted == count


def test_the_running_year_budgets_the_compensation_from_its_qualifying_schools(demo):
    from facilitation.selectors import policy_for
    from reports.budget import planned_of
    from reports.facts import compensation_schools
    from reports.models import BudgetLine
    from tests.demo_years import running_year

    year = running_year()
    line = BudgetLine.objects.get(section__budget__school_year=year, kind=LineKind.COMPENSATION)
    schools = compensation_schools(year)
    assert schools
    params = policy_for(year)
    planned = planned_of(line, params, schools)
    per_school = params.school_compensation_hours * params.hourly_rate
    assert planned.value == per_school * len(schools)
