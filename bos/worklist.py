"""What waits for a user: the start page's to-do list.

Each app registers a provider in its `AppConfig.ready()` with `register(provider)`. A provider
gets the request's user and scope and returns `WorkItem`s (an empty list when its app has
nothing for this role). `bos` imports no app: the data flows one way.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, QuerySet, Window

from .permissions import Scope


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


Provider = Callable[[Any, Scope], list[WorkItem]]
_PROVIDERS: list[Provider] = []
MAX_LINKS = 5


def first_and_count(queryset: QuerySet, limit: int = MAX_LINKS) -> tuple[list[Any], int]:
    """The first `limit` rows of a queryset and how many rows it has, in one query instead of
    a count and a slice: the total rides along on every row as a window count (computed
    before the LIMIT). Not for a DISTINCT queryset, whose window would count duplicates."""
    rows = list(queryset.annotate(_worklist_total=Window(Count("pk")))[:limit])
    return rows, (rows[0]._worklist_total if rows else 0)


def register(provider: Provider) -> Provider:
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)
    return provider


def work_for(user: Any, scope: Scope) -> list[WorkItem]:
    items: list[WorkItem] = []
    for provider in _PROVIDERS:
        items.extend(provider(user, scope))
    return sorted(items, key=lambda item: (item.order, item.title))
