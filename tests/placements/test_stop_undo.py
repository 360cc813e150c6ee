"""Stopping a placement asks for confirmation first; a stop made by mistake can be undone
within the policy's number of days, and the audit trail keeps both changes."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bos.models import AuditEntry
from placements import services
from placements.models import Placement, PlacementPolicy, PlacementStatus
from tests.placements.factories import make_world

pytestmark = pytest.mark.django_db


def _stop_data(placement: Placement, **extra: str) -> dict[str, str]:
    return {
        "version": str(placement.version),
        "stopped_on": "2020-11-02",
        "reason": "Geen perspectief",
        **extra,
    }


def test_stop_asks_for_confirmation_then_stops():
    world = make_world()
    placement = world.create()
    client = Client()
    client.force_login(world.so_user)
    url = reverse("placements:stop", args=[placement.pk])
    response = client.post(url, _stop_data(placement))
    assert response.status_code == 200
    html = response.content.decode()
    assert "stoppen?" in html and "Ja, stop deze stage" in html
    placement.refresh_from_db()
    assert placement.status != PlacementStatus.STOPPED  # nothing happened yet
    response = client.post(url, _stop_data(placement, bevestigd="1"))
    assert response.status_code == 302
    placement.refresh_from_db()
    assert placement.status == PlacementStatus.STOPPED
    assert placement.stopped_at is not None


def test_undo_within_the_policy_days_reopens_and_is_audited():
    world = make_world()
    placement = world.create()
    placement = services.placement_stop(
        user=world.so_user,
        placement_id=placement.pk,
        version=placement.version,
        stopped_on=dt.date(2020, 11, 2),
        reason="vergissing",
    )
    client = Client()
    client.force_login(world.so_user)
    detail = client.get(reverse("placements:detail", args=[placement.pk])).content.decode()
    assert "Stop ongedaan maken" in detail
    response = client.post(
        reverse("placements:reopen", args=[placement.pk]), {"version": placement.version}
    )
    assert response.status_code == 302
    placement.refresh_from_db()
    assert placement.status in (PlacementStatus.ACTIVE, PlacementStatus.PLANNED)
    assert placement.stopped_on is None and placement.stop_reason == ""
    changes = AuditEntry.objects.filter(model="placements.placement", object_pk=str(placement.pk))
    assert changes.count() >= 3  # created, stopped, reopened


def test_undo_after_the_deadline_is_refused_in_dutch():
    world = make_world()
    placement = world.create()
    placement = services.placement_stop(
        user=world.so_user,
        placement_id=placement.pk,
        version=placement.version,
        stopped_on=dt.date(2020, 11, 2),
        reason="echt gestopt",
    )
    days = PlacementPolicy.for_year(placement.school_year).reopen_days
    Placement.objects.filter(pk=placement.pk).update(
        stopped_at=timezone.now() - dt.timedelta(days=days, minutes=1)
    )
    with pytest.raises(ValidationError, match="termijn"):
        services.placement_reopen(
            user=world.so_user, placement_id=placement.pk, version=placement.version
        )
    placement.refresh_from_db()
    assert placement.status == PlacementStatus.STOPPED


def test_another_school_cannot_undo():
    world = make_world()
    placement = world.create()
    placement = services.placement_stop(
        user=world.so_user,
        placement_id=placement.pk,
        version=placement.version,
        stopped_on=dt.date(2020, 11, 2),
        reason="x",
    )
    client = Client()
    client.force_login(world.other_so_user)
    response = client.post(
        reverse("placements:reopen", args=[placement.pk]), {"version": placement.version}
    )
    assert response.status_code == 404
