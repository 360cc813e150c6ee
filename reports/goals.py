"""The goals of a year as the report shows them: per goal its status (computed from the
year's figures when it has an indicator), the measured value and the links to the year it
came from or moved to. Plain rows, so the pages, the workbook and the PDFs share them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from bos.models import SchoolYear

from . import indicators, rules
from .document import Report, whole_report
from .models import Goal, GoalChapter, GoalStatus

NO_STATUS = "nog niet bepaald"


def format_value(value: Decimal | None, unit: str) -> str:
    if value is None:
        return "–"
    text = f"{value.normalize():f}".replace(".", ",")
    return f"{text}{unit}"


@dataclass
class GoalRow:
    pk: int
    chapter: str
    chapter_label: str
    description: str
    owner: str
    status: str | None
    status_label: str
    computed: bool
    indicator_label: str = ""
    measured: str = ""
    target: str = ""
    explanation: list[str] = field(default_factory=list)
    carried_from: str = ""
    carried_to: str = ""
    # The owner's role alone ("kernteam"): what the publication on the web names, since the
    # owner itself may be a person.
    owner_role: str = ""


def goal_row(goal: Goal, report: Report | None) -> GoalRow:
    owner = goal.owner
    if goal.owner_role:
        role = str(goal.get_owner_role_display())
        # "Kernteam (kernteam)" says one thing twice: name the role only when it adds to it.
        if not owner or owner.lower() == role.lower():
            owner = role
        elif role.lower() not in owner.lower():
            owner = f"{owner} ({role})"
    row = GoalRow(
        pk=goal.pk,
        chapter=goal.chapter,
        chapter_label=str(goal.get_chapter_display()),
        description=goal.description,
        owner=owner,
        status=goal.status or None,
        status_label=str(goal.get_status_display()) if goal.status else NO_STATUS,
        computed=False,
        explanation=[goal.explanation] if goal.explanation else [],
        owner_role=str(goal.get_owner_role_display()) if goal.owner_role else "",
    )
    carried_from = goal.carried_from
    if carried_from is not None:
        row.carried_from = carried_from.school_year.name
    carried_to = getattr(goal, "carried_to", None)
    if carried_to is not None:
        row.carried_to = carried_to.school_year.name
    indicator = indicators.INDICATORS.get(goal.indicator)
    if indicator is None or goal.target is None:
        return row
    row.indicator_label = indicator.label
    symbol = rules.SYMBOLS.get(goal.comparison, "")
    row.target = f"{symbol} {format_value(goal.target, indicator.unit)}"
    value = indicators.measure(goal.indicator, report)
    row.measured = format_value(value, indicator.unit)
    if goal.status == GoalStatus.MOVED:
        # Moving a goal on is a decision of the projectleider; it stands over the figures.
        return row
    outcome = rules.goal_status(
        value=value,
        comparison=goal.comparison,
        target=goal.target,
        tolerance_percent=goal.tolerance_percent,
    )
    row.computed = True
    row.status = outcome.status
    row.status_label = (
        str(GoalStatus(outcome.status).label) if outcome.status else "geen status (geen waarde)"
    )
    row.explanation = [*outcome.explanation, *row.explanation]
    return row


def goal_rows(goals: Iterable[Goal], report: Report | None) -> list[GoalRow]:
    return [goal_row(goal, report) for goal in goals]


def by_chapter(rows: list[GoalRow]) -> list[tuple[str, list[GoalRow]]]:
    """The rows per chapter in the report's order; chapters without goals left out."""
    grouped: dict[str, list[GoalRow]] = {}
    for row in rows:
        grouped.setdefault(row.chapter, []).append(row)
    return [
        (str(chapter.label), grouped[chapter.value])
        for chapter in GoalChapter
        if chapter.value in grouped
    ]


def goals_for(year: SchoolYear) -> list[Goal]:
    return list(
        Goal.objects.filter(school_year=year)
        .select_related("carried_from__school_year", "carried_to__school_year")
        .order_by("order", "pk")
    )


def goal_rows_for(year: SchoolYear, report: Report | None = None) -> list[GoalRow]:
    """The year's goals with their status; measured against `report` when it is the whole
    report already built, else against the year's whole report (only if a goal needs it)."""
    goals = goals_for(year)
    if report is None or not report.whole:
        report = whole_report(year) if any(goal.indicator for goal in goals) else None
    return goal_rows(goals, report)
