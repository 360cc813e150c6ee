"""The document as the public may read it: the report on the web (`reports.renderers.public`)
shows the same chapters, texts and figures as the PDF, but no person. The tables that name
people are counted instead: the ontwikkelteams' members per team (figure 2), the people per
partner and body (figure 6) and the schoolopleiders' facilitation (one total, not a row per
schoolopleider). Every other figure is already a count per school, institute or level."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any

from .document import Report


def team_counts(fig2: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per ontwikkelteam: its number of members, of kartrekkers, and the partners they
    came from (organisations, not people)."""
    return [
        {
            "team": team["team"],
            "member_count": len(team["members"]),
            "kartrekker_count": sum(1 for member in team["members"] if member["kartrekker"]),
            "partners": sorted({member["partner"] for member in team["members"]}),
        }
        for team in fig2
    ]


def deployment_counts(fig6: dict[str, Any]) -> dict[str, Any]:
    """Figure 6 with the number of people per partner and body instead of their names, and
    the total per body."""
    bodies = list(fig6["bodies"])
    rows = [
        {"partner": row["partner"], **{body: len(row.get(body) or []) for body in bodies}}
        for row in fig6["rows"]
    ]
    total = {body: sum(row[body] for row in rows) for body in bodies}
    return {"bodies": bodies, "rows": rows, "total": total, "hours": dict(fig6.get("hours", {}))}


def facilitation_total(so_overview: list[dict[str, Any]]) -> dict[str, Any]:
    """The schoolopleiders' facilitation as one total: how many, and their hours."""
    hours = sum((Decimal(row["hours"]) for row in so_overview), Decimal(0))
    return {"schoolopleiders": len(so_overview), "hours": hours}


def without_people(report: Report) -> Report:
    """A copy of the whole report with every table that names a person counted instead
    (the cached or kept report itself is left as it is)."""
    figures = dict(report.figures)
    if figures.get("fig2"):
        figures["fig2"] = team_counts(figures["fig2"])
    if figures.get("fig6"):
        figures["fig6"] = deployment_counts(figures["fig6"])
    figures["so_total"] = facilitation_total(report.so_overview)
    return replace(
        report, figures=figures, so_overview=[], live_differences=[], goals=list(report.goals)
    )
