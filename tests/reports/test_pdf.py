"""The PDF: rendered with WeasyPrint, read back with pdftotext."""

import logging
import shutil
import subprocess

import pytest

from bos.models import SchoolYear
from bos.yearbound import closed_year_writes
from reports.renderers.pdf import make_url_fetcher, render_pdf

pytestmark = pytest.mark.django_db


def pdf_text(pdf: bytes, tmp_path) -> str:
    assert shutil.which("pdftotext"), "apt-get install -y poppler-utils"
    source = tmp_path / "report.pdf"
    source.write_bytes(pdf)
    result = subprocess.run(  # noqa: S603 - fixed arguments, our own file
        [shutil.which("pdftotext"), "-layout", str(source), "-"],
        capture_output=True,
        check=True,
        text=True,
    )
    return result.stdout


@pytest.fixture
def rendered(demo, tmp_path, caplog):
    fetcher = make_url_fetcher()
    with caplog.at_level(logging.WARNING):
        pdf = render_pdf(SchoolYear.objects.get(name="2020-2021"), fetcher=fetcher)
    return pdf, pdf_text(pdf, tmp_path), fetcher, caplog


def test_pdf_contains_the_tables_in_dutch_format(rendered):
    pdf, text, _, _ = rendered
    assert pdf.startswith(b"%PDF")
    assert "Jaarverslag 2020-2021" in text
    # Figure 5 in Dutch money format.
    assert "€ 269.243,00" in text
    assert "€ 201.892,05" in text
    assert "€ 48.107,95" in text
    assert "€ 208.862,40" in text
    assert "€ 69.678,00" in text
    assert "€ 15.120,00" in text
    # Dutch dates (figure 3) and the cover period.
    assert "19 november 2020" in text
    assert "1 augustus 2020" in text
    # Figure 12's totals with the thousands separator and the quirk total.
    assert "13.035" in text
    assert "261" in text
    # Table of contents and page numbers.
    assert "Inhoud" in text
    assert "Pagina 3 van" in text
    assert "8 van 60 FLOT eerstejaars niet geregistreerd (13%)" in text


def test_weasyprint_logged_no_errors_and_fetched_only_allowed_sources(rendered):
    _, _, fetcher, caplog = rendered
    problems = [r for r in caplog.records if r.name.startswith("weasyprint") and r.levelno >= 30]
    assert not problems, [r.getMessage() for r in problems]
    assert fetcher.refused == []
    assert fetcher.fetched, "the logo on the cover comes from the static files"
    assert all(url.startswith(("https://bos.invalid/static/", "data:")) for url in fetcher.fetched)


def test_url_fetcher_refuses_outside_addresses(settings):
    fetcher = make_url_fetcher()
    for url in (
        "https://example.org/tracker.png",
        "file:///etc/passwd",
        "https://bos.invalid/static/../../etc/passwd",
        "https://bos.invalid/media/upload.png",
        "https://elders.example/x.png",
        "http://elders.example/x.png",
    ):
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    assert len(fetcher.refused) == 6
    assert fetcher.fetch("data:text/plain,hallo").read() == b"hallo"
    logo = fetcher.fetch("https://bos.invalid/static/reports/logo.svg")
    assert b"<svg" in logo.read()


def test_jaarverslag_command_writes_the_pdf(demo, tmp_path):
    from django.core.management import call_command

    output = tmp_path / "report.pdf"
    call_command("jaarverslag", "--year", "2020-2021", "--output", str(output))
    assert output.read_bytes().startswith(b"%PDF")


def _pages(pdf: bytes, tmp_path) -> list[str]:
    return pdf_text(pdf, tmp_path).split("\f")


def test_a_table_over_pages_repeats_its_header_and_shows_its_total_once(rendered, tmp_path):
    pdf, _, _, _ = rendered
    pages = _pages(pdf, tmp_path)

    def is_header(line: str) -> bool:
        words = line.split()
        return words[:3] == ["School", "Leerlingen", "Streefaantal"]

    # Figure 12 (pupils, streefaantal and students per school) is longer than a page.
    with_header = [page for page in pages if any(is_header(line) for line in page.splitlines())]
    assert len(with_header) >= 2, "the header row repeats on the next page"
    total_lines = [
        line
        for page in pages
        for line in page.splitlines()
        if line.split()[:2] == ["Totaal", "13.035"]
    ]
    assert len(total_lines) == 1, "the total row appears once"
    last = max(i for i, page in enumerate(pages) if page in with_header)
    assert "13.035" in pages[last], "the total comes after the last row"


def test_chart_labels_use_the_table_names(demo):
    from reports import charts
    from reports.facts import load_facts, params_for
    from reports.figures import core_figures

    year = SchoolYear.objects.get(name="2020-2021")
    figs = core_figures(load_facts(year, params_for(year)), whole=True)
    figs["fig8"] = {"rows": [{"label": "other", "count": 1, "percent": 100}]}
    drawn = charts.report_charts(figs)
    assert "overig" in str(drawn["fig8"])
    svg = str(drawn["fig9"])
    assert "minor P1" in svg
    assert "minor_P1" not in svg


def test_a_chapter_text_cannot_make_the_pdf_fetch_from_elsewhere(demo, tmp_path):
    """Whatever a chapter's author writes, the sanitised text asks for no outside source,
    and the fetcher would refuse it anyway."""
    from reports.models import ChapterText

    year = SchoolYear.objects.get(name="2020-2021")
    # Written straight to the row: a closed year's text cannot change through the service.
    with closed_year_writes("een correctie rechtstreeks in de database"):
        ChapterText.objects.filter(school_year=year, chapter="induction").update(
            introduction=(
                '<img src="https://elders.example/x.png"> ![x](https://elders.example/y.png) '
                '<link rel="stylesheet" href="https://elders.example/s.css">'
                '<iframe src="https://elders.example/"></iframe> Inductietekst.'
            )
        )
    fetcher = make_url_fetcher()
    text = pdf_text(render_pdf(year, fetcher=fetcher), tmp_path)
    assert "Inductietekst." in text
    assert fetcher.refused == []
    assert not [url for url in fetcher.fetched if "elders" in url]
