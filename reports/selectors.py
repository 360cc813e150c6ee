"""Reads for the report pages, narrowed to the asking user: the projectleider, kernteam and
admin see the whole report; an SO sees only the part of their own schools.

`report_for` is where a year's report starts: the user's part → `reports.document` (built
from `reports.facts` → `reports.figures`, or a closed year's snapshot) → the renderers."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, QuerySet

from bos.models import LocationYear, Role, SchoolYear
from bos.permissions import get_scope
from library.selectors import documents_of_year as library_documents

from .document import Report, cached_report, closed_report, latest_snapshot
from .document import chapter_texts as document_chapter_texts
from .facts import year_has_data
from .goals import goal_rows_for
from .models import (
    Budget,
    BudgetLine,
    BudgetVersion,
    ChapterText,
    ChapterVersion,
    Evidence,
    GeneratedReport,
    Goal,
    QualityStandard,
    ReportPublication,
)
from .quality import StandardRow, standard_rows
from .renderers.snapshot import snapshot_report


def report_locations(*, user: Any, year: SchoolYear) -> frozenset[int] | None:
    """None for the whole report; otherwise the locations the user's part covers."""
    scope = get_scope(user, year)
    # The penvoerder accounts for the whole partnership's subsidy: the whole report.
    if scope.sees_everything or scope.has(Role.KERNTEAM, Role.PENVOERDER):
        return None
    if scope.has(Role.SO):
        return scope.so_location_ids
    raise PermissionDenied


def report_for(*, user: Any, year: SchoolYear, fresh: bool = False) -> Report:
    """The document of the year (or the user's part of it), from the per-year cache; a
    closed year's whole report is its snapshot. Unless `fresh`, a report a write made stale
    may be shown (marked `stale`) while its successor is built in the background (see
    reports.cache)."""
    location_ids = report_locations(user=user, year=year)
    report = None
    if location_ids is None and year.closed_at is not None:
        snapshot = latest_snapshot(year)
        if snapshot is not None:
            report = snapshot_report(snapshot)
    if report is None:
        found = cached_report(year, location_ids, fresh=fresh)
        report = replace(found.value, stale=found.stale)
    # Goals are live (a closed year's cannot change), measured against the whole report.
    report.goals = goal_rows_for(year=year, report=report)
    return report


def report_years() -> QuerySet[SchoolYear]:
    """Years with an organisation to report on."""
    with_schools = LocationYear.objects.values("school_year_id")
    return SchoolYear.objects.filter(pk__in=with_schools).order_by("-start_date")


def generated_reports(*, user: Any, year: SchoolYear) -> QuerySet[GeneratedReport]:
    return GeneratedReport.objects.filter(school_year=year).select_related("requested_by")[:10]


def budget_get(*, year: SchoolYear) -> Budget | None:
    return Budget.objects.filter(school_year=year).first()


def budget_versions(*, budget: Budget) -> list[BudgetVersion]:
    """The adopted versions of a budget, newest first, each with its decision (one query)."""
    return list(
        BudgetVersion.objects.filter(budget=budget)
        .select_related("decision")
        .defer("lines")
        .order_by("-number")
    )


def budget_version_get(*, pk: int) -> BudgetVersion:
    return BudgetVersion.objects.select_related("budget__school_year", "decision").get(pk=pk)


def budget_line_get(*, pk: int) -> BudgetLine:
    return BudgetLine.objects.select_related("section__budget__school_year").get(pk=pk)


# --- Goals and the quality framework ----------------------------------------------------


def goal_get(*, pk: int) -> Goal:
    return Goal.objects.select_related("school_year").get(pk=pk)


def standards_for(*, year: SchoolYear) -> list[QualityStandard]:
    return list(
        QualityStandard.objects.filter(school_year=year).prefetch_related(
            Prefetch(
                "evidence",
                queryset=Evidence.objects.select_related("document").order_by("kind", "pk"),
            )
        )
    )


def standard_rows_for(*, year: SchoolYear) -> list[StandardRow]:
    standards = standards_for(year=year)
    needs_goals = any(
        item.kind == "goal" for standard in standards for item in standard.evidence.all()
    )
    goals = {row.pk: row for row in goal_rows_for(year=year)} if needs_goals else {}
    return standard_rows(standards, goals)


def standard_get(*, pk: int) -> QualityStandard:
    return QualityStandard.objects.select_related("school_year").get(pk=pk)


def evidence_get(*, pk: int) -> Evidence:
    return Evidence.objects.select_related("standard__school_year").get(pk=pk)


def documents_for(*, year: SchoolYear) -> QuerySet[Any]:
    """The library's documents of the year a standard can point to (the projectleider
    keeps both, so every document of the year is offered)."""
    return library_documents(year)


# --- Written chapters --------------------------------------------------------------------


def chapter_texts(*, year: SchoolYear) -> dict[str, ChapterText]:
    return document_chapter_texts(year)


def chapter_text(*, year: SchoolYear, chapter: str) -> ChapterText | None:
    return (
        ChapterText.objects.filter(school_year=year, chapter=chapter)
        .select_related("author")
        .first()
    )


def chapter_versions(*, text: ChapterText) -> QuerySet[ChapterVersion]:
    return text.versions.select_related("saved_by")


def chapter_authors(*, year: SchoolYear) -> QuerySet[Any]:
    """The kernteam members of the year: they can be made a chapter's author."""
    from bos.models import Person

    return Person.objects.filter(roles__school_year=year, roles__role=Role.KERNTEAM).distinct()


def report_or_none(*, user: Any, year: SchoolYear) -> Report | None:
    """The report the chapters' figure references render from; None without a policy."""
    from facilitation.selectors import PolicyMissing

    if not year_has_data(year):
        return None
    try:
        return report_for(user=user, year=year)
    except PolicyMissing:
        return None


# --- The report on the web ----------------------------------------------------------------


def publication_of(*, year: SchoolYear) -> ReportPublication | None:
    return ReportPublication.objects.filter(school_year=year).first()


def published_year(*, name: str) -> tuple[SchoolYear, ReportPublication] | None:
    """The year named `name` with its publication, when its report is published (one
    query); None otherwise, so an unpublished year cannot be told from one that is not."""
    publication = (
        ReportPublication.objects.filter(school_year__name=name, published_at__isnull=False)
        .select_related("school_year")
        .first()
    )
    return None if publication is None else (publication.school_year, publication)


def public_report(*, year: SchoolYear) -> Report:
    """The whole report the publication shows: the same document the PDF is made from (a
    closed year's kept snapshot, else the year's cached document). Raises PolicyMissing when
    an open year's report cannot be made."""
    return closed_report(year) or cached_report(year, None).value
