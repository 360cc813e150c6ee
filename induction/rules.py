"""Rules of the induction programme (bijlage 4): pure functions, the year's induction policy
in, a value and a Dutch explanation out. No literal of the policy lives here: the CAO's
percentages and the coach's hours are the year's parameters."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Protocol


class Params(Protocol):
    reduction_first_year_pct: Decimal
    reduction_second_year_pct: Decimal
    coach_hours_first_year: Decimal
    coach_hours_later_years: Decimal


# Kinds of starter for whom the CAO's reduction is formally not agreed (bijlage 4, NB under
# building block 5): substitutes and unqualified colleagues.
CAO_NOT_FORMAL = frozenset({"unqualified"})


def _pct(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text.replace(".", ",")


@dataclass(frozen=True)
class Reduction:
    percent: Decimal
    applies: bool
    lines: list[str] = field(default_factory=list)


def teaching_reduction(params: Params, induction_year: int, kind: str) -> Reduction:
    """The reduction of the teaching task in the starter's induction year (CAO art. 8.3):
    the first year's and second year's percentage of the policy, none from the third year.
    For an unqualified colleague the CAO formally does not apply; the checklist says so."""
    if induction_year == 1:
        percent = params.reduction_first_year_pct
    elif induction_year == 2:
        percent = params.reduction_second_year_pct
    else:
        percent = Decimal(0)
    if not percent:
        return Reduction(
            Decimal(0), False, [f"Inductiejaar {induction_year}: geen CAO-reductie meer."]
        )
    lines = [f"Inductiejaar {induction_year}: {_pct(percent)} % reductie van de lesgevende taak."]
    if kind in CAO_NOT_FORMAL:
        lines.append(
            "Voor onbevoegde collega's geldt de CAO-afspraak formeel niet; let extra op de "
            "totale belasting."
        )
    return Reduction(percent, True, lines)


def mentor_allowed(induction_year: int) -> str:
    """The mentor role by induction year (bijlage 4, building block 5)."""
    if induction_year == 1:
        return "geen mentor"
    if induction_year == 2:
        return "duo-mentoraat"
    return "zelfstandig mentor"


@dataclass(frozen=True)
class CoachHours:
    hours: Decimal
    starters: int
    lines: list[str] = field(default_factory=list)


def coach_hours(params: Params, induction_years: Iterable[int]) -> CoachHours:
    """A coach's facilitation: per starter coached, the policy's hours for a first-year
    starter or for a starter in the second or third year."""
    years = list(induction_years)
    first = sum(1 for year in years if year == 1)
    later = len(years) - first
    hours = params.coach_hours_first_year * first + params.coach_hours_later_years * later
    lines = []
    if first:
        lines.append(f"{first} × {_pct(params.coach_hours_first_year)} uur (eerste jaar)")
    if later:
        lines.append(f"{later} × {_pct(params.coach_hours_later_years)} uur (tweede/derde jaar)")
    return CoachHours(hours, len(years), lines)


@dataclass(frozen=True)
class ChecklistCount:
    done: int
    not_applicable: int
    open: int

    @property
    def settled(self) -> int:
        return self.done + self.not_applicable


def checklist_count(states: Iterable[str], total: int) -> ChecklistCount:
    """Of a starter's `total` measures, how many are done, not applicable or still open
    (a measure without a recorded state is open)."""
    listed = list(states)
    done = sum(1 for state in listed if state == "done")
    not_applicable = sum(1 for state in listed if state == "n_a")
    return ChecklistCount(done, not_applicable, max(total - done - not_applicable, 0))
