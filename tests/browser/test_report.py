"""The projectleider opens the annual report and downloads the PDF and the workbook."""

from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.browser.helpers import PDF_WAIT_MS, click_and_wait
from tests.demo_years import RUNNING_YEAR

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_projectleider_opens_report_and_downloads_pdf_and_excel(
    demo, page, live_server, login, settings, tmp_path
):
    settings.PRIVATE_STORAGE_ROOT = tmp_path
    login("projectleider@demo.bos.example")
    click_and_wait(page, page.get_by_role("link", name="Jaarverslag").first)
    # The running year first; the closed 2020-2021 shows the figures kept when it closed.
    assert page.get_by_role("heading", name=f"Jaarverslag {RUNNING_YEAR}", exact=True).is_visible()
    page.goto(f"{live_server.url}/jaarverslag/?jaar=2020-2021")
    assert page.get_by_role("heading", name="Jaarverslag 2020-2021", exact=True).is_visible()
    assert page.get_by_text("Schooljaar 2020-2021 is afgesloten").is_visible()
    assert page.get_by_role("heading", name="Signaleringen over de gegevens").is_visible()
    assert page.locator("#fig12 tfoot").inner_text().split()[1:3] == ["13.035", "261"]
    assert page.locator("#fig5").get_by_text("€ 208.862,40").is_visible()
    assert page.locator("svg[role=img]").count() >= 4

    with page.expect_download() as excel_info:
        page.get_by_role("link", name="Download Excel").click()
    excel = excel_info.value
    assert excel.suggested_filename == "jaarverslag-2020-2021.xlsx"
    workbook = load_workbook(BytesIO(Path(excel.path()).read_bytes()))
    assert "Fig 5 begroting" in workbook.sheetnames

    click_and_wait(page, page.get_by_role("button", name="Maak PDF"), timeout=PDF_WAIT_MS)
    assert page.get_by_text("klaar").first.is_visible()
    with page.expect_download() as pdf_info:
        page.get_by_role("link", name="Download PDF").click()
    pdf = pdf_info.value
    assert pdf.suggested_filename == "jaarverslag-2020-2021.pdf"
    assert Path(pdf.path()).read_bytes()[:4] == b"%PDF"


def test_so_sees_only_their_school_and_no_exports(demo, page, live_server, login):
    login("so.beatrix@demo.bos.example")
    page.goto(f"{live_server.url}/jaarverslag/")
    assert page.get_by_text("het deel van het jaarverslag over uw eigen school").is_visible()
    rows = page.locator("#fig12 tbody tr")
    assert rows.count() == 1
    assert "Beatrix College" in rows.first.inner_text()
    assert page.get_by_role("link", name="Download Excel").count() == 0
    assert page.get_by_role("button", name="Maak PDF").count() == 0


def test_projectleider_walks_a_long_table_page_by_page(demo, page, live_server, login, settings):
    # Five rows a table make the demo's sixteen schools a long table.
    settings.REPORT_PAGE_ROWS = 5
    login("projectleider@demo.bos.example")
    page.goto(f"{live_server.url}/jaarverslag/?jaar=2020-2021")
    section = page.locator("#fig12")
    assert section.locator("tbody tr").count() == 5
    assert section.get_by_text("Hier staan de eerste 5 van 16 rijen.").is_visible()
    first_page = section.locator("tbody th").all_inner_texts()

    click_and_wait(page, section.get_by_role("link", name="Bekijk alle 16 rijen"))
    assert page.get_by_text("Rij 1 tot en met 5 van 16.").is_visible()
    assert page.locator("#fig12 tbody th").all_inner_texts() == first_page
    click_and_wait(page, page.get_by_role("link", name="Volgende"))
    assert page.get_by_text("Rij 6 tot en met 10 van 16.").is_visible()
    second_page = page.locator("#fig12 tbody th").all_inner_texts()
    assert len(second_page) == 5 and not set(second_page) & set(first_page)
    # The totals are those of every school on each page.
    assert page.locator("#fig12 tfoot").inner_text().split()[1:3] == ["13.035", "261"]

    click_and_wait(page, page.get_by_role("link", name="Terug naar het jaarverslag"))
    assert page.get_by_role("heading", name="Jaarverslag 2020-2021", exact=True).is_visible()
