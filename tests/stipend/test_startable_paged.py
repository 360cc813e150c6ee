"""Issue #29: the largest school has hundreds of final placements without an application;
the list page shows a page of them, with the same queries, and the next page the rest."""

import datetime as dt

import pytest
from django.middleware.csrf import get_token
from django.template import Context, Template
from django.test import Client, RequestFactory
from django.urls import reverse

from bos.models import Role
from stipend.lists import startable_rows
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


# The rows as the list's template wrote them before they were rendered in Python.
TEMPLATE_ROW = (
    '<tr><td data-label="Student">{{ p.student.full_name }}</td>'
    '<td data-label="School">{{ p.location.name }}</td>'
    '<td data-label="Periode">{{ p.start_date|date:"j F Y" }} – {{ p.end_date|date:"j F Y" }}</td>'
    '<td data-label=""><form method="post" action="{% url \'stipend:start\' p.pk %}">'
    "{% csrf_token %}"
    '<button type="submit" class="utrecht-button utrecht-button--primary-action">'
    "Aanvraag starten"
    '<span class="visually-hidden"> voor {{ p.student.full_name }}</span></button></form></td></tr>'
)


def test_the_start_rows_are_what_the_template_wrote():
    """Names that need escaping and every month: the same HTML as the template gave."""
    year = SchoolYearFactory(name="2041-2042")
    location = SchoolLocationFactory(name="School <De Brug> & Co")
    placements = [
        PlacementFactory(
            school_year=year,
            location=location,
            is_final=True,
            student__first_name=f"Anne-{month}",
            student__last_name="O'Brien <b>",
            start_date=dt.date(2042, month, 1),
            end_date=dt.date(2042, month, 28),
        )
        for month in range(1, 13)
    ]
    token = get_token(RequestFactory().get("/"))
    rows = startable_rows(placements, token)
    template = Template(TEMPLATE_ROW)
    for placement, row in zip(placements, rows, strict=True):
        expected = template.render(Context({"p": placement, "csrf_token": token}))
        assert row == expected
    assert "O&#x27;Brien &lt;b&gt;" in rows[0] and "maart 2042" in rows[2]
