import pytest
from django.core import mail
from django.urls import reverse

from bos.models import SchoolBoard, SchoolYear
from tests.demo_years import NEXT_YEAR

pytestmark = pytest.mark.django_db


def test_nobody_can_sign_up(client):
    response = client.post(
        reverse("account_signup"),
        {"email": "nieuw@test.example", "password1": "een-lang-wachtwoord-123"},
    )
    assert response.status_code == 200
    from bos.models import User

    assert not User.objects.filter(email="nieuw@test.example").exists()


def test_student_can_request_a_login_code(demo, client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("account_request_login_code"), {"email": "student@demo.bos.example"}
        )
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["student@demo.bos.example"]


def test_password_login_with_the_demo_password(demo, client, settings):
    response = client.post(
        reverse("account_login"),
        {"login": "so.beatrix@demo.bos.example", "password": settings.DEMO_PASSWORD},
    )
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200


def test_board_name_changes_from_2022_2023(demo):
    board = SchoolBoard.objects.get(name="SKVOB")
    assert board.name_in(SchoolYear.objects.get(name="2020-2021")) == "SKVOB"
    assert board.name_in(SchoolYear.objects.get(name=NEXT_YEAR)) == "Libréon"
