"""The written chapters of a year's report: overview, reading, editing with a preview and
the projectleider's approval. Thin views over reports.selectors and reports.services."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from bos import partnership
from bos.models import SchoolYear
from bos.permissions import get_scope, require

from . import drafts, selectors, services
from .forms import ChapterForm
from .models import SINGLE_TEXT_CHAPTERS, ChapterStatus, ChapterText, TextChapter
from .renderers.chapters import render_text, rendered_chapter, sections_of, unknown_figures
from .rules import may_approve, may_edit


def _year(name: str) -> SchoolYear:
    return get_object_or_404(SchoolYear, name=name)


def _chapter(key: str) -> str:
    if key not in TextChapter.values:
        raise Http404("Onbekend hoofdstuk.")
    return key


def _figure_context() -> dict[str, Any]:
    return {"partnership_short_name": partnership.current().short_name}


def _changed(draft: list[drafts.Sentence], text: ChapterText | None) -> set[str]:
    if text is None or not text.draft_at_save:
        return set()
    return {sentence.text for sentence in draft} - set(text.draft_at_save)


def _draft(key: str, report: Any) -> list[drafts.Sentence]:
    """The chapter's draft from the figures: only from the whole report (an SO's own part
    would make a draft about some schools of a chapter about all)."""
    if report is None or not report.whole:
        return []
    return drafts.draft_for(key, report, partnership=partnership.current().name)


@require("report.view")
def chapter_list(request: HttpRequest, year: str) -> HttpResponse:
    school_year = _year(year)
    texts = selectors.chapter_texts(year=school_year)
    scope = get_scope(request.user, school_year)
    rows = [
        {
            "key": chapter.value,
            "label": chapter.label,
            "text": texts.get(chapter.value),
            "editable": school_year.closed_at is None and may_edit(scope, texts.get(chapter)),
        }
        for chapter in TextChapter
    ]
    return render(request, "reports/chapters.html", {"year": school_year, "rows": rows})


@require("report.view")
def chapter_detail(request: HttpRequest, year: str, chapter: str) -> HttpResponse:
    school_year = _year(year)
    key = _chapter(chapter)
    text = selectors.chapter_text(year=school_year, chapter=key)
    scope = get_scope(request.user, school_year)
    report = selectors.report_or_none(user=request.user, year=school_year)
    draft = _draft(key, report)
    is_open = school_year.closed_at is None
    return render(
        request,
        "reports/chapter.html",
        {
            "year": school_year,
            "key": key,
            "label": TextChapter(key).label,
            "text": text,
            "chapter": rendered_chapter(key, text, report, _figure_context()),
            "draft": draft,
            # Sentences whose figures changed since the text was saved (none before a save
            # that kept its draft).
            "changed": _changed(draft, text),
            "versions": selectors.chapter_versions(text=text) if text else [],
            "can_edit": is_open and may_edit(scope, text),
            "can_approve": is_open and text is not None and may_approve(scope),
            "can_submit": is_open
            and text is not None
            and text.status == ChapterStatus.CONCEPT
            and may_edit(scope, text),
        },
    )


@require("report.write")
def chapter_edit(request: HttpRequest, year: str, chapter: str) -> HttpResponse:
    school_year = _year(year)
    key = _chapter(chapter)
    text = selectors.chapter_text(year=school_year, chapter=key)
    scope = get_scope(request.user, school_year)
    if not may_edit(scope, text):
        raise PermissionDenied
    if school_year.closed_at is not None:
        messages.error(request, f"Schooljaar {school_year} is afgesloten; de tekst ligt vast.")
        return redirect("reports:chapter", year=school_year.name, chapter=key)
    single = key in SINGLE_TEXT_CHAPTERS
    approver = may_approve(scope)
    initial: dict[str, Any] = {}
    if text is not None:
        initial = {name: value for name, _label, value in sections_of(text)}
        initial |= {"went_well": text.went_well, "attention_points": text.attention_points}
        initial |= {"outlook": text.outlook, "author": text.author_id}
    elif request.method != "POST":
        # A chapter nobody has written yet starts from its draft; what is saved is the
        # author's text from then on.
        report = selectors.report_or_none(user=request.user, year=school_year)
        initial = {"introduction": drafts.markdown(_draft(key, report))}
    form = ChapterForm(
        request.POST or None,
        initial=initial,
        single=single,
        authors=selectors.chapter_authors(year=school_year) if approver else None,
    )
    preview = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        markdown = [data.get(name, "") for name in ("introduction", "went_well",
                                                    "attention_points", "outlook")]  # fmt: skip
        report = selectors.report_or_none(user=request.user, year=school_year)
        missing = unknown_figures(markdown, report)
        if "voorbeeld" in request.POST:
            # Figure 14 shows this chapter's surveys, as in the report.
            context = {**_figure_context(), "chapter_key": key}
            preview = [
                (field.label, render_text(data.get(name, ""), report, context))
                for name, field in form.fields.items()
                if name != "author" and data.get(name, "").strip()
            ]
            for number in missing:
                form.add_error(None, f"Figuur {number} bestaat niet in het jaarverslag.")
        else:
            try:
                services.chapter_save(
                    year=school_year,
                    chapter=key,
                    user=request.user,
                    introduction=data["introduction"],
                    went_well=data.get("went_well", ""),
                    attention_points=data.get("attention_points", ""),
                    outlook=data.get("outlook", ""),
                    author=data.get("author"),
                    set_author=approver,
                    draft=[sentence.text for sentence in _draft(key, report)],
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, "De tekst is opgeslagen.")
                for number in missing:
                    messages.warning(
                        request,
                        f"Let op: figuur {number} bestaat niet; de tekst toont een melding.",
                    )
                return redirect("reports:chapter", year=school_year.name, chapter=key)
    return render(
        request,
        "reports/chapter_form.html",
        {
            "year": school_year,
            "key": key,
            "label": TextChapter(key).label,
            "text": text,
            "form": form,
            "preview": preview,
        },
    )


@require("report.write")
@require_POST
def chapter_status(request: HttpRequest, year: str, chapter: str) -> HttpResponse:
    school_year = _year(year)
    key = _chapter(chapter)
    text: ChapterText | None = selectors.chapter_text(year=school_year, chapter=key)
    if text is None:
        raise Http404("Dit hoofdstuk heeft nog geen tekst.")
    try:
        services.chapter_set_status(
            text=text, user=request.user, status=request.POST.get("status", "")
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"Status: {text.get_status_display()}.")
    return redirect("reports:chapter", year=school_year.name, chapter=key)
