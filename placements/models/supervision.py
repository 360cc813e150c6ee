"""Supervision during a placement (bijlage 10): the agreements per study phase, kept per
school year, the conversations of a placement and the "development at risk" signal."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bos.models import Institute, Person, SchoolYear, User
from bos.yearbound import YearBound

from .placements import Placement
from .students import StageLevel


class SupervisionPolicy(YearBound):
    """The year's numbers for when conversations are due."""

    year_path = "school_year"

    school_year = models.OneToOneField(
        SchoolYear,
        verbose_name=_("schooljaar"),
        on_delete=models.CASCADE,
        related_name="supervision_policy",
    )
    intake_within_days = models.PositiveSmallIntegerField(
        _("intake uiterlijk (dagen na de start)"), default=14
    )
    acquaintance_before_days = models.PositiveSmallIntegerField(
        _("kennismaking met de WPB uiterlijk (dagen vóór de start)"), default=0
    )
    final_before_days = models.PositiveSmallIntegerField(
        _("eindgesprek uiterlijk (dagen vóór het einde)"), default=0
    )
    min_weeks_for_progress = models.PositiveSmallIntegerField(
        _("voortgangsgesprekken vanaf een stage van (weken)"),
        default=6,
        help_text=_("Kortere stages hebben alleen intake, tussenevaluatie en eindgesprek."),
    )

    class Meta:
        verbose_name = _("begeleidingsbeleid")
        verbose_name_plural = _("begeleidingsbeleid")

    def __str__(self) -> str:
        return f"Begeleidingsbeleid {self.school_year}"


class WpbPresence(models.TextChoices):
    ALWAYS = "always", _("altijd in het lokaal aanwezig")
    START_END = "start_end", _("in principe aanwezig, zeker bij start en afsluiting van de les")
    GRADUALLY = "gradually", _("gaandeweg vaker weg, als de student zelfstandig lesgeeft")
    INDEPENDENT = "independent", _("student werkt zelfstandig; WPB eindverantwoordelijk")


class SpecialGroup(models.TextChoices):
    """Bijlage 10's special groups that are not a stage level or an institute of their own
    (part-time students are level DT, FLOT's masters are FLOT × master)."""

    EMPLOYED = "employed", _("studenten met een aanstelling (in loondienst)")


class SupervisionAgreement(YearBound):
    """What a study phase's supervision looks like in one year: minimum lessons, the WPB's
    presence in class and how many progress conversations are expected. Per stage level,
    and optionally for one institute (ESoE's master differs from FLOT's) or one special
    group; a placement takes the most specific agreement that fits
    (`rules.supervision_agreement_key`)."""

    year_path = "school_year"

    school_year = models.ForeignKey(
        SchoolYear,
        verbose_name=_("schooljaar"),
        on_delete=models.CASCADE,
        related_name="supervision_agreements",
    )
    institute = models.ForeignKey(
        Institute,
        verbose_name=_("instituut"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Leeg: voor elk instituut waarvoor geen eigen afspraak is."),
    )
    level = models.CharField(
        _("stageniveau"),
        max_length=10,
        choices=StageLevel.choices,
        blank=True,
        help_text=_("Leeg: voor elk niveau (alleen bij een bijzondere groep)."),
    )
    special_group = models.CharField(
        _("bijzondere groep"), max_length=20, choices=SpecialGroup.choices, blank=True
    )
    phase = models.CharField(_("studiefase"), max_length=150)
    min_lessons = models.PositiveSmallIntegerField(
        _("minimaal aantal zelfstandige lessen"), default=0
    )
    wpb_presence = models.CharField(
        _("aanwezigheid WPB in de klas"), max_length=12, choices=WpbPresence.choices
    )
    progress_conversations = models.PositiveSmallIntegerField(
        _("aantal voortgangsgesprekken"), default=1
    )
    agreements = models.TextField(_("werkafspraken"), blank=True)

    class Meta:
        verbose_name = _("begeleidingsafspraak")
        verbose_name_plural = _("begeleidingsafspraken")
        ordering = ["school_year__start_date", "level"]
        constraints = [
            models.UniqueConstraint(
                fields=["school_year", "level", "special_group"],
                condition=Q(institute__isnull=True),
                name="supervision_agreement_once",
                violation_error_message=_(
                    "Voor dit niveau en deze groep is er al een afspraak voor elk instituut."
                ),
            ),
            models.UniqueConstraint(
                fields=["school_year", "institute", "level", "special_group"],
                condition=Q(institute__isnull=False),
                name="supervision_agreement_once_per_institute",
                violation_error_message=_(
                    "Voor dit instituut, niveau en deze groep is er al een afspraak."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(level="") | ~Q(special_group=""),
                name="supervision_agreement_level_or_group",
                violation_error_message=_(
                    "Kies een stageniveau; alleen een bijzondere groep mag voor elk niveau gelden."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.phase} ({self.school_year})"

    @property
    def key(self) -> tuple[str, str, str]:
        """(institute's short name or "", level or "", special group or ""), as
        `rules.supervision_agreement_key` takes it."""
        return (self.institute.short_name if self.institute else "", self.level, self.special_group)


class ConversationKind(models.TextChoices):
    INTAKE = "intake", _("Intake")
    ACQUAINTANCE = "acquaintance", _("Kennismaking met de werkplekbegeleider")
    PROGRESS = "progress", _("Voortgangsgesprek")
    MIDTERM = "midterm", _("Tussenevaluatie")
    FINAL = "final", _("Eindgesprek")
    STOP = "stop", _("Gesprek over stoppen (geen perspectief)")


class ConversationStatus(models.TextChoices):
    REQUESTED = "requested", _("aangevraagd door de student")
    HELD = "held", _("gevoerd")


class Conversation(YearBound):
    """A conversation of a placement. `notes` are shared with everyone involved, the
    student included; `confidential_notes` only with the SO and the IO."""

    year_path = "placement__school_year"

    placement = models.ForeignKey(
        Placement,
        verbose_name=_("stage"),
        on_delete=models.CASCADE,
        related_name="conversations",
    )
    kind = models.CharField(_("soort gesprek"), max_length=12, choices=ConversationKind.choices)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ConversationStatus.choices,
        default=ConversationStatus.HELD,
    )
    held_on = models.DateField(_("datum"), null=True, blank=True)
    participants = models.ManyToManyField(
        Person, verbose_name=_("deelnemers"), blank=True, related_name="+"
    )
    student_present = models.BooleanField(_("student aanwezig"), default=True)
    notes = models.TextField(_("korte aantekeningen"), blank=True)
    confidential_notes = models.TextField(
        _("vertrouwelijke aantekening (alleen SO en IO)"), blank=True
    )
    request_text = models.TextField(_("vraag van de student"), blank=True)
    requested_at = models.DateTimeField(_("aangevraagd op"), null=True, blank=True)
    decided_by = models.ForeignKey(
        Person,
        verbose_name=_("besloten door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decision = models.TextField(_("besluit"), blank=True)
    recorded_by = models.ForeignKey(
        User,
        verbose_name=_("vastgelegd door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_by_name = models.CharField(_("vastgelegd door (naam)"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("gesprek")
        verbose_name_plural = _("gesprekken")
        ordering = ["placement", "held_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="held") | Q(held_on__isnull=False),
                name="conversation_held_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(kind="stop") | (Q(decided_by__isnull=False) & ~Q(decision="")),
                name="conversation_stop_has_decision",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.placement_id})"


class DevelopmentSignal(YearBound):
    """ "Development at risk": raised by the WPB, SO or IO; the student is told in writing
    what to develop."""

    year_path = "placement__school_year"

    placement = models.ForeignKey(
        Placement, verbose_name=_("stage"), on_delete=models.CASCADE, related_name="signals"
    )
    raised_on = models.DateField(_("gesignaleerd op"))
    raised_by = models.ForeignKey(
        User,
        verbose_name=_("gesignaleerd door"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    raised_by_name = models.CharField(_("gesignaleerd door (naam)"), max_length=200)
    raised_by_role = models.CharField(_("rol"), max_length=30)
    areas = models.TextField(_("waarin de student zich moet ontwikkelen"))
    review_on = models.DateField(_("opnieuw bekijken op"), null=True, blank=True)
    letter_sent_at = models.DateTimeField(_("schriftelijk gemeld op"), null=True, blank=True)
    letter_sent_to = models.EmailField(_("gemeld aan"), blank=True)
    closed_on = models.DateField(_("afgesloten op"), null=True, blank=True)

    class Meta:
        verbose_name = _("signaal ontwikkeling in gevaar")
        verbose_name_plural = _("signalen ontwikkeling in gevaar")
        ordering = ["placement", "-raised_on"]

    def __str__(self) -> str:
        return f"Signaal {self.placement_id} {self.raised_on}"
