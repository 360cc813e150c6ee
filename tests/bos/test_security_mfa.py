"""MFA enforcement (BOS_MFA_REQUIRED) for staff who see other people's personal data."""

import time

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.urls import reverse

from bos.models import Role
from tests.bos.security_helpers import PASSWORD, activate_totp, current_code, staff_user
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def mfa_on(settings):
    settings.BOS_MFA_REQUIRED = True
    return settings


@pytest.mark.parametrize("role", [Role.SO, Role.IO, Role.BC, Role.IC, Role.PROJECTLEIDER, Role.HR])
def test_staff_without_totp_are_sent_to_set_it_up(client, mfa_on, role):
    kwargs = {}
    if role in (Role.IO, Role.IC):
        from tests.factories import InstituteFactory

        kwargs["institute"] = InstituteFactory()
    if role in (Role.BC, Role.HR):
        from tests.factories import SchoolBoardFactory

        kwargs["board"] = SchoolBoardFactory()
    from tests.factories import SchoolYearFactory, user_with_role

    user = user_with_role(role, year=SchoolYearFactory(), **kwargs)
    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_activate_totp"))
    # The setup page is reachable: allauth first asks for the password once more.
    response = client.get(reverse("mfa_activate_totp"))
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert client.get(reverse("mfa_activate_totp")).status_code == 200


def test_admin_must_use_mfa_also_in_the_admin_site(client, mfa_on):
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    response = client.get("/beheer/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_activate_totp"))


@pytest.mark.parametrize("role", [Role.WPB, Role.DIRECTOR, Role.KERNTEAM])
def test_roles_without_others_personal_data_are_not_forced(client, mfa_on, role):
    client.force_login(staff_user(role))
    assert client.get(reverse("home")).status_code == 200


def test_a_user_without_any_role_is_not_forced(client, mfa_on):
    client.force_login(UserFactory())
    assert client.get(reverse("home")).status_code == 200


def test_enforcement_is_off_when_the_setting_is_off(client, settings):
    settings.BOS_MFA_REQUIRED = False
    client.force_login(staff_user())
    assert client.get(reverse("home")).status_code == 200


def test_totp_set_up_but_not_used_in_this_session_asks_for_a_code(client, mfa_on):
    user = staff_user()
    activate_totp(user)
    client.force_login(user)  # a login that did not pass the MFA step
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_reauthenticate"))
    response = client.post(reverse("mfa_reauthenticate"), {"code": current_code(user)})
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200


def test_password_login_with_totp_passes_the_mfa_step_then_gets_in(client, mfa_on):
    user = staff_user()
    activate_totp(user)
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    # Without the code nothing personal is reachable.
    assert client.get(reverse("home")).status_code == 302
    response = client.post(reverse("mfa_authenticate"), {"code": current_code(user)})
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200


def test_activating_totp_counts_as_using_it(client, mfa_on):
    user = staff_user()
    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert client.get(reverse("home"))["Location"].startswith(reverse("mfa_activate_totp"))
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    page = client.get(reverse("mfa_activate_totp"))
    secret = page.context["form"].secret
    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    response = client.post(reverse("mfa_activate_totp"), {"code": code})
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200


def test_a_wrong_code_is_refused_in_dutch(client, mfa_on):
    user = staff_user()
    activate_totp(user)
    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    response = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert response.status_code == 200
    assert "Ongeldige code" in response.content.decode() or "ongeldig" in (
        response.content.decode().lower()
    )
    assert client.get(reverse("home")).status_code == 302


def test_the_house_style_is_served_during_the_mfa_set_up(client, mfa_on):
    """The set-up page loads the stylesheet: sending that request to the set-up page would
    make a new secret and the code from the scanned one would then be refused."""
    user = staff_user(Role.SO)
    client.force_login(user)
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert client.get(reverse("mfa_activate_totp")).status_code == 200
    secret = client.session["mfa.totp.secret"]
    css = client.get(reverse("brand_css"))
    assert css.status_code == 200 and css["Content-Type"].startswith("text/css")
    assert client.session["mfa.totp.secret"] == secret
