"""The policy of a school year (every number of domain §4), its change log, the hours a
school actually grants its SO, and the student-count basis a school chose."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from bos.models import Person, SchoolLocation, SchoolYear
from bos.yearbound import YearBound

from .params import FundingKind, PartialMonth, StipendBasis


def default_day_rates() -> list[dict[str, str]]:
    return [
        {"min_days": "1", "monthly": "125.00"},
        {"min_days": "2", "monthly": "250.00"},
        {"min_days": "3", "monthly": "375.00"},
    ]


def default_study_year_rates() -> list[dict[str, str]]:
    return []


def _hours(label: str, default: int | str, **kwargs: object) -> models.DecimalField:
    return models.DecimalField(
        label,
        max_digits=8,
        decimal_places=2,
        default=Decimal(default),
        validators=[MinValueValidator(Decimal(0))],
        **kwargs,
    )


def _money(label: str, default: int | str, **kwargs: object) -> models.DecimalField:
    return models.DecimalField(
        label,
        max_digits=12,
        decimal_places=2,
        default=Decimal(default),
        validators=[MinValueValidator(Decimal(0))],
        **kwargs,
    )


class Policy(YearBound):
    """The rules of one school year. Defaults are the guidelines of 2021-2022 (domain §4)."""

    year_path = "school_year"

    FIELD_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
        (
            "Facilitering schoolopleider",
            (
                "consultation_hours",
                "intervision_hours",
                "small_threshold_students",
                "small_reduction_hours",
                "multi_location_extra_hours",
                "hours_per_student",
                "free_lesson_hours",
                "whole_day_from_students",
                "second_so_above_students",
                "partner_share_target_pct",
            ),
        ),
        (
            "Streefaantal, vergoeding en bonus",
            (
                "pupils_per_placement",
                "school_compensation_hours",
                "bonus_hours_per_extra_student",
                "hourly_rate",
                "admin_hourly_rate",
                "norm_year_hours",
            ),
        ),
        ("Ontwikkelteams", ("kartrekker_surcharge_hours",)),
        (
            "Subsidie",
            (
                "funding_kind",
                "funding_fixed_amount",
                "funding_base_amount",
                "funding_per_student_amount",
                "funding_minimum_students",
                "funding_partner_only",
                "funding_counts_zij_instromers",
            ),
        ),
        (
            "Stagevergoeding",
            (
                "stipend_enabled",
                "stipend_basis",
                "stipend_day_rates",
                "stipend_study_year_rates",
                "stipend_reference_days",
                "stipend_pro_rata",
                "stipend_half_days_combine",
                "stipend_min_days",
                "stipend_start_month",
                "stipend_start_day",
                "stipend_end_month",
                "stipend_end_day",
                "stipend_max_months",
                "stipend_partial_month",
            ),
        ),
    )

    school_year = models.OneToOneField(
        SchoolYear, verbose_name=_("schooljaar"), on_delete=models.PROTECT, related_name="policy"
    )
    # §4.1
    consultation_hours = _hours(_("basisuren consultatie"), 50)
    intervision_hours = _hours(_("basisuren intervisie"), 50)
    small_threshold_students = models.PositiveSmallIntegerField(
        _("kleine locatie: minder dan (studenten)"), default=10
    )
    small_reduction_hours = _hours(_("kleine locatie: minder intervisie-uren"), 25)
    multi_location_extra_hours = _hours(_("extra uren bij meer dan één locatie"), 40)
    hours_per_student = _hours(_("uren per student"), 8)
    free_lesson_hours = models.PositiveSmallIntegerField(
        _("aaneengesloten lesuren per week vrij van lesgeven"), default=3
    )
    whole_day_from_students = models.PositiveSmallIntegerField(
        _("een hele dag vrij vanaf (studenten)"), default=25
    )
    second_so_above_students = models.PositiveSmallIntegerField(
        _("advies tweede SO bij meer dan (studenten per locatie)"), default=30
    )
    partner_share_target_pct = models.DecimalField(
        _("streefaandeel partnerstudenten (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(80),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )
    # §4.2 and rates
    pupils_per_placement = models.PositiveSmallIntegerField(
        _("leerlingen per stageplaats (streefaantal)"),
        default=50,
        validators=[MinValueValidator(1)],
    )
    school_compensation_hours = _hours(_("vergoeding per school (uren)"), 50)
    bonus_hours_per_extra_student = _hours(_("bonus per extra student (uren)"), 8)
    kartrekker_surcharge_hours = _hours(
        _("toeslag kartrekker ontwikkelteam (uren)"),
        0,
        help_text=_(
            "Extra uren bovenop de gefaciliteerde uren van de kartrekker van elk ontwikkelteam."
        ),
    )
    hourly_rate = _money(_("uurtarief (€)"), 70)
    admin_hourly_rate = _money(_("uurtarief administratieve ondersteuning (€)"), 35)
    norm_year_hours = _hours(_("normjaartaak (uren)"), 1659)
    # §4.3 funding
    funding_kind = models.CharField(
        _("soort subsidie"),
        max_length=30,
        choices=[
            (FundingKind.FIXED.value, _("vast bedrag")),
            (FundingKind.BASE_PLUS_PER_STUDENT.value, _("basisbedrag plus bedrag per student")),
            (
                FundingKind.REGIONAL_PER_STUDENT.value,
                _("regionale regeling: bedrag per student, met een minimum aantal"),
            ),
        ],
        default=FundingKind.BASE_PLUS_PER_STUDENT.value,
    )
    funding_fixed_amount = _money(_("vast subsidiebedrag (€)"), 0)
    funding_base_amount = _money(_("basisbedrag subsidie (€)"), 100_000)
    funding_per_student_amount = _money(_("subsidie per getelde student (€)"), 955)
    funding_minimum_students = models.PositiveIntegerField(
        _("minimum aantal getelde studenten (regionale regeling)"),
        default=0,
        help_text=_("Onder dit aantal wordt in de regionale regeling niets uitgekeerd."),
    )
    funding_partner_only = models.BooleanField(
        _("alleen studenten van partnerinstituten tellen"), default=True
    )
    funding_counts_zij_instromers = models.BooleanField(
        _("zij-instromers tellen mee"), default=True
    )
    # §4.4 stipend
    stipend_enabled = models.BooleanField(_("stagevergoeding van toepassing"), default=True)
    stipend_basis = models.CharField(
        _("grondslag stagevergoeding"),
        max_length=20,
        choices=[
            (StipendBasis.DAYS.value, _("tabel: minimaal aantal dagen per week")),
            (StipendBasis.STUDY_YEAR.value, _("bedrag per studiejaar")),
        ],
        default=StipendBasis.DAYS.value,
    )
    stipend_day_rates = models.JSONField(
        _("maandbedrag per minimaal aantal dagen"), default=default_day_rates, blank=True
    )
    stipend_study_year_rates = models.JSONField(
        _("maandbedrag per studiejaar"), default=default_study_year_rates, blank=True
    )
    stipend_reference_days = models.DecimalField(
        _("dagen per week waarvoor het bedrag per studiejaar geldt"),
        max_digits=3,
        decimal_places=1,
        default=Decimal(2),
        validators=[MinValueValidator(Decimal("0.5"))],
    )
    stipend_pro_rata = models.BooleanField(_("naar rato van het aantal dagen"), default=False)
    stipend_half_days_combine = models.BooleanField(
        _("twee halve dagen tellen als één dag"), default=True
    )
    stipend_min_days = models.DecimalField(
        _("minimaal aantal dagen per week"), max_digits=3, decimal_places=1, default=Decimal(1)
    )
    stipend_start_month = models.PositiveSmallIntegerField(
        _("standaardperiode: beginmaand"),
        default=9,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
    )
    stipend_start_day = models.PositiveSmallIntegerField(
        _("standaardperiode: begindag"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(28)],
    )
    stipend_end_month = models.PositiveSmallIntegerField(
        _("standaardperiode: eindmaand"),
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
    )
    stipend_end_day = models.PositiveSmallIntegerField(
        _("standaardperiode: einddag"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(28)],
    )
    stipend_max_months = models.PositiveSmallIntegerField(
        _("maximaal aantal maanden"), null=True, blank=True
    )
    stipend_partial_month = models.CharField(
        _("gedeeltelijke maand"),
        max_length=10,
        choices=[
            (PartialMonth.HALF.value, _("hele maand bij minstens de helft van de dagen")),
            (PartialMonth.PRO_RATA.value, _("naar rato van de dagen in de maand")),
        ],
        default=PartialMonth.HALF.value,
    )
    notes = models.TextField(_("toelichting"), blank=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    class Meta:
        verbose_name = _("beleid")
        verbose_name_plural = _("beleid per schooljaar")
        ordering = ["school_year__start_date"]

    def __str__(self) -> str:
        return f"Beleid {self.school_year}"


class PolicyChange(YearBound):
    """One changed value of a policy: who changed it, when, from what to what."""

    year_path = "policy__school_year"

    policy = models.ForeignKey(
        Policy, verbose_name=_("beleid"), on_delete=models.CASCADE, related_name="changes"
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gewijzigd door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("gewijzigd op"), auto_now_add=True)
    field_name = models.CharField(_("veld"), max_length=60)
    field_label = models.CharField(_("omschrijving"), max_length=200)
    old_value = models.TextField(_("oude waarde"), blank=True)
    new_value = models.TextField(_("nieuwe waarde"), blank=True)

    class Meta:
        verbose_name = _("beleidswijziging")
        verbose_name_plural = _("beleidswijzigingen")
        ordering = ["-changed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.policy}: {self.field_label}"


class GrantedHours(YearBound):
    """The hours a school actually grants its SO in a year (compared with the computed hours)."""

    year_path = "school_year"

    school_year = models.ForeignKey(
        SchoolYear, verbose_name=_("schooljaar"), on_delete=models.PROTECT, related_name="+"
    )
    so = models.ForeignKey(
        Person,
        verbose_name=_("schoolopleider"),
        on_delete=models.CASCADE,
        related_name="granted_hours",
    )
    hours = models.DecimalField(
        _("toegekende uren"),
        max_digits=7,
        decimal_places=1,
        validators=[MinValueValidator(Decimal(0))],
    )
    note = models.CharField(_("toelichting"), max_length=300, blank=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    class Meta:
        verbose_name = _("toegekende uren SO")
        verbose_name_plural = _("toegekende uren SO")
        constraints = [
            models.UniqueConstraint(
                fields=["school_year", "so"], name="granted_hours_once_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.so} {self.school_year}: {self.hours} uur"


class CountBasis(models.TextChoices):
    ACTUAL = "actual", _("werkelijk aantal studenten")
    AGREED = "agreed", _("afgesproken aantal")
    AVERAGE = "average", _("gemiddelde van de laatste drie jaar")


class LocationCountBasis(YearBound):
    """How a school counts its students for the SO's hours: the actual count, an agreed
    number, or the average of the last three years (so hours don't change every year)."""

    year_path = "school_year"

    location = models.ForeignKey(
        SchoolLocation,
        verbose_name=_("locatie"),
        on_delete=models.CASCADE,
        related_name="count_bases",
    )
    school_year = models.ForeignKey(
        SchoolYear, verbose_name=_("schooljaar"), on_delete=models.PROTECT, related_name="+"
    )
    basis = models.CharField(
        _("telwijze"), max_length=10, choices=CountBasis.choices, default=CountBasis.ACTUAL
    )
    agreed_count = models.PositiveIntegerField(_("afgesproken aantal"), null=True, blank=True)

    class Meta:
        verbose_name = _("telwijze studenten")
        verbose_name_plural = _("telwijzen studenten")
        constraints = [
            models.UniqueConstraint(
                fields=["location", "school_year"], name="count_basis_once_per_year"
            ),
            models.CheckConstraint(
                condition=~models.Q(basis="agreed") | models.Q(agreed_count__isnull=False),
                name="count_basis_agreed_needs_count",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.location} {self.school_year}: {self.get_basis_display()}"
