"""The PDF renderer: the annual report as a publication, and the quality framework's
peer-review PDF (WeasyPrint, imported lazily: it is heavy and only needed here).

The URL fetcher lets the renderer read only the project's own static files and data: URIs;
everything else is refused and recorded, so a template can never make the server fetch an
outside address. Both PDFs render with the same rules."""

from __future__ import annotations

import logging
import mimetypes
from collections.abc import Callable, Mapping
from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.templatetags.static import static

from bos import partnership
from bos.models import SchoolYear

from ..document import Report, build_report, chapter_texts, closed_report
from ..goals import by_chapter, goal_rows_for
from ..models import GoalChapter, TextChapter
from ..quality import StandardRow
from . import page
from .chapters import rendered_chapter

# The fetcher's refusals are logged under the name they always had.
logger = logging.getLogger("reports.pdf")

# Relative URLs in the PDF templates resolve against this; it is never contacted.
BASE_URL = "https://bos.invalid/"


def _static_prefix() -> str:
    return BASE_URL.rstrip("/") + static("")


def make_url_fetcher() -> Any:
    """What a PDF of the project may load: data: URIs and the project's own static files,
    by the static files finders; nothing else is fetched."""
    from weasyprint import URLFetcher
    from weasyprint.urls import URLFetcherResponse

    class ProjectOnlyFetcher(URLFetcher):
        """Serves data: URIs and files found by the static files finders; refuses the rest."""

        def __init__(self) -> None:
            super().__init__(allowed_protocols={"data", "https"}, allow_redirects=False)
            self.fetched: list[str] = []
            self.refused: list[str] = []

        def fetch(self, url: str, headers: dict[str, str] | None = None) -> Any:
            if url.startswith("data:"):
                self.fetched.append(url[:40])
                return super().fetch(url, headers)
            prefix = _static_prefix()
            if url.startswith(prefix):
                relative = url[len(prefix) :].split("?")[0].split("#")[0]
                path = finders.find(relative) if ".." not in relative else None
                if path:
                    self.fetched.append(url)
                    mime = mimetypes.guess_type(str(path))[0] or "application/octet-stream"
                    with open(path, "rb") as handle:
                        body = handle.read()
                    return URLFetcherResponse(url, body, {"Content-Type": mime})
            self.refused.append(url)
            logger.warning("PDF: refused to fetch %s", url)
            raise ValueError(f"Niet toegestane bron: {url}")

    return ProjectOnlyFetcher()


# Where each section of the report is printed: in its chapter (the seed's order), in the
# students part after the chapters, or in an appendix. "afternoons" is the afternoons app's
# tables of the verdiepingsmiddagen.
# Figure 14 (the surveys) is shown in every chapter a survey's template belongs to
# (`reports.figures.SURVEY_CHAPTERS`), each time with that chapter's surveys only.
CHAPTER_SECTIONS: dict[str, list[str]] = {
    "placements": ["fig1", "fig14"],
    "teams": ["fig2"],
    "programme": ["fig3", "afternoons", "fig14"],
    "professionalisation": ["fig4", "professionalisering", "fig14"],
    "intervision": ["intervisie", "fig14"],
    "induction": ["inductie", "fig14"],
    "policy": ["fig13", "fig14"],
    "finance": ["fig6"],
}
KEY_FIGURE_SECTIONS = ["indicatoren", "vergelijking", "trend"]
STUDENT_SECTIONS = ["fig7", "fig8", "fig9", "fig11", "fig12", "bonus"]
APPENDICES: list[tuple[str, str]] = [
    ("fig5", "Begroting en realisatie"),
    ("facilitering", "Facilitering schoolopleiders"),
    ("signaleringen", "Signaleringen over de gegevens"),
]
SECTION_FIGURES = {f"fig{number}": number for number in (1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 14)}


def section_template(name: str) -> str:
    if name == "afternoons":
        return "afternoons/_report_tables.html"
    return f"reports/sections/{name}.html"


def document_context(
    report: Report,
    *,
    replaced_templates: Mapping[str, str] | None = None,
    draft_report: Report | None = None,
) -> dict[str, Any]:
    """The publication: foreword, summary, the chapters with their text, goals and figures
    (a figure the text already shows is not repeated), the students part and appendices.
    A closed year's texts are frozen, so they are read from the database as they stand.
    `replaced_templates` names templates of sections and figures another renderer shows in
    its own way (the report on the web, `reports.renderers.public`); `draft_report` the
    whole report the chapters' drafts count from when `report` is a copy without people."""
    context = partnership.document_context()
    texts = chapter_texts(report.year)
    goals = dict(by_chapter(goal_rows_for(year=report.year, report=report)))
    swap = dict(replaced_templates or {})
    figure_context = {
        "partnership_short_name": context["partnership_short_name"],
        "partnership_name": context.get("partnership_name", ""),
        "replaced_templates": swap,
    }

    def section(name: str) -> str:
        template = section_template(name)
        return swap.get(template, template)

    def chapter(key: str) -> Any:
        return rendered_chapter(
            key, texts.get(key), report, figure_context, draft_report=draft_report
        )

    chapters = []
    for goal_chapter in GoalChapter:
        rendered = chapter(goal_chapter.value)
        shown = set(rendered.figures)
        chapters.append(
            {
                "chapter": rendered,
                "goals": goals.get(str(goal_chapter.label), []),
                "sections": [
                    section(name)
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
        "key_sections": [section(name) for name in KEY_FIGURE_SECTIONS],
        "has_key_figures": bool(report.indicators or report.comparison or report.trend),
        "chapters": chapters,
        "student_sections": [section(name) for name in STUDENT_SECTIONS],
        "appendices": [
            {"id": name, "title": title, "template": section(name)}
            for name, title in APPENDICES
            if has.get(name, True)
        ],
    }


def render_html(report: Report) -> str:
    context = document_context(report)
    # A region's report has tables of a thousand schools: the publication prints the first
    # rows of each and points to the Excel file for the rest (totals stay those of all).
    context["report"], context["cuts"] = page.shortened(report, limit=settings.REPORT_PDF_ROWS)
    return render_to_string("reports/pdf/report.html", context)


def render_pdf(
    year: SchoolYear,
    *,
    progress: Callable[[int], None] | None = None,
    fetcher: Any | None = None,
) -> bytes:
    from weasyprint import HTML

    step = progress or (lambda _percent: None)
    step(10)
    # A closed year's PDF shows the figures kept when it closed (as its page does); the
    # differences with the live data are the page's warning, the PDF is the kept report.
    report = closed_report(year) or build_report(year)
    step(40)
    html = render_html(report)
    step(60)
    fetcher = fetcher or make_url_fetcher()
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher)
    # Tagged for screen readers (PDF/UA-1); the language and title come from the HTML.
    pdf = document.write_pdf(pdf_variant="pdf/ua-1")
    step(95)
    return pdf


def peer_review_pdf(*, year: Any, rows: list[StandardRow], fetcher: Any | None = None) -> bytes:
    """One PDF of every standard and its evidence, rendered like the report's PDF: only
    the project's own static files may be fetched."""
    from weasyprint import HTML

    html = render_to_string(
        "reports/pdf/peer_review.html",
        {
            "year": year,
            "rows": rows,
            "missing": sum(1 for row in rows if row.lacks_evidence),
            **partnership.document_context(),
        },
    )
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher or make_url_fetcher())
    return document.write_pdf()
