"""Sign-in through an OpenID Connect provider (issue #28, bos.sso): only existing people with
a role and a verified matching address; no sign-up; refusals in Dutch; local MFA skipped only
for a provider that enforces MFA itself."""

from __future__ import annotations

import pytest
from allauth.core import context
from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.internal.flows.login import complete_login
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth.middleware import AuthenticationMiddleware
from django.contrib.messages.middleware import MessageMiddleware
from django.contrib.sessions.middleware import SessionMiddleware
from django.test import RequestFactory, override_settings
from django.urls import reverse

from bos.models import Role
from bos.security.mfa import MFA_OK_SESSION_KEY
from tests.bos.security_helpers import activate_totp, staff_user
from tests.factories import UserFactory


def _app(provider_id: str, name: str, enforces_mfa: bool) -> dict:
    return {
        "provider_id": provider_id,
        "name": name,
        "client_id": f"client-{provider_id}",
        "secret": "test-secret",
        "settings": {"server_url": "https://idp.test.example", "enforces_mfa": enforces_mfa},
    }


PROVIDERS = {
    "openid_connect": {
        "APPS": [
            _app("idp", "Test-IdP", False),
            _app("idp-mfa", "IdP met MFA", True),
        ]
    }
}

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("providers")]


@pytest.fixture
def providers():
    with override_settings(SOCIALACCOUNT_PROVIDERS=PROVIDERS):
        yield


def _request():
    request = RequestFactory().get("/accounts/oidc/idp/login/callback/")
    SessionMiddleware(lambda r: None).process_request(request)
    AuthenticationMiddleware(lambda r: None).process_request(request)
    MessageMiddleware(lambda r: None).process_request(request)
    return request


def sign_in(provider_id: str, email: str, *, verified: bool = True, sub: str = "idp-user-1"):
    """What allauth does when the provider's callback comes back with these claims."""
    request = _request()
    with context.request_context(request):
        provider = get_adapter().get_provider(request, provider_id)
        sociallogin = provider.sociallogin_from_response(
            request, {"sub": sub, "email": email, "email_verified": verified}
        )
        response = complete_login(request, sociallogin)
    return request, response


def test_the_login_page_shows_the_providers(client):
    text = client.get(reverse("account_login")).content.decode()
    assert "Inloggen via Test-IdP" in text
    assert "Inloggen via IdP met MFA" in text


def test_an_existing_person_with_a_role_and_a_verified_address_signs_in():
    user = staff_user(Role.SO)
    request, response = sign_in("idp", user.email.upper())
    assert response.status_code == 302
    assert request.user == user
    assert SocialAccount.objects.filter(user=user, provider="idp").exists()
    # The next time the linked account signs in directly.
    again, response = sign_in("idp", user.email)
    assert again.user == user


@pytest.mark.parametrize(
    ("email", "verified", "reason"),
    [
        ("onbekend@test.example", True, "geen account met een rol"),
        (None, False, "geen bevestigd e-mailadres"),
    ],
)
def test_unknown_or_unverified_addresses_are_refused_in_dutch(email, verified, reason):
    user = staff_user(Role.SO)
    request, response = sign_in("idp", email or user.email, verified=verified)
    assert response.status_code == 403
    text = response.content.decode()
    assert "Inloggen via Test-IdP niet gelukt" in text
    assert reason in text
    assert not request.user.is_authenticated
    assert not SocialAccount.objects.exists()


def test_nobody_signs_up_and_a_person_without_a_role_is_refused():
    without_role = UserFactory()
    request, response = sign_in("idp", without_role.email)
    assert response.status_code == 403
    assert "geen account met een rol" in response.content.decode()
    assert not request.user.is_authenticated


def test_local_mfa_is_asked_unless_the_provider_enforces_it():
    user = staff_user(Role.SO)
    activate_totp(user)
    request, response = sign_in("idp", user.email, sub="one")
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert not request.user.is_authenticated

    request, response = sign_in("idp-mfa", user.email, sub="two")
    assert response.status_code == 302
    assert response["Location"] != reverse("mfa_authenticate")
    assert request.user == user
    assert request.session[MFA_OK_SESSION_KEY] is True


def test_linking_while_signed_in_needs_the_own_address():
    user = staff_user(Role.SO)
    other = staff_user(Role.SO)
    request = _request()
    request.user = user
    with context.request_context(request):
        provider = get_adapter().get_provider(request, "idp")
        sociallogin = provider.sociallogin_from_response(
            request, {"sub": "x", "email": other.email, "email_verified": True}
        )
        sociallogin.state = {"process": "connect"}
        response = complete_login(request, sociallogin)
    assert response.status_code == 403
    assert "hoort niet bij jouw e-mailadres" in response.content.decode()
    assert not SocialAccount.objects.exists()


def test_the_account_pages_let_the_provider_buttons_reach_the_providers(client):
    """Browsers apply `form-action` to the redirect after the button's POST as well."""
    policy = client.get(reverse("account_login"))["Content-Security-Policy"]
    form_action = next(part for part in policy.split("; ") if part.startswith("form-action"))
    assert form_action == "form-action 'self' https://idp.test.example"
    # Other pages keep the strict policy.
    assert "form-action 'self';" in client.get(reverse("home"))["Content-Security-Policy"]
