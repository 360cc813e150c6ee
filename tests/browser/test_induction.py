"""Induction as a programme in the browser (issue #26): on a phone-wide screen an SO records
a starter's development plan and ticks workload measures; the page passes axe-core."""

import datetime as dt

import pytest

from induction.models import DevelopmentPlan, MeasureCheck
from tests.browser.helpers import click_and_wait
from tests.demo_years import running_date

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_so_records_a_development_plan_and_workload_measures(demo, browser, live_server):
    from axe_playwright_python.sync_playwright import Axe
    from django.conf import settings

    context = browser.new_context(
        locale="nl-NL", timezone_id="Europe/Amsterdam", viewport={"width": 390, "height": 844}
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=login]", "so.beatrix@demo.bos.example")
    page.fill("input[name=password]", settings.DEMO_PASSWORD)
    click_and_wait(page, page.locator("main button[type=submit]").first)

    # The register of the running year leads to the first-year starter without a plan.
    page.goto(f"{live_server.url}/inductie/")
    click_and_wait(page, page.get_by_role("link", name="Sanne Eerstejaar"))
    assert "Nog geen ontwikkelplan vastgelegd." in page.content()
    page.get_by_label("Leerdoelen").fill("Orde houden in de onderbouw")
    page.get_by_label("Afspraken").fill("Wekelijks gesprek met de coach")
    page.get_by_label("Evaluatie op").fill(running_date(dt.date(2022, 1, 28)).isoformat())
    click_and_wait(page, page.get_by_role("button", name="Ontwikkelplan opslaan"))
    assert "Ontwikkelplan vastgelegd." in page.content()
    assert "Orde houden in de onderbouw" in page.locator("#plan-current").inner_text()

    checklist = page.locator("form.measures")
    checklist.get_by_role("group", name="3. In het eerste jaar geen mentor").get_by_label(
        "gedaan"
    ).check()
    checklist.get_by_role("group", name="Reductie lesgevende taak (CAO art. 8.3)").get_by_label(
        "gedaan"
    ).check()
    checklist.get_by_role("group", name="1. In deeltijd aangesteld").get_by_label(
        "niet van toepassing"
    ).check()
    click_and_wait(page, page.get_by_role("button", name="Maatregelen opslaan"))
    assert (
        page.locator("#measures-count").inner_text().startswith("2 gedaan, 1 niet van toepassing")
    )
    assert DevelopmentPlan.objects.filter(starter__last_name="Eerstejaar").count() == 1
    assert MeasureCheck.objects.filter(starter__last_name="Eerstejaar").count() == 3

    # The starter's page and the introduction meeting's pages pass axe and fit the phone.
    def check(where):
        found = Axe().run(page).response["violations"]
        assert [f"{v['id']}: {v['nodes'][0]['target']}" for v in found] == [], where
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, where

    check("starter")
    page.goto(f"{live_server.url}/inductie/introductie/")
    check("introductiebijeenkomsten")
    click_and_wait(page, page.locator("main table a").first)
    check("introductiebijeenkomst")
    context.close()
