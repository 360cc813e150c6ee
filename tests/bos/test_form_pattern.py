"""One form pattern everywhere (issue #23): an error summary at the top of every form page
that names and links each field with an error, all errors of a submit at once, and numbers
read and written the Dutch way."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from bos.models import LocationYear, Role
from facilitation.models import Policy
from intervision import services as intervision_services
from stipend import services as stipend_services
from tests.factories import user_with_role
from tests.intervision.factories import make_world as intervision_world
from tests.placements.factories import make_world
from tests.stipend.factories import make_world as stipend_world
from tests.stipend.test_views import form_post

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def summary_links(html: str) -> dict[str, str]:
    """The error summary's links: target id → link text. Fails when there is no summary."""
    match = re.search(r'<div class="[^"]*bos-error-summary[^"]*"(.*?)</div>', html, re.S)
    assert match, "no error summary on the page"
    summary = match.group(1)
    assert summary.index("<h2") < summary.index("<ul>")
    return {
        target: re.sub(r"\s+", " ", text).strip()
        for target, text in re.findall(r'<a href="#([^"]+)">(.*?)</a>', summary, re.S)
    }


def assert_linked(html: str, fields: list[str]) -> dict[str, str]:
    """Each field has a link in the summary, and the link's target is on the page."""
    links = summary_links(html)
    for name in fields:
        assert f"id_{name}" in links, (name, links)
        assert f'id="id_{name}"' in html, name
    return links


def test_placement_form_summary_links_every_error_including_the_mentor_section():
    world = make_world()
    response = client_for(world.so_user).post(
        reverse("placements:register"),
        {
            "location": world.location.pk,
            "institute": world.institute.pk,
            "student_number": "N300",
            "first_name": "",
            "last_name": "Nieuw",
            "email": "geen-adres",
            "programme": "Engels",
            "variant": "vt",
            "level": "VT2",
            "start_date": "2020-09-01",
            "end_date": "2021-07-01",
            "days_per_week": "0,2",
            "wpb_email": "nieuwe.wpb@school.example",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    links = assert_linked(html, ["first_name", "email", "days_per_week", "wpb_first_name"])
    assert links["id_first_name"].startswith("Voornaam:")
    # The summary comes before the first field.
    assert html.index("bos-error-summary") < html.index('id="id_institute"')


def test_stipend_form_summary_links_every_error():
    world = stipend_world()
    application = stipend_services.start_application(placement=world.placement, actor=world.so)
    response = client_for(world.student).post(
        reverse("stipend:edit", args=[application.pk]),
        form_post(bsn="111222334", iban="NL92ABNA0417164300", date_of_birth="2099-01-01"),
    )
    assert response.status_code == 400
    links = assert_linked(response.content.decode(), ["bsn", "iban", "date_of_birth"])
    assert links["id_date_of_birth"].startswith("Geboortedatum:")


def test_policy_form_summary_names_and_links_the_field():
    year = make_world().year
    Policy.objects.get_or_create(school_year=year)
    client = client_for(user_with_role(Role.PROJECTLEIDER, year=year))
    url = reverse("facilitation:policy_edit", args=[year.name])
    form = client.get(url).context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        if isinstance(value, bool):
            if value:
                data[name] = "on"
            continue
        data[name] = "" if value is None else str(value)
    response = client.post(url, {**data, "hours_per_student": "acht"})
    assert response.status_code == 400
    links = assert_linked(response.content.decode(), ["hours_per_student"])
    assert links["id_hours_per_student"].startswith("Uren per student")


def test_intervision_meeting_form_shows_all_errors_of_a_submit_at_once():
    world = intervision_world()
    group = intervision_services.group_create(
        user=world.so, name="Bovenbouw", band="senior", location_ids=[world.school.pk]
    )
    intervision_services.ensure_methods(world.year)
    response = client_for(world.so).post(
        reverse("intervision:meeting_new", args=[group.pk]),
        {"date": "2031-10-08", "time": "15:30", "place": "", "leader_kind": "so"},
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert set(errors) >= {"date", "place", "leader", "methods"}
    assert_linked(response.content.decode(), ["date", "place", "leader", "methods"])
    assert not group.meetings.exists()


# --- Dutch numbers ---------------------------------------------------------------------------


def test_pupil_count_typed_the_way_the_page_shows_it_is_accepted():
    world = make_world()
    client = client_for(user_with_role(Role.PROJECTLEIDER, year=world.year))
    url = reverse("years:pupils", args=[world.year.name])
    row = LocationYear.objects.get(location=world.location, school_year=world.year)
    page = client.get(url).content.decode()
    assert 'value="2.188"' in page  # shown the Dutch way
    data = {
        f"loc{ly.location_id}": str(ly.pupils)
        for ly in LocationYear.objects.filter(school_year=world.year, is_member=True)
    }
    response = client.post(url, {**data, f"loc{world.location.pk}": "2.231"})
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.pupils == 2231


def test_a_lower_limit_is_written_with_a_decimal_comma():
    world = make_world()
    response = client_for(world.so_user).post(
        reverse("placements:register"),
        {"location": world.location.pk, "days_per_week": "0,2"},
    )
    assert response.context["form"].errors["days_per_week"] == [
        "Zorg ervoor dat deze waarde minstens 0,5 is."
    ]
    assert "minstens 0,5" in response.content.decode()


def test_days_per_week_typed_with_a_comma_or_a_point_are_read_as_decimals():
    world = make_world()
    placement = world.create()
    client = client_for(world.so_user)
    url = reverse("placements:edit", args=[placement.pk])
    form = client.get(url).context["form"]
    data = {key: value for key, value in form.initial.items() if value is not None}
    data.update(
        {
            "wpb": world.wpb.full_name,
            "wpb_id": world.wpb.pk,
            "io": world.io.full_name,
            "io_id": world.io.pk,
            "days_per_week": "2.5",
        }
    )
    data.pop("is_final")
    assert client.post(url, data).status_code == 302
    placement.refresh_from_db()
    assert str(placement.days_per_week) == "2.5"


def test_a_year_is_never_written_with_a_thousands_separator():
    world = make_world()  # its mentor works at the school since 2015
    client = client_for(world.so_user)
    html = client.get(reverse("placements:mentors")).content.decode()
    assert "2015" in html and "2.015" not in html
    response = client.post(
        reverse("placements:register"),
        {
            "location": world.location.pk,
            "wpb_started_at_school": "1900",
        },
    )
    html = response.content.decode()
    assert "minstens 1950" in html and "1.950" not in html
    assert 'value="1900"' in html


def test_a_new_intervision_group_gets_all_its_errors_at_once():
    world = intervision_world()
    with pytest.raises(ValidationError) as refused:
        intervision_services.group_create(user=world.so, name=" ", band="?", location_ids=[])
    assert set(refused.value.message_dict) == {"name", "band", "locations"}
