"""Factories for the organisation and placements; every person is fictitious."""

import datetime as dt
from decimal import Decimal

import factory

from bos.models import (
    Institute,
    InstitutePartnership,
    LocationYear,
    Person,
    Role,
    RoleAssignment,
    SchoolBoard,
    SchoolLocation,
    SchoolYear,
    User,
)
from placements.models import Placement, PlacementStatus, StageLevel, Student, Variant


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)

    email = factory.Sequence(lambda n: f"user{n}@test.example")
    password = factory.django.Password("test-password-123")


class SchoolYearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SchoolYear
        django_get_or_create = ("name",)

    name = "2020-2021"
    start_date = dt.date(2020, 8, 1)
    end_date = dt.date(2021, 7, 31)

    @classmethod
    def _get_or_create(cls, model_class, *args, **kwargs):
        # A factory year is open for writes. The demo (loaded once per session into the same
        # database) closes its 2020-2021; a test that finds that year opens it again, inside
        # its own rolled-back transaction.
        year = super()._get_or_create(model_class, *args, **kwargs)
        if year.closed_at is not None:
            model_class.objects.filter(pk=year.pk).update(closed_at=None, closed_by=None)
            year.closed_at = year.closed_by = None
        return year


class SchoolBoardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SchoolBoard
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Bestuur {n}")


class SchoolLocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SchoolLocation
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"School {n}")
    board = factory.SubFactory(SchoolBoardFactory)


class LocationYearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LocationYear

    location = factory.SubFactory(SchoolLocationFactory)
    school_year = factory.SubFactory(SchoolYearFactory)
    pupils = 1000


class InstituteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Institute
        django_get_or_create = ("short_name",)

    short_name = factory.Sequence(lambda n: f"INST{n}")
    name = factory.LazyAttribute(lambda o: f"Instituut {o.short_name}")
    first_year_label = "J1"


class PartnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InstitutePartnership

    institute = factory.SubFactory(InstituteFactory)
    school_year = factory.SubFactory(SchoolYearFactory)
    is_partner = True


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    first_name = factory.Sequence(lambda n: f"Voornaam{n}")
    last_name = factory.Sequence(lambda n: f"Achternaam{n}")
    email = factory.Sequence(lambda n: f"persoon{n}@test.example")


class RoleAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleAssignment
        skip_postgeneration_save = True

    person = factory.SubFactory(PersonFactory)
    school_year = factory.SubFactory(SchoolYearFactory)
    role = Role.SO

    @factory.post_generation
    def locations(self, create, extracted, **kwargs):
        if create and extracted:
            self.locations.set(extracted)


class StudentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Student

    first_name = factory.Sequence(lambda n: f"Student{n}")
    last_name = "Testpersoon"
    email = factory.Sequence(lambda n: f"student{n}@student.test.example")
    institute = factory.SubFactory(InstituteFactory)
    programme = "Engels"
    variant = Variant.VT
    student_number = factory.Sequence(lambda n: f"S{n:07d}")


class PlacementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Placement

    student = factory.SubFactory(StudentFactory)
    location = factory.SubFactory(SchoolLocationFactory)
    school_year = factory.SubFactory(SchoolYearFactory)
    level = StageLevel.VT2
    start_date = dt.date(2020, 9, 1)
    end_date = dt.date(2021, 7, 1)
    days_per_week = Decimal(2)
    status = PlacementStatus.ACTIVE
    registered_in_institute_system = True


def user_with_role(role: str, *, year: SchoolYear, locations=(), **fields) -> User:
    """A user whose person holds one role in the year."""
    user = UserFactory()
    person = PersonFactory(user=user)
    RoleAssignmentFactory(
        person=person, school_year=year, role=role, locations=list(locations), **fields
    )
    return user
