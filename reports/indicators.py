"""The named indicators a goal can be measured by: each computes one value of a school year
from the year's report (its figures and budget), so a goal reads the same numbers the
report prints. A value is None when the year has nothing to measure."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from . import rules

if TYPE_CHECKING:
    from .document import Report


@dataclass(frozen=True)
class Indicator:
    label: str
    unit: str
    compute: Callable[[Report], Decimal | None]


def _placements(report: Report) -> Decimal | None:
    return Decimal(report.figures["fig7"]["total"]["total"])


def _partner_students(report: Report) -> Decimal | None:
    return Decimal(report.figures["fig12"]["total"]["partner"])


def _wpb_share(report: Report) -> Decimal | None:
    # A snapshot kept before this figure existed has no "wpb": nothing to measure then.
    coverage = report.figures.get("wpb")
    if not coverage or not coverage["placements"]:
        return None
    return rules.share(coverage["with_wpb"], coverage["placements"], places=1)


def _afternoon_attendance(report: Report) -> Decimal | None:
    rows = report.figures.get("afternoon_attendance") or []
    expected = sum(row["expected"] for row in rows)
    if not expected:
        return None
    return rules.share(sum(row["present"] for row in rows), expected, places=1)


def _intervision_attendance(report: Report) -> Decimal | None:
    table = report.figures.get("intervision") or {}
    value = (table.get("total") or {}).get("attendance_percent")
    return None if value is None else Decimal(value)


def _trained_wpbs(report: Report) -> Decimal | None:
    table = report.figures.get("professionalization")
    if table is None:
        return None
    return Decimal(sum(row["participants"] for row in table["rows"] if row["label"] == "WPB"))


def _budget_spent(report: Report) -> Decimal | None:
    budget = report.budget
    if budget is None or not budget.budget_expenses:
        return None
    return (Decimal(100) * budget.actual_expenses / budget.budget_expenses).quantize(Decimal("0.1"))


INDICATORS: dict[str, Indicator] = {
    "placements": Indicator("Aantal stages", "", _placements),
    "partner_students": Indicator("Studenten van partnerinstituten", "", _partner_students),
    "wpb_share": Indicator("Aandeel stages met een WPB", "%", _wpb_share),
    "afternoon_attendance": Indicator("Opkomst verdiepingsmiddagen", "%", _afternoon_attendance),
    "intervision_attendance": Indicator(
        "Aanwezigheid intervisie op school", "%", _intervision_attendance
    ),
    "trained_wpbs": Indicator("WPB's die professionalisering volgden", "", _trained_wpbs),
    "budget_spent": Indicator("Besteed deel van de begroting", "%", _budget_spent),
}


def choices() -> list[tuple[str, str]]:
    return [(key, indicator.label) for key, indicator in INDICATORS.items()]


def measure(key: str, report: Report | None) -> Decimal | None:
    """The indicator's value in the report; None when unknown or nothing to measure."""
    indicator = INDICATORS.get(key)
    if indicator is None or report is None:
        return None
    try:
        return indicator.compute(report)
    except (KeyError, TypeError):
        # A figure missing from an older snapshot: nothing to measure, not a crash.
        return None
