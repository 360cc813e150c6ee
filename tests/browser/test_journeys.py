"""A journey per role on the demo, in Chromium: each step is a real task, done the way a
user does it (through the menu, the forms and the buttons), at 1366 px and, where the work
happens on a phone, at 390 px.

One browser context per role keeps the journeys fast; a phone step narrows the same
window. With BOS_JOURNEY_SCREENSHOTS set (`make screenshots` sets it) every step leaves a
screenshot in docs/screenshots/journeys/, named <role>-<step number>-<step>-<width>.png."""

from __future__ import annotations

import datetime as dt
import os
import re
from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from playwright.sync_api import Page

from placements.imports import STUDENT_COLUMNS
from tests.browser.helpers import PDF_WAIT_MS, click_and_wait
from tests.demo_years import in_running, running_year
from tests.documents import valid_pdf

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DOMAIN = "demo.bos.example"
DESK = 1366
PHONE = 390
SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots" / "journeys"


class Journey:
    """One role's browser window, its login and its numbered screenshots."""

    def __init__(self, browser, live_server, role: str) -> None:
        self.role = role
        self.base = live_server.url
        self.step = 0
        self.context = browser.new_context(
            locale="nl-NL",
            timezone_id="Europe/Amsterdam",
            viewport={"width": DESK, "height": 900},
            accept_downloads=True,
        )
        self.page: Page = self.context.new_page()
        self.page.set_default_timeout(15_000)

    def width(self, width: int) -> None:
        self.page.set_viewport_size({"width": width, "height": 900 if width == DESK else 844})

    def shot(self, name: str) -> None:
        """The step's screenshot, only when asked for: the test itself needs none."""
        self.step += 1
        if not os.environ.get("BOS_JOURNEY_SCREENSHOTS"):
            return
        SHOTS.mkdir(parents=True, exist_ok=True)
        width = self.page.viewport_size["width"]
        path = SHOTS / f"{self.role}-{self.step:02d}-{name}-{width}.png"
        self.page.screenshot(path=str(path), full_page=True)

    def fits(self) -> None:
        """Nothing on the page is wider than the window (no sideways scrolling)."""
        width = self.page.viewport_size["width"]
        assert self.page.evaluate("document.documentElement.scrollWidth") <= width, self.page.url

    def password_login(self, email: str) -> None:
        from django.conf import settings

        self.page.goto(f"{self.base}/accounts/login/")
        self.page.fill("input[name=login]", email)
        self.page.fill("input[name=password]", settings.DEMO_PASSWORD)
        click_and_wait(self.page, self.page.locator("main button[type=submit]").first)

    def code_login(self, email: str) -> None:
        from django.core import mail

        page = self.page
        mail.outbox.clear()
        page.goto(f"{self.base}/accounts/login/code/")
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

    def menu(self, section: str, entry: str | None = None) -> None:
        """Open a page through the main menu: at a desk the section and then its entry in
        the second row; on a phone the menu button and then the entry. A section with one
        page for this user is that page's link, named after the section."""
        page = self.page
        nav = page.get_by_role("navigation", name="Hoofdmenu")
        if page.viewport_size["width"] == PHONE:
            folded = nav.locator("details.bos-nav__menu")
            folded.locator("summary").click()
            links = folded.get_by_role("link", name=entry or section, exact=True)
            if not links.count():
                links = folded.get_by_role("link", name=section, exact=True)
            click_and_wait(page, links.last)
            return
        # A section's first page may bear the section's name: the first row comes first,
        # the section's own row last.
        click_and_wait(page, nav.get_by_role("link", name=section, exact=True).first)
        links = nav.get_by_role("link", name=entry or section, exact=True)
        if entry is not None and links.count():
            click_and_wait(page, links.last)
        current = nav.locator("[aria-current=page]:visible")
        assert current.count() and current.last.inner_text() in (section, entry), page.url

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def journey(demo, browser, live_server, settings, tmp_path):
    settings.PRIVATE_STORAGE_ROOT = tmp_path
    opened: list[Journey] = []

    def start(role: str) -> Journey:
        opened.append(Journey(browser, live_server, role))
        return opened[-1]

    yield start
    for one in opened:
        one.close()


def _three_students() -> bytes:
    """Three students in the import template's columns, as an SO's spreadsheet has them."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append([column.header for column in STUDENT_COLUMNS])
    for number, first in (("FL9993101", "Daan"), ("FL9993102", "Eva"), ("FL9993103", "Finn")):
        sheet.append(
            ["FLOT", number, first, "Reiziger", f"{number}@student.example", "Engels", "vt"]
        )
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_so_journey(journey):
    from django.utils import timezone

    from intervision.models import IntervisionGroup

    so = journey("so")
    page = so.page
    so.password_login(f"so.beatrix@{DOMAIN}")
    so.shot("start")

    # Registers a student with a placement.
    so.menu("Stages", "Dashboard")
    click_and_wait(page, page.get_by_role("link", name="Stage aanmelden"))
    page.get_by_label("Instituut", exact=True).select_option(label="FLOT")
    page.get_by_label("Studentnummer").fill("FL9993001")
    page.get_by_label("Voornaam", exact=True).fill("Jolien")
    page.get_by_label("Achternaam", exact=True).fill("Onderweg")
    page.get_by_label("Officieel e-mailadres van het instituut").fill("fl9993001@student.example")
    page.get_by_label("Opleiding (vak)").fill("Geschiedenis")
    page.get_by_label("Stageniveau").select_option("VT3")
    page.get_by_label("Begindatum").fill(in_running("2021-09-01"))
    page.get_by_label("Einddatum").fill(in_running("2022-07-01"))
    page.get_by_label("Dagen per week").fill("2")
    page.get_by_label("E-mailadres nieuwe werkplekbegeleider").fill("wendy.wegwijs@school.example")
    page.get_by_label("Voornaam WPB").fill("Wendy")
    page.get_by_label("Achternaam WPB").fill("Wegwijs")
    page.get_by_label("Bevoegdheid WPB").select_option(label="eerstegraads")
    page.get_by_label("WPB werkzaam op de school sinds (jaar)").fill("2015")
    so.shot("stage-aanmelden")
    click_and_wait(page, page.get_by_role("button", name="Stage vastleggen"))
    assert page.get_by_role("heading", name="Stage van Jolien Onderweg").is_visible()
    placement_url = page.url
    so.shot("stage-vastgelegd")

    # Imports three students from Excel and finds them in the student register.
    so.menu("Stages", "Studenten")
    click_and_wait(page, page.get_by_role("link", name="Excel inlezen"))
    page.get_by_label("Excel-bestand (.xlsx)").set_input_files(
        files=[
            {
                "name": "studenten.xlsx",
                "mimeType": "application/octet-stream",
                "buffer": _three_students(),
            }
        ]
    )
    click_and_wait(page, page.get_by_role("button", name="Controleren"))
    so.shot("import-controle")
    click_and_wait(page, page.get_by_role("button", name="Bevestigen en opslaan"))
    assert "Ingelezen: 3 nieuw, 0 bijgewerkt, 0 ongewijzigd." in page.content()
    so.menu("Stages", "Studenten")
    assert page.url.split("?")[0].endswith("/stages/studenten/")
    page.get_by_label("Zoeken", exact=True).fill("Reiziger")
    click_and_wait(page, page.get_by_role("button", name="Zoeken"))
    assert page.get_by_role("status").filter(has_text="studenten").inner_text() == "3 studenten"
    for first in ("Daan", "Eva", "Finn"):
        assert page.get_by_role("link", name=f"{first} Reiziger").is_visible()
    so.shot("studentenregister")

    # Ticks the checklist of the new placement on a phone.
    so.width(PHONE)
    page.goto(placement_url)
    for item in ("Reactie aan de student", "Motivatiegesprek"):
        click_and_wait(page, page.get_by_role("button", name=re.compile(f"Afvinken: {item}")))
        assert page.get_by_role("button", name=re.compile(f"Heropenen: {item}")).is_visible()
    so.fits()
    so.shot("checklist")

    # Plans an intervision meeting at the desk ...
    so.width(DESK)
    group = IntervisionGroup.objects.filter(
        school_year=running_year(), locations__name="Beatrix College"
    ).first()
    assert group is not None, "the demo's running year has intervision groups at Beatrix"
    so.menu("Programma", "Intervisie")
    click_and_wait(page, page.locator(f"a[href^='/intervisie/groepen/{group.pk}/']").first)
    click_and_wait(page, page.get_by_role("link", name="Bijeenkomst plannen"))
    # A meeting of last week: attendance is recorded once it has taken place.
    page.get_by_label("Datum").fill((timezone.localdate() - dt.timedelta(days=7)).isoformat())
    page.get_by_label("Begintijd").fill("15:30")
    page.get_by_label("Plaats").fill("Lokaal 2.04")
    page.get_by_label("Incidentmethode").check()
    so.shot("intervisie-plannen")
    click_and_wait(page, page.get_by_role("button", name="Plannen"))
    assert "Bijeenkomst gepland" in page.content()

    # ... and records attendance in the room, on a phone.
    so.width(PHONE)
    page.reload()
    attendees = page.locator("form.attendance fieldset")
    count = attendees.count()
    assert count >= 2
    for index in range(count):
        choice = "Afwezig" if index == count - 1 else "Aanwezig"
        attendees.nth(index).locator("label", has_text=choice).click()
    so.fits()
    so.shot("aanwezigheid")
    click_and_wait(page, page.get_by_role("button", name="Aanwezigheid opslaan"))
    assert "Aanwezigheid opgeslagen" in page.content()
    so.shot("aanwezigheid-opgeslagen")


def test_projectleider_journey(journey):
    year = running_year().name
    lead = journey("projectleider")
    page = lead.page
    lead.password_login(f"projectleider@{DOMAIN}")

    # Every page of the year's management is reachable from the menu, at a desk and on a
    # phone through the menu button.
    stops = (
        ("Jaarverslag", None, f"Jaarverslag {year}"),
        ("Geld en beleid", "Beleid", None),
        ("Organisatie", "Schooljaren", "Schooljaren"),
        ("Organisatie", "Organisatie", None),
        ("Organisatie", "Audittrail", None),
    )
    for width in (DESK, PHONE):
        lead.width(width)
        for section, entry, heading in stops:
            lead.menu(section, entry)
            if heading:
                assert page.get_by_role("heading", name=heading, exact=True).is_visible()
            lead.fits()
            lead.shot((entry or section).lower())

    # Edits a policy value.
    lead.width(DESK)
    lead.menu("Geld en beleid", "Beleid")
    click_and_wait(page, page.get_by_role("link", name=f"Beleid {year} wijzigen", exact=True))
    page.get_by_label("Uren per student").fill("9")
    lead.shot("beleid-wijzigen")
    click_and_wait(page, page.get_by_role("button", name="Opslaan"))
    assert f"Beleid {year} opgeslagen: 1 wijziging(en)." in page.inner_text("main")
    lead.shot("beleid-opgeslagen")

    # Makes the annual report's PDF.
    lead.menu("Jaarverslag")
    # The PDF of a whole year is made while the request waits (tasks run inline here).
    with page.expect_navigation(timeout=PDF_WAIT_MS):
        page.get_by_role("button", name="Maak PDF").click(timeout=PDF_WAIT_MS)
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("klaar").first.is_visible()
    lead.shot("pdf")
    with page.expect_download() as pdf_info:
        page.get_by_role("link", name="Download PDF").click()
    assert pdf_info.value.suggested_filename == f"jaarverslag-{year}.pdf"
    assert Path(pdf_info.value.path()).read_bytes()[:4] == b"%PDF"


def test_hr_journey(journey):
    from stipend import export
    from stipend.models import StipendApplication

    hr = journey("hr")
    page = hr.page
    hr.password_login(f"hr.sovot@{DOMAIN}")
    hr.menu("Geld en beleid", "HR-wachtrij")
    hr.shot("wachtrij")
    # The queue's first application that waits for HR's decision.
    waiting = page.locator("tbody tr", has_text="bij HR").first
    click_and_wait(page, waiting.get_by_role("link", name=re.compile(r"^#\d+$")).first)
    pk = int(page.url.rstrip("/").rsplit("/", 1)[1])
    hr.shot("aanvraag")
    click_and_wait(page, page.get_by_role("button", name="Toekennen"))
    assert page.locator("#status").inner_text() == "toegekend"
    hr.shot("toegekend")
    application = StipendApplication.objects.get(pk=pk)
    assert application.status == "accepted"

    # The payroll export of a month in which the stipend is paid.
    hr.menu("Geld en beleid", "HR-wachtrij")
    month = application.placement.start_date.strftime("%Y-%m")
    page.select_option("#export-month", month)
    hr.shot("export")
    with page.expect_download() as export_info:
        page.get_by_role("button", name="Exporteren").click()
    sheet = load_workbook(BytesIO(Path(export_info.value.path()).read_bytes())).active
    names = [row[1].value for row in sheet.iter_rows(min_row=2)]
    # The stipend just accepted is paid from its placement's first month on.
    name = " ".join(p for p in (application.given_names, application.last_name) if p)
    assert name in names
    due = export.payments_due(
        application.placement.location.board, application.placement.start_date
    )
    assert len(names) == len(due)


def test_student_journey(journey):
    from stipend.models import DocumentKind, StipendApplication

    student = journey("student")
    page = student.page
    student.code_login(f"student@{DOMAIN}")
    student.shot("start")

    # Chooses the themes of a deepening afternoon.
    student.menu("Programma", "Verdiepingsmiddagen")
    student.shot("verdiepingsmiddagen")
    click_and_wait(page, page.locator("a[href$='/kiezen/']").first)
    for index, label in enumerate(("Eerste keuze", "Tweede keuze", "Derde keuze"), start=1):
        page.get_by_label(label).select_option(index=index)
    student.shot("thema-kiezen")
    click_and_wait(page, page.get_by_role("button", name="Keuze opslaan"))
    assert "Je keuze is opgeslagen" in page.content()

    # Applies for the stipend: the form, three documents, signing.
    application = StipendApplication.objects.get(
        placement__student__user__email=f"student@{DOMAIN}"
    )
    student.menu("Geld en beleid", "Stagevergoeding")
    click_and_wait(page, page.get_by_role("link", name=f"#{application.pk}"))
    click_and_wait(page, page.get_by_role("link", name="Formulier invullen of wijzigen"))
    for name, value in {
        "last_name": "Voorbeeld",
        "given_names": "Sanne Maria",
        "call_name": "Sanne",
        "date_of_birth": "1998-04-12",
        "place_of_birth": "Tilburg",
        "country_of_birth": "Nederland",
        "nationality": "Nederlandse",
        "iban": "NL02ABNA0123456789",
        "bsn": "123456782",
        "address": "Voorbeeldstraat 1",
        "postcode_city": "5000 AA Tilburg",
        "phone": "06-00000000",
        "institute_address": "Postbus 90900",
        "institute_postcode_city": "5000 GA Tilburg",
        "school_address": "Schoolstraat 1",
        "school_postcode_city": "5000 AB Tilburg",
    }.items():
        page.fill(f"[name={name}]", value)
    for name, value in {
        "marital_status": "unmarried",
        "degree": "bachelor",
        "study_variant": "voltijd",
        "level": "hbo_bachelor",
        "days_per_week": "3",
    }.items():
        page.check(f'input[name="{name}"][value="{value}"]')
    page.select_option("[name=id_document_type]", "passport")
    student.shot("aanvraag-formulier")
    click_and_wait(page, page.get_by_role("button", name="Opslaan"))
    assert "De aanvraag is opgeslagen" in page.content()
    for kind in (DocumentKind.ID_COPY, DocumentKind.AGREEMENT, DocumentKind.PREVIOUS_LEVEL):
        page.select_option("#id_kind", kind.value)
        page.set_input_files(
            "#id_file",
            files=[{"name": "document.pdf", "mimeType": "application/pdf", "buffer": valid_pdf()}],
        )
        click_and_wait(page, page.get_by_role("button", name="Uploaden"))
        assert "Het document is toegevoegd" in page.content()
    student.shot("documenten")
    click_and_wait(
        page, page.get_by_role("button", name="Ondertekenen en indienen bij schoolopleider")
    )
    assert page.locator("#status").inner_text() == "ondertekend door student"
    student.shot("ondertekend")


def test_wpb_journey(journey):
    import shutil
    import subprocess

    from django.utils import timezone

    from bos.models import Person
    from professionalization.models import Meeting, Registration

    wpb = journey("wpb")
    page = wpb.page
    person = Person.objects.get(email=f"wpb@{DOMAIN}")
    meeting = (
        Meeting.objects.filter(school_year=running_year(), date__gt=timezone.localdate())
        .exclude(registrations__person=person)
        .order_by("date")
        .first()
    )
    assert meeting is not None, "the demo's running year offers a meeting ahead"
    wpb.password_login(f"wpb@{DOMAIN}")
    wpb.menu("Programma", "Professionalisering")
    wpb.shot("aanbod")
    click_and_wait(page, page.locator(f"a[href='/professionalisering/bijeenkomst/{meeting.pk}/']"))
    click_and_wait(page, page.get_by_role("button", name="Aanmelden"))
    assert "Je bent aangemeld." in page.content()
    assert Registration.objects.filter(meeting=meeting, person=person).exists()
    wpb.shot("aangemeld")

    wpb.menu("Programma", "Professionalisering")
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile("Certificaat .* downloaden")).click()
    pdf = download_info.value.path()
    assert shutil.which("pdftotext"), "apt-get install -y poppler-utils"
    text = subprocess.run(  # noqa: S603 - fixed arguments, our own file
        [shutil.which("pdftotext"), "-layout", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "Certificaat professionalisering" in text and person.full_name in text
    wpb.shot("certificaat")


def test_director_journey(journey):
    from stipend.models import StipendApplication

    director = journey("directeur")
    page = director.page
    director.width(PHONE)
    director.password_login(f"directeur.beatrix@{DOMAIN}")
    director.shot("start")
    director.menu("Geld en beleid", "Stagevergoeding")
    director.fits()
    director.shot("aanvragen")
    waiting = page.locator("tbody tr", has_text="goedgekeurd door schoolopleider").first
    click_and_wait(page, waiting.get_by_role("link", name=re.compile(r"^#\d+$")).first)
    pk = int(page.url.rstrip("/").rsplit("/", 1)[1])
    director.fits()
    director.shot("aanvraag")
    click_and_wait(page, page.get_by_role("button", name="Goedkeuren als directie"))
    assert StipendApplication.objects.get(pk=pk).status == "submitted"
    director.shot("goedgekeurd")
