"""Facilitated tasks that other apps add to the facilitation overview.

Facilitation is on a low floor: it imports no app that builds on it. An app whose people are
facilitated by the school for a task (the coach of a starting teacher, say) registers a
provider in its `AppConfig.ready()` with `register(provider)`; the overview asks every
provider for the year's rows in the user's scope, limited to the schools the overview's page
shows when it is one page of many. A provider reads in bulk (a fixed number of queries,
whatever the number of schools)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from bos.models import SchoolYear
from bos.permissions import Scope


@dataclass(frozen=True)
class TaskRow:
    """One school's facilitated task: who (a count) and the hours by the year's policy."""

    school: str
    people: int
    hours: Decimal
    detail: str = ""


@dataclass(frozen=True)
class FacilitatedTask:
    """A kind of facilitated task with its rows per school."""

    title: str
    people_label: str
    rows: list[TaskRow]
    link: str = ""

    @property
    def total_hours(self) -> Decimal:
        return sum((row.hours for row in self.rows), start=Decimal(0))

    @property
    def total_people(self) -> int:
        return sum(row.people for row in self.rows)


# (year, scope, the schools to show: None for every school in the scope)
Provider = Callable[[SchoolYear, Scope, frozenset[int] | None], FacilitatedTask | None]
_PROVIDERS: list[Provider] = []


def register(provider: Provider) -> None:
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)


def tasks_for(
    year: SchoolYear, scope: Scope, location_ids: frozenset[int] | None = None
) -> list[Any]:
    """Every registered app's facilitated task of the year that the scope may see, for the
    given schools only when `location_ids` is given."""
    found = [provider(year, scope, location_ids) for provider in _PROVIDERS]
    return [task for task in found if task is not None]
