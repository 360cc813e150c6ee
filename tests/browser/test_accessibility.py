"""WCAG checks with axe-core on the pages each role works with, in the real browser."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.helpers import click_and_wait
from tests.demo_years import in_running

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = {
    "so.beatrix": [
        "/",
        "/stages/",
        "/stages/dashboard/",
        "/stages/nieuw/",
        "/stages/ict/",
        "/stages/import/stages/",
        "/stages/werkplekbegeleiders/",
        "/stages/zonder-stage/",
        "/stages/?level=VT1&sort=-start_date",
        "/beleid/facilitering/",
        "/organisatie/opleidingsteams/",
    ],
    "projectleider": [
        "/jaarverslag/",
        "/beleid/",
        "/beleid/streefaantallen/",
        "/audit/",
        "/stages/plaatsen/",
        "/stages/plaatsen/overzicht/",
        "/organisatie/opleidingsteams/",
    ],
    "hr.sovot": ["/", "/stagevergoeding/hr/"],
    "student": ["/", "/stagevergoeding/"],
    "io.flot": ["/", "/stages/"],
    "directeur.beatrix": ["/"],
    # Issue #25: the lerarencoach's starters and the penvoerder's budget (read only).
    "lerarencoach": ["/", "/inductie/", "/inductie/introductie/"],
    "penvoerder": ["/", "/jaarverslag/begroting/2020-2021/"],
}


def violations(page) -> list[str]:
    result = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} – {v['nodes'][0]['target']}"
        for v in result.response["violations"]
    ]


def test_login_pages_have_no_violations(page, live_server):
    for path in ("/accounts/login/", "/accounts/login/code/"):
        page.goto(f"{live_server.url}{path}")
        assert violations(page) == [], path


@pytest.mark.parametrize("email", list(PAGES))
def test_pages_of_each_role_have_no_violations(demo, page, live_server, login, email):
    login(f"{email}@demo.bos.example")
    for path in PAGES[email]:
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        assert violations(page) == [], path


def test_placement_detail_with_checklist_has_no_violations(demo, page, live_server, login):
    login("so.beatrix@demo.bos.example")
    page.goto(f"{live_server.url}/stages/")
    click_and_wait(page, page.locator("tbody tr a").first)
    assert "/stages/" in page.url
    assert violations(page) == []


def test_error_pages_and_confirmation_have_no_violations(demo, page, live_server, login):
    login("so.beatrix@demo.bos.example")
    response = page.goto(f"{live_server.url}/stages/999999/")
    assert response.status == 404
    assert "Deze pagina bestaat niet" in page.content()
    assert violations(page) == [], "404"
    response = page.goto(f"{live_server.url}/audit/")
    assert response.status == 403
    assert violations(page) == [], "403"
    page.goto(f"{live_server.url}/stages/?status=active")
    click_and_wait(page, page.locator("tbody tr a").first)
    if page.get_by_label("Gestopt op").count():
        page.get_by_label("Gestopt op").fill(in_running("2022-01-14"))
        page.get_by_label("Reden").fill("Toegankelijkheidstest")
        click_and_wait(page, page.get_by_role("button", name="Stage stoppen…"))
        assert "Ja, stop deze stage" in page.content()
        assert violations(page) == [], "confirmation"
