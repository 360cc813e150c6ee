"""Places on offer at a school location and first-year reservations."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from bos.models import Person, SchoolLocation, SchoolYear, User
from bos.yearbound import YearBound

from .placements import Placement
from .students import StageLevel, Student


class PlaceOffer(YearBound):
    """Places a location offers in a year for a subject and level, for all institutes at
    once; a mentor may be named later. Some places are reserved for first-years."""

    year_path = "school_year"

    location = models.ForeignKey(
        SchoolLocation, verbose_name=_("locatie"), on_delete=models.CASCADE, related_name="offers"
    )
    school_year = models.ForeignKey(
        SchoolYear, verbose_name=_("schooljaar"), on_delete=models.PROTECT, related_name="+"
    )
    subject = models.CharField(_("vak"), max_length=150)
    level = models.CharField(
        _("stageniveau"), max_length=10, choices=StageLevel.choices, blank=True
    )
    places = models.PositiveSmallIntegerField(_("aantal plaatsen"))
    first_year_reserved = models.PositiveSmallIntegerField(
        _("waarvan gereserveerd voor eerstejaars"), default=0
    )
    mentor = models.ForeignKey(
        Person,
        verbose_name=_("werkplekbegeleider"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    start_date = models.DateField(_("begindatum"), null=True, blank=True)
    end_date = models.DateField(_("einddatum"), null=True, blank=True)
    days = models.CharField(
        _("stagedagen"), max_length=100, blank=True, help_text=_("Bijv. maandag en donderdag.")
    )

    class Meta:
        verbose_name = _("stageplaatsaanbod")
        verbose_name_plural = _("stageplaatsaanbod")
        ordering = ["location__name", "subject", "level"]
        constraints = [
            models.UniqueConstraint(
                fields=["location", "school_year", "subject", "level"], name="offer_once"
            ),
            models.CheckConstraint(
                condition=Q(first_year_reserved__lte=F("places")),
                name="offer_reserved_within_places",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.location} {self.school_year} {self.subject} {self.level}".strip()


class Reservation(YearBound):
    """Early matching: a student placed this year is promised a place for next year."""

    year_path = "school_year"

    student = models.ForeignKey(
        Student, verbose_name=_("student"), on_delete=models.CASCADE, related_name="reservations"
    )
    location = models.ForeignKey(
        SchoolLocation, verbose_name=_("locatie"), on_delete=models.CASCADE, related_name="+"
    )
    school_year = models.ForeignKey(
        SchoolYear, verbose_name=_("schooljaar"), on_delete=models.PROTECT, related_name="+"
    )
    level = models.CharField(_("stageniveau"), max_length=10, choices=StageLevel.choices)
    from_placement = models.ForeignKey(
        Placement,
        verbose_name=_("vanuit stage"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reservations",
    )
    reserved_by = models.ForeignKey(
        User,
        verbose_name=_("gereserveerd door"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("reservering")
        verbose_name_plural = _("reserveringen")
        constraints = [
            models.UniqueConstraint(
                fields=["student", "school_year"], name="reservation_once_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.student.full_name} → {self.location} {self.school_year}"
