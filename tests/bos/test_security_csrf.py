"""CSRF is enforced on every state-changing form, with a CSRF-enforcing client."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.bos.security_helpers import PASSWORD
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_login_without_a_csrf_token_is_refused():
    user = UserFactory()
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session


def test_login_with_the_csrf_token_works():
    user = UserFactory()
    client = Client(enforce_csrf_checks=True)
    page = client.get(reverse("account_login"))
    token = page.context["csrf_token"]
    response = client.post(
        reverse("account_login"),
        {"login": user.email, "password": PASSWORD, "csrfmiddlewaretoken": str(token)},
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_logout_and_admin_changes_need_the_token():
    admin = UserFactory(is_staff=True, is_superuser=True)
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin)
    assert client.post(reverse("account_logout")).status_code == 403
    other = UserFactory()
    response = client.post(
        f"/beheer/bos/user/{other.pk}/change/",
        {"email": "gekaapt@test.example", "is_active": "on"},
    )
    assert response.status_code == 403
    other.refresh_from_db()
    assert other.email != "gekaapt@test.example"
