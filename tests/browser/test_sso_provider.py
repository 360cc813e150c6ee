"""Single sign-on in a real browser against a real OpenID Connect provider (issue #28): the
test provider (tests/oidc_provider/) runs as its own process; Chromium presses the provider's
button on the login page, logs in at the provider and comes back."""

import re

import pytest
from playwright.sync_api import Page

from bos.models import Role
from tests.bos.security_helpers import activate_totp, staff_user
from tests.browser.helpers import click_and_wait
from tests.oidc_provider.process import FENNA, JORIS, PASSWORD, Provider, ProviderUser

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("sso_via_oidc_provider"),
]


@pytest.fixture
def csp_violations(page: Page) -> list[str]:
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return violations


def _fenna():
    user = staff_user(Role.SO)
    user.email = FENNA.email
    user.save(update_fields=["email"])
    return user


def sign_in(page: Page, live_server, provider: Provider, button: str, who: ProviderUser) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    click_and_wait(page, page.get_by_role("button", name=button))
    # At the provider: its own login page.
    assert page.url.startswith(provider.issuer.removesuffix("/o") + "/login/"), page.url
    page.fill("input[name=username]", who.username)
    page.fill("input[name=password]", PASSWORD)
    click_and_wait(page, page.get_by_role("button", name="Inloggen"))
    if "/o/authorize/" in page.url:
        # The provider asks its user to let the app read the name and address.
        click_and_wait(page, page.get_by_role("button", name="Authorize"))


def test_a_staff_member_signs_in_through_the_provider_and_lands_on_the_start_page(
    page, live_server, sso_via_oidc_provider, csp_violations
):
    _fenna()
    sign_in(page, live_server, sso_via_oidc_provider, "Inloggen via Test-IdP", FENNA)
    assert page.url == f"{live_server.url}/"
    assert page.get_by_text("Welkom").first.is_visible()
    assert not csp_violations, csp_violations


def test_an_unknown_address_is_refused_in_dutch(page, live_server, sso_via_oidc_provider):
    _fenna()
    sign_in(page, live_server, sso_via_oidc_provider, "Inloggen via Test-IdP", JORIS)
    assert page.url.startswith(f"{live_server.url}/accounts/oidc/test-idp/login/callback/")
    assert page.get_by_role("heading", name="Inloggen via Test-IdP niet gelukt").is_visible()
    assert page.get_by_text(
        re.compile("Er is hier geen account met een rol bij dit e-mailadres")
    ).is_visible()


def test_only_the_provider_that_enforces_mfa_skips_the_local_code(
    page, live_server, sso_via_oidc_provider, browser
):
    activate_totp(_fenna())
    sign_in(page, live_server, sso_via_oidc_provider, "Inloggen via Test-IdP", FENNA)
    assert page.url == f"{live_server.url}/accounts/2fa/authenticate/"
    assert page.locator("input[name=code]").is_visible()

    # A new browser (no provider session): the provider that enforces MFA itself.
    context = browser.new_context(locale="nl-NL", timezone_id="Europe/Amsterdam")
    try:
        other = context.new_page()
        other.set_default_timeout(15_000)
        sign_in(other, live_server, sso_via_oidc_provider, "Inloggen via IdP met MFA", FENNA)
        assert other.url == f"{live_server.url}/"
    finally:
        context.close()
