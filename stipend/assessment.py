"""Eligibility and amounts of one application, from the pure rules (stipend.rules) and the
policy of the placement's school year (facilitation.selectors.policy_for)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from . import rules
from .models import StipendApplication


@dataclass(frozen=True)
class Assessment:
    eligible: bool
    explanation: tuple[str, ...]
    monthly: Decimal
    schedule: rules.ScheduleResult | None


def params_for(application: StipendApplication) -> Any:
    from facilitation.selectors import policy_for

    return policy_for(application.placement.school_year)


def changes_of(application: StipendApplication) -> list[tuple[dt.date, int]]:
    if application.pk is None:
        return []
    return [(c.agreed_on, c.days_per_week) for c in application.days_changes.all()]


def paid_until(application: StipendApplication) -> dt.date | None:
    """The last day paid: the stop or end date when there is one, else the agreed end."""
    return application.stopped_on or application.ended_on or application.end_date


def assess(application: StipendApplication) -> Assessment:
    from facilitation.selectors import PolicyMissing

    try:
        params = params_for(application)
    except PolicyMissing as exc:
        return Assessment(False, (str(exc),), Decimal("0.00"), None)
    days = application.days_per_week or 0
    result = rules.eligibility(
        params,
        final_placement=application.placement.is_final,
        # Every institute registered here is a teacher-education institute; a placement
        # can only exist for a student of one.
        recognised_programme=True,
        days=days,
        employed_by_board=application.employed_by_board,
    )
    lines = list(result.lines)
    monthly = rules.monthly_amount(params, days)
    if result.eligible:
        lines.extend(monthly.lines)
    plan = None
    # The placement bounds the period, also for a record saved before that was enforced.
    placement = application.placement
    start = application.start_date and max(application.start_date, placement.start_date)
    end = paid_until(application)
    end = end and min(end, placement.end_date)
    if result.eligible and start and end and end >= start:
        plan = rules.schedule(
            params,
            days=days,
            start=start,
            end=end,
            changes=changes_of(application),
        )
        lines.extend(plan.lines)
    amount = monthly.amount if result.eligible else Decimal("0.00")
    return Assessment(result.eligible, tuple(lines), amount, plan)


def amount_for_month(application: StipendApplication, month: dt.date) -> Decimal:
    """What payroll pays for the calendar month starting at `month` (0 outside the period)."""
    result = assess(application)
    if result.schedule is None:
        return Decimal("0.00")
    for paid_month, amount in result.schedule.months:
        if paid_month == month:
            return amount
    return Decimal("0.00")
