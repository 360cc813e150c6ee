"""The projectleider's own dates (stuurgroep, kernteam, deadlines), the personal feed tokens
and the reminder digests. Everything else on the calendar comes from the other apps' sources
(`planning.sources`)."""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from bos.models import Person, SchoolLocation, SchoolYear, User
from bos.yearbound import YearBound

from .sources import Kind, Status

OWN_KINDS = (
    (Kind.STUURGROEP.value, Kind.STUURGROEP.label),
    (Kind.KERNTEAM.value, Kind.KERNTEAM.label),
    (Kind.DEADLINE.value, Kind.DEADLINE.label),
    (Kind.START_MEETING.value, Kind.START_MEETING.label),
    (Kind.OTHER.value, Kind.OTHER.label),
)


class PlanningEvent(YearBound):
    """A date the projectleider puts on the year calendar."""

    year_path = "school_year"

    uid = models.UUIDField(_("kenmerk"), default=uuid.uuid4, unique=True, editable=False)
    school_year = models.ForeignKey(
        SchoolYear, verbose_name=_("schooljaar"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("soort"), max_length=30, choices=OWN_KINDS)
    title = models.CharField(_("titel"), max_length=200)
    date = models.DateField(_("datum"))
    start_time = models.TimeField(
        _("begintijd"), null=True, blank=True, help_text=_("Leeg: de hele dag.")
    )
    end_time = models.TimeField(_("eindtijd"), null=True, blank=True)
    place = models.CharField(_("plaats"), max_length=200, blank=True)
    description = models.TextField(_("toelichting"), blank=True)
    audience = models.JSONField(
        _("voor wie"),
        default=list,
        blank=True,
        help_text=_("Rollen waarvoor de datum geldt; leeg: iedereen."),
    )
    locations = models.ManyToManyField(
        SchoolLocation,
        verbose_name=_("scholen"),
        blank=True,
        related_name="+",
        help_text=_("Leeg: voor de hele opleidingsschool."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.CONFIRMED
    )
    # Calendar clients take a higher SEQUENCE as "this event changed".
    sequence = models.PositiveIntegerField(_("versie"), default=0, editable=False)
    created_by = models.ForeignKey(
        User,
        verbose_name=_("aangemaakt door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    class Meta:
        verbose_name = _("agendapunt")
        verbose_name_plural = _("agendapunten")
        ordering = ["date", "start_time", "title"]
        indexes = [models.Index(fields=["school_year", "date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_time__isnull=True)
                | (Q(start_time__isnull=False) & Q(end_time__gt=F("start_time"))),
                name="planning_event_times_ordered",
                violation_error_message=_("De eindtijd ligt na de begintijd."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.date:%d-%m-%Y})"


class FeedToken(models.Model):
    """The secret in a person's calendar-feed URL. Only its SHA-256 is stored; a reset
    replaces the row, so the old URL stops working at once."""

    user = models.OneToOneField(
        User, verbose_name=_("gebruiker"), on_delete=models.CASCADE, related_name="feed_token"
    )
    token_hash = models.CharField(_("sleutel (hash)"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("laatst gebruikt"), null=True, blank=True)

    class Meta:
        verbose_name = _("agendakoppeling")
        verbose_name_plural = _("agendakoppelingen")

    def __str__(self) -> str:
        return f"Agendakoppeling van {self.user}"


class ReminderDigest(models.Model):
    """One reminder e-mail per person per day; the row makes a second run a no-op."""

    person = models.ForeignKey(
        Person, verbose_name=_("persoon"), on_delete=models.CASCADE, related_name="+"
    )
    day = models.DateField(_("dag"))
    event_count = models.PositiveIntegerField(_("aantal data"))
    sent_at = models.DateTimeField(_("verstuurd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("agendaherinnering")
        verbose_name_plural = _("agendaherinneringen")
        constraints = [
            models.UniqueConstraint(fields=["person", "day"], name="planning_digest_once_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.day}"
