"""The whole annual report of one year: every table, the budget, the SO facilitation
overview, indicators against the year's targets, data-quality warnings and the comparison
with the previous year. `location_ids` narrows it to some schools (an SO's own part)."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import timezone

from afternoons import report as afternoons_report
from bos.models import LocationYear, Role, RoleAssignment, SchoolYear
from facilitation import rules as facilitation_rules
from facilitation.rules import format_number
from facilitation.selectors import counted_students
from intervision.report import school_rows as intervision_rows
from professionalization.report import report_indicator, report_table

from . import charts, figures, rules
from .budget import BudgetFigures, budget_for, previous_reserve
from .codec import decode
from .memo import params_for, previous_year
from .models import ReportSnapshot, ReportTargets


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
    # A closed year's report is its snapshot: when it was kept, and where the live data
    # now differs from it (a data-quality warning).
    snapshot_at: Any = None
    live_differences: list[str] = field(default_factory=list)
    # The year's goals (reports.goals.GoalRow), added by the selector: they are not cached.
    goals: list[Any] = field(default_factory=list)
    # When the figures were built, and whether a newer build is on its way (reports.cache).
    built_at: Any = None
    stale: bool = False


def year_has_data(year: SchoolYear) -> bool:
    return LocationYear.objects.filter(school_year=year).exists()


def core_figures(facts: figures.YearFacts, *, whole: bool) -> dict[str, Any]:
    fig7 = figures.figure_7(facts, whole_year=whole)
    fig11 = figures.figure_11(facts)
    fig12 = figures.figure_12(facts)
    result = {
        "fig1": figures.figure_1(facts),
        "fig7": fig7,
        "fig8": figures.figure_8(fig7),
        "fig11": fig11,
        "fig12": fig12,
        "bonus": figures.bonus_table(facts, fig12),
        "wpb": figures.wpb_coverage(facts),
    }
    result.update(figures.figure_9_10(fig11))
    return result


def so_overview(facts: figures.YearFacts) -> list[dict[str, Any]]:
    """Hours per SO by the facilitation guideline, from the students at their locations."""
    in_report = {s.location_id for s in facts.schools}
    rows = []
    assignments = (
        RoleAssignment.objects.filter(school_year=facts.year, role=Role.SO)
        .select_related("person")
        .prefetch_related("locations")
        .order_by("person__last_name")
    )
    shown = []
    for assignment in assignments:
        locations = sorted(assignment.locations.all(), key=lambda loc: loc.name)
        if any(loc.pk in in_report for loc in locations):
            shown.append((assignment, locations))
    # The count basis (actual, agreed or average) is the facilitation app's choice; counted
    # for every shown location at once.
    counted = counted_students(facts.year, {loc.pk for _, locs in shown for loc in locs})
    for assignment, locations in shown:
        counts = [counted[loc.pk][0] for loc in locations]
        result = facilitation_rules.so_hours(facts.params, counts)
        hours, lines = result.hours, list(result.lines)
        rows.append(
            {
                "name": assignment.person.full_name,
                "locations": ", ".join(loc.name for loc in locations),
                "students": sum(counts),
                "hours": hours,
                "explanation": lines,
            }
        )
    return rows


def unregistered_first_years(facts: figures.YearFacts) -> list[dict[str, Any]]:
    """Per partner institute: first-years placed but not registered with the institute."""
    totals: Counter[str] = Counter()
    missing: Counter[str] = Counter()
    for placement in facts.all_placements:
        if not placement.is_first_year or not facts.is_partner(placement):
            continue
        code = placement.student.institute.short_name
        totals[code] += 1
        missing[code] += not placement.registered_in_institute_system
    return [
        {
            "institute": code,
            "unregistered": missing[code],
            "first_years": totals[code],
            "percent": rules.share(missing[code], totals[code]),
        }
        for code in sorted(totals)
        if missing[code]
    ]


def warnings_for(facts: figures.YearFacts, figs: dict[str, Any]) -> list[str]:
    warnings: list[str] = []
    without_level: dict[str, int] = defaultdict(int)
    for placement in facts.placements:
        if not placement.level:
            without_level[placement.location.name] += 1
    for school, count in sorted(without_level.items()):
        warnings.append(f"{school}: {count} student(en) zonder stageniveau.")
    names = {s.location_id: s.location.name for s in facts.schools}
    for location_id, note in facts.unknown.items():
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
    for item in unregistered_first_years(facts):
        warnings.append(
            f"{item['unregistered']} van {item['first_years']} {item['institute']} eerstejaars "
            f"niet geregistreerd ({item['percent']}%)."
        )
    return warnings


def indicators_for(facts: figures.YearFacts, figs: dict[str, Any]) -> list[dict[str, Any]]:
    targets = ReportTargets.objects.filter(school_year=facts.year).first()
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
    for item in unregistered_first_years(facts):
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


COMPARED = [
    ("Studenten (stages)", lambda f: f["fig7"]["total"]["total"]),
    ("Studenten van partnerinstituten", lambda f: f["fig12"]["total"]["partner"]),
    ("Overige studenten", lambda f: f["fig12"]["total"]["other"]),
    ("Eerstejaars", lambda f: f["fig1"]["total"]["total"]),
    ("Leerlingen op 1 oktober", lambda f: f["fig12"]["total"]["pupils"]),
    ("Streefaantal", lambda f: f["fig12"]["total"]["streefaantal"]),
    ("Bonus extra studenten", lambda f: f["bonus"]["total_eur"]),
]


def comparison(current: dict[str, Any], previous: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for label, pick in COMPARED:
        now, before = pick(current), pick(previous)
        rows.append(
            {
                "label": label,
                "current": now,
                "previous": before,
                "change": rules.change(now, before),
            }
        )
    return rows


def build_report(year: SchoolYear, *, location_ids: frozenset[int] | None = None) -> Report:
    """Every figure of a year's report; each year's placements are read once."""
    with figures.facts_once():
        return _build_report(year, location_ids=location_ids)


def _build_report(year: SchoolYear, *, location_ids: frozenset[int] | None) -> Report:
    whole = location_ids is None
    params = params_for(year)
    facts = figures.load_facts(year, params, location_ids=location_ids)
    figs = core_figures(facts, whole=whole)
    figs["fig3"] = afternoons_report.figure_3(year)
    figs.update(afternoons_report.figures(year, location_ids=location_ids))
    figs["intervision"] = intervision_rows(year, location_ids)
    if whole:
        figs["fig2"] = figures.figure_2(year)
        figs["fig6"] = figures.figure_6(year)
        figs["professionalization"] = report_table(year)
    budget = budget_for(year, figs["bonus"]["total_eur"]) if whole else None
    report = Report(
        year=year,
        whole=whole,
        figures=figs,
        budget=budget,
        so_overview=so_overview(facts),
        indicators=indicators_for(facts, figs) if whole else [],
        warnings=warnings_for(facts, figs),
        charts=charts.report_charts(figs),
        built_at=timezone.now(),
    )
    previous = previous_year(year)
    if previous is not None:
        # The whole report compares with the figures a closed year was closed with (the ones
        # it published), which also spares rebuilding that year; otherwise with live data.
        before = closed_compared_figures(previous) if whole else None
        if before is None and year_has_data(previous):
            previous_facts = figures.load_facts(
                previous, params_for(previous), location_ids=location_ids
            )
            before = core_figures(previous_facts, whole=whole)
        if before is not None:
            report.previous_year = previous
            report.comparison = comparison(figs, before)
    return report


# Where COMPARED finds its values in a snapshot's figures (stored with `reports.codec.encode`).
COMPARED_PATHS = {
    "fig7": "data__figures__fig7__total",
    "fig12": "data__figures__fig12__total",
    "fig1": "data__figures__fig1__total",
    "bonus": "data__figures__bonus__total_eur",
}


def closed_compared_figures(year: SchoolYear) -> dict[str, Any] | None:
    """The values COMPARED reads, from a closed year's latest snapshot (None while the year
    is open or has none). Only those keys are read from the database, not the whole JSON."""
    if year.closed_at is None:
        return None
    row = (
        ReportSnapshot.objects.filter(school_year=year)
        .order_by("-created_at", "-pk")
        .values(*COMPARED_PATHS.values())
        .first()
    )
    if row is None or any(row[path] is None for path in COMPARED_PATHS.values()):
        return None
    values = {key: decode(row[path]) for key, path in COMPARED_PATHS.items()}
    return {
        "fig7": {"total": values["fig7"]},
        "fig12": {"total": values["fig12"]},
        "fig1": {"total": values["fig1"]},
        "bonus": {"total_eur": values["bonus"]},
    }


def figures_json(year: SchoolYear) -> dict[str, Any]:
    """The command-line contract of `report_figures`: plain JSON, money as strings."""
    return figures_json_of(build_report(year))


def figures_json_of(report: Report) -> dict[str, Any]:
    year = report.year
    figs = report.figures

    def strip(table: dict[str, Any]) -> dict[str, Any]:
        return {key: value for key, value in table.items() if key != "columns"}

    fig12_total = dict(figs["fig12"]["total"])
    data: dict[str, Any] = {
        "year": year.name,
        "fig1": strip(figs["fig1"]),
        "fig7": strip(figs["fig7"]),
        "fig8": figs["fig8"]["rows"],
        "fig9": figs["fig9"],
        "fig10": figs["fig10"],
        "fig11": strip(figs["fig11"]),
        "fig12": {"rows": figs["fig12"]["rows"], "total": fig12_total},
        "bonus": {
            "rows": [
                {**row, "bonus_eur": f"{row['bonus_eur']:.2f}"} for row in figs["bonus"]["rows"]
            ],
            "extra_students": figs["bonus"]["extra_students"],
            "total_eur": f"{figs['bonus']['total_eur']:.2f}",
        },
        "fig3": [{**row, "date": row["date"].isoformat()} for row in figs["fig3"]],
        "so_facilitation": [
            {key: row[key] for key in ("name", "locations", "students")}
            | {"hours": f"{row['hours']:.1f}"}
            for row in report.so_overview
        ],
        "indicators": report.indicators,
        "warnings": report.warnings,
    }
    data.update(afternoons_report.as_json(figs))
    if report.budget is not None:
        data["fig5"] = report.budget.as_json()
    return _jsonable(data)


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(item) for item in value]
    if isinstance(value, Decimal):
        return str(value)
    return value


__all__ = ["Report", "build_report", "figures_json", "figures_json_of", "previous_reserve"]
