"""Professionalisation end to end in the browser: the projectleider plans a meeting; a WPB
logs in by code, lands on the waiting list of a full meeting and moves up after a
cancellation; the leader records attendance; the WPB downloads the certificate, whose text
(pdftotext) lists the meetings and hours.

The demo year lies in the past, so these tests give the demo people roles in the school year
around today, where meetings are still ahead."""

import datetime as dt
import re
import shutil
import subprocess

import pytest
from django.utils import timezone

from tests.browser.helpers import click_and_wait
from tests.demo_years import RUNNING_YEAR

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DOMAIN = "demo.bos.example"


@pytest.fixture
def running_year(demo):
    from bos.models import LocationYear, Person, Role, RoleAssignment, SchoolLocation
    from professionalization import services
    from tests.professionalization.factories import current_year

    year = current_year()
    beatrix = SchoolLocation.objects.get(name="Beatrix College")
    for location in SchoolLocation.objects.all():
        LocationYear.objects.get_or_create(location=location, school_year=year)
    people = {
        key: Person.objects.get(email=f"{key}@{DOMAIN}")
        for key in ("projectleider", "wpb", "so.beatrix")
    }
    RoleAssignment.objects.get_or_create(
        person=people["projectleider"], school_year=year, role=Role.PROJECTLEIDER
    )
    for key, role in (("wpb", Role.WPB), ("so.beatrix", Role.SO)):
        assignment, _ = RoleAssignment.objects.get_or_create(
            person=people[key], school_year=year, role=role
        )
        assignment.locations.set([beatrix])
    themes = {t.number: t for t in services.themes_ensure(year=year)}
    return {"year": year, "beatrix": beatrix, "themes": themes, "people": people}


def _context(browser):
    context = browser.new_context(
        locale="nl-NL", timezone_id="Europe/Amsterdam", accept_downloads=True
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    return context, page


def _password_login(browser, live_server, email):
    from django.conf import settings

    context, page = _context(browser)
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
    body = mail.outbox[-1].body
    code = next(
        line.strip() for line in body.splitlines() if re.fullmatch(r"[A-Z0-9-]{6,12}", line.strip())
    )
    page.fill("input[name=code]", code)
    click_and_wait(page, page.locator("main button[type=submit]").first)
    return context, page


def _meeting(world, number, *, days_ahead, capacity):
    from professionalization import services
    from professionalization.models import Meeting

    day = min(timezone.localdate() + dt.timedelta(days=days_ahead), world["year"].end_date)
    return services.save_meeting(
        meeting=Meeting(
            school_year=world["year"],
            theme=world["themes"][number],
            date=day,
            start_time=dt.time(13, 30),
            end_time=dt.time(16, 0),
            location=world["beatrix"],
            capacity=capacity,
            leader=world["people"]["so.beatrix"],
        )
    )


def test_projectleider_plans_a_meeting(running_year, browser, live_server):
    world = running_year
    context, page = _password_login(browser, live_server, f"projectleider@{DOMAIN}")
    page.goto(f"{live_server.url}/professionalisering/bijeenkomst/nieuw/")
    # Defaults of the plan: Thursday afternoon 13:30–16:00.
    assert page.input_value("input[name=start_time]") == "13:30"
    assert page.input_value("input[name=end_time]") == "16:00"
    day = timezone.localdate() + dt.timedelta(days=14)
    day = min(day + dt.timedelta(days=(3 - day.weekday()) % 7), world["year"].end_date)
    page.select_option("select[name=theme]", label=str(world["themes"][4]))
    page.fill("input[name=date]", day.isoformat())
    page.select_option("select[name=location]", label="Beatrix College")
    page.fill("input[name=capacity]", "24")
    page.select_option("select[name=leader]", label=world["people"]["so.beatrix"].full_name)
    page.check("input[name=info_session]")
    page.fill("input[name=info_topic]", "De nieuwe stagegids")
    click_and_wait(page, page.locator("main button[type=submit]").first)
    assert page.get_by_role("heading", name="4. Feedback").is_visible()
    assert "24 vrij van 24" in page.content()
    assert "De nieuwe stagegids" in page.content()
    from professionalization.models import Meeting

    planned = Meeting.objects.get(info_topic="De nieuwe stagegids")
    page.goto(f"{live_server.url}/professionalisering/")
    # The demo's running year offers theme 4 too: the planned meeting is the one linked here.
    link = page.locator(f"a[href='/professionalisering/bijeenkomst/{planned.pk}/']")
    assert link.is_visible() and link.inner_text() == "4. Feedback"
    page.goto(f"{live_server.url}/professionalisering/themas/")
    assert "Het aanbod voldoet nog niet aan het plan." in page.content()
    context.close()


def test_wpb_waits_for_a_full_meeting_and_moves_up_after_a_cancellation(
    running_year, browser, live_server
):
    from django.core import mail

    from bos.models import Role
    from professionalization import services
    from professionalization.models import Registration
    from tests.factories import user_with_role

    world = running_year
    meeting = _meeting(world, 1, days_ahead=10, capacity=1)
    colleague = user_with_role(Role.WPB, year=world["year"], locations=[world["beatrix"]])
    services.register(user=colleague, meeting_id=meeting.pk)

    context, page = _code_login(browser, live_server, f"wpb@{DOMAIN}")
    page.goto(f"{live_server.url}/professionalisering/")
    # The demo's running year offers theme 1 too: take this meeting's link.
    click_and_wait(page, page.locator(f"a[href='/professionalisering/bijeenkomst/{meeting.pk}/']"))
    assert "0 vrij van 1" in page.content()
    click_and_wait(page, page.get_by_role("button", name="Op de wachtlijst"))
    assert "je staat op de wachtlijst (nummer 1)" in page.content()

    mail.outbox.clear()
    seat = Registration.objects.get(meeting=meeting, person=colleague.person)
    services.cancel(user=colleague, registration_id=seat.pk)
    assert [m.to for m in mail.outbox] == [[f"wpb@{DOMAIN}"]]
    assert "plaats vrijgekomen" in mail.outbox[0].subject
    page.reload()
    assert "Je bent aangemeld." in page.content()
    context.close()


def test_leader_records_attendance_and_wpb_downloads_the_certificate(
    running_year, browser, live_server, tmp_path
):
    from professionalization import services
    from professionalization.models import Registration

    world = running_year
    meeting = _meeting(world, 3, days_ahead=0, capacity=20)
    services.enrol(
        meeting_id=meeting.pk,
        person_id=world["people"]["wpb"].pk,
        today=timezone.localdate(),
    )

    context, page = _password_login(browser, live_server, f"so.beatrix@{DOMAIN}")
    page.goto(f"{live_server.url}/professionalisering/bijeenkomst/{meeting.pk}/")
    page.get_by_label(world["people"]["wpb"].full_name).check()
    click_and_wait(page, page.get_by_role("button", name="Aanwezigheid opslaan"))
    assert "Aanwezigheid opgeslagen: 1 aanwezig." in page.content()
    context.close()
    assert Registration.objects.get(meeting=meeting).attended

    context, page = _code_login(browser, live_server, f"wpb@{DOMAIN}")
    page.goto(f"{live_server.url}/professionalisering/")
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile("Certificaat .* downloaden")).click()
    pdf = tmp_path / "certificaat.pdf"
    download_info.value.save_as(pdf)
    assert shutil.which("pdftotext"), "apt-get install -y poppler-utils"
    text = subprocess.run(  # noqa: S603 - fixed arguments, our own file
        [shutil.which("pdftotext"), "-layout", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "Certificaat professionalisering" in text
    assert world["people"]["wpb"].full_name in text
    assert "3. Observeren" in text
    assert meeting.date.strftime("%d-%m-%Y") in text
    assert "2,5" in text
    assert "Totaal geïnvesteerde uren" in text
    context.close()


def test_professionalisation_pages_have_no_wcag_violations(demo, page, live_server, login):
    from professionalization.models import Meeting, ReflectiveConversation
    from tests.browser.test_accessibility import violations

    # The running demo year: the logins open it by default.
    running = RUNNING_YEAR
    meeting = Meeting.objects.filter(kind="theme", school_year__name=running).first()
    start = Meeting.objects.get(
        kind="start", location__name="Beatrix College", school_year__name=running
    )
    conversation = ReflectiveConversation.objects.filter(
        conductor__email=f"so.beatrix@{DOMAIN}", school_year__name=running
    ).first()
    pages = {
        "projectleider": [
            "/professionalisering/",
            f"/professionalisering/bijeenkomst/{meeting.pk}/",
            "/professionalisering/bijeenkomst/nieuw/",
            "/professionalisering/themas/",
            "/professionalisering/overzicht/",
            "/professionalisering/certificaten/",
        ],
        "so.beatrix": [
            f"/professionalisering/bijeenkomst/{start.pk}/",
            "/professionalisering/startbijeenkomsten/",
            f"/professionalisering/startbijeenkomsten/{start.location_id}/",
            "/professionalisering/gesprekken/",
            f"/professionalisering/gesprekken/{conversation.pk}/",
        ],
    }
    for email, paths in pages.items():
        page.context.clear_cookies()
        login(f"{email}@{DOMAIN}")
        for path in paths:
            response = page.goto(f"{live_server.url}{path}")
            assert response.status == 200, path
            assert violations(page) == [], path
