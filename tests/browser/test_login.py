import pytest

from tests.browser.helpers import click_and_wait
from tests.demo_years import RUNNING_YEAR

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_demo_so_logs_in_and_sees_their_placements(demo, page, live_server, login):
    login("so.beatrix@demo.bos.example")
    assert "Welkom" in page.content()
    click_and_wait(page, page.get_by_role("link", name="Stages").first)
    # The demo's running year is today's; the closed 2020-2021 is one switch away.
    assert page.get_by_role("heading", name=f"Stages {RUNNING_YEAR}").is_visible()
    page.goto(f"{live_server.url}/stages/?jaar=2020-2021")
    assert page.get_by_role("heading", name="Stages 2020-2021").is_visible()
    # The SO of Beatrix College sees only that location's records: the 39 the report
    # counts plus the 3 first-years who never started.
    assert page.locator("tbody tr").count() == 42


def test_anonymous_is_sent_to_login(page, live_server):
    page.goto(f"{live_server.url}/stages/")
    assert "/accounts/login/" in page.url
