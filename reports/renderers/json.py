"""The JSON renderer: the command-line contract of `report_figures` (plain JSON, money as
strings). A closed year's snapshot keeps this JSON too, so the live data can be compared
with what was published (`reports.renderers.snapshot.differences`)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from afternoons import report as afternoons_report
from bos.models import SchoolYear

from ..document import Report, build_report


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
    if figs.get("fig6"):
        data["fig6"] = deployment_json(figs["fig6"])
    data.update(afternoons_report.as_json(figs))
    if report.budget is not None:
        data["fig5"] = report.budget.as_json()
    return _jsonable(data)


def deployment_json(fig6: dict[str, Any]) -> dict[str, Any]:
    """Figure 6 as the number of people per partner and body (the names stay in the
    report), with the hours per body."""
    bodies = list(fig6["bodies"])
    rows = [
        {"partner": row["partner"], **{body: len(row.get(body) or []) for body in bodies}}
        for row in fig6["rows"]
    ]
    return {
        "bodies": bodies,
        "rows": rows,
        "total": {body: sum(row[body] for row in rows) for body in bodies},
        "hours": {body: f"{hours:.1f}" for body, hours in fig6.get("hours", {}).items()},
    }


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(item) for item in value]
    if isinstance(value, Decimal):
        return str(value)
    return value
