"""Student counts for the SO's hours by the basis the school chose, with factories."""

import datetime as dt
from decimal import Decimal

import pytest

from bos.models import Role
from facilitation import selectors
from facilitation.models import CountBasis, LocationCountBasis
from placements.models import PlacementStatus
from tests.facilitation.factories import PolicyFactory
from tests.factories import (
    PartnershipFactory,
    PlacementFactory,
    SchoolLocationFactory,
    SchoolYearFactory,
    StudentFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db


def year(start: int):
    # Far from the demo years: the demo, once loaded, stays in the database for the session.
    start += 30
    return SchoolYearFactory(
        name=f"{start}-{start + 1}",
        start_date=dt.date(start, 8, 1),
        end_date=dt.date(start + 1, 7, 31),
    )


def place(location, school_year, n: int, **kwargs) -> None:
    for _ in range(n):
        PlacementFactory(
            location=location,
            school_year=school_year,
            start_date=school_year.start_date.replace(month=9, day=1),
            end_date=school_year.end_date.replace(day=1),
            **kwargs,
        )


def test_actual_count_is_distinct_students_the_report_counts():
    y = year(2020)
    location = SchoolLocationFactory()
    place(location, y, 3)
    # Placed but never registered and stopped: not counted.
    place(location, y, 1, status=PlacementStatus.STOPPED, registered_in_institute_system=False,
          stopped_on=dt.date(2050, 10, 1))  # fmt: skip
    assert selectors.counted_students(y, [location.pk]) == {location.pk: (3, "werkelijk aantal")}


def test_agreed_and_average_bases():
    y18, y19, y20 = year(2018), year(2019), year(2020)
    location = SchoolLocationFactory()
    place(location, y18, 10)
    place(location, y19, 13)
    place(location, y20, 20)
    LocationCountBasis.objects.create(location=location, school_year=y20, basis=CountBasis.AVERAGE)
    # (10 + 13 + 20) / 3 = 14.33 → 14
    assert selectors.counted_students(y20, [location.pk])[location.pk] == (
        14,
        "gemiddelde van 3 jaar",
    )
    other = SchoolLocationFactory()
    LocationCountBasis.objects.create(
        location=other, school_year=y20, basis=CountBasis.AGREED, agreed_count=25
    )
    assert selectors.counted_students(y20, [other.pk])[other.pk] == (25, "afgesproken aantal")


def test_overview_uses_the_chosen_basis_for_the_hours():
    y = year(2020)
    PolicyFactory(school_year=y)
    small, large = SchoolLocationFactory(), SchoolLocationFactory()
    place(small, y, 6)
    place(large, y, 2)
    LocationCountBasis.objects.create(
        location=large, school_year=y, basis=CountBasis.AGREED, agreed_count=25
    )
    user = user_with_role(Role.SO, year=y, locations=[small, large])
    (row,) = selectors.facilitation_overview(user=user, year=y)
    assert row.hours.hours == 388  # 100 + 40 + 8 × (6 + 25)
    assert row.granted is None and row.qualifies is None


def test_overview_without_policy_raises():
    y = year(2020)
    user = user_with_role(Role.SO, year=y, locations=[SchoolLocationFactory()])
    with pytest.raises(selectors.PolicyMissing):
        selectors.facilitation_overview(user=user, year=y)


def test_funding_count_counts_a_switcher_once():
    y = year(2020)
    PolicyFactory(school_year=y)

    partner = PartnershipFactory(school_year=y).institute
    student = StudentFactory(institute=partner)
    first, second = SchoolLocationFactory(), SchoolLocationFactory()
    PlacementFactory(student=student, location=first, school_year=y,
                     start_date=dt.date(2050, 9, 1), end_date=dt.date(2051, 1, 29))  # fmt: skip
    PlacementFactory(student=student, location=second, school_year=y,
                     start_date=dt.date(2051, 2, 1), end_date=dt.date(2051, 7, 1))  # fmt: skip
    PlacementFactory(  # a non-partner institute
        location=first, school_year=y, start_date=dt.date(2050, 9, 1), end_date=dt.date(2051, 7, 1)
    )
    assert selectors.funding_count_for_year(y).count == 1


def test_partner_share_counts_a_student_at_two_of_the_sos_schools_once():
    y = year(2020)
    PolicyFactory(school_year=y)
    partner = PartnershipFactory(school_year=y).institute
    outsider = PartnershipFactory(school_year=y, is_partner=False).institute
    first, second = SchoolLocationFactory(), SchoolLocationFactory()
    switcher = StudentFactory(institute=partner)
    PlacementFactory(student=switcher, location=first, school_year=y,
                     start_date=dt.date(2050, 9, 1), end_date=dt.date(2051, 1, 29))  # fmt: skip
    PlacementFactory(student=switcher, location=second, school_year=y,
                     start_date=dt.date(2051, 2, 1), end_date=dt.date(2051, 7, 1))  # fmt: skip
    place(first, y, 1, student=StudentFactory(institute=outsider))
    # Stopped before being registered with the institute: the report does not count it.
    place(second, y, 1, student=StudentFactory(institute=outsider),
          status=PlacementStatus.STOPPED, registered_in_institute_system=False,
          stopped_on=dt.date(2050, 10, 1))  # fmt: skip
    user = user_with_role(Role.SO, year=y, locations=[first, second])
    (row,) = selectors.facilitation_overview(user=user, year=y)
    assert row.partner_share == Decimal(50)  # the switcher once, the outsider once


def test_partner_share_without_students_is_unknown():
    y = year(2020)
    PolicyFactory(school_year=y)
    user = user_with_role(Role.SO, year=y, locations=[SchoolLocationFactory()])
    (row,) = selectors.facilitation_overview(user=user, year=y)
    assert row.partner_share is None


def test_partner_share_of_every_demo_so_matches_counting_the_placements_one_by_one(demo):
    from bos.models import InstitutePartnership, RoleAssignment, User
    from facilitation import rules
    from placements.models import Placement

    y = demo.year
    partners = set(
        InstitutePartnership.objects.filter(school_year=y, is_partner=True).values_list(
            "institute_id", flat=True
        )
    )
    projectleider = User.objects.get(email="projectleider@demo.bos.example")
    rows = selectors.facilitation_overview(user=projectleider, year=y)
    assert rows
    for row in rows:
        (assignment,) = RoleAssignment.objects.filter(
            school_year=y, role=Role.SO, person=row.person
        )
        students = {
            (p.student_id, p.student.institute_id in partners)
            for p in Placement.objects.reported()
            .filter(school_year=y, location__in=assignment.locations.all())
            .select_related("student")
        }
        expected = rules.partner_share(
            partners=sum(1 for _, is_partner in students if is_partner), total=len(students)
        )
        assert row.partner_share == expected, row.person
