"""The --year option shared by the report commands."""

from __future__ import annotations

from django.core.management.base import CommandError

from bos.models import SchoolYear


def school_year(name: str) -> SchoolYear:
    year = SchoolYear.objects.filter(name=name).first()
    if year is None:
        known = ", ".join(SchoolYear.objects.values_list("name", flat=True)) or "geen"
        raise CommandError(
            f"Schooljaar {name!r} bestaat niet (bekende schooljaren: {known}).", returncode=2
        )
    return year
