"""The penvoerder (issue #25): the board that applied for and receives the subsidy. They read
the whole report, the budget with its versions and overruns, and the decision log, and
download the per-student list the subsidy's (re)application needs; they change nothing
(403 on every edit of the budget)."""

import re

from django.urls import reverse

from bos.models import Role, SchoolYear
from bos.permissions import can, get_scope
from reports.models import BudgetLine, BudgetVersion, LineKind
from reports.selectors import report_locations
from tests.demo_years import running_year
from tests.logins import client_for

PENVOERDER = "penvoerder@demo.bos.example"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
LINK = re.compile(r'href="(/[^"#]*)')


def _links(html: str) -> set[str]:
    return {
        href.replace("&amp;", "&")
        for href in LINK.findall(html)
        if not href.startswith(("/static/", "/accounts/", "/huisstijl"))
    }


def test_the_penvoerder_s_scope_and_capabilities(demo):
    from bos.models import User

    user = User.objects.get(email=PENVOERDER)
    year = SchoolYear.objects.get(name="2020-2021")
    scope = get_scope(user, year)
    assert scope.has(Role.PENVOERDER)
    assert [board for board in scope.penvoerder_board_ids] == [
        user.person.roles.get(school_year=year, role=Role.PENVOERDER).board_id
    ]
    for capability in ("budget.view", "subsidy.export", "report.view", "governance.view"):
        assert can(user, capability, year), capability
    for capability in ("budget.edit", "report.export", "governance.edit", "policy.edit"):
        assert not can(user, capability, year), capability
    # The whole partnership's report, not a school's part.
    assert report_locations(user=user, year=year) is None


def test_the_penvoerder_reads_the_budget_without_its_edit_actions(demo):
    client = client_for(PENVOERDER)
    year = "2020-2021"
    page = client.get(reverse("reports:budget", args=[year]))
    assert page.status_code == 200
    text = page.text
    assert "Begroting 2020-2021" in text and "Vastgestelde versies" in text
    compensation = BudgetLine.objects.filter(
        section__budget__school_year__name=year, kind=LineKind.COMPENSATION
    ).first()
    if compensation is not None:
        assert compensation.name in text
    # No edit actions, and the subsidy's list is there.
    for name in ("reports:budget_line_new", "reports:budget_import", "reports:support_staff"):
        assert reverse(name, args=[year]) not in text, name
    assert reverse("reports:budget_adopt", args=[year]) not in text
    assert "Realisatie toevoegen" not in text and 'name="income_amount"' not in text
    assert reverse("reports:subsidy_list", args=[year]) in text
    version = BudgetVersion.objects.get(budget__school_year__name=year, number=1)
    assert reverse("reports:budget_version", args=[version.pk]) in text
    assert client.get(reverse("reports:budget_version", args=[version.pk])).status_code == 200
    # Every link the page shows opens.
    for link in sorted(_links(text)):
        assert client.get(link, follow=True).status_code == 200, link


def test_the_penvoerder_gets_403_on_every_budget_edit(demo):
    client = client_for(PENVOERDER)
    year = running_year().name
    line = BudgetLine.objects.filter(section__budget__school_year__name=year).first()
    before = list(BudgetLine.objects.values_list("pk", "name").order_by("pk"))
    writes = [
        ("post", reverse("reports:budget", args=[year]), {"income_amount": "1"}),
        ("get", reverse("reports:budget_adopt", args=[year]), {}),
        ("post", reverse("reports:budget_adopt", args=[year]), {}),
        ("post", reverse("reports:budget_revise", args=[year]), {}),
        ("get", reverse("reports:budget_line_new", args=[year]), {}),
        ("get", reverse("reports:budget_import", args=[year]), {}),
        ("get", reverse("reports:budget_line_edit", args=[line.pk]), {}),
        ("post", reverse("reports:budget_line_edit", args=[line.pk]), {"name": "x"}),
        ("get", reverse("reports:budget_entry_new", args=[line.pk]), {}),
        ("get", reverse("reports:support_staff", args=[year]), {}),
        ("get", reverse("reports:excel", args=[year]), {}),
    ]
    for method, url, data in writes:
        assert getattr(client, method)(url, data).status_code == 403, f"{method} {url}"
    assert list(BudgetLine.objects.values_list("pk", "name").order_by("pk")) == before


def test_the_penvoerder_downloads_the_subsidy_list(demo):
    client = client_for(PENVOERDER)
    for year in ("2020-2021", running_year().name):
        response = client.get(reverse("reports:subsidy_list", args=[year]))
        assert response.status_code == 200, year
        assert response["Content-Type"] == XLSX
        assert f"subsidielijst-{year}.xlsx" in response["Content-Disposition"]


def test_the_penvoerder_reads_the_report_and_the_decision_log(demo):
    client = client_for(PENVOERDER)
    report = client.get(reverse("reports:report") + "?jaar=2020-2021")
    assert report.status_code == 200
    # The whole report (no school's part), with the budget to read, not to edit.
    assert "deel van het jaarverslag" not in report.text
    assert "Begroting bewerken" not in report.text
    assert reverse("reports:budget", args=["2020-2021"]) in report.text
    assert client.get(reverse("governance:list")).status_code == 200


def test_every_link_on_the_penvoerder_s_start_page_and_menu_opens(demo):
    client = client_for(PENVOERDER)
    home = client.get(reverse("home"))
    assert home.status_code == 200
    year = running_year().name
    assert "Begroting en subsidie" in home.text
    assert reverse("reports:budget", args=[year]) in home.text
    assert reverse("reports:subsidy_list", args=[year]) in home.text
    links = _links(home.text)
    assert any(reverse("reports:budget_current") in link for link in links)
    for link in sorted(links):
        response = client.get(link, follow=True)
        assert response.status_code == 200, link


def test_the_start_page_offers_the_list_of_the_year_right_before(db):
    import datetime as dt

    from bos.models import SchoolBoard
    from reports.work import penvoerder_work
    from tests.facilitation.factories import PolicyFactory
    from tests.factories import SchoolYearFactory, user_with_role

    earlier = SchoolYearFactory(
        name="2018-2019", start_date=dt.date(2018, 8, 1), end_date=dt.date(2019, 7, 31)
    )
    before = SchoolYearFactory(
        name="2019-2020", start_date=dt.date(2019, 8, 1), end_date=dt.date(2020, 7, 31)
    )
    year = SchoolYearFactory()
    board = SchoolBoard.objects.create(name="Testbestuur")
    user = user_with_role(Role.PENVOERDER, year=year, board=board)
    for listed in (earlier, year):
        PolicyFactory(school_year=listed)

    def lists() -> list[str]:
        (item,) = penvoerder_work(get_scope(user, year))
        return [link.url for link in item.links if "subsidielijst" in link.url]

    # The year right before has no policy (no funding rule): no list, nor one further back.
    assert lists() == [reverse("reports:subsidy_list", args=[year.name])]
    PolicyFactory(school_year=before)
    assert lists() == [
        reverse("reports:subsidy_list", args=[year.name]),
        reverse("reports:subsidy_list", args=[before.name]),
    ]
