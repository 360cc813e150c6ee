"""What waits for a user: the start page's to-do list.

Each app registers a provider in its `AppConfig.ready()` with `register(provider)`. A provider
gets the request's user and scope and returns `WorkItem`s (an empty list when its app has
nothing for this role). `bos` imports no app: the data flows one way.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Case, Count, Q, QuerySet, Value, When, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from . import dataversion
from .permissions import Scope

logger = logging.getLogger(__name__)
# Raised when WorkItem or WorkLink change, so a list kept by an older release is never read.
FORMAT = "v1"


@dataclass(frozen=True)
class WorkLink:
    label: str
    url: str
    detail: str = ""


@dataclass(frozen=True)
class WorkItem:
    """One heading on the start page: a count of things to do, with links to do them."""

    title: str
    count: int
    url: str
    links: list[WorkLink] = field(default_factory=list)
    empty_text: str = "Niets te doen."
    # Due items stand out; informational ones (your students) do not.
    due: bool = True
    order: int = 50
    # False when `count` only says there are more than the links (the rest was not read).
    count_known: bool = True


Provider = Callable[[Any, Scope], list[WorkItem]]
_PROVIDERS: list[Provider] = []
MAX_LINKS = 5


def first_and_count(queryset: QuerySet, limit: int = MAX_LINKS) -> tuple[list[Any], int]:
    """The first `limit` rows of a queryset and how many rows it has, in one query instead of
    a count and a slice: the total rides along on every row as a window count (computed
    before the LIMIT). Not for a DISTINCT queryset, whose window would count duplicates."""
    rows = list(queryset.annotate(_worklist_total=Window(Count("pk")))[:limit])
    return rows, (rows[0]._worklist_total if rows else 0)


def first_of_each(
    queryset: QuerySet, lists: dict[str, tuple[Q, list[Any]]], limit: int = MAX_LINKS
) -> dict[str, tuple[list[Any], int]]:
    """Several lists drawn from one table, each its first `limit` rows and its count, in one
    query: `lists` maps a name to the list's condition and its order. A row may be in more
    than one list. Each list has a flag: its count is the size of the flag's window
    partition, its rows the first `limit` when the flagged rows are ranked first; only rows
    ranked within `limit` in some list come back. A condition may use the queryset's
    aggregates (the windows then rank and count grouped rows).

    A condition must not join a multi-valued relation (use `Exists`): the join would repeat
    rows and so count them twice."""
    if not lists:
        return {}
    flags: dict[str, Any] = {}
    keep, either = Q(), Q()
    for index, (condition, order) in enumerate(lists.values()):
        flag = Case(When(condition, then=Value(1)), default=Value(0))
        flags[f"_in_{index}"] = flag
        flags[f"_total_{index}"] = Window(Count("pk"), partition_by=[flag])
        flags[f"_rank_{index}"] = Window(RowNumber(), order_by=[flag.desc(), *order])
        # On the ranks alone (a condition on a flag too would not combine with the
        # aggregates): a row outside a list shorter than `limit` comes along and is
        # dropped below.
        keep |= Q(**{f"_rank_{index}__lte": limit})
        either |= condition
    rows = list(queryset.filter(either).annotate(**flags).filter(keep).order_by())
    result = {}
    for index, name in enumerate(lists):
        mine = sorted(
            (row for row in rows if getattr(row, f"_in_{index}") == 1),
            key=lambda row, index=index: getattr(row, f"_rank_{index}"),
        )[:limit]
        result[name] = (mine, getattr(mine[0], f"_total_{index}") if mine else 0)
    return result


def register(provider: Provider) -> Provider:
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)
    return provider


def _compute(user: Any, scope: Scope) -> list[WorkItem]:
    items: list[WorkItem] = []
    for provider in _PROVIDERS:
        items.extend(provider(user, scope))
    return sorted(items, key=lambda item: (item.order, item.title))


def work_for(user: Any, scope: Scope) -> list[WorkItem]:
    """The user's to-do list in the scope's year, kept in the cache until the data changes
    (`bos.dataversion`) or the time slot of `WORKLIST_CACHE_SECONDS` ends.

    Computing it asks every app (some twenty queries, most of the start page's time); the
    list shows nothing but the database's rows and the time, so the same user in the same
    year, slot and data version gets the same list. The slot covers what changes with the
    clock alone (a date passes, a meeting begins); slots are counted from the epoch, so a
    slot length that divides an hour also ends one at midnight. Inside a transaction
    nothing is read from or kept in the cache: its uncommitted rows may yet be rolled back."""
    seconds = int(getattr(settings, "WORKLIST_CACHE_SECONDS", 0))
    pk = getattr(user, "pk", None)
    if seconds <= 0 or pk is None:
        return _compute(user, scope)
    slot = int(timezone.now().timestamp()) // seconds
    year = scope.year.pk if scope.year is not None else 0
    key = f"worklist:{FORMAT}:{pk}:{year}:{slot}"
    return dataversion.kept(key, lambda: _compute(user, scope), seconds=seconds)
