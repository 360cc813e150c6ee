"""Someone whose school changes at the year change keeps, in each object's own year, exactly
what that year's role covers, whatever the header (`?jaar=`) holds: placements, proposals,
their letters and CVs, decisions and offers."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from bos.permissions import get_scope
from placements import offers
from placements.models import Placement, ProposalStatus
from tests.years.year_world import accept_data, make_year_world

HEADERS = ["this", "next"]


@pytest.fixture
def world(db, settings, tmp_path):
    settings.PRIVATE_STORAGE_ROOT = tmp_path
    return make_year_world()


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _get(client: Client, url: str, header) -> int:
    return client.get(url, {"jaar": header.name}).status_code


@pytest.mark.parametrize("header", HEADERS)
def test_placements_are_judged_in_their_own_year(world, header):
    client = _client(world.mover)
    year = world.year(header)
    expected = {
        ("this", "old"): 200,  # her school this year
        ("this", "new"): 404,
        ("next", "old"): 404,  # she left it
        ("next", "new"): 200,  # her school next year
    }
    for key, status in expected.items():
        url = reverse("placements:detail", args=[world.placements[key].pk])
        response = client.get(url, {"jaar": year.name})
        assert response.status_code == status, (key, header)
        if status == 200:
            own = world.year(key[0]).name
            assert f"Schooljaar {own}" in response.content.decode()


@pytest.mark.parametrize("header", HEADERS)
def test_proposals_and_their_documents_follow_next_years_school(world, header):
    client = _client(world.mover)
    year = world.year(header)
    old, new = world.proposals["old"], world.proposals["new"]
    assert _get(client, reverse("placements:proposal", args=[old.pk]), year) == 404
    page = client.get(reverse("placements:proposal", args=[new.pk]), {"jaar": year.name})
    assert page.status_code == 200
    assert f"Schooljaar {world.next.name}" in page.content.decode()
    for proposal, status in ((old, 404), (new, 200)):
        for document in proposal.documents.all():
            url = reverse("placements:proposal_document", args=[proposal.pk, document.pk])
            assert _get(client, url, year) == status


def test_the_matching_list_shows_next_years_proposals_of_the_new_school(world):
    client = _client(world.mover)
    for year in (world.this, world.next):
        page = client.get(reverse("placements:matching"), {"jaar": year.name}).content.decode()
        # This year's list shows this year and the next; next year's list starts there.
        assert world.proposals["new"].student.last_name in page
        assert world.proposals["old"].student.last_name not in page


@pytest.mark.parametrize("header", HEADERS)
def test_decisions_at_the_old_school_are_refused_and_at_the_new_school_taken(world, header):
    client = _client(world.mover)
    year = world.year(header)
    old, new = world.proposals["old"], world.proposals["new"]
    before = Placement.objects.count()
    url = reverse("placements:proposal_accept", args=[old.pk]) + f"?jaar={year.name}"
    assert client.post(url, accept_data(world.next)).status_code == 404
    decline = reverse("placements:proposal_decline", args=[old.pk]) + f"?jaar={year.name}"
    assert client.post(decline, {"reason": "Geen plek"}).status_code == 404
    old.refresh_from_db()
    assert old.status == ProposalStatus.APPLIED
    assert Placement.objects.count() == before

    url = reverse("placements:proposal_accept", args=[new.pk]) + f"?jaar={year.name}"
    assert client.post(url, accept_data(world.next)).status_code == 302
    new.refresh_from_db()
    assert new.status == ProposalStatus.ACCEPTED
    assert new.placement.location == world.new and new.placement.school_year == world.next


def test_the_successor_decides_at_the_old_school(world):
    client = _client(world.successor)
    old = world.proposals["old"]
    assert _get(client, reverse("placements:proposal", args=[old.pk]), world.next) == 200
    url = reverse("placements:proposal_accept", args=[old.pk])
    assert client.post(url, accept_data(world.next)).status_code == 302
    old.refresh_from_db()
    assert old.placement.location == world.old


@pytest.mark.parametrize("header", HEADERS)
def test_next_years_offer_goes_to_the_new_school_only(world, header):
    user = world.mover
    user.__dict__["_bos_selected_year"] = world.year(header)  # as the header would
    assert get_scope(user).year == world.year(header)
    common = {
        "user": user,
        "subject": "Wiskunde",
        "level": "VT3",
        "places": 1,
        "first_year_reserved": 0,
        "year": world.next,
    }
    with pytest.raises(ValidationError, match="eigen locaties"):
        offers.offer_save(location_id=world.old.pk, **common)
    offer = offers.offer_save(location_id=world.new.pk, **common)
    assert offer.location == world.new and offer.school_year == world.next


def test_this_years_offer_stays_at_the_old_school(world):
    user = world.mover
    user.__dict__["_bos_selected_year"] = world.this
    common = {"user": user, "subject": "Duits", "level": "VT3", "places": 1}
    common |= {"first_year_reserved": 0, "year": world.this}
    with pytest.raises(ValidationError, match="eigen locaties"):
        offers.offer_save(location_id=world.new.pk, **common)
    assert offers.offer_save(location_id=world.old.pk, **common).location == world.old


@pytest.mark.parametrize("header", HEADERS)
def test_the_io_at_both_schools_keeps_both_in_both_years(world, header):
    client = _client(world.io)
    year = world.year(header)
    for placement in world.placements.values():
        assert _get(client, reverse("placements:detail", args=[placement.pk]), year) == 200
    for proposal in world.proposals.values():
        assert _get(client, reverse("placements:proposal", args=[proposal.pk]), year) == 200
