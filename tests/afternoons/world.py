"""A small partnership for the afternoon tests: three schools, two institutes (one not a
partner), a projectleider, an SO and an IO at the first school, a workshop leader, and
students with placements of several levels and start dates."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from afternoons import services
from afternoons.models import DeepeningAfternoon, MeetingMode, Workshop
from bos.models import Institute, Person, Role, SchoolLocation, SchoolYear, User
from placements.models import Placement, PlacementStatus, StageLevel, Student
from tests.factories import (
    InstituteFactory,
    LocationYearFactory,
    PartnershipFactory,
    PersonFactory,
    PlacementFactory,
    RoleAssignmentFactory,
    SchoolLocationFactory,
    SchoolYearFactory,
    StudentFactory,
    UserFactory,
    user_with_role,
)

TODAY = dt.date(2030, 10, 1)


@dataclass
class World:
    year: SchoolYear
    schools: list[SchoolLocation]
    partner: Institute
    other: Institute
    planner: User
    so_user: User
    io_user: User
    leader_user: User
    leader: Person
    placements: list[Placement] = field(default_factory=list)

    @property
    def students(self) -> list[Student]:
        return [p.student for p in self.placements]

    def student_user(self, student: Student) -> User:
        if student.user_id is None:
            student.user = UserFactory(email=student.email)
            student.save(update_fields=["user"])
        return student.user

    def afternoon(self, **overrides: object) -> DeepeningAfternoon:
        values: dict[str, object] = {
            "actor": self.planner,
            "year": self.year,
            "number": 1,
            "date": dt.date(2030, 11, 19),
            "audience": "Alle studenten",
            "choice_deadline": dt.date(2030, 11, 5),
        }
        values.update(overrides)
        return services.afternoon_save(**values)

    def workshops(
        self, afternoon: DeepeningAfternoon, capacities: tuple[int, ...] = (4, 4, 4)
    ) -> list[Workshop]:
        themes = ["Klassenmanagement", "Omgaan met verschillen", "Online lesgeven"]
        result = []
        for index, capacity in enumerate(capacities):
            online = index == 2
            result.append(
                services.workshop_save(
                    actor=self.planner,
                    afternoon=afternoon,
                    theme=themes[index % len(themes)],
                    capacity=capacity,
                    mode=MeetingMode.ONLINE if online else MeetingMode.ON_SITE,
                    location="" if online else f"Geheime zaal {index + 1}",
                    online_link="https://bos.example/online/geheim" if online else "",
                    leader=self.leader if index == 0 else None,
                    leader_name="" if index == 0 else "Gastspreker",
                )
            )
        return result


def make_world(students_per_school: int = 4) -> World:
    year = SchoolYearFactory(
        name="2030-2031", start_date=dt.date(2030, 8, 1), end_date=dt.date(2031, 7, 31)
    )
    schools = [SchoolLocationFactory(name=f"School {c}") for c in "ABC"]
    for school in schools:
        LocationYearFactory(location=school, school_year=year)
    partner = InstituteFactory(short_name="TLO")
    other = InstituteFactory(short_name="NPI")  # not a partner: invited all the same
    PartnershipFactory(institute=partner, school_year=year)
    planner = user_with_role(Role.PROJECTLEIDER, year=year)
    so_user = user_with_role(Role.SO, year=year, locations=[schools[0]])
    io_user = user_with_role(Role.IO, year=year, locations=[schools[0]], institute=partner)
    leader_user = UserFactory()
    leader = PersonFactory(user=leader_user)
    RoleAssignmentFactory(person=leader, school_year=year, role=Role.WPB, locations=[schools[1]])
    world = World(
        year=year,
        schools=schools,
        partner=partner,
        other=other,
        planner=planner,
        so_user=so_user,
        io_user=io_user,
        leader_user=leader_user,
        leader=leader,
    )
    levels = [StageLevel.VT1, StageLevel.VT2, StageLevel.VT3, StageLevel.MINOR_P1]
    for school in schools:
        for index in range(students_per_school):
            institute = other if index == 3 else partner
            world.placements.append(
                PlacementFactory(
                    student=StudentFactory(institute=institute),
                    location=school,
                    school_year=year,
                    level=levels[index % len(levels)],
                    start_date=dt.date(2030, 9, 1) if index % 2 == 0 else dt.date(2031, 2, 1),
                    end_date=dt.date(2031, 7, 1),
                    status=PlacementStatus.ACTIVE,
                )
            )
    return world
