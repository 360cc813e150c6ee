"""The student register in the browser: students imported from Excel are found there, and a
student's page shows their placements."""

from io import BytesIO

import pytest
from openpyxl import Workbook

from placements.imports import STUDENT_COLUMNS
from placements.models import Student, StudentSchool
from tests.browser.helpers import click_and_wait
from tests.demo_years import running_year

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SO = "so.beatrix@demo.bos.example"
NUMBERS = ("FL9992301", "FL9992302", "FL9992303")


def _three_students() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append([column.header for column in STUDENT_COLUMNS])
    for number, first in zip(NUMBERS, ("Anouk", "Bas", "Cato"), strict=True):
        sheet.append(
            ["FLOT", number, first, "Registerman", f"{number}@student.example", "Engels", "vt"]
        )
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_so_imports_three_students_and_finds_them_in_the_register(demo, page, login):
    login(SO)
    click_and_wait(page, page.get_by_role("link", name="Studenten", exact=True).first)
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
    click_and_wait(page, page.get_by_role("button", name="Bevestigen en opslaan"))
    assert "Ingelezen: 3 nieuw, 0 bijgewerkt, 0 ongewijzigd." in page.content()
    assert StudentSchool.objects.filter(student__student_number__in=NUMBERS).count() == 3

    # The register finds them by name, without a placement.
    click_and_wait(page, page.get_by_role("link", name="Studenten", exact=True).first)
    page.get_by_label("Zoeken", exact=True).fill("Registerman")
    click_and_wait(page, page.get_by_role("button", name="Zoeken"))
    assert page.get_by_role("status").filter(has_text="studenten").inner_text() == "3 studenten"
    for first in ("Anouk", "Bas", "Cato"):
        row = page.get_by_role("row", name=f"{first} Registerman")
        assert row.get_by_role("link", name=f"{first} Registerman").is_visible()
        assert "–" in row.inner_text()  # no placement this year

    # One student's page: no placement yet; register one from there.
    click_and_wait(page, page.get_by_role("link", name="Bas Registerman"))
    assert page.get_by_role("heading", name="Bas Registerman").is_visible()
    assert "Nog geen stage" in page.content()
    click_and_wait(page, page.get_by_role("link", name="Stage aanmelden"))
    assert page.get_by_label("Studentnummer").input_value() == "FL9992302"
    year = running_year()
    page.get_by_label("Stageniveau").select_option("VT2")
    page.get_by_label("Begindatum").fill(year.start_date.replace(month=9, day=1).isoformat())
    page.get_by_label("Einddatum").fill(year.end_date.replace(month=7, day=1).isoformat())
    page.get_by_label("Dagen per week").fill("2")
    click_and_wait(page, page.get_by_role("button", name="Stage vastleggen"))
    assert page.get_by_role("heading", name="Stage van Bas Registerman").is_visible()

    # Back on the student's page, the placement is there with its year and a link.
    click_and_wait(page, page.get_by_role("link", name="Alle stages van Bas Registerman"))
    row = page.get_by_role("row", name=year.name)
    assert "VT2" in row.inner_text()
    assert row.get_by_role("link", name="Beatrix College").is_visible()
    student = Student.objects.get(student_number="FL9992302")
    assert student.placements.get().school_year == year


def test_the_registers_pages_have_no_wcag_violations(demo, page, live_server, login):
    from bos.models import RoleAssignment
    from tests.browser.test_accessibility import violations

    student = Student.objects.filter(placements__location__name="Beatrix College").first()
    mentor = RoleAssignment.objects.filter(
        role="wpb", school_year=running_year(), locations__name="Beatrix College"
    ).first()
    login(SO)
    for path in (
        "/stages/studenten/",
        "/stages/studenten/?placed=nee&sort=-name",
        f"/stages/studenten/{student.pk}/",
        f"/stages/studenten/{student.pk}/wijzigen/",
        "/stages/studenten/nieuw/",
        "/stages/werkplekbegeleiders/",
        "/stages/werkplekbegeleiders/nieuw/",
        f"/stages/werkplekbegeleiders/{mentor.pk}/wijzigen/",
    ):
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        assert violations(page) == [], path
    # A refused form shows its errors accessibly too.
    page.goto(f"{live_server.url}/stages/studenten/nieuw/")
    click_and_wait(page, page.get_by_role("button", name="Student toevoegen"))
    assert violations(page) == [], "student form with errors"
