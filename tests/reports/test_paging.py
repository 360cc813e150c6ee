"""The report page shows the first rows of each table per school or SO and links to the whole
table in pages; the PDF and Excel keep every row."""

from __future__ import annotations

import re

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from bos.models import SchoolYear, User
from reports.document import Report, build_report
from reports.renderers.page import LONG_TABLES, rows_of, shortened, table_page

pytestmark = pytest.mark.django_db
DOMAIN = "demo.bos.example"
YEAR = "2020-2021"


def client_for(local: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(email=f"{local}@{DOMAIN}"))
    return client


def _schools(html: str, section: str) -> list[str]:
    """The row headers of the table in section `section` of a page."""
    start = html.index(f'id="{section}"')
    body = html[start : html.index("</tbody>", start)]
    return re.findall(r'<th scope="row">([^<]+)</th>', body)


@override_settings(REPORT_PAGE_ROWS=5)
def test_the_report_page_shows_the_first_rows_and_links_to_the_rest(demo):
    response = client_for("projectleider").get(reverse("reports:report"), {"jaar": YEAR})
    html = response.content.decode()
    assert response.status_code == 200
    full = build_report(SchoolYear.objects.get(name=YEAR))
    schools = [row["school"] for row in full.figures["fig12"]["rows"]]
    assert len(schools) == 16
    assert _schools(html, "fig12") == schools[:5]
    assert "Hier staan de eerste 5 van 16 rijen." in html
    assert reverse("reports:table", args=[YEAR, "fig12"]) in html
    # The totals stay those of every school, and the chart shows the schools in the table.
    assert response.context["report"].figures["fig12"]["total"] == full.figures["fig12"]["total"]
    chart = response.context["report"].charts["fig12"]
    assert schools[0] in chart and schools[10] not in chart
    # Short tables are not cut.
    assert "bonus" not in response.context["cuts"]


def test_a_table_page_walks_every_row_once(demo):
    client = client_for("projectleider")
    full = build_report(SchoolYear.objects.get(name=YEAR))
    expected = [row["school"] for row in full.figures["fig12"]["rows"]]
    seen: list[str] = []
    with override_settings(REPORT_PAGE_ROWS=5):
        for number in (1, 2, 3, 4):
            url = reverse("reports:table", args=[YEAR, "fig12"])
            response = client.get(url, {"pagina": number})
            assert response.status_code == 200
            seen += _schools(response.content.decode(), "fig12")
        assert seen == expected
        last = client.get(url, {"pagina": "999"})
        assert _schools(last.content.decode(), "fig12") == expected[15:]
        assert client.get(url, {"pagina": "<script>"}).status_code == 200


@pytest.mark.parametrize("key", sorted(LONG_TABLES))
def test_every_long_table_has_a_page(demo, key):
    with override_settings(REPORT_PAGE_ROWS=3):
        response = client_for("projectleider").get(reverse("reports:table", args=[YEAR, key]))
    assert response.status_code == 200
    assert f'id="{LONG_TABLES[key][0]}"' in response.content.decode()


def test_the_so_pages_only_their_own_schools(demo):
    response = client_for("so.beatrix").get(reverse("reports:table", args=[YEAR, "fig12"]))
    assert response.status_code == 200
    assert _schools(response.content.decode(), "fig12") == ["Beatrix College"]


@pytest.mark.parametrize(
    ("args", "status"),
    [([YEAR, "geen-tabel"], 404), (["1999-2000", "fig12"], 404), (["<b>", "fig12"], 404)],
)
def test_unknown_table_or_year_is_404(demo, args, status):
    response = client_for("projectleider").get(reverse("reports:table", args=args))
    assert response.status_code == status


def test_the_pdf_sections_keep_every_row(demo):
    """Without `cuts` in the context (the PDF's case) the cut note renders nothing."""
    from django.template.loader import render_to_string

    report = build_report(SchoolYear.objects.get(name=YEAR))
    html = render_to_string("reports/sections/fig12.html", {"report": report})
    assert len(_schools(html, "fig12")) == 16
    assert "Hier staan de eerste" not in html


def _report_with_rows(rows: list[dict]) -> Report:
    return Report(
        year=SchoolYear(name=YEAR),
        whole=True,
        figures={"fig12": {"rows": rows, "total": {"students": len(rows)}}},
        budget=None,
        so_overview=[{"name": f"SO {n}"} for n in range(len(rows))],
        indicators=[],
        warnings=[],
        charts={},
    )


@given(count=st.integers(0, 60), limit=st.integers(1, 20), size=st.integers(1, 20))
def test_cutting_and_paging_lose_and_repeat_no_row(count, limit, size):
    rows = [{"school": f"School {n}", "students": n} for n in range(count)]
    report = _report_with_rows(rows)
    short, cuts = shortened(report, limit=limit)
    assert rows_of(short, "fig12") == rows[:limit]
    assert ("fig12" in cuts) == (count > limit)
    # The cached report is not changed by cutting a copy.
    assert rows_of(report, "fig12") == rows
    paged: list[dict] = []
    pages = max(1, -(-count // size))
    for number in range(1, pages + 1):
        part, _page, _cuts = table_page(report, key="fig12", number=number, size=size)
        assert part.figures["fig12"]["total"] == report.figures["fig12"]["total"]
        paged += rows_of(part, "fig12")
    assert paged == rows


@override_settings(REPORT_PDF_ROWS=5)
def test_the_pdf_prints_the_first_rows_and_points_to_the_excel(demo):
    from reports.renderers.pdf import render_html

    full = build_report(SchoolYear.objects.get(name=YEAR))
    html = render_html(full)
    start = html.index('id="fig12"')
    assert len(_schools(html[start:], "fig12")) == 5
    assert "Deze tabel toont de eerste 5 van 16 rijen" in html
    assert "/tabel/" not in html


@override_settings(REPORT_PAGE_ROWS=1)
def test_the_afternoons_and_the_boards_are_cut_too(demo):
    """Issue #29: the afternoons of Figure 3 and the induction's boards grow with a region
    (hundreds of afternoons and boards): the page shows the first rows of each and links to
    them in pages."""
    full = build_report(SchoolYear.objects.get(name=YEAR))
    client = client_for("projectleider")
    html = client.get(reverse("reports:report"), {"jaar": YEAR}).content.decode()
    afternoons = [str(a["number"]) for a in full.figures["fig3"]]
    assert len(afternoons) > 1
    assert _schools(html, "fig3") == afternoons[:1]
    assert reverse("reports:table", args=[YEAR, "fig3"]) in html
    boards = [b["board"] for b in full.figures["induction"]["boards"]]
    assert len(boards) > 1
    assert _schools(html, "inductie-besturen") == boards[:1]
    assert reverse("reports:table", args=[YEAR, "induction_boards"]) in html
    # Their own pages walk every row once.
    for key, section, expected in (
        ("fig3", "fig3", afternoons),
        ("induction_boards", "inductie-besturen", boards),
    ):
        seen: list[str] = []
        for number in range(1, len(expected) + 1):
            page = client.get(reverse("reports:table", args=[YEAR, key]), {"pagina": number})
            seen += _schools(page.content.decode(), section)
        assert seen == expected


@override_settings(REPORT_PAGE_ROWS=1)
def test_a_table_page_cuts_the_other_long_tables_of_its_section(demo):
    """The induction's page of schools shows its section, whose table of boards is long
    too: that one is cut, with its link, not printed whole."""
    full = build_report(SchoolYear.objects.get(name=YEAR))
    page = client_for("projectleider").get(reverse("reports:table", args=[YEAR, "induction"]))
    html = page.content.decode()
    assert _schools(html, "inductie") == [full.figures["induction"]["rows"][0]["school"]]
    assert len(_schools(html, "inductie-besturen")) == 1
    assert reverse("reports:table", args=[YEAR, "induction_boards"]) in html
    # The note under the table counts every school, not the page's.
    assert f"van de {len(full.figures['induction']['rows'])} scholen hebben" in html


def test_the_excel_holds_every_row_of_the_induction(demo):
    """The PDF's cut note points to the Excel for the whole table: the induction's schools
    and boards are in it."""
    from io import BytesIO

    from openpyxl import load_workbook

    full = build_report(SchoolYear.objects.get(name=YEAR))
    response = client_for("projectleider").get(reverse("reports:excel", args=[YEAR]))
    workbook = load_workbook(BytesIO(response.content))
    schools = [
        row[0] for row in workbook["Inductie per school"].iter_rows(min_row=2, values_only=True)
    ]
    assert schools == [row["school"] for row in full.figures["induction"]["rows"]] + ["Totaal"]
    total = list(workbook["Inductie per school"].iter_rows(values_only=True))[-1]
    assert total[2] == full.figures["induction"]["total"]["starters"]
    boards = [
        row[0] for row in workbook["Inductie per bestuur"].iter_rows(min_row=2, values_only=True)
    ]
    assert boards == [row["board"] for row in full.figures["induction"]["boards"]]
