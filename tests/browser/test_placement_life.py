"""A placement's whole life in the browser: a place for next year, the institute's
proposal, the student's application, acceptance with the checklist; early matching turning
into a placement; conversations by the WPB and the IO; a starting teacher on the dashboard."""

import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

from bos.models import SchoolYear
from placements import matching
from placements.models import Conversation, Placement, Proposal
from tests.browser.helpers import click_and_wait, open_from_menu
from tests.demo_years import NEXT_YEAR, RUNNING_YEAR, held_by_now, in_running

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SO = "so.beatrix@demo.bos.example"
IO = "io.flot@demo.bos.example"
WPB = "wpb@demo.bos.example"
STUDENT = "student@demo.bos.example"
PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _private_storage(settings, tmp_path):
    settings.PRIVATE_STORAGE_ROOT = tmp_path


def _context(browser):
    context = browser.new_context(locale="nl-NL", timezone_id="Europe/Amsterdam")
    page = context.new_page()
    page.set_default_timeout(15_000)
    return context, page


def _password_login(browser, live_server, email):
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


RUNNING = RUNNING_YEAR
NEXT = NEXT_YEAR


def _next_year() -> SchoolYear:
    return SchoolYear.objects.get(name=NEXT)


def test_a_place_for_next_year_is_offered_proposed_applied_for_and_accepted(
    demo, browser, live_server
):
    # The SO offers a place for next year.
    context, page = _password_login(browser, live_server, SO)
    page.goto(f"{live_server.url}/stages/plaatsen/")
    # The page lists the offers above the form, with filters of the same names.
    form = page.locator("form[method=post]", has=page.get_by_role("button", name="Aanbod opslaan"))
    form.get_by_label("Schooljaar").select_option(label=NEXT)
    form.get_by_label("Schoollocatie").select_option(label="Beatrix College")
    form.get_by_label("Vak", exact=True).fill("Aardrijkskunde")
    form.get_by_label("Stageniveau").select_option("VT3")
    form.get_by_label("Aantal plaatsen").fill("1")
    form.get_by_label("Begindatum").fill(in_running("2022-09-01"))
    form.get_by_label("Einddatum").fill(in_running("2023-06-30"))
    form.get_by_label("Stagedagen").fill("woensdag en vrijdag")
    click_and_wait(page, page.get_by_role("button", name="Aanbod opslaan"))
    offered = page.locator("#bos-list tbody tr", has_text="Aardrijkskunde").filter(has_text=NEXT)
    expect(offered).to_have_count(1)
    expect(offered.first).to_be_visible()
    context.close()

    # The IO proposes the demo student for it.
    context, page = _password_login(browser, live_server, IO)
    page.get_by_role("link", name="Matching").first.click()
    page.get_by_role("link", name="Stageplaatsen bekijken en studenten voordragen").click()
    page.locator("main").get_by_label("Schooljaar").select_option(label=NEXT)
    page.get_by_label("Vak", exact=True).fill("Aardrijkskunde")
    click_and_wait(page, page.get_by_role("button", name="Zoeken"))
    page.get_by_role(
        "link", name=f"Student voordragen: Aardrijkskunde op Beatrix College ({NEXT})"
    ).click()
    student = (
        Placement.objects.filter(student__user__email=STUDENT, school_year__name=RUNNING)
        .first()
        .student
    )
    # Found by the student number typed in full (issue #29: a search, not a long select).
    page.get_by_label("Student", exact=True).fill(student.student_number)
    page.get_by_label("Toelichting bij de voordracht").fill("Past goed bij de vakgroep.")
    click_and_wait(page, page.get_by_role("button", name="Voordragen"))
    assert page.locator("#proposal-status").inner_text() == "voorgedragen"
    context.close()

    # The student applies with a letter and a CV.
    context, page = _code_login(browser, live_server, STUDENT)
    page.goto(f"{live_server.url}/stages/matching/")
    expect(page.get_by_role("heading", name="Mijn stageplaatsen")).to_be_visible()
    page.get_by_role("row", name=re.compile("Aardrijkskunde")).get_by_role("link").click()
    proposal = Proposal.objects.get(offer__subject="Aardrijkskunde")
    page.get_by_label("Motivatiebrief (PDF of Word)").set_input_files(
        {"name": "brief.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.get_by_label("Cv (PDF of Word)").set_input_files(
        {"name": "cv.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    click_and_wait(page, page.get_by_role("button", name="Sollicitatie versturen"))
    assert page.locator("#proposal-status").inner_text() == "sollicitatie ingediend"
    context.close()

    # The SO accepts; the placement appears with its checklist.
    context, page = _password_login(browser, live_server, SO)
    page.goto(f"{live_server.url}/stages/matching/")
    page.get_by_role("row", name=re.compile("Aardrijkskunde")).get_by_role("link").click()
    # The click opens the proposal: wait for its page, not for the one it leaves.
    expect(page.get_by_role("link", name="Motivatiebrief")).to_be_visible()
    page.get_by_label("Dagen per week").fill("2")
    click_and_wait(page, page.get_by_role("button", name="Accepteren"))
    assert page.locator("#proposal-status").inner_text() == "geaccepteerd"
    click_and_wait(page, page.locator("#placement-link").first)
    expect(
        page.get_by_role("heading", name=f"Stage van {proposal.student.full_name}")
    ).to_be_visible()
    assert NEXT in page.content()
    assert page.locator("table.data tbody tr").count() >= 8
    context.close()
    placement = Proposal.objects.get(pk=proposal.pk).placement
    assert placement.school_year == _next_year() and placement.checklist.count() >= 8


def test_a_reservation_turns_into_a_placement_when_the_next_year_starts(demo, browser, live_server):
    placement = (
        Placement.objects.filter(
            location__name="Beatrix College", level="VT2", school_year__name=RUNNING
        )
        .exclude(student__reservations__isnull=False)
        .first()
    )
    context, page = _password_login(browser, live_server, SO)
    page.goto(f"{live_server.url}/stages/{placement.pk}/")
    page.get_by_label("Stageniveau volgend jaar").select_option("VT3")
    click_and_wait(page, page.get_by_role("button", name="Plaats reserveren"))
    assert f"Plaats gereserveerd op Beatrix College in {NEXT}" in page.content()

    # The next year starts: the new-year wizard turns the reservations into proposals.
    matching.reservations_to_proposals(year=_next_year())

    page.goto(f"{live_server.url}/stages/matching/")
    page.get_by_role("link", name=placement.student.full_name).first.click()
    assert "vroege matching" in page.content()
    page.get_by_label("Begindatum").fill(in_running("2022-09-01"))
    page.get_by_label("Einddatum").fill(in_running("2023-07-01"))
    page.get_by_label("Dagen per week").fill("2")
    click_and_wait(page, page.get_by_role("button", name="Stage bevestigen"))
    assert page.locator("#proposal-status").inner_text() == "geaccepteerd"
    click_and_wait(page, page.locator("#placement-link").first)
    assert page.locator("table.data tbody tr").count() >= 8
    context.close()
    new = Placement.objects.get(student=placement.student, school_year=_next_year())
    assert new.level == "VT3" and new.location == placement.location


def test_a_wpb_records_progress_and_the_io_the_final_conversation(demo, browser, live_server):
    placement = (
        Placement.objects.filter(
            wpb__email=WPB, io__isnull=False, status="active", school_year__name=RUNNING
        )
        .order_by("-pk")
        .first()
    )
    Conversation.objects.filter(placement=placement).delete()
    context, page = _password_login(browser, live_server, WPB)
    page.goto(f"{live_server.url}/stages/{placement.pk}/begeleiding/")
    expect(page.locator("#agreement")).to_be_visible()
    page.get_by_text("Gesprek vastleggen", exact=True).first.click()
    page.get_by_label("Soort gesprek").select_option("progress")
    page.get_by_label("Datum van het gesprek").fill(held_by_now("2021-11-02"))
    page.get_by_label(placement.wpb.full_name).check()
    page.get_by_label("Korte aantekeningen (de student leest mee)").fill("Goede lesopbouw.")
    click_and_wait(page, page.get_by_role("button", name="Gesprek vastleggen"))
    expect(
        page.get_by_role("table", name="Gevoerde gesprekken").get_by_text("Goede lesopbouw.")
    ).to_be_visible()
    assert "Vertrouwelijke aantekening" not in page.content()
    context.close()

    context, page = _password_login(browser, live_server, IO)
    page.goto(f"{live_server.url}/stages/{placement.pk}/begeleiding/")
    page.get_by_text("Gesprek vastleggen", exact=True).first.click()
    page.get_by_label("Soort gesprek").select_option("final")
    page.get_by_label("Datum van het gesprek").fill(held_by_now("2022-06-28"))
    page.get_by_label(placement.io.full_name).check()
    page.get_by_label(placement.wpb.full_name).check()
    page.get_by_label("Korte aantekeningen (de student leest mee)").fill("Stage afgerond.")
    page.get_by_label("Vertrouwelijke aantekening (alleen SO en IO)").fill("Beoordeling volgt.")
    click_and_wait(page, page.get_by_role("button", name="Gesprek vastleggen"))
    row = page.get_by_role("row", name=re.compile("Eindgesprek")).last
    assert "gevoerd" in page.locator("#due").inner_text()
    assert "Stage afgerond." in page.locator("#held").inner_text()
    expect(row).to_be_visible()
    context.close()
    kinds = list(Conversation.objects.filter(placement=placement).values_list("kind", flat=True))
    assert sorted(kinds) == ["final", "progress"]


def test_an_so_registers_a_starting_teacher_and_the_dashboard_counts_them(
    demo, browser, live_server
):
    context, page = _password_login(browser, live_server, SO)
    page.get_by_role("link", name="Dashboard").first.click()
    before = int(page.locator("#starter-count").inner_text())
    open_from_menu(page, "Programma", "Inductie")
    page.get_by_role("link", name="Starter registreren").click()
    page.get_by_label("School", exact=True).select_option(label="Beatrix College")
    page.get_by_label("Voornaam").fill("Bram")
    page.get_by_label("Achternaam").fill("Beginner")
    page.get_by_label("Vak").fill("Biologie")
    page.get_by_label("Soort starter").select_option("starter")
    page.get_by_label("Inductiejaar").select_option("1")
    page.get_by_label("In dienst sinds").fill(in_running("2021-08-01"))
    click_and_wait(page, page.get_by_role("button", name="Starter registreren"))
    assert "Bram Beginner staat in het inductieregister." in page.content()
    open_from_menu(page, "Stages", "Dashboard")
    assert int(page.locator("#starter-count").inner_text()) == before + 1
    context.close()
