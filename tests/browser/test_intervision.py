"""Intervision at school in the browser: the SO turns the suggestion into groups, plans a
meeting, records attendance on a phone-wide screen and sees the cadence list; a student
writes and shares a report, which their IO reads and a WPB cannot."""

import re

import pytest

from intervision.models import IntervisionGroup, Reflection
from tests.browser.helpers import click_and_wait
from tests.demo_years import RUNNING_YEAR, held_by_now

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SO = "so.beatrix@demo.bos.example"
STUDENT = "student@demo.bos.example"
# The demo's running year (the default for every login); 2020-2021 is closed.


def _context(browser, width=1366):
    context = browser.new_context(
        locale="nl-NL", timezone_id="Europe/Amsterdam", viewport={"width": width, "height": 900}
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    return context, page


def _password_login(browser, live_server, email, width=1366):
    from django.conf import settings

    context, page = _context(browser, width)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", settings.DEMO_PASSWORD)
    click_and_wait(page, page.locator("main button[type=submit]").first)
    return context, page


def _code_login(browser, live_server, email):
    from django.core import mail

    context, page = _context(browser)
    mail.outbox.clear()
    page.goto(f"{live_server.url}/accounts/login/code/")
    page.fill("input[name=email]", email)
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r".*/login/code/confirm/.*"))
    code = next(
        line.strip()
        for line in mail.outbox[-1].body.splitlines()
        if re.fullmatch(r"[A-Z0-9-]{6,12}", line.strip())
    )
    page.fill("input[name=code]", code)
    click_and_wait(page, page.locator("main button[type=submit]").first)
    return context, page


def test_so_makes_groups_plans_a_meeting_and_records_attendance_on_a_phone(
    demo, browser, live_server
):
    # Start the running year afresh at Beatrix College: nobody in a group yet.
    IntervisionGroup.objects.filter(
        school_year__name=RUNNING_YEAR, locations__name="Beatrix College"
    ).delete()
    context, page = _password_login(browser, live_server, SO)
    page.get_by_role("link", name="Intervisie", exact=True).first.click()
    page.get_by_role("link", name="Groepen voorstellen").click()
    suggestions = page.locator(".suggestion").count()
    assert suggestions >= 2  # two bands, split into groups of 6 to 10
    click_and_wait(page, page.get_by_role("button", name="Groepen aanmaken"))
    assert f"{suggestions} groep(en) aangemaakt" in page.content()
    assert page.locator("#needs-group").count() == 0

    page.locator("#groups tbody a").first.click()
    page.get_by_role("link", name="Bijeenkomst plannen").click()
    page.get_by_label("Datum").fill(held_by_now("2022-03-10"))
    page.get_by_label("Begintijd").fill("15:30")
    page.get_by_label("Plaats").fill("Lokaal 2.04")
    page.get_by_label("Incidentmethode").check()
    click_and_wait(page, page.get_by_role("button", name="Plannen"))
    assert "Bijeenkomst gepland" in page.content()
    meeting_url = page.url
    context.close()

    # In the room, on a phone.
    context, phone = _password_login(browser, live_server, SO, width=390)
    phone.goto(meeting_url)
    attendees = phone.locator("form.attendance fieldset")
    count = attendees.count()
    assert count >= 6
    for index in range(count):
        choice = "Afwezig" if index == count - 1 else "Aanwezig"
        target = attendees.nth(index).locator("label", has_text=choice)
        box = target.bounding_box()
        assert box["height"] >= 44 and box["width"] >= 44  # a thumb-sized target
        target.click()
    # The attendance list fits the screen (the site header is the layout's business).
    assert phone.evaluate("document.querySelector('form.attendance').scrollWidth") <= 390
    assert phone.locator("form.attendance").bounding_box()["width"] <= 390
    click_and_wait(phone, phone.get_by_role("button", name="Aanwezigheid opslaan"))
    assert "Aanwezigheid opgeslagen" in phone.content()
    present = attendees.first.locator("legend").inner_text()
    context.close()

    # Back at the desk: the group met yesterday, so who was there keeps the cadence; the
    # other new group has not met yet, so its students show as missing it.
    context, page = _password_login(browser, live_server, SO)
    page.goto(f"{live_server.url}/intervisie/")
    cadence = page.locator("#cadence-list")
    assert present not in cadence.inner_text()
    assert "geen bijeenkomst volgens het ritme" in cadence.inner_text()
    context.close()


def test_student_shares_a_report_the_io_reads_it_and_a_wpb_cannot(demo, browser, live_server):
    context, page = _code_login(browser, live_server, STUDENT)
    page.get_by_role("link", name="Intervisieverslagen").first.click()
    page.get_by_role("link", name=re.compile("Verslag schrijven")).first.click()
    page.get_by_label("Je verslag").fill("Vandaag bracht ik een lastige les in. Ik leerde veel.")
    click_and_wait(page, page.get_by_role("button", name="Opslaan"))
    assert "nee, alleen jij leest dit" in page.locator("#shared-state").inner_text()
    click_and_wait(page, page.get_by_role("button", name="Delen met mijn SO en IO"))
    assert page.locator("#shared-state").inner_text().startswith("ja")
    report_url = page.url
    report = Reflection.objects.get(text__startswith="Vandaag bracht ik")
    assert report.placement.school_year.name == RUNNING_YEAR
    assert report.is_shared and f"/verslagen/{report.pk}/" in report_url
    context.close()

    context, page = _password_login(browser, live_server, "io.flot@demo.bos.example")
    response = page.goto(report_url)
    assert response.status == 200
    assert "Ik leerde veel." in page.content()
    context.close()

    context, page = _password_login(browser, live_server, "wpb@demo.bos.example")
    response = page.goto(report_url)
    assert response.status in (403, 404)
    assert "Ik leerde veel." not in page.content()
    context.close()


def test_intervision_pages_have_no_wcag_violations(demo, page, live_server, login):
    from axe_playwright_python.sync_playwright import Axe

    group = IntervisionGroup.objects.filter(locations__name="Beatrix College").order_by("pk")[0]
    meeting = group.meetings.order_by("starts_at")[0]
    login(SO)
    for path in (
        "/intervisie/",
        "/intervisie/groepen/voorstel/",
        "/intervisie/groepen/nieuw/",
        f"/intervisie/groepen/{group.pk}/",
        f"/intervisie/groepen/{group.pk}/bijeenkomst/",
        f"/intervisie/bijeenkomsten/{meeting.pk}/",
        "/intervisie/modellen/",
        "/intervisie/verslagen/",
    ):
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        found = Axe().run(page).response["violations"]
        assert [f"{v['id']}: {v['nodes'][0]['target']}" for v in found] == [], path


def test_so_with_many_groups_places_a_student_by_typing_a_group_on_a_phone(
    demo, browser, live_server
):
    """Issue #29: with more groups than a select lists, the place form is a search field;
    typing shows the matching groups (htmx) and the picked one takes the student."""
    from axe_playwright_python.sync_playwright import Axe
    from django.utils import timezone

    from bos.models import SchoolLocation, SchoolYear
    from intervision.forms import PLACE_SELECT_MAX
    from intervision.models import Band, Membership
    from placements.models import OPEN_STATUSES

    year = SchoolYear.objects.get(name=RUNNING_YEAR)
    beatrix = SchoolLocation.objects.get(name="Beatrix College")
    for index in range(PLACE_SELECT_MAX + 1):
        group = IntervisionGroup.objects.create(
            school_year=year, name=f"Zoekgroep {index:02}", band=Band.SENIOR
        )
        group.locations.add(beatrix)
    # One of the school's members leaves their group: the SO places them again.
    membership = (
        Membership.objects.filter(
            group__school_year=year,
            group__locations=beatrix,
            left_on__isnull=True,
            placement__status__in=OPEN_STATUSES,
            placement__end_date__gte=timezone.localdate(),
        )
        .select_related("placement__student")
        .order_by("pk")
        .first()
    )
    placement = membership.placement
    membership.delete()

    context, page = _password_login(browser, live_server, SO, width=390)
    # Wait for the page's load event: a field typed in before htmx has set it up sends
    # no search.
    click_and_wait(page, page.get_by_role("link", name="Intervisie", exact=True).first)
    field = page.locator(f"input[name='p{placement.pk}-group']")
    assert field.get_attribute("type") == "search"
    assert page.locator("#needs-group select").count() == 0
    field.fill("zoekgroep 07")
    option = page.get_by_role("radio", name="Zoekgroep 07")
    option.wait_for()
    assert page.locator(f"#id_p{placement.pk}-group_status").inner_text() == "1 groep gevonden."
    # The field with its found groups is as accessible as the rest of the page.
    found = Axe().run(page).response["violations"]
    assert [f"{v['id']}: {v['nodes'][0]['target']}" for v in found] == []
    option.check()
    row = page.locator("#needs-group tr", has=field)
    button = row.get_by_role("button", name=re.compile("^In groep"))
    assert button.is_visible()
    click_and_wait(page, button)
    assert f"{placement.student.full_name} zit nu in Zoekgroep 07" in page.content()
    assert placement.intervision_memberships.get(left_on__isnull=True).group.name == "Zoekgroep 07"
    context.close()
