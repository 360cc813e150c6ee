"""The running-year pages read a fixed number of queries, whatever the data."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bos.models import LocationYear, Role, SchoolYear, User
from tests.demo_years import running_year
from tests.factories import PersonFactory, RoleAssignmentFactory

pytestmark = pytest.mark.django_db


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _more_people(year: SchoolYear, count: int) -> None:
    location = LocationYear.objects.filter(school_year=year).first().location
    for _ in range(count):
        RoleAssignmentFactory(
            person=PersonFactory(), school_year=year, role=Role.WPB, locations=[location]
        )


@pytest.mark.parametrize(
    "url",
    [
        "organisation:people",
        "organisation:overview",
        "organisation:teams",
        "years:overview",
    ],
)
def test_equal_query_counts_for_more_people(demo, url):
    client = Client()
    client.force_login(User.objects.get(email="projectleider@demo.bos.example"))
    year = running_year()
    path = reverse(url) + f"?jaar={year.name}&q=a"
    _queries(client, path)  # warm the session and the caches
    before = _queries(client, path)
    _more_people(year, 15)
    assert _queries(client, path) == before
