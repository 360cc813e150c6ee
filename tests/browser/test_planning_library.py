"""The year planning and the agreements library in the browser (issue #15)."""

import pytest

from tests.browser.helpers import click_and_wait, open_from_menu
from tests.demo_years import RUNNING_YEAR, in_running
from tests.library.helpers import pdf

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_projectleider_adds_stuurgroep_meeting_and_so_sees_it(demo, page, live_server, login):
    login("projectleider@demo.bos.example")
    open_from_menu(page, "Programma", "Planning")
    page.get_by_role("link", name="Datum toevoegen").click()
    page.get_by_label("Soort").select_option("stuurgroep")
    page.get_by_label("Titel").fill("Stuurgroep: vaststellen jaarplanning")
    page.get_by_label("Datum").fill(in_running("2022-02-10"))
    page.get_by_label("Begintijd").fill("15:30")
    page.get_by_label("Eindtijd").fill("17:00")
    page.get_by_label("Plaats").fill("Beatrix College")
    page.get_by_label("Stuurgroep").check()
    click_and_wait(page, page.get_by_role("button", name="Opslaan"))
    assert "staat in de planning" in page.inner_text("main")
    page.context.clear_cookies()

    login("so.beatrix@demo.bos.example")
    page.goto(f"{live_server.url}/planning/?maand={in_running('2022-02-01')[:7]}")
    grid = page.get_by_role("table", name=f"februari {in_running('2022-02-01')[:4]}")
    assert grid.get_by_role("link", name="Stuurgroep: vaststellen jaarplanning").count() == 1
    page.get_by_role("link", name="Stuurgroep: vaststellen jaarplanning").first.click()
    assert "Beatrix College" in page.inner_text("main")
    assert page.get_by_role("link", name="Wijzigen").count() == 0


def test_document_is_replaced_and_old_version_stays_readable(
    demo, page, live_server, login, tmp_path
):
    new_file = tmp_path / "handreiking-2.pdf"
    new_file.write_bytes(pdf("Handreiking intervisie 2.0", ["De nieuwe incidentmethode."]))
    login("projectleider@demo.bos.example")
    open_from_menu(page, "Programma", "Afspraken")
    page.get_by_role("link", name="Handreiking intervisie", exact=True).click()
    page.get_by_role("link", name="Nieuwe versie uploaden").click()
    page.get_by_label("Versie").fill("2.0")
    page.get_by_label("Vastgesteld op").fill(in_running("2021-06-24"))
    page.get_by_label("Wat is er veranderd?").fill("Nieuwe werkvormen")
    page.get_by_label("Bestand").set_input_files(str(new_file))
    click_and_wait(page, page.get_by_role("button", name="Nieuwe versie opslaan"))
    main = page.inner_text("main")
    assert "Versie 2.0 van Handreiking intervisie is nu de geldende versie" in main
    history = page.get_by_role("table", name="Versies van Handreiking intervisie")
    rows = history.get_by_role("row")
    # Header, 2.0, then 1.1 as carried into the running year and 1.1 of the closed year.
    assert rows.count() == 4
    assert "(geldend)" in rows.nth(1).inner_text()
    assert "(overgenomen)" in rows.nth(2).inner_text()
    assert "2020-2021" in rows.nth(3).inner_text()
    old_link = history.get_by_role("link", name=f"versie 1.1 ({RUNNING_YEAR})")
    href = old_link.get_attribute("href")
    response = page.request.get(f"{live_server.url}{href}")
    assert response.status == 200
    assert response.body().startswith(b"%PDF-")
    assert b"versie 1.1" in response.body()
