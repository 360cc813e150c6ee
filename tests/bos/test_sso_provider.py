"""Single sign-on against a real OpenID Connect provider (issue #28): the test provider
(tests/oidc_provider/, django-oauth-toolkit) runs as its own process; the app talks to it
over loopback HTTP like to any school's identity provider. The rules themselves are tested
close up in tests/bos/test_sso.py; here the whole round trip runs."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urljoin

import pytest
import requests
from django.urls import reverse

from bos.models import Role
from tests.bos.security_helpers import activate_totp, staff_user
from tests.oidc_provider.process import FENNA, JORIS, PASSWORD, Provider, ProviderUser

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("sso_via_oidc_provider"),
]


@pytest.fixture
def provider(sso_via_oidc_provider):
    return sso_via_oidc_provider


class _Forms(HTMLParser):
    """The forms of a page: their action and their named input fields' values."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "form":
            self.forms.append({"action": values.get("action") or "", "fields": {}})
        elif (
            tag == "input" and self.forms and values.get("name") and values.get("type") != "submit"
        ):
            self.forms[-1]["fields"][values["name"]] = values.get("value") or ""


def _form(response: requests.Response, index: int = 0) -> tuple[str, dict]:
    parser = _Forms()
    parser.feed(response.text)
    form = parser.forms[index]
    return urljoin(response.url, form["action"]), form["fields"]


def sign_in(
    live_server, provider: Provider, provider_id: str, who: ProviderUser
) -> requests.Response:
    """Press the provider's button on the login page, log in at the provider and consent if
    it asks; returns the app's last answer."""
    browser = requests.Session()
    login_page = browser.get(f"{live_server.url}{reverse('account_login')}")
    _, fields = _form(login_page)
    response = browser.post(
        f"{live_server.url}/accounts/oidc/{provider_id}/login/",
        data={"csrfmiddlewaretoken": fields["csrfmiddlewaretoken"]},
        headers={"Referer": login_page.url},
    )
    # The app sent the visitor to the provider, which asks them to log in there.
    assert response.url.startswith(provider.issuer.removesuffix("/o") + "/login/"), response.url
    action, fields = _form(response)
    response = browser.post(
        action,
        data={**fields, "username": who.username, "password": PASSWORD},
        headers={"Referer": response.url},
    )
    if "/o/authorize/" in response.url:
        # The provider asks its user to let the app read the name and address.
        action, fields = _form(response)
        response = browser.post(
            action, data={**fields, "allow": "Authorize"}, headers={"Referer": response.url}
        )
    return response


def _fenna(role: str = Role.SO):
    user = staff_user(role)
    user.email = FENNA.email
    user.save(update_fields=["email"])
    return user


def test_a_staff_member_signs_in_through_the_provider_and_lands_on_the_start_page(
    live_server, provider
):
    _fenna()
    response = sign_in(live_server, provider, "test-idp", FENNA)
    assert response.status_code == 200
    assert response.url == f"{live_server.url}{reverse('home')}"
    assert "Welkom" in response.text


def test_an_unknown_address_is_refused_in_dutch(live_server, provider):
    _fenna()
    response = sign_in(live_server, provider, "test-idp", JORIS)
    assert response.status_code == 403
    assert "Inloggen via Test-IdP niet gelukt" in response.text
    assert "Er is hier geen account met een rol bij dit e-mailadres" in response.text


def test_a_person_without_a_role_is_refused(live_server, provider):
    from tests.factories import UserFactory

    UserFactory(email=FENNA.email)
    response = sign_in(live_server, provider, "test-idp", FENNA)
    assert response.status_code == 403
    assert "geen account met een rol" in response.text


def test_local_mfa_is_skipped_only_after_a_provider_that_enforces_it(live_server, provider):
    user = _fenna()
    activate_totp(user)
    response = sign_in(live_server, provider, "test-idp", FENNA)
    assert response.url == f"{live_server.url}{reverse('mfa_authenticate')}"

    response = sign_in(live_server, provider, "test-idp-mfa", FENNA)
    assert response.status_code == 200
    assert response.url == f"{live_server.url}{reverse('home')}"
