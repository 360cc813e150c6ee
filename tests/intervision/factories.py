"""A small world for intervision tests: two schools, each with an SO, an IO of one
institute, a WPB, and students at several levels. Every person is fictitious."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from bos.models import Role, SchoolLocation, SchoolYear, User
from placements.models import Placement, Student
from tests.factories import (
    InstituteFactory,
    PlacementFactory,
    SchoolLocationFactory,
    SchoolYearFactory,
    StudentFactory,
    UserFactory,
    user_with_role,
)


@dataclass
class World:
    year: SchoolYear
    school: SchoolLocation
    other: SchoolLocation
    so: User
    other_so: User
    io: User
    wpb: User
    projectleider: User
    institute: Any
    placements: list[Placement] = field(default_factory=list)

    def place(self, level: str = "VT2", *, location=None, **fields: Any) -> Placement:
        fields.setdefault("start_date", dt.date(self.year.start_year, 9, 1))
        fields.setdefault("end_date", dt.date(self.year.start_year + 1, 7, 1))
        placement = PlacementFactory(
            school_year=self.year,
            location=location or self.school,
            level=level,
            student=StudentFactory(institute=self.institute),
            **fields,
        )
        self.placements.append(placement)
        return placement

    def student_user(self, placement: Placement) -> User:
        user = UserFactory()
        Student.objects.filter(pk=placement.student_id).update(user=user)
        return User.objects.get(pk=user.pk)


def make_world(start_year: int = 2020) -> World:
    """The world in a school year; another year than the demo's keeps the demo's schools
    out of rules that look at the whole year."""
    start, end = SchoolYear.bounds_for(start_year)
    year = SchoolYearFactory(name=SchoolYear.name_for(start_year), start_date=start, end_date=end)
    school = SchoolLocationFactory(name="Testcollege")
    other = SchoolLocationFactory(name="Andere school")
    institute = InstituteFactory(short_name="TINST")
    return World(
        year=year,
        school=school,
        other=other,
        so=user_with_role(Role.SO, year=year, locations=[school]),
        other_so=user_with_role(Role.SO, year=year, locations=[other]),
        io=user_with_role(Role.IO, year=year, locations=[school], institute=institute),
        wpb=user_with_role(Role.WPB, year=year, locations=[school]),
        projectleider=user_with_role(Role.PROJECTLEIDER, year=year),
        institute=institute,
    )


def at(day: dt.date, hour: int = 15) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))
