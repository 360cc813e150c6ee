"""The snapshot renderer: the document of a closed year, kept as JSON (values stored with
`reports.codec`), so it renders exactly as it did when the year was closed (read back by
`reports.document.report_from_data`); and where the live data now differs from it."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from ..codec import encode
from ..document import Report, cached_report, report_from_data
from ..models import ReportSnapshot
from .json import figures_json_of

MAX_DIFFERENCES = 25
FIGURE_LABELS = {
    "fig1": "Figuur 1",
    "fig5": "Figuur 5 (begroting)",
    "fig7": "Figuur 7",
    "fig8": "Figuur 8",
    "fig9": "Figuur 9",
    "fig10": "Figuur 10",
    "fig11": "Figuur 11",
    "fig12": "Figuur 12",
    "fig3": "Figuur 3",
    "bonus": "Bonus per school",
    "so_facilitation": "Facilitering SO",
    "indicators": "Indicatoren",
}


def report_to_data(report: Report) -> dict[str, Any]:
    """Everything the report page and PDF show, plus the `report_figures` JSON the live data
    is compared with."""
    return {
        "year": report.year.name,
        "whole": report.whole,
        "figures": encode(report.figures),
        "budget": encode(asdict(report.budget)) if report.budget is not None else None,
        "so_overview": encode(report.so_overview),
        "indicators": encode(report.indicators),
        "warnings": list(report.warnings),
        "charts": dict(report.charts),
        "comparison": encode(report.comparison),
        # The next years read these in bulk (reports.facts.years_until): keep them compact.
        "key_values": encode(report.key_values),
        "changes": encode(report.changes),
        "trend": encode(report.trend),
        "previous_year": report.previous_year.name if report.previous_year else None,
        "figures_json": figures_json_of(report),
    }


def _row_label(row: Any, index: int) -> str:
    if isinstance(row, dict):
        for key in ("school", "line", "label", "name", "institute", "level", "number"):
            if key in row and row[key] not in (None, ""):
                return str(row[key])
    return f"regel {index + 1}"


def _flatten(value: Any, path: tuple[str, ...], out: dict[tuple[str, ...], Any]) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            _flatten(item, (*path, str(key)), out)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _flatten(item, (*path, _row_label(item, index)), out)
    else:
        out[path] = value


def _describe(path: tuple[str, ...]) -> str:
    head, *rest = path
    label = FIGURE_LABELS.get(head, head)
    return f"{label}, {' › '.join(rest)}" if rest else label


def differences(stored: dict[str, Any], live: dict[str, Any]) -> list[str]:
    """Dutch lines naming each value that differs between the snapshot and the live data
    (at most MAX_DIFFERENCES, then a count of the rest). Warnings are not compared: they
    describe the data, they are not figures."""
    left: dict[tuple[str, ...], Any] = {}
    right: dict[tuple[str, ...], Any] = {}
    for key in stored.keys() | live.keys():
        if key in ("warnings", "year"):
            continue
        _flatten(stored.get(key), (key,), left)
        _flatten(live.get(key), (key,), right)
    lines = []
    for path in sorted(left.keys() | right.keys()):
        before, now = left.get(path, "–"), right.get(path, "–")
        if before != now:
            lines.append(f"{_describe(path)}: vastgelegd {before}, nu {now}.")
    if len(lines) > MAX_DIFFERENCES:
        rest = len(lines) - MAX_DIFFERENCES
        lines = [*lines[:MAX_DIFFERENCES], f"… en nog {rest} verschil(len)."]
    return lines


def snapshot_report(snapshot: ReportSnapshot) -> Report:
    """The document as it was kept when the year closed, with the differences the live data
    shows now (both rendered as `report_figures` JSON) listed first among the warnings."""
    year = snapshot.school_year
    report = report_from_data(snapshot.data, year)
    # The live figures come from the per-year cache: a closed year seldom changes.
    live = figures_json_of(cached_report(year, None).value)
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
