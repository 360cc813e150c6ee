"""The projectleider records a decision and changes the policy and adopts the budget by it,
without the admin."""

import pytest

from tests.browser.helpers import click_and_wait, open_from_menu
from tests.browser.test_accessibility import violations
from tests.demo_years import RUNNING_YEAR

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_projectleider_records_a_decision_and_a_policy_change_names_it(
    demo, page, live_server, login
):
    login("projectleider@demo.bos.example")
    open_from_menu(page, "Geld en beleid", "Besluiten")
    click_and_wait(page, page.get_by_role("link", name="Besluit vastleggen"))
    page.get_by_label("Datum", exact=True).fill(f"{RUNNING_YEAR[:4]}-11-02")
    page.get_by_label("Genomen door").select_option(label="Stuurgroep")
    page.get_by_label("Titel").fill("Meer uren per student")
    page.get_by_label("Besluit", exact=True).fill("De stuurgroep verhoogt de uren per student.")
    click_and_wait(page, page.get_by_role("button", name="Opslaan"))
    assert "Besluit „Meer uren per student” vastgelegd." in page.inner_text("main")
    assert violations(page) == []

    page.goto(f"{live_server.url}/beleid/{RUNNING_YEAR}/wijzigen/")
    page.get_by_label("Uren per student").fill("9")
    choice = f"2 november {RUNNING_YEAR[:4]}: Meer uren per student (stuurgroep)"
    page.get_by_label("Besluit", exact=True).select_option(label=choice)
    click_and_wait(page, page.get_by_role("button", name="Opslaan"))
    decided = page.get_by_role(
        "table", name=f"Besluiten en de waarden van het beleid {RUNNING_YEAR}"
    )
    assert "uren per student: 8 → 9" in decided.inner_text()
    click_and_wait(page, decided.get_by_role("link", name="Meer uren per student"))
    changes = page.get_by_role("table", name="Wat Meer uren per student wijzigt")
    assert f"Beleid {RUNNING_YEAR}: uren per student" in changes.inner_text()
    open_from_menu(page, "Geld en beleid", "Besluiten")
    assert "Meer uren per student" in page.inner_text("main")
    assert violations(page) == []

    # The budget adopted by the same decision (issue #25): not edited in place afterwards.
    page.goto(f"{live_server.url}/jaarverslag/begroting/{RUNNING_YEAR}/")
    click_and_wait(page, page.get_by_role("link", name="Begroting vaststellen"))
    page.get_by_label("Besluit", exact=True).select_option(label=choice)
    assert violations(page) == []
    click_and_wait(page, page.get_by_role("button", name="Vaststellen"))
    main = page.inner_text("main")
    assert f"Versie 1 van de begroting {RUNNING_YEAR} is vastgesteld." in main
    assert "Regel toevoegen" not in main
    click_and_wait(page, page.get_by_role("link", name="Meer uren per student").first)
    changes = page.get_by_role("table", name="Wat Meer uren per student wijzigt")
    assert f"Begroting {RUNNING_YEAR}" in changes.inner_text()
