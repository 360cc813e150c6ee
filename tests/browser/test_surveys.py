"""A survey in the browser: the projectleider makes one from a template and opens it; a WPB
follows the invitation, logs in with a code on a 390 px phone and answers; the projectleider
reads the results, where the one free-text answer stays hidden (an anonymous group below
five)."""

import datetime as dt
import re

import pytest

from tests.browser.helpers import click_and_wait, shoot
from tests.browser.test_accessibility import violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PL = "projectleider@demo.bos.example"
WPB = "wpb@demo.bos.example"


def _context(browser, width, height=900):
    context = browser.new_context(
        locale="nl-NL", timezone_id="Europe/Amsterdam", viewport={"width": width, "height": height}
    )
    page = context.new_page()
    page.set_default_timeout(20_000)
    return context, page


def _code_from_outbox() -> str:
    from django.core import mail

    body = mail.outbox[-1].body
    return next(
        line.strip() for line in body.splitlines() if re.fullmatch(r"[A-Z0-9-]{6,12}", line.strip())
    )


def test_a_survey_from_template_to_results(demo, browser, live_server):
    from django.conf import settings
    from django.core import mail
    from django.utils import timezone

    from surveys.models import Invitation, Response, Survey

    today = timezone.localdate()
    # 1. The projectleider makes the WPB facilitation survey from its template for one
    #    school and opens it.
    context, page = _context(browser, 1366)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=login]", PL)
    page.fill("input[name=password]", settings.DEMO_PASSWORD)
    click_and_wait(page, page.locator("main button[type=submit]").first)
    click_and_wait(page, page.get_by_role("link", name="Programma").first)
    click_and_wait(page, page.get_by_role("link", name="Vragenlijsten").first)
    click_and_wait(page, page.get_by_role("link", name="Onderzoek facilitering WPB").last)
    page.get_by_label("Titel").fill("Facilitering WPB Beatrix College")
    closes = min(today + dt.timedelta(days=14), Survey.objects.first().school_year.end_date)
    page.get_by_label("Open tot en met").fill(closes.isoformat())
    page.get_by_label("Beatrix College").check()
    click_and_wait(page, page.get_by_role("button", name="Opslaan"))
    assert "is aangemaakt als concept" in page.content()
    mail.outbox.clear()
    click_and_wait(page, page.get_by_role("button", name="Openen en uitnodigen"))
    assert "De vragenlijst is open" in page.content()
    survey = Survey.objects.get(title="Facilitering WPB Beatrix College")
    invitation = Invitation.objects.get(survey=survey, email=WPB)
    assert survey.status == "open" and survey.anonymous
    shoot(page, "surveys-detail-1366")
    letter = next(m for m in mail.outbox if m.to == [WPB])
    link = re.search(r"https?://\S+/accounts/login/code/\S*", letter.body).group(0)

    # 2. The WPB follows the link on a phone, logs in with a code and answers.
    phone_context, phone = _context(browser, 390, 844)
    phone.goto(live_server.url + link[link.index("/accounts/") :])
    phone.fill("input[name=email]", WPB)
    phone.click("main button[type=submit]")
    phone.wait_for_url(re.compile(r".*/login/code/confirm/.*"))
    phone.fill("input[name=code]", _code_from_outbox())
    click_and_wait(phone, phone.locator("main button[type=submit]").first)
    assert f"/vragenlijsten/{survey.pk}/invullen/" in phone.url
    assert "anoniem" in phone.content()
    phone.get_by_label("10 tot 20 uur").check()
    phone.get_by_label("Als roostervrije tijd").check()
    phone.locator("fieldset", has_text="genoeg voor een goede").get_by_label("2 oneens").check()
    phone.locator("fieldset", has_text="Ik weet hoeveel").get_by_label("4 eens").check()
    phone.get_by_label("Wat zou je helpen").fill("Een vast uur per week met mijn student.")
    shoot(phone, "surveys-answer-390")
    assert violations(phone) == []
    click_and_wait(phone, phone.get_by_role("button", name="Antwoorden versturen"))
    assert "Bedankt" in phone.content()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    phone_context.close()
    invitation.refresh_from_db()
    assert invitation.has_responded
    response = Response.objects.get(survey=survey)
    assert response.respondent_id is None and response.submitted_on is None

    # 3. The projectleider reads the results: one response, its free text held back.
    page.goto(f"{live_server.url}/vragenlijsten/{survey.pk}/resultaten/")
    content = page.content()
    invited = survey.invitations.count()
    assert f"1 van de {invited} genodigden reageerden" in content
    assert "Een vast uur per week" not in content
    assert "Pas vanaf 5 reacties" in content
    assert (
        page.get_by_role(
            "img", name="De tijd die ik krijg, is genoeg voor een goede begeleiding."
        ).count()
        == 1
    )
    shoot(page, "surveys-results-1366")
    assert violations(page) == []
    context.close()
