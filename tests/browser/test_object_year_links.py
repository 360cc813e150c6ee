"""The links mails carry, opened while the header holds another year: an intervision
meeting, a verdiepingsmiddag, a placement and a stipend application each open in their own
year, say so on the page, and leave the header's year as it was."""

from __future__ import annotations

import pytest
from django.urls import reverse

from afternoons.models import DeepeningAfternoon
from bos.models import RoleAssignment, SchoolYear
from bos.years import available_years
from intervision.models import Meeting as IntervisionMeeting
from placements.models import Placement
from stipend.models import StipendApplication
from tests.browser.helpers import click_and_wait, shoot
from tests.demo_years import running_year

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SO = "so.beatrix@demo.bos.example"
PROJECTLEIDER = "projectleider@demo.bos.example"


def _login(browser, live_server, email: str, width: int):
    from django.conf import settings

    context = browser.new_context(
        locale="nl-NL", timezone_id="Europe/Amsterdam", viewport={"width": width, "height": 900}
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", settings.DEMO_PASSWORD)
    click_and_wait(page, page.locator("main button[type=submit]").first)
    return context, page


def _other_year(email: str, own: SchoolYear) -> SchoolYear:
    from bos.models import User

    years = [year for year in available_years(User.objects.get(email=email)) if year != own]
    assert years, f"{email} holds a role in one year only"
    return years[0]


def _so_locations(year: SchoolYear) -> list[int]:
    return list(
        RoleAssignment.objects.filter(
            person__user__email=SO, school_year=year, role="so"
        ).values_list("locations", flat=True)
    )


def _links() -> list[tuple[str, str, str]]:
    """(who, link path, what the page shows) for one object of each kind."""
    year = running_year()
    locations = _so_locations(year)
    meeting = IntervisionMeeting.objects.filter(
        group__school_year=year, group__locations__in=locations
    ).first()
    placement = Placement.objects.filter(school_year=year, location_id__in=locations).first()
    application = StipendApplication.objects.filter(
        placement__school_year=year, placement__location_id__in=locations
    ).first()
    afternoon = DeepeningAfternoon.objects.filter(school_year=year).first()
    assert meeting and placement and application and afternoon, "the demo lacks an object"
    return [
        (SO, reverse("intervision:meeting", args=[meeting.pk]), meeting.group.name),
        (SO, reverse("placements:detail", args=[placement.pk]), placement.student.full_name),
        (
            SO,
            reverse("stipend:detail", args=[application.pk]),
            application.placement.student.full_name,
        ),
        (PROJECTLEIDER, reverse("afternoons:detail", args=[afternoon.pk]), str(afternoon)),
    ]


@pytest.mark.parametrize("width", [1366, 390])
def test_mail_links_open_in_the_objects_own_year(demo, browser, live_server, width):
    own = running_year()
    for email, path, shown in _links():
        other = _other_year(email, own)
        context, page = _login(browser, live_server, email, width)
        try:
            # The header holds another year, chosen with the switcher.
            page.goto(f"{live_server.url}/")
            page.select_option("#bos-year", other.name)
            click_and_wait(page, page.get_by_role("button", name="Wissel"))
            assert page.locator("#bos-year").input_value() == other.name

            response = page.goto(f"{live_server.url}{path}")
            assert response is not None and response.status == 200, path
            main = page.locator("main")
            assert shown in main.inner_text(), path
            assert page.locator(".bos-object-year").inner_text() == f"Schooljaar {own.name}"
            # The header's year is left as it was.
            assert page.locator("#bos-year").input_value() == other.name
            shoot(page, f"{path.strip('/').replace('/', '-')}-{width}")
        finally:
            context.close()
