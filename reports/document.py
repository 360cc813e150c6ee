"""The third stage of the report: the document of a year. Its figures (`reports.figures`,
computed from `reports.facts`) with the budget, the SO facilitation overview, indicators
against the year's targets, data-quality warnings, charts and the comparison with the
previous year. `location_ids` narrows it to some schools (an SO's own part).

A closed year's document is its stored snapshot (`report_from_data`); an open year's is
built and kept in the per-year cache (`reports.cache`), dropped on any write to that year.
The year's goals (`reports.goals`) and chapter texts are read live beside it. The renderers
(`reports.renderers`) present a document; they compute no figure."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.safestring import mark_safe

from afternoons import report as afternoons_report
from bos.models import SchoolYear
from facilitation.rules import format_number
from professionalization.report import report_indicator

from . import cache, charts, comparison, facts, figures
from .budget import BudgetFigures, LineFigures, budget_for, overrun_warning, overruns
from .codec import decode
from .models import ChapterText, ReportSnapshot, ReportTargets


@dataclass
class Report:
    year: SchoolYear
    whole: bool
    figures: dict[str, Any]
    budget: BudgetFigures | None
    so_overview: list[dict[str, Any]]
    indicators: list[dict[str, Any]]
    warnings: list[str]
    charts: dict[str, str]
    comparison: list[dict[str, Any]] = field(default_factory=list)
    previous_year: SchoolYear | None = None
    # The year's totals and headline figures (reports.comparison.key_values), and per table
    # and column the previous year's value with the change ("vorig jaar: 234 (+12)"); the
    # indicators' changes under "indicators", by label.
    key_values: dict[str, dict[str, Any]] = field(default_factory=dict)
    changes: dict[str, dict[str, Any]] = field(default_factory=dict)
    # The main series over every year up to this one (reports.comparison.trend); their
    # charts are in `charts` as "trend_<key>". Empty for an SO's part and for a first year.
    trend: list[dict[str, Any]] = field(default_factory=list)
    # A closed year's report is its snapshot: when it was kept, and where the live data
    # now differs from it (a data-quality warning).
    snapshot_at: Any = None
    live_differences: list[str] = field(default_factory=list)
    # The year's goals (reports.goals.GoalRow), added by the selector: they are not cached.
    goals: list[Any] = field(default_factory=list)
    # When the figures were built, and whether a newer build is on its way (reports.cache).
    built_at: Any = None
    stale: bool = False


# --- Data-quality warnings, indicators and the comparison ----------------------------------


def warnings_for(
    year_facts: facts.YearFacts, figs: dict[str, Any], budget: BudgetFigures | None = None
) -> list[str]:
    warnings: list[str] = []
    without_level: dict[str, int] = defaultdict(int)
    for placement in year_facts.placements:
        if not placement.level:
            without_level[placement.location.name] += 1
    for school, count in sorted(without_level.items()):
        warnings.append(f"{school}: {count} student(en) zonder stageniveau.")
    names = {s.location_id: s.location.name for s in year_facts.schools}
    for location_id, note in year_facts.unknown.items():
        if location_id in names:
            warnings.append(
                f"{names[location_id]}: aantallen studenten onbekend (?). {note}".strip()
            )
    partner_by_school = {row["school"]: row["partner"] for row in figs["fig12"]["rows"]}
    for row in figs["fig11"]["rows"]:
        if row["total"] != partner_by_school.get(row["school"], row["total"]):
            warnings.append(
                f"{row['school']}: de niveaus (figuur 11) tellen op tot {row['total']}, "
                f"maar de school heeft {partner_by_school[row['school']]} partnerstudenten."
            )
    for item in figures.unregistered_first_years(year_facts):
        warnings.append(
            f"{item['unregistered']} van {item['first_years']} {item['institute']} eerstejaars "
            f"niet geregistreerd ({item['percent']}%)."
        )
    # A line whose actuals passed its budget (the stuurgroep decides what to do about it).
    warnings.extend(overrun_warning(line, overrun) for line, overrun in overruns(budget))
    return warnings


def institute_indicators(
    year_facts: facts.YearFacts, figs: dict[str, Any], targets: ReportTargets
) -> list[dict[str, Any]]:
    """The targets per institute (its students in the year's placements, a partner or not:
    ALO and FHK were not partners in 2020-2021) and for first-years of partner institutes
    (figure 1), as far as the year's targets set them."""
    items: list[dict[str, Any]] = []
    per_institute = Counter(p.student.institute.short_name for p in year_facts.placements)
    for code, minimum in sorted((targets.min_students_per_institute or {}).items()):
        count = per_institute[code]
        items.append(
            {
                "label": f"Studenten van {code}",
                "value": str(count),
                "target": f"≥ {minimum}",
                "met": count >= int(minimum),
            }
        )
    if targets.min_first_year_students is not None:
        first_years = figs["fig1"]["total"]["total"] or 0
        items.append(
            {
                "label": "Eerstejaars van partnerinstituten",
                "value": str(first_years),
                "target": f"≥ {targets.min_first_year_students}",
                "met": first_years >= targets.min_first_year_students,
            }
        )
    return items


def indicators_for(
    year_facts: facts.YearFacts, figs: dict[str, Any], targets: ReportTargets | None
) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    partner = figs["fig12"]["total"]["partner"]
    if targets is not None:
        items.append(
            {
                "label": "Studenten van partnerinstituten",
                "value": str(partner),
                "target": f"≥ {targets.min_partner_students}",
                "met": partner >= targets.min_partner_students,
            }
        )
        items += institute_indicators(year_facts, figs, targets)
    for item in figures.unregistered_first_years(year_facts):
        limit = targets.max_unregistered_percent if targets else None
        items.append(
            {
                "label": f"Niet geregistreerde eerstejaars {item['institute']}",
                "value": (
                    f"{item['unregistered']} van {item['first_years']} "
                    f"({format_number(item['percent'])}%)"
                ),
                "target": f"≤ {limit}%" if limit is not None else "zo laag mogelijk",
                "met": None if limit is None else item["percent"] <= limit,
            }
        )
    if targets is not None:
        shares = {row["label"]: row["percent"] for row in figs["fig10"]}
        for level, target in targets.level_targets.items():
            value = shares.get(level, Decimal(0))
            items.append(
                {
                    "label": f"Aandeel {level} (VT bachelor)",
                    "value": f"{format_number(value, 1)}%",
                    "target": f"{target}% ± {targets.level_tolerance_percent}",
                    "met": abs(value - target) <= targets.level_tolerance_percent,
                }
            )
    items += afternoons_report.indicators(figs, targets)
    attendance = figs["intervision"]["total"]["attendance_percent"]
    if targets is not None and targets.min_intervision_attendance_percent is not None:
        items.append(
            {
                "label": "Aanwezigheid intervisie op school",
                "value": f"{format_number(attendance, 1)}%"
                if attendance is not None
                else "niet geregistreerd",
                "target": f"≥ {targets.min_intervision_attendance_percent}%",
                "met": None
                if attendance is None
                else attendance >= targets.min_intervision_attendance_percent,
            }
        )
    target = targets.min_professionalization_participants if targets else None
    items += report_indicator(figs.get("professionalization"), target)
    known = [r for r in figs["fig12"]["rows"] if r["students"] is not None and r["streefaantal"]]
    at_target = sum(1 for r in known if r["students"] >= r["streefaantal"])
    items.append(
        {
            "label": "Scholen op of boven hun streefaantal",
            "value": f"{at_target} van {len(known)}",
            "target": f"{len(known)} van {len(known)}",
            "met": at_target == len(known),
        }
    )
    return items


# --- Building a year's document ------------------------------------------------------------


def build_report(year: SchoolYear, *, location_ids: frozenset[int] | None = None) -> Report:
    """The document of a year: facts (each year's placements read once) → figures → this."""
    with facts.facts_once():
        read = facts.report_facts(year, location_ids=location_ids)
        return document_of(read)


def document_of(read: facts.ReportFacts) -> Report:
    figs = figures.report_figures(read)
    budget = budget_for(read.budget, figs["bonus"]["total_eur"]) if read.whole else None
    report = Report(
        year=read.year,
        whole=read.whole,
        figures=figs,
        budget=budget,
        so_overview=figures.so_overview(read),
        indicators=indicators_for(read.year_facts, figs, read.targets) if read.whole else [],
        warnings=warnings_for(read.year_facts, figs, budget),
        charts=charts.report_charts(figs),
        built_at=timezone.now(),
    )
    report.key_values = comparison.key_values(
        figs, budget, unregistered=figures.unregistered_first_years(read.year_facts)
    )
    before = previous_values(read)
    if before is not None and read.previous is not None:
        report.previous_year = read.previous.year
        report.changes = comparison.changes(report.key_values, before)
        by_indicator = comparison.indicator_changes(report.indicators, report.changes)
        if by_indicator:
            report.changes["indicators"] = by_indicator
        report.comparison = comparison.comparison_rows(report.key_values, before)
    if read.years is not None and len(read.years) > 1:
        report.trend = comparison.trend(years_side_by_side(read, report.key_values, before))
        for chart in report.trend:
            report.charts[f"trend_{chart['key']}"] = charts.trend_chart(chart)
    return report


# --- The years side by side ----------------------------------------------------------------


def kept_values(kept: facts.KeptYear) -> comparison.KeyValues:
    """A closed year's key values as its snapshot keeps them; from a snapshot made before
    they were kept, those of the totals (and the reserve) it holds."""
    if kept.values is not None:
        return kept.values
    values = comparison.key_values(kept.legacy_figures or {})
    if kept.reserve is not None:
        values["fig5"] = {"reserve": kept.reserve}
    return values


def previous_values(read: facts.ReportFacts) -> comparison.KeyValues | None:
    """The previous year's key values: a closed year's as kept, an open year's from its live
    facts (read once, with this report's; its budget is the one the carried reserve needed)."""
    previous = read.previous
    if previous is None:
        return None
    if previous.kept is not None:
        return kept_values(previous.kept)
    if previous.facts is None:
        return None
    figs = figures.core_figures(previous.facts, whole=read.whole)
    budget = None
    if previous.tables is not None:
        tables = dict(previous.tables)
        figs["induction"] = figures.figure_induction(previous.facts, tables.pop("induction_counts"))
        figs.update(tables)
        if read.budget is not None and read.budget.previous_budget is not None:
            budget = budget_for(read.budget.previous_budget, figs["bonus"]["total_eur"])
    return comparison.key_values(
        figs, budget, unregistered=figures.unregistered_first_years(previous.facts)
    )


def years_side_by_side(
    read: facts.ReportFacts,
    values: comparison.KeyValues,
    before: comparison.KeyValues | None,
) -> list[comparison.YearValues]:
    """Every year up to the report's with its key values: this year's and the previous
    year's as the comparison has them, a closed year's as kept; any other year is a gap
    with its reason (an open year is not rebuilt for the series)."""
    previous_pk = read.previous.year.pk if read.previous is not None else None
    years = []
    for kept in read.years or []:
        name = kept.year.name
        if kept.year.pk == read.year.pk:
            years.append(comparison.YearValues(name, values))
        elif kept.year.pk == previous_pk and before is not None:
            years.append(comparison.YearValues(name, before))
        elif kept.kept:
            years.append(comparison.YearValues(name, kept_values(kept)))
        elif not kept.has_data:
            years.append(comparison.YearValues(name, None, comparison.NO_DATA))
        elif kept.year.closed_at is None:
            years.append(comparison.YearValues(name, None, comparison.NOT_CLOSED))
        else:
            years.append(comparison.YearValues(name, None, comparison.NOT_KEPT))
    return years


def cached_report(
    year: SchoolYear, location_ids: frozenset[int] | None, *, fresh: bool = False
) -> cache.Cached:
    """The document of an open year (or the live one of a closed year) from the per-year
    cache; unless `fresh`, a stale one while its successor is built (see reports.cache)."""
    return cache.cached(
        year, location_ids, lambda: build_report(year, location_ids=location_ids), fresh=fresh
    )


# --- A closed year's document: its snapshot ------------------------------------------------


def latest_snapshot(year: SchoolYear) -> ReportSnapshot | None:
    return ReportSnapshot.objects.filter(school_year=year).order_by("-created_at", "-pk").first()


def report_from_data(data: dict[str, Any], year: SchoolYear) -> Report:
    """The document as it was kept (`reports.renderers.snapshot.report_to_data`), so it
    renders exactly as it did when the year was closed."""
    budget = None
    if data.get("budget") is not None:
        values = decode(data["budget"])
        values["lines"] = [LineFigures(**line) for line in values["lines"]]
        budget = BudgetFigures(**values)
    previous = None
    if data.get("previous_year"):
        previous = SchoolYear.objects.filter(name=data["previous_year"]).first()
    return Report(
        year=year,
        whole=data["whole"],
        figures=decode(data["figures"]),
        budget=budget,
        so_overview=decode(data["so_overview"]),
        indicators=decode(data["indicators"]),
        warnings=list(data["warnings"]),
        # The SVGs were made by reports.charts from figures (no user text is interpolated
        # unescaped there) and stored by the server itself, so they render as they did.
        charts={key: mark_safe(svg) for key, svg in data["charts"].items()},  # noqa: S308  # nosec B308, B703
        comparison=decode(data["comparison"]),
        previous_year=previous,
        # Kept since the years were put side by side; an older snapshot has none.
        key_values=decode(data.get("key_values") or {}),
        changes=decode(data.get("changes") or {}),
        trend=decode(data.get("trend") or []),
    )


def closed_report(year: SchoolYear) -> Report | None:
    """A closed year's kept document; None while the year is open or has no snapshot."""
    if year.closed_at is None:
        return None
    snapshot = latest_snapshot(year)
    return report_from_data(snapshot.data, year) if snapshot is not None else None


def whole_report(year: SchoolYear) -> Report | None:
    """The whole year's document (a closed year's snapshot) the goals are measured against;
    None when the year's policy is missing, so the goals show no measured value."""
    from facilitation.selectors import PolicyMissing

    if year.closed_at is not None:
        snapshot = latest_snapshot(year)
        if snapshot is not None:
            return report_from_data(snapshot.data, year)
    try:
        return cached_report(year, None, fresh=True).value
    except PolicyMissing:
        return None


# --- The written chapters ------------------------------------------------------------------


def chapter_texts(year: SchoolYear) -> dict[str, ChapterText]:
    """The year's chapter texts by chapter (a closed year's are frozen, read as they stand)."""
    return {
        text.chapter: text
        for text in ChapterText.objects.filter(school_year=year).select_related("author")
    }
