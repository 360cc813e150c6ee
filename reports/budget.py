"""Figure 5: the budget against the actuals of one school year, computed (pure) from the
budget's facts (`reports.facts.BudgetFacts`: its lines and entries, the subsidy, the reserve
carried in), the bonus rule and the year's policy."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from facilitation.params import PolicyParams
from facilitation.rules import money

from . import figures, rules
from .facts import BudgetFacts, YearFacts
from .models import ActualSource, BudgetLine, LineKind, RateKind


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


def planned_of(
    line: BudgetLine, params: PolicyParams, compensation_schools: Sequence[str] = ()
) -> rules.Outcome:
    """The budget of one line by the year's policy; the school compensation's from the
    schools that qualify for it (`reports.facts.compensation_schools`)."""
    if line.kind == LineKind.COMPENSATION:
        return rules.school_compensation_line(
            schools=compensation_schools,
            hours=params.school_compensation_hours,
            rate=params.hourly_rate,
        )
    return rules.line_budget(
        kind=line.kind,
        fte=line.fte,
        hours=line.hours,
        amount=line.amount,
        half_paid=line.half_paid,
        rate=rate_for(line.rate_kind, params),
        norm_year=params.norm_year_hours,
    )


def line_figures(
    line: BudgetLine,
    params: PolicyParams,
    bonus_total: Decimal,
    compensation_schools: Sequence[str] = (),
) -> LineFigures:
    planned = planned_of(line, params, compensation_schools)
    actual_hours: Decimal | None = None
    actual_eur: Decimal | None = None
    explanation = list(planned.explanation)
    if line.actual_source == ActualSource.BONUS:
        actual_eur = money(bonus_total)
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


def budget_figures(facts: BudgetFacts, *, bonus_total: Decimal) -> BudgetFigures:
    """Figure 5 for a year with a budget. The subsidy (the funding rule's outcome) is the
    income when no income amount was entered."""
    budget, params = facts.budget, facts.params
    lines = [
        line_figures(line, params, bonus_total, facts.compensation_schools) for line in facts.lines
    ]
    budget_expenses = sum((x.budget_eur or Decimal(0) for x in lines), Decimal(0))
    actual_expenses = sum((x.actual_eur or Decimal(0) for x in lines), Decimal(0))
    if budget.income_amount is not None:
        income = money(budget.income_amount)
        income_explanation = ["ingevoerd bedrag"]
    else:
        income = money(facts.subsidy or Decimal(0))
        income_explanation = facts.subsidy_lines or ["subsidie volgens de bekostigingsregel"]
    result = rules.budget_result(income=income, expenses=actual_expenses).value
    assert result is not None
    carried_in = carried_in_of(facts)
    reserve = rules.reserve(carried_in=carried_in, result=result).value
    assert reserve is not None
    return BudgetFigures(
        year=facts.year.name,
        lines=lines,
        budget_expenses=money(budget_expenses),
        actual_expenses=money(actual_expenses),
        income_label=budget.income_label,
        income=income,
        income_explanation=income_explanation,
        result=result,
        carried_in=carried_in,
        reserve=reserve,
    )


def overruns(budget: BudgetFigures | None) -> list[tuple[LineFigures, rules.Overrun]]:
    """The lines of figure 5 whose actuals passed their budget (`rules.line_overrun`)."""
    if budget is None:
        return []
    found = []
    for line in budget.lines:
        overrun = rules.line_overrun(budget=line.budget_eur, actual=line.actual_eur)
        if overrun is not None:
            found.append((line, overrun))
    return found


def overrun_warning(line: LineFigures, overrun: rules.Overrun) -> str:
    return f"Begroting, {line.section}: {line.line}: {overrun.explanation}."


def carried_in_of(facts: BudgetFacts) -> Decimal:
    """The previous year's reserve: stored when that year is closed (so earlier years are
    never recomputed), computed while it is open and has a budget here; otherwise the
    entered amount."""
    if facts.stored_previous_reserve is not None:
        return facts.stored_previous_reserve
    if facts.previous_has_budget:
        return previous_reserve(facts.previous_facts, facts.previous_budget)
    return money(facts.budget.reserve_carried_in or Decimal(0))


def previous_reserve(year_facts: YearFacts | None, budget: BudgetFacts | None) -> Decimal:
    """The reserve at the end of a year (its facts and budget facts), carried into the next."""
    if year_facts is None or budget is None:
        return Decimal(0)
    bonus = figures.bonus_table(year_facts, figures.figure_12(year_facts))
    return budget_figures(budget, bonus_total=bonus["total_eur"]).reserve


def budget_for(facts: BudgetFacts | None, bonus_total: Decimal) -> BudgetFigures | None:
    """Figure 5, or None when the year has no budget."""
    return None if facts is None else budget_figures(facts, bonus_total=bonus_total)
