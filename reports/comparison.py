"""The years side by side: a year's key values (the totals and headline figures of its
report), how each changed since the previous year, and the main series over every year.

Pure: figures in, plain values out. A year's key values are what its report shows as totals;
a closed year keeps them in its snapshot (`data["key_values"]`), so the next years read them
in one query with every other closed year's (`reports.facts.years_until`) and never rebuild
a closed year. The document (`reports.document`) puts them together; the page, the PDF and
the charts (`reports.charts.trend_chart`) only present them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from afternoons.rules import percentage
from placements.rules import REPORT_LEVELS

from .labels import column_label

Number = int | Decimal
KeyValues = dict[str, dict[str, Any]]

# How a value is written and how its change is said (the default is a count).
COUNT, EUR, PERCENT, DECIMAL = "count", "eur", "percent", "decimal"
TABLE_UNITS = {"fig5": EUR, "fig10": PERCENT, "unregistered": PERCENT}
UNITS = {
    ("bonus", "total_eur"): EUR,
    ("intervision", "attendance_percent"): PERCENT,
    ("afternoons", "attendance_percent"): PERCENT,
    ("afternoons", "score"): DECIMAL,
    ("professionalization", "hours"): DECIMAL,
}


def unit_of(table: str, column: str) -> str:
    return UNITS.get((table, column), TABLE_UNITS.get(table, COUNT))


def _total(table: dict[str, Any] | None, *, skip: Iterable[str] = ("school",)) -> dict[str, Any]:
    if not table:
        return {}
    return {key: value for key, value in table.items() if key not in skip}


def key_values(
    figs: dict[str, Any],
    budget: Any = None,
    *,
    unregistered: list[dict[str, Any]] | None = None,
) -> KeyValues:
    """The totals and headline figures of a year's report, per table and column. `figs` may
    hold only some tables (an SO's part, a snapshot from before key values were kept): a
    table it lacks is left out, and so is shown without a previous year. `budget` is figure
    5 (`reports.budget.BudgetFigures`); `unregistered` the first-years not registered per
    institute (`reports.figures.unregistered_first_years`)."""
    values: KeyValues = {}
    if "fig1" in figs:
        values["fig1"] = _total(figs["fig1"].get("total"))
    if "fig7" in figs:
        fig7 = figs["fig7"]
        values["fig7"] = _total(fig7.get("total"))
        for key in ("funding_count", "switched"):
            if fig7.get(key) is not None:
                values["fig7"][key] = fig7[key]
    if "fig11" in figs:
        values["fig11"] = _total(figs["fig11"].get("total"))
    if "fig12" in figs:
        fig12 = figs["fig12"]
        values["fig12"] = _total(fig12.get("total"))
        if "rows" in fig12:
            known = [
                row for row in fig12["rows"] if row["students"] is not None and row["streefaantal"]
            ]
            values["fig12"]["schools_at_target"] = sum(
                1 for row in known if row["students"] >= row["streefaantal"]
            )
    if "fig10" in figs:
        values["fig10"] = {row["label"]: row["percent"] for row in figs["fig10"]}
    if "bonus" in figs:
        values["bonus"] = {
            key: figs["bonus"][key]
            for key in ("extra_students", "total_eur")
            if key in figs["bonus"]
        }
    if budget is not None:
        values["fig5"] = {
            key: getattr(budget, key)
            for key in (
                "budget_expenses",
                "actual_expenses",
                "income",
                "result",
                "carried_in",
                "reserve",
            )
        }
    if "intervision" in figs:
        values["intervision"] = _total(
            figs["intervision"].get("total"), skip=("school", "present", "recorded")
        )
    if "afternoon_attendance" in figs:
        rows = figs["afternoon_attendance"]
        expected = sum(row["expected"] for row in rows)
        present = sum(row["present"] for row in rows)
        values["afternoons"] = {
            "afternoons": len(figs.get("fig3") or []),
            "expected": expected,
            "present": present,
            "attendance_percent": percentage(present, expected),
            "score": (figs.get("afternoon_scores") or {}).get("mean"),
        }
    table = figs.get("professionalization")
    if table and table.get("registered", True):
        values["professionalization"] = {
            **table["total"],
            "basic": table["basic"],
            "deepening": table["deepening"],
        }
    if "induction" in figs:
        values["induction"] = _total(figs["induction"].get("total"))
    if unregistered is not None:
        values["unregistered"] = {item["institute"]: item["percent"] for item in unregistered}
    return values


def change_of(
    table: str, column: str, current: Number | None, previous: Number | None
) -> dict[str, Any] | None:
    """{"previous", "change", "unit"} of one value; None when the previous year lacks it."""
    if previous is None:
        return None
    change = None if current is None else current - previous
    return {"previous": previous, "change": change, "unit": unit_of(table, column)}


def changes(current: KeyValues, previous: KeyValues) -> KeyValues:
    """Per table and column: the previous year's value and the change, for every value that
    exists in both years (a column the previous year did not have, such as a new partner
    institute, has none)."""
    result: KeyValues = {}
    for table, columns in current.items():
        before = previous.get(table)
        if not before:
            continue
        found = {
            column: change
            for column, value in columns.items()
            if column in before
            and (change := change_of(table, column, value, before[column])) is not None
        }
        if found:
            result[table] = found
    return result


# Which key value each indicator of the report (`reports.document.indicators_for`, and the
# other apps' indicators) measures, by the start of its label.
INDICATOR_VALUES: list[tuple[str, str, str | None]] = [
    ("Studenten van partnerinstituten", "fig12", "partner"),
    ("Scholen op of boven hun streefaantal", "fig12", "schools_at_target"),
    ("Opkomst verdiepingsmiddagen", "afternoons", "attendance_percent"),
    ("Waardering verdiepingsmiddagen", "afternoons", "score"),
    ("Aanwezigheid intervisie", "intervision", "attendance_percent"),
    ("Deelnemers professionalisering", "professionalization", "participants"),
    # The column is the label's last word: the institute, or the level.
    ("Niet geregistreerde eerstejaars ", "unregistered", None),
    ("Aandeel ", "fig10", None),
]


def indicator_value(label: str) -> tuple[str, str] | None:
    """(table, column) of the key value an indicator measures; None for one without."""
    for prefix, table, column in INDICATOR_VALUES:
        if label.startswith(prefix):
            if column is None:
                column = label.removeprefix(prefix).split(" ")[0]
            return table, column
    return None


def indicator_changes(indicators: list[dict[str, Any]], found: KeyValues) -> dict[str, Any]:
    """Per indicator label, the change of the value it measures."""
    result = {}
    for item in indicators:
        source = indicator_value(item["label"])
        if source is not None and source[1] in found.get(source[0], {}):
            result[item["label"]] = found[source[0]][source[1]]
    return result


# The kerncijfers table: (label, table, column). The first labels are those the chapter
# drafts look up (`reports.drafts`).
COMPARED: list[tuple[str, str, str]] = [
    ("Studenten (stages)", "fig7", "total"),
    ("Studenten van partnerinstituten", "fig12", "partner"),
    ("Overige studenten", "fig12", "other"),
    ("Eerstejaars", "fig1", "total"),
    ("Leerlingen op 1 oktober", "fig12", "pupils"),
    ("Streefaantal", "fig12", "streefaantal"),
    ("Bonus extra studenten", "bonus", "total_eur"),
    ("Bekostigingsaantal", "fig7", "funding_count"),
    ("Baten (subsidie)", "fig5", "income"),
    ("Uitgegeven", "fig5", "actual_expenses"),
    ("Reserve aan het eind van het jaar", "fig5", "reserve"),
    ("Opkomst verdiepingsmiddagen", "afternoons", "attendance_percent"),
    ("Aanwezigheid intervisie", "intervision", "attendance_percent"),
    ("Deelnemers professionalisering", "professionalization", "participants"),
    ("Startende leraren", "induction", "starters"),
]


def comparison_rows(current: KeyValues, previous: KeyValues) -> list[dict[str, Any]]:
    """The kerncijfers beside the previous year's: each value both years have."""
    rows = []
    for label, table, column in COMPARED:
        before = previous.get(table, {}).get(column)
        if before is None or column not in current.get(table, {}):
            continue
        now = current[table][column]
        rows.append(
            {
                "label": label,
                "current": now,
                "previous": before,
                "change": None if now is None else now - before,
                "unit": unit_of(table, column),
            }
        )
    return rows


# --- The series over the years -------------------------------------------------------------


@dataclass(frozen=True)
class Series:
    label: str
    table: str
    column: str


@dataclass(frozen=True)
class TrendChart:
    key: str
    title: str
    unit: str
    series: tuple[Series, ...]
    # Stacked bars (parts of one whole) instead of bars side by side.
    stacked: bool = False


TREND_CHARTS: tuple[TrendChart, ...] = (
    TrendChart(
        "students",
        "Studenten en bekostigingsaantal",
        COUNT,
        (
            Series("Studenten (stages)", "fig7", "total"),
            Series("Van partnerinstituten", "fig12", "partner"),
            Series("Bekostigingsaantal", "fig7", "funding_count"),
        ),
    ),
    TrendChart(
        "levels",
        "Stages per niveau (partnerinstituten)",
        COUNT,
        tuple(Series(column_label(level), "fig11", level) for level in REPORT_LEVELS),
        stacked=True,
    ),
    TrendChart(
        "money",
        "Subsidie, uitgaven en reserve",
        EUR,
        (
            Series("Baten (subsidie)", "fig5", "income"),
            Series("Uitgegeven", "fig5", "actual_expenses"),
            Series("Reserve aan het eind", "fig5", "reserve"),
        ),
    ),
    TrendChart(
        "attendance",
        "Aanwezigheid bij verdiepingsmiddagen en intervisie",
        PERCENT,
        (
            Series("Verdiepingsmiddagen", "afternoons", "attendance_percent"),
            Series("Intervisie", "intervision", "attendance_percent"),
        ),
    ),
    TrendChart(
        "professionalisation",
        "Deelnemers professionalisering",
        COUNT,
        (Series("Deelnemers", "professionalization", "participants"),),
    ),
)

# Why a year shows no values: it has no schools, or it is open and not the report's year or
# the one before (open years are not rebuilt for the series), or it closed without a kept report.
NO_DATA = "geen gegevens"
NOT_CLOSED = "nog niet afgesloten"
NOT_KEPT = "geen vastgelegde cijfers"


@dataclass(frozen=True)
class YearValues:
    """One year of the series: its name, its key values (None: a gap) and why there are none."""

    year: str
    values: KeyValues | None
    note: str = ""


def trend(years: list[YearValues]) -> list[dict[str, Any]]:
    """Per chart: its series over the years, oldest first. A year without the chart's values
    is a gap with its reason, never a zero; a chart without any value is left out."""
    charts = []
    for chart in TREND_CHARTS:
        rows = []
        for item in years:
            found = item.values or {}
            values = [found.get(s.table, {}).get(s.column) for s in chart.series]
            known = any(value is not None for value in values)
            rows.append(
                {
                    "year": item.year,
                    "values": values if known else None,
                    "note": "" if known else (item.note or NO_DATA),
                }
            )
        if any(row["values"] is not None for row in rows):
            charts.append(
                {
                    "key": chart.key,
                    "title": chart.title,
                    "unit": chart.unit,
                    "stacked": chart.stacked,
                    "series": [s.label for s in chart.series],
                    "rows": rows,
                }
            )
    return charts
