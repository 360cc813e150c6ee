"""Deleting an actual entry asks for confirmation, and can be undone."""

import pytest
from django.test import Client
from django.urls import reverse

from bos.models import User
from reports.models import ActualEntry
from tests.demo_years import RUNNING_YEAR


def _client() -> Client:
    client = Client()
    client.force_login(User.objects.get(email="projectleider@demo.bos.example"))
    return client


def test_delete_confirms_then_undo_restores(demo):
    client = _client()
    # 2020-2021 is closed in the demo; the running year has entries to delete.
    entry = ActualEntry.objects.filter(line__section__budget__school_year__name=RUNNING_YEAR)[0]
    values = (entry.line_id, entry.date, entry.description, entry.hours, entry.amount)
    url = reverse("reports:budget_entry_delete", args=[entry.pk])
    confirm = client.get(url)
    assert confirm.status_code == 200
    assert entry.description in confirm.content.decode()
    assert ActualEntry.objects.filter(pk=entry.pk).exists()  # a GET deletes nothing

    response = client.post(url)
    assert response.status_code == 302
    assert not ActualEntry.objects.filter(pk=entry.pk).exists()
    page = client.get(response["Location"]).content.decode()
    assert "Verwijdering ongedaan maken" in page

    client.post(reverse("reports:budget_entry_restore"))
    restored = ActualEntry.objects.get(line_id=values[0], description=values[2], date=values[1])
    assert (restored.hours, restored.amount) == values[3:]
    # The undo is used up: a second restore does nothing.
    client.post(reverse("reports:budget_entry_restore"))
    assert ActualEntry.objects.filter(line_id=values[0], description=values[2]).count() == 1


@pytest.mark.django_db
def test_a_forged_token_is_refused_in_dutch():
    from django.core.exceptions import ValidationError

    from reports import services

    with pytest.raises(ValidationError, match="ongedaan"):
        services.actual_entry_restore(token="forged:token")
