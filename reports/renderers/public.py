"""The report on the web: a published year's report as a publication of pages, one per
chapter, with a table of contents. Made from the same source as the PDF
(`reports.renderers.pdf.document_context`: the same chapters in the same order, the same
texts, drafts, goals and figures), with the tables that name people counted instead
(`reports.public.without_people`) and shown by templates of its own.

Each page has a stable address, `/jaarverslag/<jaar>/<slug>/`: the slugs below are fixed
here, not made from the labels, so renaming a chapter breaks no link to it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings

from ..document import Report
from ..public import without_people
from . import page
from .pdf import document_context

# The templates of the sections and figures that name people, and what the publication
# shows instead.
PUBLIC_TEMPLATES: dict[str, str] = {
    "reports/sections/fig2.html": "reports/public/sections/fig2.html",
    "reports/figures/fig2.html": "reports/public/figures/fig2.html",
    "reports/sections/fig6.html": "reports/public/sections/fig6.html",
    "reports/figures/fig6.html": "reports/public/figures/fig6.html",
    "reports/sections/facilitering.html": "reports/public/sections/facilitering.html",
}

# The address of each page within the year's publication.
CHAPTER_SLUGS: dict[str, str] = {
    "voorwoord": "voorwoord",
    "samenvatting": "samenvatting",
    "placements": "stages",
    "teams": "ontwikkelteams",
    "programme": "opleidingsprogramma",
    "professionalisation": "professionalisering",
    "intervision": "intervisie",
    "induction": "inductie",
    "policy": "beleid",
    "finance": "financien",
}
KEY_FIGURES_SLUG = "kerncijfers"
STUDENTS_SLUG = "studenten"
APPENDIX_SLUGS: dict[str, str] = {
    "fig5": "begroting",
    "facilitering": "facilitering",
    "signaleringen": "signaleringen",
}


@dataclass(frozen=True)
class PublicPage:
    """One page of the publication. `kind` says how it is shown: "text" (the foreword or
    summary), "chapter" (text, goals and figures), "sections" (tables only) or "appendix"."""

    slug: str
    title: str
    kind: str
    # "Hoofdstuk 3", "Bijlage 1"; empty for the pages without a number.
    label: str = ""
    chapter: Any = None
    goals: list[Any] = field(default_factory=list)
    sections: list[str] = field(default_factory=list)

    @property
    def heading(self) -> str:
        """The entry in the table of contents, numbered as in the PDF."""
        if self.label.startswith("Hoofdstuk "):
            return f"{self.label.removeprefix('Hoofdstuk ')}. {self.title}"
        if self.label:
            return f"{self.label}: {self.title}"
        return self.title


def pages_of(context: dict[str, Any]) -> list[PublicPage]:
    """The pages in the PDF's order: foreword, summary, key figures, the chapters, the
    students part and the appendices."""
    pages = [
        PublicPage(slug=CHAPTER_SLUGS[item.key], title=item.label, kind="text", chapter=item)
        for item in (context["foreword"], context["summary"])
    ]
    if context["has_key_figures"]:
        pages.append(
            PublicPage(
                slug=KEY_FIGURES_SLUG,
                title="Kerncijfers",
                kind="sections",
                sections=list(context["key_sections"]),
            )
        )
    for number, item in enumerate(context["chapters"], start=1):
        chapter = item["chapter"]
        pages.append(
            PublicPage(
                slug=CHAPTER_SLUGS[chapter.key],
                title=chapter.label,
                kind="chapter",
                label=f"Hoofdstuk {number}",
                chapter=chapter,
                goals=list(item["goals"]),
                sections=list(item["sections"]),
            )
        )
    pages.append(
        PublicPage(
            slug=STUDENTS_SLUG,
            title="Aantallen studenten",
            kind="sections",
            sections=list(context["student_sections"]),
        )
    )
    for number, appendix in enumerate(context["appendices"], start=1):
        pages.append(
            PublicPage(
                slug=APPENDIX_SLUGS[appendix["id"]],
                title=appendix["title"],
                kind="appendix",
                label=f"Bijlage {number}",
                sections=[appendix["template"]],
            )
        )
    return pages


def publication(report: Report) -> dict[str, Any]:
    """What every page of the publication is rendered with: the PDF's document without
    people, its pages, and the long tables cut as the PDF cuts them (the totals stay those
    of every row)."""
    public = without_people(report)
    # The drafts count from the whole report, as the PDF's do: they name no person.
    context = document_context(public, replaced_templates=PUBLIC_TEMPLATES, draft_report=report)
    context["report"], context["cuts"] = page.shortened(public, limit=settings.REPORT_PDF_ROWS)
    context.update({"pdf": False, "public": True, "pages": pages_of(context)})
    return context


def page_with_neighbours(
    pages: list[PublicPage], slug: str
) -> tuple[PublicPage, PublicPage | None, PublicPage | None] | None:
    """The page at `slug` with the one before and after it; None for an unknown slug."""
    for index, item in enumerate(pages):
        if item.slug == slug:
            before = pages[index - 1] if index > 0 else None
            after = pages[index + 1] if index + 1 < len(pages) else None
            return item, before, after
    return None
