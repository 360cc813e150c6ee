"""Figure 5: the budget against the actuals of one school year, computed from the stored
budget, its entries, the bonus rule and the year's policy."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from bos.models import SchoolYear
from facilitation.params import PolicyParams
from facilitation.selectors import subsidy_for_year

from . import figures, rules
from .models import ActualSource, Budget, BudgetLine, RateKind, ReportSnapshot
from .policy import params_for, previous_year


@dataclass
class LineFigures:
    pk: int
    section: str
    line: str
    kind: str
    budget_hours: Decimal | None
    budget_eur: Decimal | None
    actual_hours: Decimal | None
    actual_eur: Decimal | None
    note: str
    explanation: list[str] = field(default_factory=list)


@dataclass
class BudgetFigures:
    year: str
    lines: list[LineFigures]
    budget_expenses: Decimal
    actual_expenses: Decimal
    income_label: str
    income: Decimal
    income_explanation: list[str]
    result: Decimal
    carried_in: Decimal
    reserve: Decimal

    def as_json(self) -> dict:
        def eur(value: Decimal | None) -> str | None:
            return None if value is None else f"{value:.2f}"

        return {
            "lines": [
                {
                    "section": line.section,
                    "line": line.line,
                    "budget_hours": eur(line.budget_hours),
                    "budget_eur": eur(line.budget_eur),
                    "actual_hours": eur(line.actual_hours),
                    "actual_eur": eur(line.actual_eur),
                }
                for line in self.lines
            ],
            "expenses": {
                "budget_eur": eur(self.budget_expenses),
                "actual_eur": eur(self.actual_expenses),
            },
            "income_eur": eur(self.income),
            "result_eur": eur(self.result),
            "carried_in_eur": eur(self.carried_in),
            "reserve_eur": eur(self.reserve),
        }


def rate_for(kind: str, params: PolicyParams) -> Decimal:
    return params.admin_hourly_rate if kind == RateKind.ADMIN else params.hourly_rate


def line_figures(line: BudgetLine, params: PolicyParams, bonus_total: Decimal) -> LineFigures:
    planned = rules.line_budget(
        kind=line.kind,
        fte=line.fte,
        hours=line.hours,
        amount=line.amount,
        half_paid=line.half_paid,
        rate=rate_for(line.rate_kind, params),
        norm_year=params.norm_year_hours,
    )
    actual_hours: Decimal | None = None
    actual_eur: Decimal | None = None
    explanation = list(planned.explanation)
    if line.actual_source == ActualSource.BONUS:
        actual_eur = rules.money(bonus_total)
        explanation.append(f"realisatie uit de bonusregel: € {actual_eur}")
    else:
        entries = list(line.entries.all())
        if entries:
            actual_eur = sum(
                (
                    rules.entry_amount(
                        hours=e.hours, amount=e.amount, rate=rate_for(e.rate_kind, params)
                    )
                    for e in entries
                ),
                Decimal(0),
            )
            hours = [e.hours for e in entries if e.hours is not None]
            actual_hours = sum(hours, Decimal(0)) if hours else None
    return LineFigures(
        pk=line.pk,
        section=line.section.name,
        line=line.name,
        kind=line.kind,
        budget_hours=planned.hours,
        budget_eur=planned.value,
        actual_hours=actual_hours,
        actual_eur=actual_eur,
        note=line.note,
        explanation=explanation,
    )


def budget_figures(
    year: SchoolYear,
    params: PolicyParams,
    *,
    bonus_total: Decimal,
    subsidy: Decimal | None,
    subsidy_explanation: list[str] | None = None,
) -> BudgetFigures | None:
    """Figure 5 for a year; None when the year has no budget. `subsidy` is the funding rule's
    outcome, used when no income amount was entered."""
    budget = Budget.objects.filter(school_year=year).first()
    if budget is None:
        return None
    lines = [
        line_figures(line, params, bonus_total)
        for line in BudgetLine.objects.filter(section__budget=budget)
        .select_related("section")
        .prefetch_related("entries")
    ]
    budget_expenses = sum((x.budget_eur or Decimal(0) for x in lines), Decimal(0))
    actual_expenses = sum((x.actual_eur or Decimal(0) for x in lines), Decimal(0))
    if budget.income_amount is not None:
        income = rules.money(budget.income_amount)
        income_explanation = ["ingevoerd bedrag"]
    else:
        income = rules.money(subsidy or Decimal(0))
        income_explanation = subsidy_explanation or ["subsidie volgens de bekostigingsregel"]
    result = rules.budget_result(income=income, expenses=actual_expenses).value
    assert result is not None
    carried_in = _carried_in(budget, params, year)
    reserve = rules.reserve(carried_in=carried_in, result=result).value
    assert reserve is not None
    return BudgetFigures(
        year=year.name,
        lines=lines,
        budget_expenses=rules.money(budget_expenses),
        actual_expenses=rules.money(actual_expenses),
        income_label=budget.income_label,
        income=income,
        income_explanation=income_explanation,
        result=result,
        carried_in=carried_in,
        reserve=reserve,
    )


def stored_reserve(year: SchoolYear) -> Decimal | None:
    """The reserve a closed year ended with, as stored in its snapshot; None while open."""
    if year.closed_at is None:
        return None
    snapshot = ReportSnapshot.objects.filter(school_year=year).order_by("-created_at", "-pk")
    reserve = snapshot.values_list("reserve", flat=True).first()
    return None if reserve is None else rules.money(reserve)


def _carried_in(budget: Budget, params: PolicyParams, year: SchoolYear) -> Decimal:
    """The previous year's reserve: stored when that year is closed (so earlier years are
    never recomputed), computed while it is open and has a budget here; otherwise the
    entered amount."""
    previous = previous_year(year)
    if previous is not None:
        stored = stored_reserve(previous)
        if stored is not None:
            return stored
        if Budget.objects.filter(school_year=previous).exists():
            return previous_reserve(previous)
    return rules.money(budget.reserve_carried_in or Decimal(0))


def subsidy_for(year: SchoolYear) -> tuple[Decimal, list[str]]:
    """The funding rule applied to the previous school year's funding count."""
    result = subsidy_for_year(year)
    return result.amount, list(result.lines)


def budget_for(year: SchoolYear, bonus_total: Decimal) -> BudgetFigures | None:
    amount, lines = subsidy_for(year)
    return budget_figures(
        year,
        params_for(year),
        bonus_total=bonus_total,
        subsidy=amount,
        subsidy_explanation=lines,
    )


def previous_reserve(year: SchoolYear) -> Decimal:
    """The reserve at the end of `year`, carried into the next one."""
    facts = figures.load_facts(year, params_for(year))
    bonus = figures.bonus_table(facts, figures.figure_12(facts))
    budget = budget_for(year, bonus["total_eur"])
    return budget.reserve if budget else Decimal(0)
