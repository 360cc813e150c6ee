"""The budget per school year (sections, lines, actual entries, income and reserve), facts
the annual report needs that the organisation model does not hold, and generated reports."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bos.models import SchoolLocation, SchoolYear


class Budget(models.Model):
    """The budget of one school year. Income is the subsidy from the funding rule unless an
    amount is entered (the first two years had a fixed grant); the reserve carries over from
    the previous year's budget, or from `reserve_carried_in` when there is none."""

    school_year = models.OneToOneField(
        SchoolYear, verbose_name=_("schooljaar"), on_delete=models.PROTECT, related_name="budget"
    )
    income_label = models.CharField(
        _("omschrijving baten"), max_length=200, default="Baten (rijkssubsidie)"
    )
    income_amount = models.DecimalField(
        _("baten (ingevoerd bedrag)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Leeg laten om de subsidie volgens de bekostigingsregel te gebruiken."),
    )
    reserve_carried_in = models.DecimalField(
        _("meegenomen resultaat vorige jaren"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Alleen nodig als er geen begroting van het vorige jaar in het systeem staat."),
    )

    class Meta:
        verbose_name = _("begroting")
        verbose_name_plural = _("begrotingen")
        ordering = ["school_year__start_date"]

    def __str__(self) -> str:
        return f"Begroting {self.school_year}"


class BudgetSection(models.Model):
    budget = models.ForeignKey(
        Budget, verbose_name=_("begroting"), on_delete=models.CASCADE, related_name="sections"
    )
    name = models.CharField(_("naam"), max_length=200)
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        verbose_name = _("begrotingsonderdeel")
        verbose_name_plural = _("begrotingsonderdelen")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["budget", "name"], name="budget_section_name_unique")
        ]

    def __str__(self) -> str:
        return self.name


class LineKind(models.TextChoices):
    FTE = "fte", _("FTE × normjaar")
    HOURS = "hours", _("aantal uren")
    AMOUNT = "amount", _("bedrag")
    NONE = "none", _("niet begroot")


class RateKind(models.TextChoices):
    STANDARD = "standard", _("uurtarief")
    ADMIN = "admin", _("tarief administratieve ondersteuning")


class ActualSource(models.TextChoices):
    ENTRIES = "entries", _("ingevoerde realisatie")
    BONUS = "bonus", _("bonusregel extra studenten")


class BudgetLine(models.Model):
    """A line is hours (FTE × the policy's norm year, or a number of hours) × the policy's
    rate, or an amount. A coordinator line pays half of the hours: the partner pays the rest."""

    section = models.ForeignKey(
        BudgetSection, verbose_name=_("onderdeel"), on_delete=models.CASCADE, related_name="lines"
    )
    name = models.CharField(_("naam"), max_length=200)
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    kind = models.CharField(_("soort"), max_length=10, choices=LineKind.choices)
    fte = models.DecimalField(_("FTE"), max_digits=5, decimal_places=3, null=True, blank=True)
    hours = models.DecimalField(_("uren"), max_digits=8, decimal_places=1, null=True, blank=True)
    amount = models.DecimalField(
        _("bedrag"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    rate_kind = models.CharField(
        _("tarief"), max_length=10, choices=RateKind.choices, default=RateKind.STANDARD
    )
    half_paid = models.BooleanField(
        _("opleidingsschool betaalt de helft"),
        default=False,
        help_text=_("Coördinatoren: elke partner betaalt de helft van de eigen coördinator."),
    )
    actual_source = models.CharField(
        _("realisatie uit"), max_length=10, choices=ActualSource.choices, default="entries"
    )
    note = models.CharField(_("toelichting"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("begrotingsregel")
        verbose_name_plural = _("begrotingsregels")
        ordering = ["section__order", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["section", "name"], name="budget_line_name_unique"),
            models.CheckConstraint(
                condition=~Q(kind="fte") | Q(fte__isnull=False), name="budget_line_fte_needs_fte"
            ),
            models.CheckConstraint(
                condition=~Q(kind="hours") | Q(hours__isnull=False),
                name="budget_line_hours_needs_hours",
            ),
            models.CheckConstraint(
                condition=~Q(kind="amount") | Q(amount__isnull=False),
                name="budget_line_amount_needs_amount",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.section}: {self.name}"


class ActualEntry(models.Model):
    """What was actually spent on a line: hours (× the policy's rate) or an amount."""

    line = models.ForeignKey(
        BudgetLine,
        verbose_name=_("begrotingsregel"),
        on_delete=models.CASCADE,
        related_name="entries",
    )
    date = models.DateField(_("datum"))
    description = models.CharField(_("omschrijving"), max_length=300)
    hours = models.DecimalField(_("uren"), max_digits=8, decimal_places=1, null=True, blank=True)
    amount = models.DecimalField(
        _("bedrag"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    rate_kind = models.CharField(
        _("tarief"), max_length=10, choices=RateKind.choices, default=RateKind.STANDARD
    )

    class Meta:
        verbose_name = _("realisatie")
        verbose_name_plural = _("realisaties")
        ordering = ["date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(hours__isnull=False) & Q(amount__isnull=True))
                | (Q(hours__isnull=True) & Q(amount__isnull=False)),
                name="actual_entry_hours_or_amount",
                violation_error_message=_("Vul uren of een bedrag in, niet allebei."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.line.name} {self.date}: {self.description}"


class UnknownCounts(models.Model):
    """A school whose student counts were not reported for a year (International School
    Breda in 2020-2021 reported "?"). The report shows "?" and lists a warning."""

    school_year = models.ForeignKey(
        SchoolYear, verbose_name=_("schooljaar"), on_delete=models.PROTECT, related_name="+"
    )
    location = models.ForeignKey(
        SchoolLocation, verbose_name=_("locatie"), on_delete=models.CASCADE, related_name="+"
    )
    note = models.CharField(_("toelichting"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("onbekende aantallen")
        verbose_name_plural = _("onbekende aantallen")
        constraints = [
            models.UniqueConstraint(
                fields=["school_year", "location"], name="unknown_counts_once_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.location} {self.school_year}: aantallen onbekend"


class ReportStatus(models.TextChoices):
    PENDING = "pending", _("in de wachtrij")
    RUNNING = "running", _("bezig")
    DONE = "done", _("klaar")
    FAILED = "failed", _("mislukt")


class GeneratedReport(models.Model):
    """A PDF of the annual report made by a background task, stored privately."""

    school_year = models.ForeignKey(
        SchoolYear, verbose_name=_("schooljaar"), on_delete=models.PROTECT, related_name="+"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("aangevraagd door"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.PENDING
    )
    progress = models.PositiveSmallIntegerField(_("voortgang (%)"), default=0)
    file_name = models.CharField(_("bestand"), max_length=200, blank=True)
    error = models.TextField(_("foutmelding"), blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    finished_at = models.DateTimeField(_("klaar op"), null=True, blank=True)

    class Meta:
        verbose_name = _("gegenereerd jaarverslag")
        verbose_name_plural = _("gegenereerde jaarverslagen")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Jaarverslag {self.school_year} ({self.get_status_display()})"


class ReportTargets(models.Model):
    """The targets a year's report is measured against; a per-year setting because they
    change (the 2020-2021 report even states the level spread twice, differently)."""

    school_year = models.OneToOneField(
        SchoolYear, verbose_name=_("schooljaar"), on_delete=models.PROTECT, related_name="+"
    )
    min_partner_students = models.PositiveIntegerField(_("minimaal aantal partnerstudenten"))
    max_unregistered_percent = models.PositiveSmallIntegerField(
        _("maximaal percentage niet-geregistreerde eerstejaars"), null=True, blank=True
    )
    vt1_percent = models.PositiveSmallIntegerField(_("streefaandeel VT1 (%)"))
    vt2_percent = models.PositiveSmallIntegerField(_("streefaandeel VT2 (%)"))
    vt3_percent = models.PositiveSmallIntegerField(_("streefaandeel VT3 (%)"))
    vt4_percent = models.PositiveSmallIntegerField(_("streefaandeel VT4 (%)"))
    level_tolerance_percent = models.PositiveSmallIntegerField(
        _("toegestane afwijking niveauspreiding (procentpunt)"), default=5
    )
    min_afternoon_attendance_percent = models.PositiveSmallIntegerField(
        _("minimale opkomst verdiepingsmiddagen (%)"), null=True, blank=True
    )
    min_afternoon_score = models.DecimalField(
        _("minimale gemiddelde waardering verdiepingsmiddagen (1-5)"),
        max_digits=2,
        decimal_places=1,
        null=True,
        blank=True,
    )
    min_intervision_attendance_percent = models.PositiveSmallIntegerField(
        _("minimale aanwezigheid intervisie (%)"), default=80, null=True, blank=True
    )
    min_professionalization_participants = models.PositiveIntegerField(
        _("minimaal aantal deelnemers professionalisering"),
        null=True,
        blank=True,
        help_text=_("WPB, SO en IO die minstens één bijeenkomst bijwoonden."),
    )

    class Meta:
        verbose_name = _("doelen jaarverslag")
        verbose_name_plural = _("doelen jaarverslag")

    def __str__(self) -> str:
        return f"Doelen {self.school_year}"

    @property
    def level_targets(self) -> dict[str, int]:
        return {
            "VT1": self.vt1_percent,
            "VT2": self.vt2_percent,
            "VT3": self.vt3_percent,
            "VT4": self.vt4_percent,
        }


class ReportSnapshot(models.Model):
    """The report of a year as it stood when the year was closed: every figure (JSON, money
    as tagged strings so it renders exactly as then) and the PDF made at that moment. The
    report of a closed year shows this; the next year carries in its reserve."""

    school_year = models.ForeignKey(
        SchoolYear, verbose_name=_("schooljaar"), on_delete=models.PROTECT, related_name="+"
    )
    data = models.JSONField(_("cijfers"))
    reserve = models.DecimalField(
        _("reserve aan het eind van het jaar"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
    )
    pdf = models.ForeignKey(
        GeneratedReport,
        verbose_name=_("PDF"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vastgelegd door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("vastgelegd jaarverslag")
        verbose_name_plural = _("vastgelegde jaarverslagen")
        ordering = ["-created_at", "-pk"]
        get_latest_by = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Vastgelegd jaarverslag {self.school_year} ({self.created_at:%Y-%m-%d})"
