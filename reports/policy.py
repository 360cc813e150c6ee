"""The report's link to the year's policy and the rules of `facilitation.rules`. The rule
logic lives there; this module only turns the report's facts into the rules' inputs."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from bos.models import SchoolYear
from facilitation import rules as policy_rules
from facilitation.params import PolicyParams

if TYPE_CHECKING:
    from .figures import YearFacts


# Within one report build (`figures.facts_once`), the same year's policy and previous year
# are read once: the figures, the budget and the comparison all ask for them.
_build_memo: ContextVar[dict[tuple[str, int], Any] | None] = ContextVar(
    "report_build_memo", default=None
)


@contextmanager
def build_memo() -> Iterator[None]:
    token = _build_memo.set({}) if _build_memo.get() is None else None
    try:
        yield
    finally:
        if token is not None:
            _build_memo.reset(token)


def _memoised(key: tuple[str, int], compute: Callable[[], Any]) -> Any:
    memo = _build_memo.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def params_for(year: SchoolYear) -> PolicyParams:
    from facilitation.selectors import policy_for

    return _memoised(("params", year.pk), lambda: policy_for(year))


def previous_year(year: SchoolYear) -> SchoolYear | None:
    """The school year before `year` (read once per report build)."""
    return _memoised(("previous", year.pk), year.previous)


def rule_streefaantal(pupils: int, params: PolicyParams) -> int:
    return policy_rules.streefaantal(pupils, params)


def rule_streefaantal_total(pupils: Iterable[int], params: PolicyParams) -> int:
    return policy_rules.streefaantal_total(pupils, params)


def rule_bonus(params: PolicyParams, *, pupils: int, students: int) -> tuple[int, Decimal]:
    result = policy_rules.bonus(params, pupils=pupils, students=students)
    return result.extra_students, result.amount


def funding_facts(facts: YearFacts) -> list[policy_rules.FundingFact]:
    return [
        policy_rules.FundingFact(
            student_id=p.student_id,
            is_partner=facts.is_partner(p),
            registered=p.registered_in_institute_system,
            is_zij_instromer=p.student.is_zij_instromer,
        )
        for p in facts.placements
    ]


def rule_funding_count(facts: YearFacts) -> int:
    """Distinct funded students; the facts are the report's placements (its scope)."""
    return policy_rules.funding_count(funding_facts(facts), facts.params).count


def rule_subsidy(params: PolicyParams, counted_students: int) -> tuple[Decimal, list[str]]:
    result = policy_rules.subsidy(params, counted_students)
    return result.amount, list(result.lines)


def rule_so_hours(params: PolicyParams, student_counts: list[int]) -> tuple[Decimal, list[str]]:
    result = policy_rules.so_hours(params, student_counts)
    return result.hours, list(result.lines)


format_eur = policy_rules.format_eur
format_number = policy_rules.format_number
