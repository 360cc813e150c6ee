"""A world across a year change: an SO who moves from one school to another when the year
changes, her successor at the old school, an IO at both schools, and in each year the
placements and proposals of both schools. The years are taken relative to today."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from bos.models import Institute, Role, SchoolLocation, SchoolYear, User
from placements import matching
from placements.models import Placement, PlacementStatus, PlaceOffer, Proposal, StageLevel
from tests.factories import (
    InstituteFactory,
    LocationYearFactory,
    PersonFactory,
    PlacementFactory,
    RoleAssignmentFactory,
    SchoolLocationFactory,
    SchoolYearFactory,
    StudentFactory,
    UserFactory,
)
from tests.placements.matching_world import pdf


def year_starting(start: int) -> SchoolYear:
    return SchoolYearFactory(
        name=f"{start}-{start + 1}",
        start_date=dt.date(start, 8, 1),
        end_date=dt.date(start + 1, 7, 31),
    )


def start_of_year_containing(day: dt.date) -> int:
    return day.year if day.month >= 8 else day.year - 1


@dataclass
class YearWorld:
    this: SchoolYear
    next: SchoolYear
    old: SchoolLocation
    new: SchoolLocation
    institute: Institute
    mover: User  # SO at the old school this year, at the new school next year
    successor: User  # SO at the old school next year
    io: User
    placements: dict[tuple[str, str], Placement] = field(default_factory=dict)
    proposals: dict[str, Proposal] = field(default_factory=dict)
    offers: dict[str, PlaceOffer] = field(default_factory=dict)

    def year(self, key: str) -> SchoolYear:
        return self.this if key == "this" else self.next

    def location(self, key: str) -> SchoolLocation:
        return self.old if key == "old" else self.new


def _role(user: User, role: str, year: SchoolYear, locations, **fields) -> None:
    RoleAssignmentFactory(
        person=user.person, school_year=year, role=role, locations=list(locations), **fields
    )


def _staff() -> User:
    user = UserFactory()
    PersonFactory(user=user)
    return user


def make_year_world() -> YearWorld:
    start = start_of_year_containing(timezone.localdate())
    this, nxt = year_starting(start), year_starting(start + 1)
    old = SchoolLocationFactory(name="Oude school")
    new = SchoolLocationFactory(name="Nieuwe school")
    for location in (old, new):
        for year in (this, nxt):
            LocationYearFactory(location=location, school_year=year)
    institute = InstituteFactory(short_name="XIN")
    mover, successor, io = _staff(), _staff(), _staff()
    _role(mover, Role.SO, this, [old])
    _role(mover, Role.SO, nxt, [new])
    _role(successor, Role.SO, nxt, [old])
    for year in (this, nxt):
        _role(io, Role.IO, year, [old, new], institute=institute)
    world = YearWorld(this, nxt, old, new, institute, mover, successor, io)
    for year_key, year in (("this", this), ("next", nxt)):
        for place_key, location in (("old", old), ("new", new)):
            world.placements[(year_key, place_key)] = PlacementFactory(
                student=StudentFactory(
                    institute=institute, last_name=f"Stage{year_key}{place_key}"
                ),
                location=location,
                school_year=year,
                start_date=year.start_date + dt.timedelta(days=31),
                end_date=year.end_date - dt.timedelta(days=31),
                status=PlacementStatus.ACTIVE,
            )
    for place_key, location in (("old", old), ("new", new)):
        offer = PlaceOffer.objects.create(
            location=location,
            school_year=nxt,
            subject="Engels",
            level=StageLevel.VT3,
            places=2,
            first_year_reserved=0,
        )
        world.offers[place_key] = offer
        student = StudentFactory(institute=institute, last_name=f"Voordracht{place_key}")
        student.user = UserFactory()
        student.save(update_fields=["user"])
        proposal = matching.proposal_create(user=io, offer_id=offer.pk, student=student)
        matching.proposal_apply(
            user=student.user, proposal_id=proposal.pk, letter=pdf(), cv=pdf("cv.pdf")
        )
        world.proposals[place_key] = proposal
    return world


def accept_data(year: SchoolYear) -> dict[str, str]:
    return {
        "start_date": (year.start_date + dt.timedelta(days=31)).isoformat(),
        "end_date": (year.end_date - dt.timedelta(days=31)).isoformat(),
        "days_per_week": str(Decimal(2)),
    }
