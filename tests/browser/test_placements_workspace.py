"""The SO's workspace in the browser, as a new user would walk it."""

import re

import pytest

from placements.models import Placement
from tests.browser.helpers import click_and_wait
from tests.demo_years import in_running

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SO = "so.beatrix@demo.bos.example"


def _dashboard_open_items(page) -> int:
    click_and_wait(page, page.get_by_role("link", name="Dashboard").first)
    return int(page.locator("#open-items").inner_text())


def test_so_registers_a_student_with_a_new_wpb_and_works_the_checklist(demo, page, login):
    login(SO)
    before = _dashboard_open_items(page)
    page.get_by_role("link", name="Stage aanmelden").click()
    page.get_by_label("Instituut", exact=True).select_option(label="FLOT")
    page.get_by_label("Studentnummer").fill("FL9990001")
    page.get_by_label("Voornaam", exact=True).fill("Lieve")
    page.get_by_label("Achternaam", exact=True).fill("Testerman")
    page.get_by_label("Officieel e-mailadres van het instituut").fill("fl9990001@student.example")
    page.get_by_label("Opleiding (vak)").fill("Engels")
    page.get_by_label("Stageniveau").select_option("VT3")
    page.get_by_label("Begindatum").fill(in_running("2021-09-01"))
    page.get_by_label("Einddatum").fill(in_running("2022-07-01"))
    page.get_by_label("Dagen per week").fill("2")
    page.get_by_label("E-mailadres nieuwe werkplekbegeleider").fill("wim.nieuw@school.example")
    page.get_by_label("Voornaam WPB").fill("Wim")
    page.get_by_label("Achternaam WPB").fill("Nieuwkomer")
    page.get_by_label("Bevoegdheid WPB").select_option(label="eerstegraads")
    page.get_by_label("WPB werkzaam op de school sinds (jaar)").fill("2012")
    click_and_wait(page, page.get_by_role("button", name="Stage vastleggen"))
    assert page.get_by_role("heading", name="Stage van Lieve Testerman").is_visible()
    assert "Wim Nieuwkomer" in page.content()
    items = page.locator("table.data tbody tr").count()
    assert items >= 8

    click_and_wait(
        page, page.get_by_role("button", name=re.compile("Afvinken: Reactie aan de student"))
    )
    click_and_wait(page, page.get_by_role("button", name=re.compile("Afvinken: Motivatiegesprek")))
    assert page.get_by_role("button", name=re.compile("Heropenen: Reactie aan de student")).count()
    row = page.get_by_role("row", name=re.compile("Reactie aan de student"))
    assert "door" in row.inner_text()

    assert _dashboard_open_items(page) == before + items - 2
    placement = Placement.objects.get(student__student_number="FL9990001")
    assert placement.checklist.filter(done_at__isnull=False).count() == 2


def test_so_cannot_open_another_schools_placement(demo, page, login, live_server):
    other = Placement.objects.filter(location__name="Newmancollege").first()
    login(SO)
    response = page.goto(f"{live_server.url}/stages/{other.pk}/")
    assert response.status == 404
    assert other.student.full_name not in page.content()


def _students_file(institute_of_second_row: str) -> bytes:
    from io import BytesIO

    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(
        [
            "Instituut",
            "Studentnummer",
            "Voornaam",
            "Achternaam",
            "E-mailadres",
            "Opleiding",
            "Variant",
        ]
    )
    sheet.append(
        ["FLOT", "FL9990101", "Ilse", "Invoer", "fl9990101@student.example", "Engels", "vt"]
    )
    sheet.append(
        [
            institute_of_second_row,
            "FL9990102",
            "Joep",
            "Invoer",
            "fl9990102@student.example",
            "Duits",
            "vt",
        ]
    )
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _upload(page, data: bytes) -> None:
    page.get_by_label("Excel-bestand (.xlsx)").set_input_files(
        files=[{"name": "studenten.xlsx", "mimeType": "application/octet-stream", "buffer": data}]
    )
    click_and_wait(page, page.get_by_role("button", name="Controleren"))


def test_so_imports_students_fixes_a_bad_row_and_imports_again(demo, page, login):
    from placements.models import Student

    login(SO)
    page.get_by_role("link", name="Dashboard").first.click()
    click_and_wait(page, page.get_by_role("link", name="Excel inlezen"))
    _upload(page, _students_file("FLOTT"))
    alert = page.get_by_role("alert")
    assert "1 fout in 1 van de 2 rijen" in alert.inner_text()
    assert "Rij 3, kolom Instituut: onbekend instituut “FLOTT”" in page.content()
    assert page.get_by_role("button", name="Bevestigen en opslaan").count() == 0
    assert not Student.objects.filter(student_number__startswith="FL99901").exists()

    _upload(page, _students_file("FLOT"))
    assert "Alle 2 rijen zijn in orde" in page.content()
    assert not Student.objects.filter(student_number__startswith="FL99901").exists()
    click_and_wait(page, page.get_by_role("button", name="Bevestigen en opslaan"))
    assert "Ingelezen: 2 nieuw, 0 bijgewerkt, 0 ongewijzigd." in page.content()
    assert Student.objects.filter(student_number__startswith="FL99901").count() == 2
