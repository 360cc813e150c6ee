"""An application's completeness on a page of them (the HR queue) is judged without
decrypting its BSN, IBAN and dates of birth (`completeness.for_completeness`): the same
verdict as from the decrypted fields, for any mix of filled-in and empty fields and
documents."""

from __future__ import annotations

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from stipend import crypto
from stipend.completeness import ENCRYPTED_FIELDS, for_completeness, missing_items
from stipend.models import (
    FORM_FIELDS,
    REQUIRED_DOCUMENTS,
    MaritalStatus,
    Status,
    StipendApplication,
)
from tests.stipend.factories import FORM_DATA, document_row


def _can_be_empty(name: str) -> bool:
    field = StipendApplication._meta.get_field(name)
    return field.null or field.get_internal_type() in {"CharField", "TextField"}


# The form's fields that a student can leave empty (a yes/no or a number always has a value).
EMPTIABLE = tuple(name for name in FORM_FIELDS if _can_be_empty(name))


def _empty(name: str) -> object:
    """What an empty field holds: None where the column may be null, else ""."""
    return None if StipendApplication._meta.get_field(name).null else ""


def test_the_encrypted_fields_are_the_personal_numbers_and_dates():
    assert set(ENCRYPTED_FIELDS) == {"bsn", "iban", "date_of_birth", "partner_date_of_birth"}


@pytest.mark.django_db
@hypothesis_settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    empty=st.sets(st.sampled_from(EMPTIABLE)),
    married=st.booleans(),
    partner=st.sets(
        st.sampled_from(["partner_initials", "partner_last_name", "partner_date_of_birth"])
    ),
    documents=st.sets(st.sampled_from(REQUIRED_DOCUMENTS)),
)
def test_completeness_without_decrypting_is_the_completeness_of_the_fields(
    world, monkeypatch, empty, married, partner, documents
):
    with transaction.atomic():
        data = {name: value for name, value in FORM_DATA.items() if name in FORM_FIELDS}
        data["marital_status"] = MaritalStatus.MARRIED if married else MaritalStatus.UNMARRIED
        data |= {"partner_initials": "B.", "partner_last_name": "Partner"}
        data["partner_date_of_birth"] = FORM_DATA["date_of_birth"]
        for name in empty | partner:
            data[name] = _empty(name)
        application = StipendApplication.objects.create(placement=world.placement, **data)
        for kind in documents:
            document_row(application, kind)
        expected = missing_items(StipendApplication.objects.get(pk=application.pk))

        def refuse(token: str) -> str:
            raise AssertionError("decrypted to judge completeness")

        with monkeypatch.context() as patched:
            patched.setattr(crypto, "decrypt", refuse)
            [row] = for_completeness(StipendApplication.objects.filter(pk=application.pk))
            assert missing_items(row) == expected
        transaction.set_rollback(True)


def test_the_hr_queue_decrypts_no_row(world, monkeypatch):
    from django.test import Client
    from django.urls import reverse

    StipendApplication.objects.create(
        placement=world.placement,
        status=Status.SUBMITTED,
        bsn="200500004",
        iban="NL44RABO0123456789",
    )
    client = Client()
    client.force_login(world.hr)

    def refuse(token: str) -> str:
        raise AssertionError("the queue decrypted a field")

    monkeypatch.setattr(crypto, "decrypt", refuse)
    response = client.get(reverse("stipend:hr_queue"))
    assert response.status_code == 200
    assert "Nee, ontbreekt:" in response.content.decode()
