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


def test_the_login_page_offers_the_identity_providers(page, live_server, settings):
    """With SSO configured the login page lists each provider; it still fits a phone."""
    from tests.bos.test_sso import PROVIDERS
    from tests.browser.helpers import shoot
    from tests.browser.test_api_keys import _OVERFLOW, WIDTHS

    settings.SOCIALACCOUNT_PROVIDERS = PROVIDERS
    page.goto(f"{live_server.url}/accounts/login/")
    assert page.get_by_role("button", name="Inloggen via Test-IdP").is_visible()
    assert page.get_by_role("button", name="Inloggen via IdP met MFA").is_visible()
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        assert page.evaluate(_OVERFLOW) <= 0, width
        shoot(page, f"login-sso-{width}")
