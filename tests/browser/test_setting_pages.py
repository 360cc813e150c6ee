"""The projectleider changes a setting beside the policy (the report's target for one
institute) with the decision it follows, from the policy page, without the admin."""

import datetime as dt

import pytest

from bos.models import SchoolYear
from governance import services
from governance.models import Body
from tests.browser.helpers import click_and_wait
from tests.browser.test_accessibility import violations
from tests.demo_years import RUNNING_YEAR

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_projectleider_changes_a_report_target_by_a_decision(demo, page, live_server, login):
    year = SchoolYear.objects.get(name=RUNNING_YEAR)
    services.decision_create(
        user=None,
        year=year,
        values={
            "decided_on": dt.date(int(RUNNING_YEAR[:4]), 11, 2),
            "body": Body.KERNTEAM,
            "title": "Meer studenten van FHK",
            "text": "Het doel voor FHK gaat naar 25 studenten.",
        },
    )
    login("projectleider@demo.bos.example")
    page.goto(f"{live_server.url}/beleid/?jaar={RUNNING_YEAR}")
    click_and_wait(page, page.get_by_role("link", name="Doelen jaarverslag"))
    page.get_by_label("Minimaal aantal studenten van FHK").fill("25")
    choice = f"2 november {RUNNING_YEAR[:4]}: Meer studenten van FHK (kernteam)"
    page.get_by_label("Besluit", exact=True).select_option(label=choice)
    click_and_wait(page, page.get_by_role("button", name="Opslaan"))
    assert "1 wijziging(en)" in page.inner_text("main")
    decided = page.get_by_role(
        "table", name=f"Besluiten die doelen jaarverslag {RUNNING_YEAR} wijzigden"
    )
    assert "FHK: 25" in decided.inner_text()
    assert "/beheer/" not in page.url
    assert violations(page) == []


def test_projectleider_changes_the_online_rights_table_by_a_decision(
    demo, page, live_server, login
):
    year = SchoolYear.objects.get(name=RUNNING_YEAR)
    services.decision_create(
        user=None,
        year=year,
        values={
            "decided_on": dt.date(int(RUNNING_YEAR[:4]), 12, 7),
            "body": Body.DIRECTORS,
            "title": "Online rechten masterstudenten",
            "text": "Masterstudenten krijgen voortaan groep 1.",
        },
    )
    login("projectleider@demo.bos.example")
    page.goto(f"{live_server.url}/beleid/?jaar={RUNNING_YEAR}")
    click_and_wait(page, page.get_by_role("link", name="Online rechten van studenten"))
    master = page.get_by_role("group", name="Regel 8", exact=True)
    master.get_by_label("Rechtengroep").select_option(label="groep 1: beperkt (stagiairrol)")
    choice = (
        f"7 december {RUNNING_YEAR[:4]}: Online rechten masterstudenten (rectoren en directeuren)"
    )
    page.get_by_label("Besluit", exact=True).select_option(label=choice)
    click_and_wait(page, page.get_by_role("button", name="Opslaan"))
    assert "1 wijziging(en)" in page.inner_text("main")
    decided = page.get_by_role(
        "table", name=f"Besluiten die de online rechten {RUNNING_YEAR} wijzigden"
    )
    assert "8. master: groep 1: beperkt (stagiairrol)" in decided.inner_text()
    assert "/beheer/" not in page.url
    assert violations(page) == []
