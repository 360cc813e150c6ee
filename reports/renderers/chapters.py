"""The written chapters of the report: Markdown in, sanitised HTML out, with `[[figuur:N]]`
replaced by figure N of the year's report as our own templates render it (never a copy
pasted into the text). Also which figures a text may reference. Who may edit a chapter is
`reports.rules.may_edit`.

Order matters: Markdown is rendered and sanitised first (nh3 with a small allow-list); the
figure references are plain text then, and only after that replaced by trusted HTML."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import nh3
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

from .. import drafts
from ..models import SINGLE_TEXT_CHAPTERS, ChapterText, TextChapter

if TYPE_CHECKING:
    from ..document import Report

ALLOWED_TAGS = {
    "p",
    "h3",
    "h4",
    "ul",
    "ol",
    "li",
    "strong",
    "em",
    "a",
    "blockquote",
    "br",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
ALLOWED_SCHEMES = {"http", "https", "mailto"}
# Removed with everything inside them, not just the tags.
DROPPED_WITH_CONTENT = {"script", "style", "iframe", "object", "embed", "svg", "math", "template"}
# A Markdown heading lands below the chapter's own headings (h2 chapter, h3 section).
HEADING_LEVELS = {"h1": "h3", "h2": "h4", "h3": "h4", "h4": "h4", "h5": "h4", "h6": "h4"}

SECTIONS: list[tuple[str, str]] = [
    ("introduction", "Inleiding"),
    ("went_well", "Wat ging goed"),
    ("attention_points", "Aandachtspunten"),
    ("outlook", "Vooruitblik"),
]

FIGURE_REF = re.compile(r"\[\[figuur:(\d{1,3})\]\]")
# A reference alone in its paragraph becomes the figure itself; within a sentence it is a
# mention ("figuur 7") and the figure follows the paragraph.
FIGURE_PARAGRAPH = re.compile(r"<p>\s*\[\[figuur:(\d{1,3})\]\]\s*</p>")


@dataclass(frozen=True)
class Figure:
    number: int
    title: str
    template: str


FIGURES: dict[int, Figure] = {
    figure.number: figure
    for figure in (
        Figure(1, "eerstejaars per partnerinstituut en school", "fig1"),
        Figure(2, "leden ontwikkelteams", "fig2"),
        Figure(3, "verdiepingsmiddagen", "fig3"),
        Figure(4, "thema's professionaliseringsbijeenkomsten", "fig4"),
        Figure(5, "begroting en realisatie", "fig5"),
        Figure(6, "personele inzet", "fig6"),
        Figure(7, "studenten per instituut per school", "fig7"),
        Figure(8, "aandeel studenten per instituut", "fig8"),
        Figure(9, "aandeel per stageniveau, alleen partnerinstituten", "fig9"),
        Figure(10, "aandeel per stageniveau, alleen VT bachelor", "fig10"),
        Figure(11, "stageniveau per school", "fig11"),
        Figure(12, "streefaantal en werkelijk aantal studenten per school", "fig12"),
        Figure(13, "besluiten van het schooljaar", "fig13"),
        Figure(14, "resultaten vragenlijsten", "fig14"),
    )
}


def figure_numbers(report: Report | None) -> set[int]:
    """The figures this year's report holds (some exist only for the whole report)."""
    if report is None:
        return set()
    figs = report.figures
    numbers = set(FIGURES)
    if not figs.get("fig2"):
        numbers.discard(2)
    if not figs.get("fig6"):
        numbers.discard(6)
    if report.budget is None:
        numbers.discard(5)
    if "fig4" not in figs:
        # An SO's part of the report, and a year closed before the themes were reported.
        numbers.discard(4)
    if "fig13" not in figs:
        # An SO's part of the report, and a year closed before decisions were logged.
        numbers.discard(13)
    if "fig14" not in figs:
        # An SO's part of the report, and a year closed before its surveys were reported.
        numbers.discard(14)
    return numbers


def referenced_figures(text: str) -> list[int]:
    return [int(number) for number in FIGURE_REF.findall(text)]


def unknown_figures(texts: list[str], report: Report | None) -> list[int]:
    known = figure_numbers(report)
    found = [number for text in texts for number in referenced_figures(text)]
    return sorted({number for number in found if number not in known})


_markdown = MarkdownIt("commonmark", {"html": True}).enable("table")


def _shift_headings(md: MarkdownIt) -> MarkdownIt:
    def heading(renderer: Any, tokens: list[Any], idx: int, options: Any, env: Any) -> str:
        token = tokens[idx]
        token.tag = HEADING_LEVELS.get(token.tag, "h4")
        return renderer.renderToken(tokens, idx, options, env)

    md.add_render_rule("heading_open", heading)
    md.add_render_rule("heading_close", heading)
    return md


_shift_headings(_markdown)


def sanitise(text: str) -> str:
    """Markdown to HTML, then only the allow-list survives: no raw HTML, images, scripts,
    frames, style or links other than http(s) and mailto."""
    html = _markdown.render(text or "")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags=DROPPED_WITH_CONTENT,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_SCHEMES,
        link_rel="noopener noreferrer",
    )


def figure_html(number: int, report: Report | None, context: dict[str, Any]) -> str:
    if report is None or number not in figure_numbers(report):
        return f'<p class="figure-missing"><strong>figuur {number} bestaat niet</strong></p>'
    figure = FIGURES[number]
    template = f"reports/figures/{figure.template}.html"
    # A renderer may show a figure with a template of its own (the publication on the web
    # counts the people figure 2 and 6 name): `replaced_templates` maps one to the other.
    template = context.get("replaced_templates", {}).get(template, template)
    return render_to_string(
        "reports/_figure_ref.html",
        {**context, "report": report, "figure": figure, "template": template},
    )


def render_text(text: str, report: Report | None, context: dict[str, Any]) -> SafeString:
    """The chapter text as safe HTML with its figure references in place."""
    html = sanitise(text)
    html = FIGURE_PARAGRAPH.sub(lambda m: figure_html(int(m.group(1)), report, context), html)

    def inline(match: re.Match[str]) -> str:
        number = int(match.group(1))
        if report is None or number not in figure_numbers(report):
            return f'<strong class="figure-missing">figuur {number} bestaat niet</strong>'
        return f"figuur {number}"

    html = FIGURE_REF.sub(inline, html)
    # Sanitised by nh3 above; the only HTML added since is our own templates' output.
    return mark_safe(html)  # noqa: S308  # nosec B308, B703 - sanitised by nh3 above


def sections_of(text: ChapterText) -> list[tuple[str, str, str]]:
    """(field, label, markdown) of the sections a chapter has."""
    if text.chapter in SINGLE_TEXT_CHAPTERS:
        return [("introduction", str(text.get_chapter_display()), text.introduction)]
    return [(name, label, getattr(text, name)) for name, label in SECTIONS]


@dataclass
class RenderedChapter:
    key: str
    label: str
    text: ChapterText | None
    sections: list[tuple[str, SafeString]]
    figures: list[int]
    # A chapter without text shows its draft from the figures (reports.drafts) instead.
    draft: list[drafts.Sentence] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"hoofdstuk-{self.key}"


def rendered_chapter(
    key: str,
    text: ChapterText | None,
    report: Report | None,
    context: dict[str, Any],
    *,
    draft_report: Report | None = None,
) -> RenderedChapter:
    """A chapter's text rendered with the report's figures, or its draft without a text.
    `draft_report` is the whole report the draft counts from when `report` is a copy
    without people (the report on the web, `reports.public.without_people`)."""
    label = str(TextChapter(key).label)
    sections: list[tuple[str, SafeString]] = []
    figures: list[int] = []
    if text is not None:
        # A figure shown per chapter (figure 14, the surveys) shows this chapter's part.
        within = {**context, "chapter_key": key}
        for _name, section_label, markdown in sections_of(text):
            if markdown.strip():
                sections.append((section_label, render_text(markdown, report, within)))
                figures += referenced_figures(markdown)
    draft: list[drafts.Sentence] = []
    source = draft_report or report
    if not sections and source is not None and source.whole:
        draft = drafts.draft_for(key, source, partnership=context.get("partnership_name", ""))
    return RenderedChapter(
        key=key, label=label, text=text, sections=sections, figures=figures, draft=draft
    )
