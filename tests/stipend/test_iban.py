"""Only the student enters or changes the IBAN; a change after signing returns the
application to the student and is logged (security finding 10)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from stipend import services
from stipend.models import Action, Status
from tests.stipend.factories import FORM_DATA, VALID_IBAN, complete_application

OTHER_IBAN = "NL02ABNA0123456789"


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def form_post(**overrides) -> dict:
    data = {**FORM_DATA, **overrides}
    return {key: ("" if value is None else str(value)) for key, value in data.items()}


def test_the_so_cannot_enter_or_replace_the_iban(world):
    application = services.start_application(placement=world.placement, actor=world.so)
    url = reverse("stipend:edit", args=[application.pk])
    so = client_for(world.so)
    assert 'name="iban"' not in so.get(url).content.decode()
    assert so.post(url, form_post(iban=OTHER_IBAN)).status_code == 302
    application.refresh_from_db()
    assert application.iban == ""
    with pytest.raises(ValidationError, match="Alleen de student"):
        services.update_application(
            application=application, actor=world.so, data={"iban": OTHER_IBAN}
        )
    # The SO's other edits keep the student's IBAN.
    services.update_application(
        application=application, actor=world.student, data={"iban": VALID_IBAN}
    )
    so.post(url, form_post(remarks="door de SO", version=application.version + 1))
    application.refresh_from_db()
    assert application.iban == VALID_IBAN and application.remarks == "door de SO"


def test_a_change_after_signing_returns_the_application_and_is_logged(world):
    application = complete_application(world)
    services.sign(application=application, actor=world.student)
    services.approve_by_so(application=application, actor=world.so)
    url = reverse("stipend:change_iban", args=[application.pk])
    response = client_for(world.student).post(url, {"iban": OTHER_IBAN}, follow=True)
    assert response.status_code == 200
    application.refresh_from_db()
    assert application.iban == OTHER_IBAN
    assert application.status == Status.RETURNED
    event = application.events.order_by("-pk").first()
    assert event.action == Action.SEND_BACK and "Rekeningnummer (IBAN) gewijzigd" in event.reason
    assert OTHER_IBAN not in event.reason


def test_only_the_student_may_change_it_and_only_to_a_valid_iban(world):
    application = complete_application(world)
    services.sign(application=application, actor=world.student)
    url = reverse("stipend:change_iban", args=[application.pk])
    assert client_for(world.so).post(url, {"iban": OTHER_IBAN}).status_code == 403
    with pytest.raises(PermissionDenied):
        services.change_iban(application=application, actor=world.so, iban=OTHER_IBAN)
    response = client_for(world.student).post(url, {"iban": "NL00ABNA0000000000"}, follow=True)
    assert "controlecijfers" in response.content.decode()
    application.refresh_from_db()
    assert application.iban == VALID_IBAN and application.status == Status.SIGNED


def test_a_change_in_a_returned_form_after_signing_is_logged(world):
    application = complete_application(world)
    services.sign(application=application, actor=world.student)
    services.send_back(application=application, actor=world.so, reason="Aanvullen")
    services.update_application(
        application=application, actor=world.student, data={"iban": OTHER_IBAN}
    )
    assert application.events.filter(reason__contains="IBAN) gewijzigd").exists()
