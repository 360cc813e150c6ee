"""A verdiepingsmiddag from plan to follow-up in the browser: the projectleider plans an
afternoon with three workshops and invites; the student logs in by code from the invitation
and ranks the themes; the projectleider runs and publishes the assignment; the leader keeps
the attendance list on a 390 px phone, with a walk-in; the SO sees the absentees.

The afternoon is planned in the running year (the default year; 2020-2021 is
closed and read-only), so "today" is set to a day in its autumn for the choosing period (the
live server runs in this process and reads the same clock)."""

import datetime as dt
import re

import pytest

from tests.browser.helpers import click_and_wait, shoot
from tests.browser.test_accessibility import violations
from tests.demo_years import in_running

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PL = "projectleider@demo.bos.example"
SO = "so.beatrix@demo.bos.example"
STUDENT = "student@demo.bos.example"
TODAY = dt.date.fromisoformat(in_running("2021-10-01"))


def _context(browser, width=1366, height=900):
    context = browser.new_context(
        locale="nl-NL", timezone_id="Europe/Amsterdam", viewport={"width": width, "height": height}
    )
    page = context.new_page()
    page.set_default_timeout(20_000)
    return context, page


def _login(browser, live_server, email, width=1366):
    from django.conf import settings

    context, page = _context(browser, width)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", settings.DEMO_PASSWORD)
    click_and_wait(page, page.locator("main button[type=submit]").first)
    return context, page


def _code_from_outbox() -> str:
    from django.core import mail

    body = mail.outbox[-1].body
    return next(
        line.strip() for line in body.splitlines() if re.fullmatch(r"[A-Z0-9-]{6,12}", line.strip())
    )


def _add_workshop(page, theme, capacity, location, leader=None):
    page.get_by_role("link", name="Workshop toevoegen").click()
    page.get_by_role("textbox", name="Thema").fill(theme)
    page.get_by_label("Aantal plaatsen").fill(str(capacity))
    page.get_by_label("Locatie").fill(location)
    if leader:
        page.get_by_label("Workshopleider met een account").select_option(label=leader)
    else:
        page.get_by_label("Of: naam van de workshopleider").fill("Gastspreker Jansen")
    click_and_wait(page, page.get_by_role("button", name="Opslaan"))


def test_an_afternoon_from_plan_to_follow_up(demo, browser, live_server, monkeypatch):
    from django.core import mail
    from django.utils import timezone

    from afternoons.models import DeepeningAfternoon, Invitation, WorkshopAssignment
    from bos.models import Person
    from placements.models import Student

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)
    so_person = Person.objects.get(email=SO)
    student = Student.objects.get(user__email=STUDENT)

    # 1. The projectleider plans afternoon 3 for FLOT's final-year students, three workshops.
    context, page = _login(browser, live_server, PL)
    page.get_by_role("link", name="Verdiepingsmiddagen").first.click()
    page.get_by_role("link", name="Nieuwe middag plannen").click()
    page.get_by_label("Middag (nummer in het jaar)").fill("3")
    page.get_by_label("Datum").fill(in_running("2021-11-25"))
    page.get_by_label("Begintijd").fill("13:30")
    page.get_by_label("Eindtijd").fill("16:30")
    page.get_by_label("Doelgroep (omschrijving)").fill("Afstudeerders FLOT")
    page.get_by_label("FLOT").check()
    page.get_by_label("VT4").check()
    # The demo student went on from VT4 to a master placement in the running year.
    page.get_by_label("master", exact=True).check()
    page.get_by_label("Kiezen kan tot en met").fill(in_running("2021-11-11"))
    shoot(page, "afternoons-plan-form-1366")
    click_and_wait(page, page.get_by_role("button", name="Opslaan"))
    assert page.get_by_role("heading", name=re.compile("Verdiepingsmiddag 3")).is_visible()
    _add_workshop(page, "Klassenmanagement", 40, "Beatrix College, aula", so_person.full_name)
    _add_workshop(page, "Omgaan met verschillen", 40, "Newmancollege, lokaal 12")
    _add_workshop(page, "Ouders en mentoraat", 40, "Dongemond college, mediatheek")
    afternoon = DeepeningAfternoon.objects.get(number=3, audience="Afstudeerders FLOT")
    assert afternoon.workshops.count() == 3
    mail.outbox.clear()
    click_and_wait(page, page.get_by_role("button", name="Uitnodigingen versturen"))
    invited = Invitation.objects.filter(afternoon=afternoon).count()
    assert invited > 5 and f"{invited} uitnodiging(en) verstuurd" in page.content()
    assert Invitation.objects.filter(afternoon=afternoon, student=student).exists()
    assert len(mail.outbox) == invited
    shoot(page, "afternoons-detail-invited-1366")
    assert violations(page) == []
    invitation = next(m for m in mail.outbox if m.to == [student.email])
    assert "aula" not in invitation.body  # the location is not told yet
    link = re.search(r"https?://\S+/accounts/login/code/\S*", invitation.body).group(0)
    context.close()

    # 2. The student follows the invitation's link, logs in by code and ranks the themes.
    context, page = _context(browser, 390, 844)
    page.goto(live_server.url + link[link.index("/accounts/") :])
    page.fill("input[name=email]", STUDENT)
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r".*/login/code/confirm/.*"))
    page.fill("input[name=code]", _code_from_outbox())
    click_and_wait(page, page.locator("main button[type=submit]").first)
    if "/verdiepingsmiddagen/mijn/" not in page.url:
        page.goto(f"{live_server.url}/verdiepingsmiddagen/mijn/")
    # The demo's own afternoon 2 is open for choosing too: take afternoon 3's link.
    page.locator(f"a[href$='/mijn/{afternoon.pk}/kiezen/']").click()
    assert "aula" not in page.content() and "lokaal 12" not in page.content()
    page.get_by_label("Eerste keuze").select_option(label="Klassenmanagement")
    page.get_by_label("Tweede keuze").select_option(label="Ouders en mentoraat")
    page.get_by_label("Derde keuze").select_option(label="Omgaan met verschillen")
    shoot(page, "afternoons-choose-390")
    assert violations(page) == []
    click_and_wait(page, page.get_by_role("button", name="Keuze opslaan"))
    assert "Je keuze is opgeslagen" in page.content()
    assert "aula" not in page.content()
    shoot(page, "afternoons-mine-chosen-390")

    # 3. The projectleider runs the assignment and publishes it.
    pl_context, pl = _login(browser, live_server, PL)
    pl.goto(f"{live_server.url}/verdiepingsmiddagen/{afternoon.pk}/")
    click_and_wait(pl, pl.get_by_role("button", name="Indeling maken"))
    assert "Indeling gemaakt" in pl.content()
    assert "kregen hun 1e keuze" in pl.content()
    click_and_wait(pl, pl.get_by_role("button", name="Indeling publiceren"))
    assert "De indeling is gepubliceerd" in pl.content()
    shoot(pl, "afternoons-detail-published-1366")
    pl_context.close()
    mine = WorkshopAssignment.objects.get(afternoon=afternoon, student=student)
    assert mine.workshop.theme == "Klassenmanagement" and mine.choice_rank == 1

    # The student now sees the workshop and where it is.
    page.goto(f"{live_server.url}/verdiepingsmiddagen/mijn/")
    assert "Beatrix College, aula" in page.content()
    context.close()

    # 4. The leader (the Beatrix SO) keeps the list on a phone: the demo student is absent,
    #    the others present, and a walk-in is added on the spot.
    context, phone = _login(browser, live_server, SO, width=390)
    phone.goto(f"{live_server.url}/verdiepingsmiddagen/presentie/")
    click_and_wait(phone, phone.get_by_role("link", name="Klassenmanagement"))
    others = list(
        WorkshopAssignment.objects.filter(workshop=mine.workshop)
        .exclude(pk=mine.pk)
        .select_related("student")[:3]
    )
    click_and_wait(phone, phone.get_by_role("button", name=f"{student.full_name} afwezig"))
    for other in others:
        click_and_wait(
            phone, phone.get_by_role("button", name=f"{other.student.full_name} aanwezig")
        )
    walker = (
        Student.objects.filter(placements__school_year=afternoon.school_year)
        .exclude(afternoon_assignments__afternoon=afternoon)
        .first()
    )
    phone.get_by_label("Naam of studentnummer").fill(walker.student_number)
    click_and_wait(phone, phone.get_by_role("button", name="Zoeken"))
    click_and_wait(
        phone, phone.get_by_role("button", name=f"{walker.full_name} toevoegen als aanwezig")
    )
    alerts = phone.locator(".utrecht-alert").all_inner_texts()
    assert any("toegevoegd als aanwezig" in alert for alert in alerts), (alerts, phone.url)
    shoot(phone, "afternoons-attendance-390")
    assert violations(phone) == []
    # The list itself fits a 390 px screen (the site header is the layout's business).
    widest = phone.evaluate(
        "Math.max(...[...document.querySelectorAll('ul.attendance li')]"
        ".map(e => e.getBoundingClientRect().right))"
    )
    assert widest <= 390
    mine.refresh_from_db()
    assert mine.attended is False
    assert WorkshopAssignment.objects.get(afternoon=afternoon, student=walker).attended is True
    assert all(WorkshopAssignment.objects.get(pk=o.pk).attended is True for o in others)

    # 5. The SO sees the absentees of their school to follow up.
    phone.goto(f"{live_server.url}/verdiepingsmiddagen/opvolging/")
    table = phone.get_by_role("table", name=re.compile("Studenten die afwezig waren"))
    assert student.full_name in table.inner_text()
    shoot(phone, "afternoons-follow-up-390")
    assert violations(phone) == []
    context.close()
