"""The report table "Professionalisering": in the report, its indicator, the workbook and the
PDF's HTML (the PDF renders the same tables)."""

from io import BytesIO

import pytest
from openpyxl import load_workbook

from bos.models import SchoolYear
from reports.document import build_report
from reports.renderers.excel import report_workbook
from reports.renderers.pdf import render_html
from tests.demo_years import running_year

pytestmark = pytest.mark.django_db


def test_the_seed_year_did_not_register_participation(demo):
    # The seed's report counts "ruim 80" at the start meetings but kept no registrations:
    # the demo invents none, and the report says so instead of showing numbers.
    report = build_report(SchoolYear.objects.get(name="2020-2021"))
    table = report.figures["professionalization"]
    assert table["registered"] is False and table["rows"] == []
    assert (table["basic"], table["deepening"]) == (3, 3)
    indicator = next(i for i in report.indicators if i["label"].startswith("Deelnemers prof"))
    assert (indicator["value"], indicator["met"]) == ("niet geregistreerd", None)
    html = render_html(report)
    assert "Deelname niet geregistreerd in dit schooljaar." in html
    sheet = load_workbook(BytesIO(report_workbook(report)))["Professionalisering"]
    assert any(row[1].value == "niet geregistreerd" for row in sheet.iter_rows(min_row=2))


def test_demo_report_has_the_professionalisation_table_and_indicator(demo):
    year = running_year()
    report = build_report(year)
    table = report.figures["professionalization"]
    assert (table["basic"], table["deepening"]) == (3, 3)
    assert table["total"]["participants"] == sum(r["participants"] for r in table["rows"]) or (
        table["total"]["participants"] <= sum(r["participants"] for r in table["rows"])
    )
    assert {r["label"] for r in table["rows"]} == {"WPB", "SO", "IO"}
    indicator = next(i for i in report.indicators if i["label"].startswith("Deelnemers prof"))
    assert indicator["target"] == "≥ 100"
    assert indicator["met"] == (table["total"]["participants"] >= 100)

    html = render_html(report)
    assert "<h2>Professionalisering</h2>" in html
    workbook = load_workbook(BytesIO(report_workbook(report)))
    sheet = workbook["Professionalisering"]
    assert [c.value for c in sheet[1]] == ["Rol", "Deelnemers", "Keer aanwezig", "Uren"]
    assert any(row[0].value == "Totaal" for row in sheet.iter_rows(min_row=2))


def test_an_so_part_of_the_report_has_no_partnership_wide_table(demo):
    year = SchoolYear.objects.get(name="2020-2021")
    report = build_report(year, location_ids=frozenset({1}))
    assert "professionalization" not in report.figures
