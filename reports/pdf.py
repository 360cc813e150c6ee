"""The annual report as PDF (WeasyPrint, imported lazily: it is heavy and only needed here).

The URL fetcher lets the renderer read only the project's own static files and data: URIs;
everything else is refused and recorded, so a template can never make the server fetch an
outside address."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string

from bos import partnership
from bos.models import SchoolYear

from . import paging
from .fetching import BASE_URL, make_url_fetcher
from .report import Report, build_report

logger = logging.getLogger(__name__)
# Where each section of the report is printed: in its chapter (the seed's order), in the
# students part after the chapters, or in an appendix. "afternoons" is the afternoons app's
# tables of the verdiepingsmiddagen.
CHAPTER_SECTIONS: dict[str, list[str]] = {
    "placements": ["fig1"],
    "teams": ["fig2"],
    "programme": ["fig3", "afternoons"],
    "professionalisation": ["professionalisering"],
    "intervision": ["intervisie"],
    "induction": [],
    "policy": [],
    "finance": ["fig6"],
}
KEY_FIGURE_SECTIONS = ["indicatoren", "vergelijking"]
STUDENT_SECTIONS = ["fig7", "fig8", "fig9", "fig11", "fig12", "bonus"]
APPENDICES: list[tuple[str, str]] = [
    ("fig5", "Begroting en realisatie"),
    ("facilitering", "Facilitering schoolopleiders"),
    ("signaleringen", "Signaleringen over de gegevens"),
]
SECTION_FIGURES = {f"fig{number}": number for number in (1, 2, 3, 5, 6, 7, 8, 9, 11, 12)}


def section_template(name: str) -> str:
    if name == "afternoons":
        return "afternoons/_report_tables.html"
    return f"reports/sections/{name}.html"


def document_context(report: Report) -> dict[str, Any]:
    """The publication: foreword, summary, the chapters with their text, goals and figures
    (a figure the text already shows is not repeated), the students part and appendices.
    A closed year's texts are frozen, so they are read from the database as they stand."""
    from .chapters import rendered_chapter
    from .goals import by_chapter
    from .models import GoalChapter, TextChapter
    from .selectors import chapter_texts, goal_rows_for

    context = partnership.document_context()
    texts = chapter_texts(year=report.year)
    goals = dict(by_chapter(goal_rows_for(year=report.year, report=report)))
    figure_context = {"partnership_short_name": context["partnership_short_name"]}

    def chapter(key: str) -> Any:
        return rendered_chapter(key, texts.get(key), report, figure_context)

    chapters = []
    for goal_chapter in GoalChapter:
        rendered = chapter(goal_chapter.value)
        shown = set(rendered.figures)
        chapters.append(
            {
                "chapter": rendered,
                "goals": goals.get(str(goal_chapter.label), []),
                "sections": [
                    section_template(name)
                    for name in CHAPTER_SECTIONS[goal_chapter.value]
                    if SECTION_FIGURES.get(name) not in shown
                ],
            }
        )
    has = {"fig5": report.budget is not None, "signaleringen": bool(report.warnings)}
    return {
        **context,
        "report": report,
        "pdf": True,
        "foreword": chapter(TextChapter.FOREWORD.value),
        "summary": chapter(TextChapter.SUMMARY.value),
        "key_sections": [section_template(name) for name in KEY_FIGURE_SECTIONS],
        "has_key_figures": bool(report.indicators or report.comparison),
        "chapters": chapters,
        "student_sections": [section_template(name) for name in STUDENT_SECTIONS],
        "appendices": [
            {"id": name, "title": title, "template": section_template(name)}
            for name, title in APPENDICES
            if has.get(name, True)
        ],
    }


def render_html(report: Report) -> str:
    context = document_context(report)
    # A region's report has tables of a thousand schools: the publication prints the first
    # rows of each and points to the Excel file for the rest (totals stay those of all).
    context["report"], context["cuts"] = paging.shortened(report, limit=settings.REPORT_PDF_ROWS)
    return render_to_string("reports/pdf/report.html", context)


def _closed_year_report(year: SchoolYear) -> Report | None:
    """A closed year's PDF shows the figures kept when it closed (as its page does). The
    differences with the live data are the page's warning; the PDF is the kept report."""
    if year.closed_at is None:
        return None
    from .selectors import latest_snapshot
    from .snapshot import report_from_data

    snapshot = latest_snapshot(year)
    return report_from_data(snapshot.data, year) if snapshot is not None else None


def render_pdf(
    year: SchoolYear,
    *,
    progress: Callable[[int], None] | None = None,
    fetcher: Any | None = None,
) -> bytes:
    from weasyprint import HTML

    step = progress or (lambda _percent: None)
    step(10)
    report = _closed_year_report(year) or build_report(year)
    step(40)
    html = render_html(report)
    step(60)
    fetcher = fetcher or make_url_fetcher()
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher)
    # Tagged for screen readers (PDF/UA-1); the language and title come from the HTML.
    pdf = document.write_pdf(pdf_variant="pdf/ua-1")
    step(95)
    return pdf
