"""The e-mail page cannot block two-step verification or add addresses (finding 9)."""

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.internal.flows.add import validate_can_add_authenticator

from tests.bos.security_helpers import staff_user

pytestmark = pytest.mark.django_db


def test_opening_the_email_page_creates_nothing_and_totp_can_still_be_set_up(client):
    user = staff_user()
    client.force_login(user)
    response = client.get("/accounts/email/")
    assert response.status_code == 200
    assert "beheerd door de projectleider" in response.content.decode()
    assert not EmailAddress.objects.filter(user=user).exists()
    validate_can_add_authenticator(user)  # no "verify your address first"


def test_nobody_adds_an_address_there(client):
    user = staff_user()
    client.force_login(user)
    response = client.post("/accounts/email/", {"email": "ander@x.example", "action_add": ""})
    assert response.status_code == 405
    assert not EmailAddress.objects.filter(email="ander@x.example").exists()


def test_an_unverified_address_record_does_not_block_the_set_up():
    user = staff_user()
    EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)
    validate_can_add_authenticator(user)


def test_anonymous_visitors_go_to_the_login(client):
    response = client.get("/accounts/email/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
