"""The budget per school year (sections, lines, actual entries, income and reserve), facts
the annual report needs that the organisation model does not hold, and generated reports."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from bos.models import Institute, Person, SchoolBoard, SchoolLocation, SchoolYear
from bos.yearbound import YearBound


class BudgetState(models.TextChoices):
    CONCEPT = "concept", _("Concept")
    ADOPTED = "vastgesteld", _("Vastgesteld")


class Budget(YearBound):
    """The budget of one school year. Income is the subsidy from the funding rule unless an
    amount is entered (the first two years had a fixed grant); the reserve carries over from
    the previous year's budget, or from `reserve_carried_in` when there is none."""

    year_path = "school_year"

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
    state = models.CharField(
        _("status"),
        max_length=12,
        choices=BudgetState.choices,
        default=BudgetState.CONCEPT,
        editable=False,
        help_text=_(
            "Een vastgestelde begroting wordt niet ter plekke gewijzigd: wie iets wil "
            "veranderen, maakt een nieuwe conceptversie."
        ),
    )

    class Meta:
        verbose_name = _("begroting")
        verbose_name_plural = _("begrotingen")
        ordering = ["school_year__start_date"]

    def __str__(self) -> str:
        return f"Begroting {self.school_year}"


class BudgetVersion(YearBound):
    """An adopted version of a year's budget: the stuurgroep's decision that adopted it, the
    date, and its lines as they were then (kept as they were, so an earlier version stays
    readable when the budget is revised). The budget's own lines are the version being
    worked on; once adopted they are not changed in place: a new concept version is made."""

    year_path = "budget__school_year"

    budget = models.ForeignKey(
        Budget, verbose_name=_("begroting"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveSmallIntegerField(_("versie"))
    adopted_on = models.DateField(_("vastgesteld op"))
    decision = models.ForeignKey(
        "governance.Decision",
        verbose_name=_("besluit"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    income_label = models.CharField(_("omschrijving baten"), max_length=200)
    income_amount = models.DecimalField(
        _("baten (ingevoerd bedrag)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    expenses = models.DecimalField(_("begrote lasten"), max_digits=12, decimal_places=2)
    # The lines as adopted: section, name, kind, fte, hours, amount, rate kind, half paid,
    # note, and the budgeted hours and euros by the year's policy at that moment.
    lines = models.JSONField(_("regels"), default=list)
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vastgelegd door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("vastgestelde begrotingsversie")
        verbose_name_plural = _("vastgestelde begrotingsversies")
        ordering = ["budget", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["budget", "number"], name="budget_version_number_unique"
            )
        ]

    def __str__(self) -> str:
        return f"Begroting {self.budget.school_year} versie {self.number}"

    @property
    def adopted_display(self) -> str:
        """'op 15 september 2030', or as much of the date as the decision knows when the
        version was adopted on the decision's own date."""
        if self.adopted_on == self.decision.decided_on:
            shown = self.decision.date_display
            return shown if shown == "datum onbekend" else f"op {shown}"
        return f"op {formats.date_format(self.adopted_on, 'j F Y')}"


class BudgetSection(YearBound):
    year_path = "budget__school_year"

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
    # The school compensation: the policy's hours × rate for every school that facilitates
    # its SO (`reports.rules.school_compensation_line`).
    COMPENSATION = "compensation", _("tegemoetkoming SO per school (berekend)")
    NONE = "none", _("niet begroot")


class RateKind(models.TextChoices):
    STANDARD = "standard", _("uurtarief")
    ADMIN = "admin", _("tarief administratieve ondersteuning")


class ActualSource(models.TextChoices):
    ENTRIES = "entries", _("ingevoerde realisatie")
    BONUS = "bonus", _("bonusregel extra studenten")


class BudgetLine(YearBound):
    """A line is hours (FTE × the policy's norm year, or a number of hours) × the policy's
    rate, or an amount. A coordinator line pays half of the hours: the partner pays the rest."""

    year_path = "section__budget__school_year"

    section = models.ForeignKey(
        BudgetSection, verbose_name=_("onderdeel"), on_delete=models.CASCADE, related_name="lines"
    )
    name = models.CharField(_("naam"), max_length=200)
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    kind = models.CharField(_("soort"), max_length=12, choices=LineKind.choices)
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


class ActualEntry(YearBound):
    """What was actually spent on a line: hours (× the policy's rate) or an amount."""

    year_path = "line__section__budget__school_year"

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


class SupportStaff(YearBound):
    """Someone who supports the partnership with its facilitation without a role of their
    own in it (the seed's administrative support and quality assurance, from Sovot): the
    Ondersteuning column of figure 6."""

    year_path = "school_year"

    school_year = models.ForeignKey(
        SchoolYear, verbose_name=_("schooljaar"), on_delete=models.PROTECT, related_name="+"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("persoon"), on_delete=models.CASCADE, related_name="+"
    )
    board = models.ForeignKey(
        SchoolBoard,
        verbose_name=_("bestuur"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    institute = models.ForeignKey(
        Institute,
        verbose_name=_("instituut"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    task = models.CharField(_("taak"), max_length=200)
    hours = models.DecimalField(_("uren"), max_digits=8, decimal_places=1, null=True, blank=True)

    class Meta:
        verbose_name = _("ondersteuning")
        verbose_name_plural = _("ondersteuning")
        ordering = ["school_year", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["school_year", "person", "task"], name="support_staff_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.task}, {self.school_year})"


class UnknownCounts(YearBound):
    """A school whose student counts were not reported for a year (International School
    Breda in 2020-2021 reported "?"). The report shows "?" and lists a warning."""

    year_path = "school_year"

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

    year_guard_exempt = "a rendering of the year's report; a closed year's PDF is still made"

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


class ReportTargets(YearBound):
    """The targets a year's report is measured against; a per-year setting because they
    change (the 2020-2021 report even states the level spread twice, differently)."""

    year_path = "school_year"

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
    # "Meer studenten vanuit ESoE, Fontys ALO en FHK, circa 20 per instituut": the minimum
    # per partner institute, by the institute's short name (figure 7's columns).
    min_students_per_institute = models.JSONField(
        _("minimaal aantal studenten per instituut"),
        default=dict,
        blank=True,
        help_text=_("Per partnerinstituut (korte naam) het minimale aantal studenten."),
    )
    min_first_year_students = models.PositiveIntegerField(
        _("minimaal aantal eerstejaars"),
        null=True,
        blank=True,
        help_text=_("Eerstejaars van partnerinstituten, alle scholen samen (figuur 1)."),
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

    year_guard_exempt = "the closed year's kept report, made when it closes"

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


class GoalChapter(models.TextChoices):
    """The chapters of the annual report a goal belongs to, in the report's order."""

    PLACEMENTS = "placements", _("Stages")
    TEAMS = "teams", _("Ontwikkelteams")
    PROGRAMME = "programme", _("Opleidingsprogramma")
    PROFESSIONALISATION = "professionalisation", _("Professionalisering")
    INTERVISION = "intervision", _("Intervisie")
    INDUCTION = "induction", _("Inductie")
    POLICY = "policy", _("Beleid")
    FINANCE = "finance", _("Financiën")


class GoalStatus(models.TextChoices):
    # The values are those of reports.rules (ACHIEVED, PARTLY, NOT_ACHIEVED).
    ACHIEVED = "achieved", _("behaald")
    PARTLY = "partly", _("deels behaald")
    NOT_ACHIEVED = "not_achieved", _("niet behaald")
    MOVED = "moved", _("doorgeschoven naar volgend jaar")


class Comparison(models.TextChoices):
    AT_LEAST = "gte", "≥"
    AT_MOST = "lte", "≤"


class OwnerRole(models.TextChoices):
    PROJECTLEIDER = "projectleider", _("projectleider")
    KERNTEAM = "kernteam", _("kernteam")
    STUURGROEP = "stuurgroep", _("stuurgroep")
    ONTWIKKELTEAM = "ontwikkelteam", _("ontwikkelteam")
    SO = "so", _("schoolopleiders")


class Goal(YearBound):
    """A goal of a school year in one chapter of the report. With an indicator its status is
    computed from the year's figures (reports.rules.goal_status); without one it is set by
    hand. A goal moved to next year is copied into that year, linked back by `carried_from`."""

    year_path = "school_year"

    school_year = models.ForeignKey(
        SchoolYear, verbose_name=_("schooljaar"), on_delete=models.PROTECT, related_name="+"
    )
    chapter = models.CharField(_("hoofdstuk"), max_length=30, choices=GoalChapter.choices)
    description = models.CharField(_("doel"), max_length=500)
    owner = models.CharField(
        _("eigenaar"), max_length=200, blank=True, help_text=_("Een team of een persoon.")
    )
    owner_role = models.CharField(
        _("rol van de eigenaar"), max_length=20, choices=OwnerRole.choices, blank=True
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=GoalStatus.choices,
        blank=True,
        help_text=_("Bij een doel met een indicator wordt de status berekend."),
    )
    explanation = models.TextField(_("toelichting"), blank=True)
    indicator = models.CharField(_("indicator"), max_length=40, blank=True)
    comparison = models.CharField(
        _("vergelijking"), max_length=3, choices=Comparison.choices, blank=True
    )
    target = models.DecimalField(
        _("streefwaarde"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    tolerance_percent = models.DecimalField(
        _("marge voor deels behaald (%)"),
        max_digits=5,
        decimal_places=2,
        default=10,
        help_text=_("Binnen deze afwijking van de streefwaarde telt het doel als deels behaald."),
    )
    carried_from = models.OneToOneField(
        "self",
        verbose_name=_("doorgeschoven uit"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="carried_to",
    )
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        verbose_name = _("doel")
        verbose_name_plural = _("doelen")
        ordering = ["school_year__start_date", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(indicator="") | (~Q(comparison="") & Q(target__isnull=False)),
                name="goal_indicator_needs_comparison_and_target",
                violation_error_message=_(
                    "Een doel met een indicator heeft een vergelijking en een streefwaarde."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_chapter_display()}: {self.description}"


class QualityStandard(YearBound):
    """A standard of the Kwaliteitskader Samen Opleiden & Inductie, as kept for one year."""

    year_path = "school_year"

    school_year = models.ForeignKey(
        SchoolYear, verbose_name=_("schooljaar"), on_delete=models.PROTECT, related_name="+"
    )
    code = models.CharField(_("code"), max_length=20)
    title = models.CharField(_("titel"), max_length=200)
    description = models.TextField(_("omschrijving"), blank=True)

    class Meta:
        verbose_name = _("standaard kwaliteitskader")
        verbose_name_plural = _("standaarden kwaliteitskader")
        ordering = ["school_year__start_date", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["school_year", "code"],
                name="quality_standard_code_once_per_year",
                violation_error_message=_("Deze code bestaat al in dit schooljaar."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class EvidenceKind(models.TextChoices):
    FIGURE = "figure", _("figuur van het jaarverslag")
    DOCUMENT = "document", _("document uit de afsprakenbibliotheek")
    GOAL = "goal", _("doel")


class Evidence(YearBound):
    """One piece of evidence for a standard: a figure of the report, a library document or
    a goal; exactly the field of its kind is filled."""

    year_path = "standard__school_year"

    standard = models.ForeignKey(
        QualityStandard,
        verbose_name=_("standaard"),
        on_delete=models.CASCADE,
        related_name="evidence",
    )
    kind = models.CharField(_("soort"), max_length=10, choices=EvidenceKind.choices)
    figure = models.CharField(_("figuur"), max_length=40, blank=True)
    document = models.ForeignKey(
        "library.Document",
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    goal = models.ForeignKey(
        Goal,
        verbose_name=_("doel"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.CharField(_("toelichting"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("bewijs")
        verbose_name_plural = _("bewijzen")
        ordering = ["kind", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind="figure", document__isnull=True, goal__isnull=True) & ~Q(figure="")
                )
                | Q(kind="document", document__isnull=False, goal__isnull=True, figure="")
                | Q(kind="goal", goal__isnull=False, document__isnull=True, figure=""),
                name="evidence_matches_its_kind",
                violation_error_message=_("Kies precies één figuur, document of doel."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.standard.code}: {self.get_kind_display()}"


class TextChapter(models.TextChoices):
    """The written chapters of a year's report in print order: the foreword and summary
    (one text each), then the chapters of the goals."""

    FOREWORD = "voorwoord", _("Voorwoord")
    SUMMARY = "samenvatting", _("Samenvatting")
    PLACEMENTS = GoalChapter.PLACEMENTS.value, GoalChapter.PLACEMENTS.label
    TEAMS = GoalChapter.TEAMS.value, GoalChapter.TEAMS.label
    PROGRAMME = GoalChapter.PROGRAMME.value, GoalChapter.PROGRAMME.label
    PROFESSIONALISATION = (
        GoalChapter.PROFESSIONALISATION.value,
        GoalChapter.PROFESSIONALISATION.label,
    )
    INTERVISION = GoalChapter.INTERVISION.value, GoalChapter.INTERVISION.label
    INDUCTION = GoalChapter.INDUCTION.value, GoalChapter.INDUCTION.label
    POLICY = GoalChapter.POLICY.value, GoalChapter.POLICY.label
    FINANCE = GoalChapter.FINANCE.value, GoalChapter.FINANCE.label


# The foreword and the summary are one text; they use the first section only.
SINGLE_TEXT_CHAPTERS = frozenset({TextChapter.FOREWORD.value, TextChapter.SUMMARY.value})


class ChapterStatus(models.TextChoices):
    CONCEPT = "concept", _("concept")
    REVIEW = "review", _("ter goedkeuring")
    APPROVED = "approved", _("goedgekeurd")


class ChapterText(YearBound):
    """The written text of one chapter of a year's report, in Markdown; rendered sanitised.
    A kernteam member edits the chapters whose author they are; the projectleider approves."""

    year_path = "school_year"

    school_year = models.ForeignKey(
        SchoolYear, verbose_name=_("schooljaar"), on_delete=models.PROTECT, related_name="+"
    )
    chapter = models.CharField(_("hoofdstuk"), max_length=30, choices=TextChapter.choices)
    introduction = models.TextField(_("inleiding"), blank=True)
    went_well = models.TextField(_("wat ging goed"), blank=True)
    attention_points = models.TextField(_("aandachtspunten"), blank=True)
    outlook = models.TextField(_("vooruitblik"), blank=True)
    author = models.ForeignKey(
        "bos.Person",
        verbose_name=_("auteur"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Een kernteamlid dat dit hoofdstuk mag schrijven."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ChapterStatus.choices, default=ChapterStatus.CONCEPT
    )
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)
    # The sentences of the chapter's draft from the figures (reports.drafts) when the text
    # was last saved: a sentence of today's draft that is not among them holds a figure
    # that changed since, and the chapter page marks it.
    draft_at_save = models.JSONField(
        _("concept uit de cijfers bij opslaan"), default=list, blank=True
    )

    class Meta:
        verbose_name = _("hoofdstuktekst")
        verbose_name_plural = _("hoofdstukteksten")
        ordering = ["school_year__start_date", "chapter"]
        constraints = [
            models.UniqueConstraint(
                fields=["school_year", "chapter"], name="chapter_text_once_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_chapter_display()} {self.school_year}"


class ChapterVersion(YearBound):
    """One saved state of a chapter's text: every save keeps one."""

    year_path = "text__school_year"

    text = models.ForeignKey(
        ChapterText, verbose_name=_("hoofdstuk"), on_delete=models.CASCADE, related_name="versions"
    )
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opgeslagen door"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    saved_at = models.DateTimeField(_("opgeslagen op"), auto_now_add=True)
    introduction = models.TextField(_("inleiding"), blank=True)
    went_well = models.TextField(_("wat ging goed"), blank=True)
    attention_points = models.TextField(_("aandachtspunten"), blank=True)
    outlook = models.TextField(_("vooruitblik"), blank=True)

    class Meta:
        verbose_name = _("versie hoofdstuktekst")
        verbose_name_plural = _("versies hoofdstukteksten")
        ordering = ["-saved_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.text} ({self.saved_at:%Y-%m-%d %H:%M})"


class ReportPublication(models.Model):
    """Whether a year's report is published on the web, at its public address
    (`/jaarverslag/<jaar>/`), and since when. Publishing presents the year's report; it
    changes none of the year's data, so a closed year (the year whose report is final) is
    published like an open one. One row per year, kept when unpublished (the audit trail
    holds every publication and withdrawal)."""

    year_guard_exempt = "the publication of the year's report, not its data; a closed year's is"

    school_year = models.OneToOneField(
        SchoolYear, verbose_name=_("schooljaar"), on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(_("gepubliceerd op"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gepubliceerd door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("publicatie jaarverslag")
        verbose_name_plural = _("publicaties jaarverslag")

    def __str__(self) -> str:
        state = "gepubliceerd" if self.published_at is not None else "niet gepubliceerd"
        return f"Jaarverslag {self.school_year} ({state})"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None
