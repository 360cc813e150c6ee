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
        part, _page = table_page(report, key="fig12", number=number, size=size)
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
