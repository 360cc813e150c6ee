"""Issue #29: the overview counts participants per school in the database instead of reading
every participant and their roles. The counts are the ones counting person by person gives."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

import pytest

from bos.models import Person, Role, RoleAssignment, SchoolYear
from professionalization import selectors
from professionalization.models import Registration, RegistrationStatus
from tests.factories import PersonFactory, SchoolLocationFactory, user_with_role
from tests.professionalization.factories import make_meeting, make_world

pytestmark = pytest.mark.django_db


def _counted_one_by_one(year: SchoolYear) -> tuple[int, list[dict]]:
    """Every participant, and for each the names of the schools of their WPB, SO or IO
    roles in the year (none: '(geen school)')."""
    people = set(
        Registration.objects.filter(meeting__school_year=year, attended=True).values_list(
            "person_id", flat=True
        )
    )
    by_school: dict[str, set[int]] = defaultdict(set)
    for person_id in people:
        names = {
            location.name
            for assignment in RoleAssignment.objects.filter(
                school_year=year,
                person_id=person_id,
                role__in=[Role.WPB, Role.SO, Role.IO],
            )
            for location in assignment.locations.all()
        }
        for name in names or {"(geen school)"}:
            by_school[name].add(person_id)
    return len(people), [
        {"school": name, "people": len(ids)} for name, ids in sorted(by_school.items())
    ]


def _attend(meeting, person: Person, *, attended: bool | None = True) -> None:
    Registration.objects.create(
        meeting=meeting,
        person=person,
        role="wpb",
        status=RegistrationStatus.REGISTERED,
        attended=attended,
        hours=Decimal("2.5") if attended else Decimal(0),
    )


def _per_school_rows(overview) -> list[dict]:
    """Every page of the table per school, then the participants without a school as the
    row counting one by one gives them."""
    rows, number = [], 1
    while True:
        page = selectors.participants_per_school(overview.year, number, per_page=2)
        rows += page.object_list
        if not page.has_next():
            break
        number += 1
    if overview.without_school:
        rows.append({"school": "(geen school)", "people": overview.without_school})
    return sorted(rows, key=lambda row: row["school"])


def _per_school(overview) -> dict[str, int]:
    return {row["school"]: row["people"] for row in _per_school_rows(overview)}


def test_each_participant_counts_once_at_each_of_their_schools():
    world = make_world(days_ahead=-3)
    # The world's year may be the demo's running year: compare with the counts before.
    before = selectors.overview(world.year)
    earlier = _per_school(before)
    second = make_meeting(world.year, world.themes[2], world.school, world.so, days_ahead=-2)
    third = SchoolLocationFactory(name="Derde school")
    # A WPB at two schools, who came twice: once at each school, once in the total.
    both = world.wpbs[0].person
    RoleAssignment.objects.get(person=both, school_year=world.year).locations.add(third)
    _attend(world.meeting, both)
    _attend(second, both)
    # A WPB of the other school; an IO; a guest without any role in the year.
    _attend(world.meeting, world.other_wpb.person)
    _attend(world.meeting, world.io.person)
    guest = PersonFactory()
    _attend(world.meeting, guest)
    # A coordinator (no school role counted) and someone who stayed away: neither at a school.
    coordinator = user_with_role(Role.PROJECTLEIDER, year=world.year).person
    _attend(second, coordinator)
    _attend(second, world.wpbs[1].person, attended=False)

    overview = selectors.overview(world.year)
    assert overview.participants - before.participants == 5
    after = _per_school(overview)
    added = {name: after[name] - earlier.get(name, 0) for name in after}
    assert {name: n for name, n in added.items() if n} == {
        "(geen school)": 2,
        "Anderlyceum": 1,
        "Derde school": 1,
        "Testcollege": 2,
    }
    assert (overview.participants, _per_school_rows(overview)) == _counted_one_by_one(world.year)
    assert overview.hours - before.hours == Decimal("15.0")


def test_the_demo_years_count_as_one_by_one(demo):
    counted = 0
    for year in SchoolYear.objects.all():
        overview = selectors.overview(year)
        assert (overview.participants, _per_school_rows(overview)) == _counted_one_by_one(year), (
            year
        )
        counted += overview.participants
    assert counted > 0
