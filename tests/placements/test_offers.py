import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from bos.models import SchoolYear, User
from placements import offers
from placements.models import Placement, PlaceOffer, Reservation
from tests.factories import SchoolYearFactory
from tests.placements.factories import make_world


@pytest.fixture
def world(db):
    return make_world()


def test_offer_is_saved_once_per_location_subject_and_level(world):
    kwargs = dict(
        user=world.so_user,
        location_id=world.location.pk,
        subject="Engels",
        level="",
        first_year_reserved=1,
    )
    offers.offer_save(places=3, **kwargs)
    offer = offers.offer_save(places=4, mentor=world.wpb, **kwargs)
    assert PlaceOffer.objects.filter(location=world.location).get() == offer
    assert offer.places == 4 and offer.mentor == world.wpb


def test_offer_validations(world):
    with pytest.raises(ValidationError, match="eigen locaties"):
        offers.offer_save(
            user=world.so_user,
            location_id=world.other_location.pk,
            subject="Engels",
            level="",
            places=2,
            first_year_reserved=0,
        )
    with pytest.raises(ValidationError, match="niet meer plaatsen gereserveerd"):
        offers.offer_save(
            user=world.so_user,
            location_id=world.location.pk,
            subject="Engels",
            level="",
            places=2,
            first_year_reserved=3,
        )
    assert not PlaceOffer.objects.filter(location__in=[world.location, world.other_location])


def test_offer_form_bad_input_gives_dutch_message_and_saves_nothing(world):
    client = Client()
    client.force_login(world.so_user)
    response = client.post(
        reverse("placements:offers"),
        {
            "location": world.location.pk,
            "subject": "Frans",
            "places": "2",
            "first_year_reserved": "5",
        },
    )
    assert response.status_code == 400
    assert "niet meer plaatsen gereserveerd" in response.content.decode()
    assert not PlaceOffer.objects.filter(location=world.location).exists()


def test_early_matching_reserves_next_year_once(world):
    SchoolYearFactory(
        name="2021-2022", start_date=dt.date(2021, 8, 1), end_date=dt.date(2022, 7, 31)
    )
    placement = world.create()
    reservation = offers.reservation_create(
        user=world.so_user, placement_id=placement.pk, level="VT3"
    )
    assert reservation.school_year.name == "2021-2022"
    assert reservation.location == world.location
    with pytest.raises(ValidationError, match="al een plaats"):
        offers.reservation_create(user=world.so_user, placement_id=placement.pk, level="VT3")
    with pytest.raises(Placement.DoesNotExist):
        offers.reservation_create(user=world.other_so_user, placement_id=placement.pk, level="VT3")
    assert Reservation.objects.filter(student=world.student).count() == 1


def test_supply_against_placed_on_the_demo_year(demo):
    year = SchoolYear.objects.get(name="2020-2021")
    rows = offers.supply_vs_placed(year=year)
    short = {row.subject for row in rows if row.shortage}
    assert short == {"Engels", "Spaans", "Geschiedenis", "Maatschappijleer", "Omgangskunde"}
    assert sum(row.placed for row in rows) == 246
    assert sum(row.first_year_reserved for row in rows) == 60
    client = Client()
    client.force_login(User.objects.get(email="projectleider@demo.bos.example"))
    response = client.get(reverse("placements:supply"))
    assert "Omgangskunde" in response.content.decode()


def _offer(world, subject, **extra):
    return offers.offer_save(
        user=world.so_user,
        location_id=world.location.pk,
        subject=subject,
        level=extra.pop("level", ""),
        places=extra.pop("places", 2),
        first_year_reserved=extra.pop("first_year_reserved", 0),
        **extra,
    )


def test_the_offers_page_is_a_list_with_search_export_and_edit_link(world):
    from io import BytesIO

    from openpyxl import load_workbook

    client = Client()
    client.force_login(world.so_user)
    wiskunde = _offer(world, "Wiskunde", places=3, first_year_reserved=1)
    _offer(world, "Engels")
    page = client.get(reverse("placements:offers"))
    assert page.status_code == 200
    content = page.content.decode()
    assert "2 stageplaatsen" in content and "Download als Excel" in content
    found = client.get(reverse("placements:offers"), {"q": "wisk"}).content.decode()
    assert "1 stageplaats" in found and "Engels" not in found.split('id="bos-list"')[1]
    export = client.get(reverse("placements:offers"), {"q": "wisk", "export": "xlsx"})
    rows = list(load_workbook(BytesIO(export.getvalue())).active.iter_rows(values_only=True))
    assert len(rows) == 2 and "Wiskunde" in rows[1] and 3 in rows[1]
    # "Wijzigen" fills the form with the offer; someone else's offer fills nothing.
    edit = client.get(reverse("placements:offers"), {"wijzig": wiskunde.pk}).content.decode()
    assert 'name="subject" value="Wiskunde"' in edit.replace(' maxlength="150"', "")
    other = Client()
    other.force_login(world.other_so_user)
    foreign = other.get(reverse("placements:offers"), {"wijzig": wiskunde.pk})
    assert foreign.status_code == 200 and "Wiskunde" not in foreign.content.decode()
    assert other.get(reverse("placements:offers"), {"wijzig": "x" * 40}).status_code == 200


def test_the_offers_page_query_count_does_not_grow(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(world.so_user)
    _offer(world, "Vak 0")
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("placements:offers"))
    for number in range(1, 12):
        _offer(world, f"Vak {number}", level="VT1" if number % 2 else "")
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("placements:offers"))
    assert len(many) == len(few)


def test_demand_page_counts_any_level_and_shows_labels(demo):
    from placements import matching

    rows = {(row.year.name, row.subject, row.level): row for row in matching.offer_vs_demand()}
    vt1 = rows[("2020-2021", "Aardrijkskunde", "VT1")]
    assert (vt1.placed, vt1.from_any, vt1.shortage) == (6, 6, 0)
    assert rows[("2020-2021", "Aardrijkskunde", "")].any_left == 10
    client = Client()
    client.force_login(User.objects.get(email="projectleider@demo.bos.example"))
    page = client.get(reverse("placements:demand")).content.decode()
    assert "minor P1" in page and "minor_P1" not in page
