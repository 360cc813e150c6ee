"""A small world for professionalisation tests: a school year around today, two schools,
a projectleider, an SO and an IO, WPBs, and a theme meeting ahead with a few seats."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from bos.models import Role, SchoolLocation, SchoolYear, User
from professionalization import services
from professionalization.models import Meeting, MeetingKind, Theme
from tests.factories import (
    InstituteFactory,
    LocationYearFactory,
    SchoolLocationFactory,
    SchoolYearFactory,
    user_with_role,
)


def current_year() -> SchoolYear:
    today = timezone.localdate()
    start_year = today.year if today.month >= 8 else today.year - 1
    start, end = SchoolYear.bounds_for(start_year)
    return SchoolYearFactory(name=SchoolYear.name_for(start_year), start_date=start, end_date=end)


@dataclass
class World:
    year: SchoolYear
    school: SchoolLocation
    other_school: SchoolLocation
    pl: User
    so: User
    io: User
    wpbs: list[User]
    other_wpb: User
    themes: dict[int, Theme]
    meeting: Meeting
    extra: dict[str, object] = field(default_factory=dict)


def make_world(*, capacity: int = 2, wpbs: int = 3, days_ahead: int = 10) -> World:
    year = current_year()
    school = SchoolLocationFactory(name="Testcollege")
    other = SchoolLocationFactory(name="Anderlyceum")
    for location in (school, other):
        LocationYearFactory(location=location, school_year=year)
    institute = InstituteFactory(short_name="TLO")
    pl = user_with_role(Role.PROJECTLEIDER, year=year)
    so = user_with_role(Role.SO, year=year, locations=[school])
    io = user_with_role(Role.IO, year=year, locations=[school], institute=institute)
    wpb_users = [user_with_role(Role.WPB, year=year, locations=[school]) for _ in range(wpbs)]
    other_wpb = user_with_role(Role.WPB, year=year, locations=[other])
    themes = {t.number: t for t in services.themes_ensure(year=year)}
    meeting = make_meeting(year, themes[1], school, so, capacity=capacity, days_ahead=days_ahead)
    return World(year, school, other, pl, so, io, wpb_users, other_wpb, themes, meeting)


def make_meeting(
    year: SchoolYear,
    theme: Theme | None,
    location: SchoolLocation,
    leader: User,
    *,
    capacity: int = 20,
    days_ahead: int = 10,
    kind: str = MeetingKind.THEME,
) -> Meeting:
    day = timezone.localdate() + dt.timedelta(days=days_ahead)
    return services.save_meeting(
        meeting=Meeting(
            school_year=year,
            kind=kind,
            theme=theme,
            date=min(max(day, year.start_date), year.end_date),
            start_time=dt.time(13, 30),
            end_time=dt.time(16, 0),
            location=location,
            capacity=capacity,
            leader=leader.person,
        )
    )
