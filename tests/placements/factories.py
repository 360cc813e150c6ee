"""A small world for the SO's workspace tests: two locations, an SO, a WPB and an IO."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from bos.models import Institute, Person, Role, SchoolLocation, SchoolYear, User
from placements import services
from placements.models import Placement, StageLevel, Student
from tests.factories import (
    InstituteFactory,
    LocationYearFactory,
    PersonFactory,
    RoleAssignmentFactory,
    SchoolLocationFactory,
    SchoolYearFactory,
    StudentFactory,
    user_with_role,
)


@dataclass
class World:
    year: SchoolYear
    location: SchoolLocation
    other_location: SchoolLocation
    institute: Institute
    so_user: User
    so: Person
    other_so_user: User
    wpb: Person
    io_user: User
    io: Person
    student: Student

    def create(self, **overrides: Any) -> Placement:
        kwargs: dict[str, Any] = {
            "user": self.so_user,
            "location_id": self.location.pk,
            "student": self.student,
            "level": StageLevel.VT2,
            "institute_label": "J2",
            "start_date": dt.date(2020, 9, 1),
            "end_date": dt.date(2021, 7, 1),
            "days_per_week": Decimal(2),
            "wpb": self.wpb,
            "io": self.io,
            "registered_on": dt.date(2020, 8, 21),  # a Friday
        }
        kwargs.update(overrides)
        return services.placement_create(**kwargs).placement


def make_world() -> World:
    year = SchoolYearFactory()
    location = SchoolLocationFactory(name="Testcollege")
    other = SchoolLocationFactory(name="Andere school")
    for loc in (location, other):
        LocationYearFactory(location=loc, school_year=year, pupils=2188)
    institute = InstituteFactory(short_name="TLO", first_year_label="J1")
    so_user = user_with_role(Role.SO, year=year, locations=[location])
    other_so_user = user_with_role(Role.SO, year=year, locations=[other])
    RoleAssignmentFactory(person=PersonFactory(), school_year=year, role=Role.SO, locations=[other])
    wpb = PersonFactory()
    RoleAssignmentFactory(
        person=wpb,
        school_year=year,
        role=Role.WPB,
        locations=[location],
        qualification_grade=1,
        started_at_school=2015,
    )
    io_user = user_with_role(Role.IO, year=year, locations=[location], institute=institute)
    return World(
        year=year,
        location=location,
        other_location=other,
        institute=institute,
        so_user=so_user,
        so=so_user.person,
        other_so_user=other_so_user,
        wpb=wpb,
        io_user=io_user,
        io=io_user.person,
        student=StudentFactory(institute=institute),
    )


def make_move(world: World) -> tuple[Placement, Placement]:
    """The world's student moves school: a first placement at the other school (its SO the
    world's other SO), then the next one at the world's school."""
    previous = world.create(
        user=world.other_so_user,
        location_id=world.other_location.pk,
        start_date=dt.date(2020, 9, 1),
        end_date=dt.date(2020, 12, 18),
        wpb=None,
        io=None,
    )
    new = world.create(start_date=dt.date(2021, 1, 11), end_date=dt.date(2021, 6, 30))
    return previous, new
