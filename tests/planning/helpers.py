from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from bos.models import Role, SchoolYear, User
from planning import services, sources
from planning.models import PlanningEvent
from planning.sources import Event, Kind
from tests.factories import user_with_role


def projectleider(year: SchoolYear) -> User:
    return user_with_role(Role.PROJECTLEIDER, year=year)


def add_event(
    year: SchoolYear,
    *,
    title: str = "Stuurgroep",
    date: dt.date | None = None,
    kind: str = Kind.STUURGROEP,
    audience: list[str] | None = None,
    start: dt.time | None = dt.time(15, 30),
    end: dt.time | None = dt.time(17, 0),
    locations=(),
    user: User | None = None,
) -> PlanningEvent:
    return services.create_event(
        user=user,
        year=year,
        values={
            "kind": kind,
            "title": title,
            "date": date or dt.date(year.start_year, 9, 14),
            "start_time": start,
            "end_time": end,
            "place": "Testcollege",
            "description": "Agenda volgt.",
            "audience": ["stuurgroep"] if audience is None else audience,
        },
        locations=locations,
    )


def plain_event(uid: str, day: dt.date, *, hidden: bool) -> Event:
    """An event for the sources' contract tests: for everyone, or for SOs only (hidden from
    a reader who keeps only what is for everyone)."""
    return Event(
        uid=uid,
        title=uid,
        start=day,
        kind=Kind.OTHER,
        audience=frozenset({"so"}) if hidden else frozenset(),
    )


def drawn_sources(
    draw: Any, offsets: SearchStrategy[int], base: dt.date, *, max_size: int
) -> list[list[Event]]:
    """Up to four sources' contents, each a list of events on days `base` + an offset."""
    contents = []
    for number in range(draw(st.integers(min_value=0, max_value=4))):
        days = draw(st.lists(offsets, max_size=max_size))
        hidden = draw(st.lists(st.booleans(), min_size=len(days), max_size=len(days)))
        contents.append(
            [
                plain_event(f"s{number}-{index}", base + dt.timedelta(days=day), hidden=flag)
                for index, (day, flag) in enumerate(zip(days, hidden, strict=True))
            ]
        )
    return contents


@contextmanager
def only_sources(*made: Callable[..., Any]) -> Iterator[None]:
    """The calendar with only the given sources registered; the apps' own come back after."""
    saved = sources.registered()
    sources._REGISTRY.clear()
    try:
        for number, source in enumerate(made):
            sources.register(f"test-{number}", source)
        yield
    finally:
        for number in range(len(made)):
            sources.unregister(f"test-{number}")
        for name, source in saved.items():
            sources.register(name, source)
