"""The stipend period and days come from the placement (security findings 6 and 8)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from stipend import rules, services
from stipend.assessment import assess
from stipend.models import DaysChange, StipendApplication
from tests.stipend.factories import FORM_DATA, accepted_application


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def form_post(**overrides) -> dict:
    data = {**FORM_DATA, **overrides}
    return {key: ("" if value is None else str(value)) for key, value in data.items()}


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("end_date", "2029-07-31", "De einddatum ligt binnen de stageperiode"),
        ("start_date", "0001-01-01", "Kies een datum tussen 01-01-1900 en 31-12-2100"),
        ("start_date", "2021-08-01", "De startdatum ligt binnen de stageperiode"),
        ("end_date", "9999-12-31", "Kies een datum tussen 01-01-1900 en 31-12-2100"),
    ],
)
def test_the_student_cannot_stretch_the_period(world, field, value, message):
    application = services.start_application(placement=world.placement, actor=world.so)
    url = reverse("stipend:edit", args=[application.pk])
    response = client_for(world.student).post(url, form_post(**{field: value}))
    assert response.status_code == 400
    assert message in response.content.decode()
    application.refresh_from_db()
    assert (application.start_date, application.end_date) == (
        world.placement.start_date,
        world.placement.end_date,
    )


def test_days_stay_within_the_placements_days(world):
    world.placement.days_per_week = Decimal(2)
    world.placement.save()
    application = services.start_application(placement=world.placement, actor=world.so)
    url = reverse("stipend:edit", args=[application.pk])
    response = client_for(world.student).post(url, form_post(days_per_week=3))
    assert response.status_code == 400
    assert "Je loopt 2 dagen per week stage" in response.content.decode()
    with pytest.raises(ValidationError):
        services.update_application(
            application=application, actor=world.student, data={"days_per_week": 3}
        )


def test_the_service_refuses_a_period_outside_the_placement(world):
    application = services.start_application(placement=world.placement, actor=world.so)
    with pytest.raises(ValidationError) as refused:
        services.update_application(
            application=application,
            actor=world.student,
            data={"end_date": dt.date(2029, 7, 31)},
        )
    assert "end_date" in refused.value.message_dict


def test_a_narrower_period_is_allowed(world):
    application = services.start_application(placement=world.placement, actor=world.so)
    services.update_application(
        application=application, actor=world.student, data={"start_date": dt.date(2021, 10, 1)}
    )
    application.refresh_from_db()
    assert application.start_date == dt.date(2021, 10, 1)


def test_a_stored_extreme_period_is_clamped_and_the_page_renders(world):
    application = accepted_application(world)
    StipendApplication.objects.filter(pk=application.pk).update(
        start_date=dt.date(1, 1, 1), end_date=dt.date(9999, 12, 31)
    )
    application.refresh_from_db()
    result = assess(application)
    assert result.schedule is not None and result.schedule.count == 10
    response = client_for(world.so).get(reverse("stipend:detail", args=[application.pk]))
    assert response.status_code == 200


def test_month_starts_end_with_the_calendar():
    months = list(rules._month_starts(dt.date(9999, 11, 5), dt.date(9999, 12, 31)))
    assert months == [dt.date(9999, 11, 1), dt.date(9999, 12, 1)]


def test_change_of_days_on_a_far_date_is_a_dutch_error(world):
    application = accepted_application(world)
    response = client_for(world.so).post(
        reverse("stipend:change_days", args=[application.pk]),
        {"days": "1", "agreed_on": "9999-12-31"},
        follow=True,
    )
    assert response.status_code == 200
    assert "Kies een datum tussen" in response.content.decode()
    response = client_for(world.so).post(
        reverse("stipend:change_days", args=[application.pk]),
        {"days": "1", "agreed_on": "2029-12-31"},
        follow=True,
    )
    assert "De afspraakdatum ligt binnen de stageperiode" in response.content.decode()
    assert not DaysChange.objects.filter(application=application).exists()
