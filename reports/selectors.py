"""Reads for the report pages, narrowed to the asking user: the projectleider, kernteam and
admin see the whole report; an SO sees only the part of their own schools."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from bos.models import LocationYear, Role, SchoolYear
from bos.permissions import get_scope

from . import cache
from .models import Budget, BudgetLine, GeneratedReport, ReportSnapshot
from .report import Report, build_report, figures_json_of
from .snapshot import differences, report_from_data


def report_locations(*, user: Any, year: SchoolYear) -> frozenset[int] | None:
    """None for the whole report; otherwise the locations the user's part covers."""
    scope = get_scope(user, year)
    if scope.sees_everything or scope.has(Role.KERNTEAM):
        return None
    if scope.has(Role.SO):
        return scope.so_location_ids
    raise PermissionDenied


def report_for(*, user: Any, year: SchoolYear) -> Report:
    """The report (or the user's part of it), from the per-year cache when it is fresh; a
    closed year's whole report is its snapshot."""
    location_ids = report_locations(user=user, year=year)
    if location_ids is None and year.closed_at is not None:
        snapshot = latest_snapshot(year)
        if snapshot is not None:
            return snapshot_report(snapshot)
    return cache.cached(year, location_ids, lambda: build_report(year, location_ids=location_ids))


def latest_snapshot(year: SchoolYear) -> ReportSnapshot | None:
    return ReportSnapshot.objects.filter(school_year=year).order_by("-created_at", "-pk").first()


def snapshot_report(snapshot: ReportSnapshot) -> Report:
    """The report as it was kept when the year closed, with the differences the live data
    shows now listed first among the warnings."""
    year = snapshot.school_year
    report = report_from_data(snapshot.data, year)
    live = figures_json_of(build_report(year))
    report.snapshot_at = snapshot.created_at
    report.live_differences = differences(snapshot.data.get("figures_json", {}), live)
    if report.live_differences:
        report.warnings = [
            "De gegevens van dit afgesloten jaar zijn na het afsluiten gewijzigd; het "
            "jaarverslag toont de vastgelegde cijfers. Verschillen met de huidige gegevens:",
            *report.live_differences,
            *report.warnings,
        ]
    return report


def report_years() -> QuerySet[SchoolYear]:
    """Years with an organisation to report on."""
    with_schools = LocationYear.objects.values("school_year_id")
    return SchoolYear.objects.filter(pk__in=with_schools).order_by("-start_date")


def generated_reports(*, user: Any, year: SchoolYear) -> QuerySet[GeneratedReport]:
    return GeneratedReport.objects.filter(school_year=year).select_related("requested_by")[:10]


def budget_get(*, year: SchoolYear) -> Budget | None:
    return Budget.objects.filter(school_year=year).first()


def budget_line_get(*, pk: int) -> BudgetLine:
    return BudgetLine.objects.select_related("section__budget__school_year").get(pk=pk)
