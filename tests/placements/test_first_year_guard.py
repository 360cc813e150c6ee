"""Places reserved for first-years are not given to upper-years without a confirmed,
logged override (issue #25; the seed, l. 198-207)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from bos.models import AuditEntry
from placements import matching, offers, rules
from placements.models import Proposal, ProposalStatus
from tests.placements.factories import make_world
from tests.placements.matching_world import next_year, pdf, student_user


def _guard(upper: int, *, first: bool = False, places: int = 4, reserved: int = 2):
    return rules.first_year_guard(
        places=places,
        first_year_reserved=reserved,
        upper_years_placed=upper,
        is_first_year=first,
        subject="Engels",
    )


def test_september_upper_years_fill_only_the_open_places():
    # A school offers 4 places for Engels, 2 of them kept for FLOT's first-years who start
    # in November. In September two VT3 students take the two open places; a third
    # upper-year would take a first-year's place.
    assert _guard(0).allowed and _guard(1).allowed
    refused = _guard(2)
    assert not refused.allowed
    assert refused.message.startswith(
        "Van de 4 plaats(en) voor Engels zijn er 2 gereserveerd voor eerstejaars en de 2 "
        "andere zijn al aan hogerejaars gegeven."
    )
    # The PHP first-year in November takes a reserved place without a word.
    assert _guard(2, first=True).allowed


def test_all_places_reserved():
    refused = _guard(0, places=3, reserved=3)
    assert not refused.allowed and "er zijn geen andere plaatsen" in refused.message


def test_who_counts_as_first_year():
    def first(level, label, own="PHP"):
        return rules.counts_as_first_year(level=level, institute_label=label, first_year_label=own)

    assert first("", "PHP")  # FLOT's own label, on a place "elk niveau"
    assert first("VT1", "")
    assert first("minor_P1", "", own="P1")  # ESoE's P1 minor
    assert not first("VT3", "")
    assert not first("VT2", "PHP", own="")  # an institute without a first-year label


@given(
    places=st.integers(1, 20),
    reserved=st.integers(0, 20),
    upper=st.integers(0, 20),
)
def test_upper_years_never_take_more_than_the_open_places(places, reserved, upper):
    reserved = min(reserved, places)
    held = upper
    while _guard(held, places=places, reserved=reserved).allowed:
        held += 1
    assert held == max(upper, places - reserved)


@pytest.fixture
def reserved_offer(db, settings, tmp_path):
    settings.PRIVATE_STORAGE_ROOT = tmp_path
    world = make_world()
    offer = offers.offer_save(
        user=world.so_user,
        location_id=world.location.pk,
        subject="Engels",
        level="",
        places=1,
        first_year_reserved=1,
        year=next_year(),
    )
    proposal = matching.proposal_create(
        user=world.io_user, offer_id=offer.pk, student=world.student
    )
    matching.proposal_apply(
        user=student_user(world), proposal_id=proposal.pk, letter=pdf(), cv=pdf("cv.pdf")
    )
    return world, proposal


OVERRIDDEN = matching.FIRST_YEAR_OVERRIDDEN
ACCEPT = {"start_date": "2021-09-01", "end_date": "2022-06-30", "days_per_week": "2"}


def test_the_service_refuses_then_logs_a_confirmed_override(reserved_offer):
    world, proposal = reserved_offer
    kwargs = dict(
        user=world.so_user,
        proposal_id=proposal.pk,
        start_date=dt.date(2021, 9, 1),
        end_date=dt.date(2022, 6, 30),
        days_per_week=2,
    )
    with pytest.raises(ValidationError) as refused:
        matching.proposal_accept(**kwargs)
    assert "gereserveerd voor eerstejaars" in refused.value.message_dict["override_first_year"][0]
    assert Proposal.objects.get(pk=proposal.pk).status == ProposalStatus.APPLIED
    result = matching.proposal_accept(**kwargs, override_first_year=True)
    assert any("voor eerstejaars gereserveerd" in w for w in result.warnings)
    entry = AuditEntry.objects.get(
        model="placements.proposal", object_pk=str(proposal.pk), changes__has_key=OVERRIDDEN
    )
    assert entry.changes[OVERRIDDEN]["voor eerstejaars"] == 1


def test_a_first_year_takes_the_reserved_place(reserved_offer):
    world, proposal = reserved_offer
    result = matching.proposal_accept(
        user=world.so_user,
        proposal_id=proposal.pk,
        start_date=dt.date(2021, 9, 1),
        end_date=dt.date(2022, 6, 30),
        days_per_week=2,
        institute_label="J1",  # the test institute's first-year label
    )
    assert result.placement.is_first_year and result.warnings == []
    assert not AuditEntry.objects.filter(changes__has_key=OVERRIDDEN).exists()


def test_the_so_confirms_on_the_page(reserved_offer):
    world, proposal = reserved_offer
    client = Client()
    client.force_login(world.so_user)
    url = reverse("placements:proposal_accept", args=[proposal.pk])
    refused = client.post(url, ACCEPT)
    assert refused.status_code == 400
    page = refused.content.decode()
    assert "gereserveerd voor eerstejaars" in page
    assert 'type="checkbox" name="override_first_year"' in page
    assert "met je naam vastgelegd in de audittrail" in page
    confirmed = client.post(url, {**ACCEPT, "override_first_year": "on"}, follow=True)
    assert confirmed.redirect_chain and confirmed.status_code == 200
    assert "is aan een hogerejaars gegeven" in confirmed.content.decode()
    assert Proposal.objects.get(pk=proposal.pk).status == ProposalStatus.ACCEPTED
    entry = AuditEntry.objects.get(changes__has_key=OVERRIDDEN, object_pk=str(proposal.pk))
    assert entry.actor_id == world.so_user.pk
