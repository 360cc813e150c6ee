"""Professional development of WPBs, SOs and IOs (domain §5, the professionalisation plan):
the themes of a year, the meetings on them (and each school's start meeting), registrations
with a waiting list, attendance and evaluation, yearly certificates and the reflective
conversations."""

from __future__ import annotations

import datetime as dt
import secrets
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bos.models import Person, SchoolLocation, SchoolYear
from bos.yearbound import YearBound


class ProfessionalizationPolicy(YearBound):
    """The numbers of the professionalisation plan for one school year."""

    year_path = "school_year"

    school_year = models.OneToOneField(
        SchoolYear,
        verbose_name=_("schooljaar"),
        on_delete=models.PROTECT,
        related_name="professionalization_policy",
    )
    velon_min_years = models.PositiveSmallIntegerField(
        _("minimale ervaring voor Beroepsregistratie Velon (jaren)"),
        default=2,
        help_text=_("Voorgaande schooljaren als SO of IO."),
    )
    window_years = models.PositiveSmallIntegerField(
        _("alle thema's aangeboden binnen (jaren)"), default=2, validators=[MinValueValidator(1)]
    )
    balance_tolerance = models.PositiveSmallIntegerField(
        _("toegestaan verschil basis/verdieping (bijeenkomsten)"), default=1
    )
    default_start = models.TimeField(_("standaard begintijd"), default=dt.time(13, 30))
    default_end = models.TimeField(_("standaard eindtijd"), default=dt.time(16, 0))
    info_start = models.TimeField(_("begintijd online infosessie"), default=dt.time(16, 15))
    info_end = models.TimeField(_("eindtijd online infosessie"), default=dt.time(17, 0))
    default_capacity = models.PositiveSmallIntegerField(
        _("standaard aantal plaatsen"), default=25, validators=[MinValueValidator(1)]
    )
    first_reminder_days = models.PositiveSmallIntegerField(
        _("eerste herinnering (dagen vooraf)"), default=7
    )
    second_reminder_days = models.PositiveSmallIntegerField(
        _("tweede herinnering (dagen vooraf)"), default=1
    )
    # The plan is evaluated every year (a survey of the surveys app's template
    # "evaluatie_professionaliseringsplan"); what came out is written down in the next year.
    previous_evaluation = models.TextField(
        _("uitkomst evaluatie vorig jaar"),
        blank=True,
        help_text=_(
            "Wat de evaluatie van het professionaliseringsplan van vorig schooljaar opleverde "
            "en wat daarom in het plan is bijgesteld."
        ),
    )

    class Meta:
        verbose_name = _("professionaliseringsbeleid")
        verbose_name_plural = _("professionaliseringsbeleid")

    def __str__(self) -> str:
        return f"Professionalisering {self.school_year}"


class ThemeLevel(models.TextChoices):
    BASIC = "basic", _("basisthema")
    DEEPENING = "deepening", _("verdiepend thema")


class Theme(YearBound):
    """One of the plan's themes as kept for a year (numbered 1–11 in the plan)."""

    year_path = "school_year"

    school_year = models.ForeignKey(
        SchoolYear, verbose_name=_("schooljaar"), on_delete=models.PROTECT, related_name="+"
    )
    number = models.PositiveSmallIntegerField(_("nummer"))
    title = models.CharField(_("titel"), max_length=200)
    level = models.CharField(_("soort"), max_length=10, choices=ThemeLevel.choices)
    audience = models.CharField(_("doelgroep"), max_length=200)
    description = models.TextField(_("omschrijving"), blank=True)
    requires_experience = models.BooleanField(
        _("alleen voor ervaren opleiders"),
        default=False,
        help_text=_("Zoals Beroepsregistratie Velon: alleen SO/IO met voldoende jaren ervaring."),
    )

    class Meta:
        verbose_name = _("thema")
        verbose_name_plural = _("thema's")
        ordering = ["school_year__start_date", "number"]
        constraints = [
            models.UniqueConstraint(fields=["school_year", "number"], name="pro_theme_number")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class MeetingKind(models.TextChoices):
    THEME = "theme", _("professionaliseringsbijeenkomst")
    START = "start", _("startbijeenkomst WPB")


class Meeting(YearBound):
    """A professionalisation meeting on a theme, or a school's start meeting for its WPBs."""

    year_path = "school_year"

    school_year = models.ForeignKey(
        SchoolYear, verbose_name=_("schooljaar"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(
        _("soort"), max_length=10, choices=MeetingKind.choices, default=MeetingKind.THEME
    )
    theme = models.ForeignKey(
        Theme,
        verbose_name=_("thema"),
        on_delete=models.PROTECT,
        related_name="meetings",
        null=True,
        blank=True,
    )
    date = models.DateField(_("datum"))
    start_time = models.TimeField(_("begintijd"))
    end_time = models.TimeField(_("eindtijd"))
    location = models.ForeignKey(
        SchoolLocation,
        verbose_name=_("locatie"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    capacity = models.PositiveSmallIntegerField(
        _("aantal plaatsen"), validators=[MinValueValidator(1), MaxValueValidator(500)]
    )
    leader = models.ForeignKey(
        Person,
        verbose_name=_("leiding"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    co_leader = models.ForeignKey(
        Person,
        verbose_name=_("mede-organisator"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    info_session = models.BooleanField(_("aansluitend online infosessie"), default=False)
    info_topic = models.CharField(_("onderwerp infosessie"), max_length=200, blank=True)
    drinks = models.BooleanField(_("borrel na afloop"), default=True)
    note = models.TextField(_("toelichting"), blank=True)

    class Meta:
        verbose_name = _("bijeenkomst")
        verbose_name_plural = _("bijeenkomsten")
        ordering = ["date", "start_time", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_time__gt=models.F("start_time")), name="pro_meeting_times"
            ),
            models.CheckConstraint(
                condition=Q(kind="start") | Q(theme__isnull=False), name="pro_meeting_theme"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.date:%d-%m-%Y})"

    @property
    def title(self) -> str:
        if self.kind == MeetingKind.START:
            return f"Startbijeenkomst WPB {self.location.name}"
        return str(self.theme)


class RegistrationStatus(models.TextChoices):
    REGISTERED = "registered", _("aangemeld")
    WAITING = "waiting", _("wachtlijst")
    CANCELLED = "cancelled", _("afgemeld")


class Registration(YearBound):
    """A person's place on a meeting (or on its waiting list), attendance and evaluation."""

    year_path = "meeting__school_year"

    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("bijeenkomst"),
        on_delete=models.CASCADE,
        related_name="registrations",
    )
    person = models.ForeignKey(
        Person, verbose_name=_("deelnemer"), on_delete=models.CASCADE, related_name="+"
    )
    role = models.CharField(_("rol bij aanmelding"), max_length=20)
    status = models.CharField(_("status"), max_length=12, choices=RegistrationStatus.choices)
    registered_at = models.DateTimeField(_("aangemeld op"), auto_now_add=True)
    # The waiting list is ordered by when someone joined it (re-registering joins at the end).
    queued_at = models.DateTimeField(_("op de wachtlijst sinds"), null=True, blank=True)
    attended = models.BooleanField(_("aanwezig"), null=True, blank=True)
    hours = models.DecimalField(
        _("uren"), max_digits=5, decimal_places=2, default=Decimal(0), editable=False
    )
    week_reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    day_reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    score = models.PositiveSmallIntegerField(
        _("waardering (1–5)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    comment = models.TextField(_("toelichting"), blank=True, max_length=2000)
    evaluated_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("aanmelding")
        verbose_name_plural = _("aanmeldingen")
        ordering = ["meeting", "registered_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="pro_registration_once"),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=1, score__lte=5),
                name="pro_registration_score",
            ),
        ]
        indexes = [models.Index(fields=["meeting", "status"])]

    def __str__(self) -> str:
        return f"{self.person} – {self.meeting}"


def new_verification_code() -> str:
    # 128 bits from the OS's CSPRNG: a code cannot be guessed or enumerated.
    return secrets.token_urlsafe(16)


class Certificate(YearBound):
    """A participant's certificate of a year, with the public verification code printed on it.

    Only the name, year and total hours are shown to whoever has the code."""

    year_path = "school_year"

    person = models.ForeignKey(
        Person, verbose_name=_("deelnemer"), on_delete=models.CASCADE, related_name="+"
    )
    school_year = models.ForeignKey(
        SchoolYear, verbose_name=_("schooljaar"), on_delete=models.PROTECT, related_name="+"
    )
    code = models.CharField(
        _("verificatiecode"), max_length=40, unique=True, default=new_verification_code
    )
    name = models.CharField(_("naam op het certificaat"), max_length=260)
    total_hours = models.DecimalField(_("totaal uren"), max_digits=6, decimal_places=2)
    issued_at = models.DateTimeField(_("uitgegeven op"), auto_now=True)
    mailed_at = models.DateTimeField(_("link gemaild op"), null=True, blank=True)

    class Meta:
        verbose_name = _("certificaat")
        verbose_name_plural = _("certificaten")
        constraints = [
            models.UniqueConstraint(fields=["person", "school_year"], name="pro_certificate_once")
        ]

    def __str__(self) -> str:
        return f"Certificaat {self.name} {self.school_year}"


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("in de wachtrij")
    RUNNING = "running", _("bezig")
    DONE = "done", _("klaar")
    FAILED = "failed", _("mislukt")


class CertificateRun(YearBound):
    """The year-end preparation of every certificate, with progress for the projectleider."""

    year_path = "school_year"

    school_year = models.ForeignKey(
        SchoolYear, verbose_name=_("schooljaar"), on_delete=models.PROTECT, related_name="+"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    mailed = models.PositiveIntegerField(default=0)
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("certificatenronde")
        verbose_name_plural = _("certificatenrondes")
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"Certificaten {self.school_year} ({self.get_status_display()})"

    @property
    def percent(self) -> int:
        if self.status == RunStatus.DONE:
            return 100
        return int(100 * self.done / self.total) if self.total else 0


class ConversationKind(models.TextChoices):
    WPB_SO = "wpb_so", _("WPB met SO")
    SO_BC = "so_bc", _("SO met BC")
    IO_IC = "io_ic", _("IO met IC")


class ReflectiveConversation(YearBound):
    """The yearly reflective conversation of a WPB, SO or IO (the *participant*) with their
    SO, a BC or their IC (the *conductor*). The notes belong to these two people only."""

    year_path = "school_year"

    school_year = models.ForeignKey(
        SchoolYear, verbose_name=_("schooljaar"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("soort"), max_length=10, choices=ConversationKind.choices)
    participant = models.ForeignKey(
        Person, verbose_name=_("collega"), on_delete=models.CASCADE, related_name="+"
    )
    conductor = models.ForeignKey(
        Person, verbose_name=_("gesprekspartner"), on_delete=models.CASCADE, related_name="+"
    )
    location = models.ForeignKey(
        SchoolLocation,
        verbose_name=_("school"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    planned_on = models.DateField(_("gepland op"))
    held_on = models.DateField(_("gehouden op"), null=True, blank=True)
    notes = models.TextField(_("aantekeningen"), blank=True, max_length=10000)

    class Meta:
        verbose_name = _("reflectief gesprek")
        verbose_name_plural = _("reflectieve gesprekken")
        ordering = ["planned_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["school_year", "kind", "participant"], name="pro_conversation_once"
            ),
            models.CheckConstraint(
                condition=~Q(participant=models.F("conductor")), name="pro_conversation_two"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.school_year}"
