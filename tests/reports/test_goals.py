"""Goals per school year: computed statuses, carrying a goal forward, the pages per role,
Dutch messages for bad input, closed years and the query count."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from bos.models import SchoolYear, User
from bos.yearbound import YearClosed
from reports import rules, services
from reports.goals import goal_row
from reports.models import Goal, GoalStatus
from tests.demo_years import RUNNING_YEAR, running_year

DOMAIN = "demo.bos.example"
TOLERANCE = Decimal(10)


def client_for(local: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(email=f"{local}@{DOMAIN}"))
    return client


# --- The rule -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "comparison", "target", "expected"),
    [
        ("75", "gte", "75", rules.ACHIEVED),
        ("80", "gte", "75", rules.ACHIEVED),
        ("68", "gte", "75", rules.PARTLY),  # 75 − 10% = 67,5
        ("67.5", "gte", "75", rules.PARTLY),
        ("60", "gte", "75", rules.NOT_ACHIEVED),
        ("75", "lte", "100", rules.ACHIEVED),
        ("110", "lte", "100", rules.PARTLY),
        ("110.01", "lte", "100", rules.NOT_ACHIEVED),
    ],
)
def test_goal_status_worked_examples(value, comparison, target, expected):
    outcome = rules.goal_status(
        value=Decimal(value),
        comparison=comparison,
        target=Decimal(target),
        tolerance_percent=TOLERANCE,
    )
    assert outcome.status == expected
    assert outcome.explanation


def test_goal_status_without_value_has_no_status_and_says_why():
    outcome = rules.goal_status(
        value=None, comparison="gte", target=Decimal(75), tolerance_percent=TOLERANCE
    )
    assert outcome.status is None
    assert "Geen gemeten waarde" in outcome.explanation[0]


def test_goal_status_tolerance_is_a_parameter():
    strict = rules.goal_status(
        value=Decimal(70), comparison="gte", target=Decimal(75), tolerance_percent=Decimal(0)
    )
    loose = rules.goal_status(
        value=Decimal(70), comparison="gte", target=Decimal(75), tolerance_percent=Decimal(20)
    )
    assert (strict.status, loose.status) == (rules.NOT_ACHIEVED, rules.PARTLY)


amounts = st.decimals(min_value=0, max_value=10_000, places=2)


@given(value=amounts, target=amounts, tolerance=st.decimals(min_value=0, max_value=50, places=1))
def test_goal_status_properties(value, target, tolerance):
    at_least = rules.goal_status(
        value=value, comparison="gte", target=target, tolerance_percent=tolerance
    )
    at_most = rules.goal_status(
        value=value, comparison="lte", target=target, tolerance_percent=tolerance
    )
    # Meeting the target is exactly the comparison; equal values meet both.
    assert (at_least.status == rules.ACHIEVED) == (value >= target)
    assert (at_most.status == rules.ACHIEVED) == (value <= target)
    # One of the two is always met; the other is never better than partly.
    assert rules.ACHIEVED in (at_least.status, at_most.status)
    # A bigger value never makes an at-least goal worse.
    higher = rules.goal_status(
        value=value + 1, comparison="gte", target=target, tolerance_percent=tolerance
    )
    rank = {rules.NOT_ACHIEVED: 0, rules.PARTLY: 1, rules.ACHIEVED: 2}
    assert rank[higher.status] >= rank[at_least.status]


# --- Goals in the database ---------------------------------------------------------------


@pytest.fixture
def years(demo):
    """The seed year opened again (the demo closes it; the test rolls back)."""
    SchoolYear.objects.filter(name="2020-2021").update(closed_at=None)
    return SchoolYear.objects.get(name="2020-2021"), running_year()


def test_demo_goal_with_indicator_is_computed_from_the_report(demo):
    year = SchoolYear.objects.get(name="2020-2021")
    from reports.selectors import goal_rows_for

    rows = {row.description: row for row in goal_rows_for(year=year)}
    budget = rows["Binnen de begroting blijven."]
    # Figure 5: € 201.892,05 spent of € 269.243 budgeted = 75,0%.
    assert budget.computed and budget.measured == "75%"
    assert budget.status == rules.ACHIEVED
    manual = rows["De ontwikkelbehoeften van WPB, SO en IO in beeld brengen."]
    assert not manual.computed and manual.status == GoalStatus.PARTLY


def test_goal_without_a_measured_value_shows_no_status():
    goal = Goal(
        chapter="programme",
        description="Opkomst",
        indicator="afternoon_attendance",
        comparison="gte",
        target=Decimal(75),
        tolerance_percent=TOLERANCE,
    )
    row = goal_row(goal, None)
    assert row.status is None
    assert row.status_label == "geen status (geen waarde)"
    assert "Geen gemeten waarde" in row.explanation[0]


def test_moved_goal_is_carried_forward_once_and_linked_back(years):
    seed, running = years
    goal = services.goal_save(
        year=seed, chapter="induction", description="Coaches opleiden", status=""
    )
    assert services.goal_carry_forward(goal=goal) is None  # not moved: nothing to carry
    services.goal_set_status(goal=goal, status=GoalStatus.MOVED, explanation="Volgend jaar.")
    copy = Goal.objects.get(carried_from=goal)
    assert copy.school_year == running and copy.description == "Coaches opleiden"
    assert copy.status == ""
    # Idempotent: setting it again or carrying again makes no second copy.
    services.goal_set_status(goal=goal, status=GoalStatus.MOVED, explanation="Nog steeds.")
    assert services.goal_carry_forward(goal=goal) == copy
    assert services.goals_carry_forward(year=seed) == 0
    assert Goal.objects.filter(carried_from=goal).count() == 1
    page = client_for("projectleider").get(reverse("reports:goals", args=[RUNNING_YEAR]))
    assert "Doorgeschoven uit 2020-2021" in page.content.decode()


def test_demo_moved_goals_are_in_the_running_year(demo):
    copies = Goal.objects.filter(school_year__name=RUNNING_YEAR, carried_from__isnull=False)
    assert copies.count() == 2
    assert all(c.carried_from.status == GoalStatus.MOVED for c in copies)


def test_closed_year_refuses_goal_writes(demo):
    seed = SchoolYear.objects.get(name="2020-2021")
    assert seed.closed_at is not None
    goal = Goal.objects.filter(school_year=seed).first()
    with pytest.raises(YearClosed):
        services.goal_save(year=seed, chapter="policy", description="Nieuw")
    with pytest.raises(YearClosed):
        services.goal_set_status(goal=goal, status=GoalStatus.ACHIEVED, explanation="")
    response = client_for("projectleider").post(
        reverse("reports:goal_new", args=["2020-2021"]),
        {"chapter": "policy", "description": "Nieuw doel", "tolerance_percent": "10"},
    )
    assert response.status_code == 200
    assert "is afgesloten" in response.content.decode()
    assert not Goal.objects.filter(description="Nieuw doel").exists()


def test_projectleider_creates_a_goal_with_an_indicator(years):
    response = client_for("projectleider").post(
        reverse("reports:goal_new", args=["2020-2021"]),
        {
            "chapter": "intervision",
            "description": "Hoge aanwezigheid bij intervisie",
            "owner": "Ontwikkelteam Intervisie",
            "indicator": "intervision_attendance",
            "comparison": "gte",
            "target": "80,5",
            "tolerance_percent": "10",
        },
    )
    assert response.status_code == 302
    goal = Goal.objects.get(description="Hoge aanwezigheid bij intervisie")
    assert goal.target == Decimal("80.5")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"indicator": "placements", "target": "10"}, "Kies ≥ of ≤ bij een indicator."),
        ({"indicator": "placements", "comparison": "gte"}, "Vul een streefwaarde in"),
        ({"indicator": "geen-indicator"}, "Selecteer een geldige keuze"),
        ({"target": "veel", "indicator": "placements", "comparison": "gte"}, "Voer een getal in"),
        ({"description": ""}, "Dit veld is verplicht"),
        ({"tolerance_percent": "-5"}, "De marge kan niet negatief zijn."),
    ],
)
def test_bad_goal_input_gives_dutch_message_and_saves_nothing(years, data, message):
    before = Goal.objects.count()
    post = {"chapter": "finance", "description": "Een doel", "tolerance_percent": "10"} | data
    response = client_for("projectleider").post(
        reverse("reports:goal_new", args=["2020-2021"]), post
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Goal.objects.count() == before


def test_readers_see_goals_grouped_by_chapter(demo):
    for local in ("so.beatrix", "bc.sovot", "projectleider"):
        html = client_for(local).get(reverse("reports:goals", args=["2020-2021"])).content
        text = html.decode()
        assert "<h2>Stages</h2>" in text and "<h2>Financiën</h2>" in text
        assert "Nieuw doel" not in text  # closed year: nobody edits, readers never


def test_report_page_and_workbook_show_the_goals(demo):
    client = client_for("projectleider")
    page = client.get(reverse("reports:report"), {"jaar": "2020-2021"}).content.decode()
    assert 'id="doelen"' in page and "Binnen de begroting blijven." in page
    response = client.get(reverse("reports:excel", args=["2020-2021"]))
    from io import BytesIO

    sheet = load_workbook(BytesIO(response.content))["Doelen"]
    values = [row for row in sheet.iter_rows(values_only=True)]
    assert values[0][0] == "Hoofdstuk"
    assert any(row[1] == "Binnen de begroting blijven." and row[6] == "behaald" for row in values)


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


def test_goals_page_query_count_does_not_grow(years):
    seed, _ = years
    client = client_for("projectleider")
    url = reverse("reports:goals", args=["2020-2021"])
    _queries(client, url)
    before = _queries(client, url)
    for number in range(15):
        services.goal_save(
            year=seed,
            chapter="programme",
            description=f"Extra doel {number}",
            indicator="placements",
            comparison="gte",
            target=Decimal(number),
        )
    after = _queries(client, url)
    assert after == before


def test_goal_error_does_not_half_save(years):
    seed, _ = years
    with pytest.raises(ValidationError):
        services.goal_save(year=seed, chapter="onbekend", description="x")
    assert not Goal.objects.filter(description="x").exists()
