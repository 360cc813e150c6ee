"""Ontwikkelteams per school year: a team has a name, an assignment, a kartrekker and
members, each with the hours they are facilitated for. They replace the four fixed team
choices of the first year; the wizard copies them into the next year."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from bos.models import Person, SchoolYear
from bos.yearbound import YearBound


class DevelopmentTeamYear(YearBound):
    year_path = "school_year"

    school_year = models.ForeignKey(
        SchoolYear, verbose_name=_("schooljaar"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("naam"), max_length=100)
    assignment = models.TextField(_("opdracht"), blank=True)
    kartrekker = models.ForeignKey(
        Person,
        verbose_name=_("kartrekker"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("ontwikkelteam")
        verbose_name_plural = _("ontwikkelteams")
        ordering = ["school_year__start_date", "name"]
        constraints = [
            models.UniqueConstraint(fields=["school_year", "name"], name="team_name_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.school_year}"


class DevelopmentTeamMember(YearBound):
    year_path = "team__school_year"

    team = models.ForeignKey(
        DevelopmentTeamYear,
        verbose_name=_("ontwikkelteam"),
        on_delete=models.CASCADE,
        related_name="members",
    )
    person = models.ForeignKey(
        Person, verbose_name=_("persoon"), on_delete=models.CASCADE, related_name="+"
    )
    hours = models.DecimalField(
        _("gefaciliteerde uren"),
        max_digits=7,
        decimal_places=1,
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(0))],
    )

    class Meta:
        verbose_name = _("lid ontwikkelteam")
        verbose_name_plural = _("leden ontwikkelteam")
        ordering = ["person__last_name", "person__first_name"]
        constraints = [models.UniqueConstraint(fields=["team", "person"], name="team_member_once")]

    def __str__(self) -> str:
        return f"{self.person} in {self.team}"
