"""A staff member sets up two-step verification on first login, in a real browser, and no
page on the way violates the Content-Security-Policy."""

import time

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

from bos.models import Role
from tests.browser.helpers import click_and_wait
from tests.factories import SchoolYearFactory, user_with_role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "test-password-123"


def test_so_sets_up_totp_at_first_login_without_csp_violations(page, live_server, login, settings):
    settings.BOS_MFA_REQUIRED = True
    user = user_with_role(Role.SO, year=SchoolYearFactory())
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )

    login(user.email, PASSWORD)
    # allauth asks for the password once more before showing the secret.
    assert "/accounts/reauthenticate/" in page.url
    page.fill("input[name=password]", PASSWORD)
    click_and_wait(page, page.locator("main button[type=submit]").first)
    assert "/accounts/2fa/totp/activate/" in page.url
    # The QR code (a data: image) is shown.
    assert page.locator("img[src^='data:image']").count() == 1
    secret = page.input_value("#authenticator_secret")
    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    page.fill("input[name=code]", code)
    click_and_wait(page, page.locator("main button[type=submit]").first)

    page.goto(f"{live_server.url}/")
    assert page.url == f"{live_server.url}/"
    from bos import partnership

    assert partnership.current().name in page.content()
    assert not violations, violations


def test_the_admin_renders_without_csp_violations(page, live_server, login):
    from tests.factories import UserFactory

    admin = UserFactory(is_staff=True, is_superuser=True)
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    login(admin.email, PASSWORD)
    page.goto(f"{live_server.url}/beheer/bos/user/")
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", level=1).count() >= 1
    page.goto(f"{live_server.url}/beheer/bos/user/{admin.pk}/change/")
    page.wait_for_load_state("networkidle")
    assert not violations, violations
