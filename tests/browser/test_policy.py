"""The projectleider edits a policy in the browser; the SO sees their own facilitation."""

import pytest

from tests.browser.helpers import click_and_wait, open_from_menu
from tests.demo_years import RUNNING_YEAR

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_projectleider_edits_policy_and_sees_the_change_log(demo, page, live_server, login):
    login("projectleider@demo.bos.example")
    page.goto(f"{live_server.url}/beleid/")
    page.select_option("main select[name=jaar]", RUNNING_YEAR)
    page.get_by_role("button", name="Toon").click()
    page.get_by_role("link", name=f"Beleid {RUNNING_YEAR} wijzigen", exact=True).click()
    page.get_by_label("Uren per student").fill("9")
    click_and_wait(page, page.get_by_role("button", name="Opslaan"))
    assert f"Beleid {RUNNING_YEAR} opgeslagen: 1 wijziging(en)." in page.inner_text("main")
    log = page.get_by_role("table", name=f"Wijzigingen in het beleid {RUNNING_YEAR}")
    row = log.get_by_role("row").nth(1)
    assert "Uren per student" in row.inner_text()
    assert "projectleider@demo.bos.example" in row.inner_text()


def test_bad_input_keeps_the_form_with_a_dutch_message(demo, page, live_server, login):
    login("projectleider@demo.bos.example")
    page.goto(f"{live_server.url}/beleid/{RUNNING_YEAR}/wijzigen/")
    page.get_by_label("Uren per student").fill("acht")
    click_and_wait(page, page.get_by_role("button", name="Opslaan"))
    # The error summary at the top names the field and links to it.
    summary = page.get_by_role("alert").filter(has_text="Er is 1 probleem met dit formulier")
    assert summary.count() == 1
    link = summary.get_by_role("link", name="Uren per student: Voer een getal in.")
    assert link.get_attribute("href") == "#id_hours_per_student"
    link.click()
    assert page.url.endswith("#id_hours_per_student")


def test_so_sees_own_hours_in_the_menu_and_page(demo, page, live_server, login):
    login("so.beatrix@demo.bos.example")
    # The seed year's hours: switch to 2020-2021 in the header; the menu keeps that year.
    page.select_option("#bos-year", "2020-2021")
    click_and_wait(page, page.get_by_role("button", name="Wissel"))
    open_from_menu(page, "Geld en beleid", "Facilitering")
    text = page.inner_text("main")
    assert "Totaal: 412 uur per jaar." in text
    assert "Newmancollege" not in text
