"""Within one report build, the same year's policy and previous year are read once: the
figures, the budget and the comparison with last year all ask for them."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from bos.models import SchoolYear
from facilitation.params import PolicyParams
from facilitation.selectors import policy_for

_build_memo: ContextVar[dict[tuple[str, int], Any] | None] = ContextVar(
    "report_build_memo", default=None
)


@contextmanager
def build_memo() -> Iterator[None]:
    """Remember policies and previous years for the length of one build (nested builds share
    the outer memo)."""
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
    """The year's policy parameters (read once per report build)."""
    return _memoised(("params", year.pk), lambda: policy_for(year))


def previous_year(year: SchoolYear) -> SchoolYear | None:
    """The school year before `year` (read once per report build)."""
    return _memoised(("previous", year.pk), year.previous)
