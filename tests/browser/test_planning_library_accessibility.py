"""WCAG checks with axe-core on the planning and library pages (issue #15)."""

import pytest

from tests.browser.helpers import click_and_wait
from tests.browser.test_accessibility import violations
from tests.demo_years import in_running

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = {
    "so.beatrix": [
        f"/planning/?maand={in_running('2022-02-01')[:7]}",
        "/planning/lijst/?vanaf=begin",
        "/afspraken/",
    ],
    "projectleider": [
        "/planning/nieuw/",
        "/planning/abonneren/",
        "/afspraken/?alles=on",
        "/afspraken/nieuw/",
    ],
}


@pytest.mark.parametrize("email", list(PAGES))
def test_planning_and_library_pages_have_no_violations(demo, page, live_server, login, email):
    login(f"{email}@demo.bos.example")
    for path in PAGES[email]:
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        assert violations(page) == [], path


def test_event_and_document_detail_have_no_violations(demo, page, live_server, login):
    login("projectleider@demo.bos.example")
    page.goto(f"{live_server.url}/planning/lijst/?vanaf=begin&soort=stuurgroep")
    click_and_wait(page, page.locator("tbody a").first)
    assert violations(page) == []
    page.goto(f"{live_server.url}/afspraken/?alles=on")
    click_and_wait(page, page.locator("tbody th a, tbody td a").first)
    assert violations(page) == []
