from __future__ import annotations

import datetime as dt

from bos.models import Role, SchoolYear, User
from planning import services
from planning.models import PlanningEvent
from planning.sources import Kind
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
