"""Pure rules of the budget and the report: values in, a Decimal (or count) plus explanation
lines out. No database access; every rate and norm comes in as a parameter."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from bos.models import Role

# One rounding of euros for the whole application: the policy rules' own.
from facilitation.rules import format_eur, format_number, money

if TYPE_CHECKING:
    from bos.permissions import Scope

    from .models import ChapterText

HOUR_TENTH = Decimal("0.1")


@dataclass(frozen=True)
class Outcome:
    value: Decimal | None
    explanation: list[str] = field(default_factory=list)
    hours: Decimal | None = None


def line_budget(
    *,
    kind: str,
    fte: Decimal | None,
    hours: Decimal | None,
    amount: Decimal | None,
    half_paid: bool,
    rate: Decimal,
    norm_year: Decimal,
) -> Outcome:
    """The budget of one line. Hours are FTE × the norm year (or entered); a coordinator line
    pays half of the hours because each partner pays half of its own coordinator."""
    if kind == "amount":
        assert amount is not None
        return Outcome(money(amount), [f"bedrag {amount}"])
    if kind in ("fte", "hours"):
        if kind == "fte":
            assert fte is not None
            line_hours = fte * norm_year
            explanation = [f"{fte} FTE × {norm_year} uur = {line_hours} uur"]
        else:
            assert hours is not None
            line_hours = hours
            explanation = [f"{line_hours} uur"]
        if half_paid:
            line_hours = line_hours / 2
            explanation.append(f"de helft betaald door de opleidingsschool: {line_hours} uur")
        value = money(line_hours * rate)
        explanation.append(f"{line_hours} uur × € {rate} = € {value}")
        return Outcome(value, explanation, hours=line_hours)
    return Outcome(None, ["niet begroot"])


# The school compensation's explanation names this many schools and counts the rest: it is
# there to check the line by, and a region has over a thousand (legibility, not policy).
NAMED_SCHOOLS = 20


def school_compensation_line(*, schools: Sequence[str], hours: Decimal, rate: Decimal) -> Outcome:
    """The budget line of the school compensation (the seed, l. 4636-4638): every school
    that facilitates its SO by the guideline receives the policy's hours × its rate a year.

    Worked examples (50 hours at € 70, € 3.500 a school): the 16 schools of 2020-2021 → 800
    hours, € 56.000; the 13 of them with a facilitated SO (three had none, l. 887-890) → 650
    hours, € 45.500; no school → € 0."""
    per_school = money(hours * rate)
    count = len(schools)
    total_hours = hours * count
    value = money(per_school * count)
    explanation = [
        f"{count} {'school' if count == 1 else 'scholen'} met een gefaciliteerde "
        f"schoolopleider × {format_number(hours)} uur × {format_eur(rate)} = {format_eur(value)}"
    ]
    if schools:
        names = sorted(schools)
        named = ", ".join(names[:NAMED_SCHOOLS])
        rest = len(names) - NAMED_SCHOOLS
        if rest > 0:
            named += f" en nog {format_number(rest)} {'school' if rest == 1 else 'scholen'}"
        explanation.append("scholen: " + named)
    return Outcome(value, explanation, hours=total_hours)


def entry_amount(*, hours: Decimal | None, amount: Decimal | None, rate: Decimal) -> Decimal:
    """The euros of one actual entry: hours × rate, or the amount entered."""
    if hours is not None:
        return money(hours * rate)
    if amount is None:
        raise ValueError("An entry needs hours or an amount.")
    return money(amount)


@dataclass(frozen=True)
class Overrun:
    """A line whose actuals passed its budget: by how much, and as a share of the budget
    (None for a line budgeted at zero)."""

    budget: Decimal
    actual: Decimal
    excess: Decimal
    percent: Decimal | None
    explanation: str


def line_overrun(*, budget: Decimal | None, actual: Decimal | None) -> Overrun | None:
    """The signal for one budget line: its actuals pass its budget. A line that is not
    budgeted (its costs are budgeted on another line, as the ontwikkelteams' lines under
    their total, or follow a rule, as the bonus) or has no actuals gives none; spending the
    budget exactly is not passing it.

    Worked examples (2020-2021, figure 5): 'PR en communicatie: Divers' € 2.000 budgeted,
    € 2.939,62 spent: € 939,62 over (47,0%); 'Administratieve ondersteuning' € 5.000 and
    € 1.610: none; 'Projectleider' € 69.678 and € 69.678: none; 'Bonus extra studenten' not
    budgeted, € 15.120 spent: none."""
    if budget is None or actual is None:
        return None
    budget, actual = money(budget), money(actual)
    if actual <= budget:
        return None
    excess = actual - budget
    percent = (
        None
        if budget == 0
        else (excess * 100 / budget).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    )
    over = format_eur(excess) + (f" ({format_number(percent, 1)}%)" if percent is not None else "")
    return Overrun(
        budget=budget,
        actual=actual,
        excess=excess,
        percent=percent,
        explanation=(
            f"gerealiseerd {format_eur(actual)}, {over} boven de begroting van {format_eur(budget)}"
        ),
    )


def budget_result(*, income: Decimal, expenses: Decimal) -> Outcome:
    result = money(income - expenses)
    return Outcome(result, [f"baten € {income} − onkosten € {expenses} = € {result}"])


def reserve(*, carried_in: Decimal, result: Decimal) -> Outcome:
    """A positive (or negative) result is carried into the next year's reserve."""
    value = money(carried_in + result)
    return Outcome(value, [f"meegenomen € {carried_in} + resultaat € {result} = € {value}"])


def share(part: int, whole: int, *, places: int = 0) -> Decimal:
    """A percentage rounded half up to `places` decimals (8 of 60 → 13)."""
    exponent = Decimal(1).scaleb(-places)
    if whole == 0:
        return Decimal(0).quantize(exponent)
    return (Decimal(100) * part / whole).quantize(exponent, rounding=ROUND_HALF_UP)


def change(current: int | Decimal | None, previous: int | Decimal | None) -> int | Decimal | None:
    """The change against the previous year; unknown when either side is unknown."""
    if current is None or previous is None:
        return None
    return current - previous


# --- Goals --------------------------------------------------------------------------------

ACHIEVED = "achieved"
PARTLY = "partly"
NOT_ACHIEVED = "not_achieved"
AT_LEAST = "gte"
AT_MOST = "lte"
SYMBOLS = {AT_LEAST: "≥", AT_MOST: "≤"}


@dataclass(frozen=True)
class GoalOutcome:
    status: str | None
    explanation: list[str] = field(default_factory=list)


def _dutch(value: Decimal) -> str:
    return f"{value.normalize():f}".replace(".", ",")


def goal_status(
    *,
    value: Decimal | None,
    comparison: str,
    target: Decimal,
    tolerance_percent: Decimal,
) -> GoalOutcome:
    """A measured value against a goal's target: met → behaald; short of it by at most
    `tolerance_percent` of the target → deels behaald; further off → niet behaald. No value
    gives no status."""
    if comparison not in SYMBOLS:
        raise ValueError(f"Unknown comparison {comparison!r}.")
    if tolerance_percent < 0:
        raise ValueError("The tolerance cannot be negative.")
    wanted = f"streefwaarde {SYMBOLS[comparison]} {_dutch(target)}"
    if value is None:
        return GoalOutcome(None, [f"Geen gemeten waarde voor dit jaar; {wanted}."])
    margin = abs(target) * tolerance_percent / 100
    if comparison == AT_LEAST:
        met, near = value >= target, value >= target - margin
    else:
        met, near = value <= target, value <= target + margin
    measured = f"gemeten {_dutch(value)}, {wanted}"
    if met:
        return GoalOutcome(ACHIEVED, [f"{measured}: behaald."])
    if near:
        return GoalOutcome(
            PARTLY,
            [f"{measured}: binnen de marge van {_dutch(tolerance_percent)}%, deels behaald."],
        )
    return GoalOutcome(
        NOT_ACHIEVED,
        [f"{measured}: meer dan {_dutch(tolerance_percent)}% ernaast, niet behaald."],
    )


# --- Written chapters ---------------------------------------------------------------------


def may_edit(scope: Scope, text: ChapterText | None) -> bool:
    """The projectleider and admin edit every chapter; a kernteam member only their own."""
    if scope.sees_everything:
        return True
    return (
        scope.has(Role.KERNTEAM)
        and text is not None
        and text.author_id is not None
        and text.author_id == scope.person_id
    )


def may_approve(scope: Scope) -> bool:
    return scope.sees_everything
