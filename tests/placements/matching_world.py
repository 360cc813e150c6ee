"""The test world with a next year, an offer in it and an IO that proposes."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile

from bos.models import SchoolYear
from placements import offers
from placements.models import PlaceOffer
from tests.factories import SchoolYearFactory, UserFactory
from tests.placements.factories import World

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


def next_year() -> SchoolYear:
    return SchoolYearFactory(
        name="2021-2022", start_date=dt.date(2021, 8, 1), end_date=dt.date(2022, 7, 31)
    )


def offer_next_year(world: World, places: int = 1) -> PlaceOffer:
    return offers.offer_save(
        user=world.so_user,
        location_id=world.location.pk,
        subject="Engels",
        level="VT3",
        places=places,
        first_year_reserved=0,
        year=next_year(),
        start_date=dt.date(2021, 9, 1),
        end_date=dt.date(2022, 6, 30),
        days="maandag en dinsdag",
    )


def student_user(world: World, student=None):
    student = student or world.student
    if student.user_id is None:
        student.user = UserFactory()
        student.save(update_fields=["user"])
    return student.user


def pdf(name: str = "brief.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")
