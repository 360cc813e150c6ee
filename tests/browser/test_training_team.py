"""The SO finds their school's opleidingsteam from the start page; the projectleider from the
organisation's list of locations (issue #25)."""

import pytest

from tests.browser.helpers import click_and_wait

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_so_opens_the_team_from_the_start_page(demo, page, live_server, login):
    login("so.beatrix@demo.bos.example")
    page.goto(f"{live_server.url}/")
    click_and_wait(
        page, page.locator("main").get_by_role("link", name="Opleidingsteams", exact=True)
    )
    assert page.get_by_role(
        "heading", name="Opleidingsteam Beatrix College", exact=True
    ).is_visible()
    main = page.locator("main").inner_text()
    assert "Aandachtspunten" in main and "Werkplekbegeleiders" in main
    # The demo leaves a few WPBs without a recorded course: flagged, not every one.
    flagged = page.locator("main .bos-flag", has_text="niet vastgelegd").count()
    assert 0 < flagged < page.locator("#werkplekbegeleiders + .bos-table-wrap tbody tr").count()


def test_the_projectleider_opens_a_team_from_the_organisation_page(demo, page, live_server, login):
    login("projectleider@demo.bos.example")
    page.set_viewport_size({"width": 390, "height": 900})
    page.goto(f"{live_server.url}/organisatie/")
    click_and_wait(
        page, page.get_by_role("link", name="Opleidingsteam van Newmancollege", exact=True)
    )
    assert page.get_by_role("heading", name="Opleidingsteam Newmancollege", exact=True).is_visible()
    # On a phone the members are cards: no table wider than the screen.
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
