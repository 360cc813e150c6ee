"""Factories for policies; every value not given is the 2021-2022 guideline."""

import factory

from facilitation.models import Policy
from tests.factories import SchoolYearFactory


class PolicyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Policy
        django_get_or_create = ("school_year",)

    school_year = factory.SubFactory(SchoolYearFactory)
