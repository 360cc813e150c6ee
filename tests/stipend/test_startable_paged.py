"""Issue #29: the largest school has hundreds of final placements without an application;
the list page shows a page of them, with the same queries, and the next page the rest."""

import pytest
from django.test import Client
from django.urls import reverse

from bos.models import Role
from tests.factories import (
    LocationYearFactory,
    PlacementFactory,
    SchoolLocationFactory,
    SchoolYearFactory,
    user_with_role,
)
from tests.page_cost import page_cost

pytestmark = pytest.mark.django_db

START_BUTTON = 'class="utrecht-button utrecht-button--primary-action">Aanvraag starten'


def test_final_placements_without_an_application_are_paged():
    year = SchoolYearFactory(name="2041-2042")
    location = SchoolLocationFactory(name="Grote school")
    LocationYearFactory(location=location, school_year=year)
    so = user_with_role(Role.SO, year=year, locations=[location])
    client = Client()
    client.force_login(so)
    url = reverse("stipend:list")
    PlacementFactory(school_year=year, location=location, is_final=True)
    small = page_cost(client, url, {"jaar": year.name})
    assert small.html.count(START_BUTTON) == 1
    for _ in range(60):
        PlacementFactory(school_year=year, location=location, is_final=True)
    large = page_cost(client, url, {"jaar": year.name})
    assert large.queries == small.queries
    assert large.html.count(START_BUTTON) == 50
    assert "starten=2" in large.html
    second = client.get(url, {"jaar": year.name, "starten": 2}).content.decode()
    assert second.count(START_BUTTON) == 11
