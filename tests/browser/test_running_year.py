"""The running year in the browser: the projectleider starts the next year from the running one,
uploads the pupil counts, keeps two SOs and drops one, and closes 2020-2021 (after reopening
it, since the demo closes it). The SO of a kept school switches to the next year and registers
a placement there."""

from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from bos.models import RoleAssignment, SchoolYear
from placements.models import Placement
from tests.browser.helpers import click_and_wait
from tests.demo_years import NEXT_YEAR, RUNNING_YEAR, in_running

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PL = "projectleider@demo.bos.example"
SO = "so.beatrix@demo.bos.example"
KEPT = ("Beatrix College", "Reeshofcollege")
DROPPED = "Newmancollege"


def _so_assignment(location: str) -> RoleAssignment:
    return RoleAssignment.objects.get(
        school_year__name=RUNNING_YEAR, role="so", locations__name=location
    )


def _filled_template(page, live_server) -> bytes:
    with page.expect_download() as info:
        page.get_by_role("link", name="Sjabloon downloaden").click()
    workbook = load_workbook(BytesIO(Path(info.value.path()).read_bytes()))
    sheet = workbook.active
    for row in range(2, sheet.max_row + 1):
        sheet.cell(row=row, column=2, value=1000 + row)
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_projectleider_starts_a_year_and_the_so_registers_in_it(
    demo, page, login, live_server, monkeypatch
):
    # Closing queues the PDF of the kept report; making it is the report tests' business.
    from reports import tasks

    monkeypatch.setattr(tasks.generate_report_pdf, "delay", lambda *args, **kwargs: None)
    login(PL)
    page.goto(f"{live_server.url}/schooljaren/")
    # Wait for the next page: a bare click raced the assertions below (a locator does not
    # wait in `is_visible`, and a locator on its own is always true).
    click_and_wait(
        page, page.get_by_role("link", name=f"Nieuw schooljaar starten vanuit {RUNNING_YEAR}")
    )
    expect(
        page.get_by_role(
            "heading", name=f"Nieuw schooljaar {NEXT_YEAR} starten vanuit {RUNNING_YEAR}"
        )
    ).to_be_visible()
    expect(page.get_by_role("table", name="Voorbeeld van elke stap")).to_be_visible()
    # The role review is paged: filter on the SOs, keep two (the default) and drop one.
    page.get_by_label("Rol", exact=True).select_option("so")
    click_and_wait(page, page.get_by_role("button", name="Filteren"))
    for location in KEPT:
        assert page.locator(f"#role-{_so_assignment(location).pk}").input_value() == "keep"
    page.select_option(f"#role-{_so_assignment(DROPPED).pk}", "drop")
    click_and_wait(page, page.get_by_role("button", name="Besluiten bewaren"))
    click_and_wait(page, page.get_by_role("button", name=f"Schooljaar {NEXT_YEAR} starten"))
    assert f"Schooljaar {NEXT_YEAR} is gestart vanuit {RUNNING_YEAR}" in page.inner_text("main")

    # Pupil counts: download the template, fill it in, upload it.
    data = _filled_template(page, live_server)
    page.get_by_role("link", name="Inlezen uit Excel").click()
    page.set_input_files(
        "input[type=file]",
        files=[
            {
                "name": "leerlingen.xlsx",
                "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "buffer": data,
            }
        ],
    )
    click_and_wait(page, page.get_by_role("button", name="Inlezen"))
    assert "leerlingaantallen ingelezen en opgeslagen" in page.inner_text("main")
    year = SchoolYear.objects.get(name=NEXT_YEAR)
    assert not year.is_closed
    so_people = set(
        RoleAssignment.objects.filter(school_year=year, role="so").values_list(
            "locations__name", flat=True
        )
    )
    assert set(KEPT) <= so_people and DROPPED not in so_people

    # Close 2020-2021: the demo closed it already, so reopen it first (with a reason).
    page.goto(f"{live_server.url}/schooljaren/")
    page.get_by_role("link", name="Heropenen 2020-2021").click()
    page.get_by_label("Reden").fill("Correctie van de realisatie.")
    click_and_wait(page, page.get_by_role("button", name="Schooljaar 2020-2021 heropenen"))
    page.get_by_role("link", name="Afsluiten 2020-2021").click()
    click_and_wait(page, page.get_by_role("button", name="Schooljaar 2020-2021 afsluiten"))
    assert "Schooljaar 2020-2021 is afgesloten" in page.inner_text("main")
    assert SchoolYear.objects.get(name="2020-2021").is_closed
    page.context.clear_cookies()

    # The SO of a kept school switches to the next year and registers a placement there.
    login(SO)
    page.goto(f"{live_server.url}/stages/?jaar={NEXT_YEAR}")
    assert page.locator("#bos-year").input_value() == NEXT_YEAR
    page.goto(f"{live_server.url}/stages/nieuw/")  # the year stays chosen in the session
    form = page.locator("main form").filter(has=page.locator("[name=student_number]"))
    form.locator("[name=institute]").select_option(label="FLOT")
    for name, value in {
        "student_number": "FL2022001",
        "first_name": "Noa",
        "last_name": "Nieuwjaar",
        "email": "fl2022001@student.example",
        "programme": "Engels",
        "start_date": in_running("2022-09-01"),
        "end_date": in_running("2023-07-01"),
        "days_per_week": "1",
        "wpb_email": "wpb.nieuw@school.example",
        "wpb_first_name": "Wanda",
        "wpb_last_name": "Nieuw",
        "wpb_started_at_school": "2015",
    }.items():
        form.locator(f"[name={name}]").fill(value)
    form.locator("[name=level]").select_option("VT1")
    form.locator("[name=location]").select_option(label="Beatrix College")
    form.locator("[name=wpb_qualification_grade]").select_option(label="eerstegraads")
    click_and_wait(page, page.get_by_role("button", name="Stage vastleggen"))
    assert page.get_by_role("heading", name="Stage van Noa Nieuwjaar").is_visible()
    placement = Placement.objects.get(student__student_number="FL2022001")
    assert placement.school_year.name == NEXT_YEAR
    assert placement.location.name == "Beatrix College"
