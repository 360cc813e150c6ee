"""Starting teachers (inductie, bijlage 4): a register per school and year, each school's
status on the twelve building blocks of the partnership's induction policy, and the
programme around each starter: the year's induction policy (the CAO's reductions, the coach's
hours, the information package), the development plan, the workload measures, the
introduction meeting with its attendance and the exit interview."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bos import limits
from bos.models import Person, SchoolLocation, SchoolYear, User
from bos.yearbound import YearBound
from library.models import Document
from placements.models import Student


class BuildingBlock(models.TextChoices):
    """The twelve building blocks of BOS's induction policy (bijlage 4)."""

    GOALS = "goals", _("1. Heldere doelen")
    APPRECIATION = "appreciation", _("2. Positief (waarderings)perspectief")
    COMPETENCE = "competence", _("3. Beoogd bekwaamheidsniveau")
    CONDITIONS = "conditions", _("4. Heldere en redelijke randvoorwaarden")
    WORKLOAD = "workload", _("5. Redelijk takenpakket")
    SEPARATION = "separation", _("6. Scheiding tussen begeleiding en beoordeling")
    DEVELOPMENT = "development", _("7. Ontwikkeling van de startende leraar centraal")
    OWNERSHIP = "ownership", _("8. Eigenaarschap bij de startende leraar")
    SOURCES = "sources", _("9. Leren vanuit verschillende bronnen en referentiepunten")
    RIGHT_DUTY = "right_duty", _("10. Inductie als recht en plicht")
    LEARNING_ORG = "learning_org", _("11. School als lerende organisatie")
    UNQUALIFIED = (
        "unqualified",
        _("12. Aandacht voor onbevoegden, vervangers, zij-instromers en schoolswitchers"),
    )


class BlockState(models.TextChoices):
    ABSENT = "absent", _("nog niet")
    DEVELOPING = "developing", _("in ontwikkeling")
    IN_PLACE = "in_place", _("aanwezig")


class BuildingBlockStatus(YearBound):
    """A school's status on one building block in one year."""

    year_path = "school_year"

    location = models.ForeignKey(
        SchoolLocation, verbose_name=_("school"), on_delete=models.CASCADE, related_name="+"
    )
    school_year = models.ForeignKey(
        SchoolYear, verbose_name=_("schooljaar"), on_delete=models.PROTECT, related_name="+"
    )
    block = models.CharField(_("bouwsteen"), max_length=20, choices=BuildingBlock.choices)
    state = models.CharField(
        _("status"), max_length=12, choices=BlockState.choices, default=BlockState.ABSENT
    )
    note = models.CharField(_("toelichting"), max_length=300, blank=True)
    updated_at = models.DateTimeField(_("bijgewerkt op"), auto_now=True)

    class Meta:
        verbose_name = _("status bouwsteen")
        verbose_name_plural = _("status bouwstenen")
        constraints = [
            models.UniqueConstraint(
                fields=["location", "school_year", "block"], name="building_block_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.location} {self.school_year} {self.block}: {self.state}"


class StarterKind(models.TextChoices):
    FORMER_STUDENT = "former_student", _("oud-student van de opleidingsschool")
    STARTER = "starter", _("andere startende leraar")
    UNQUALIFIED = "unqualified", _("onbevoegde collega")
    ZIJ_INSTROMER = "zij_instromer", _("zij-instromer")


class Starter(YearBound):
    """A starting teacher at a school in a year, with their coach and induction year."""

    year_path = "school_year"

    location = models.ForeignKey(
        SchoolLocation, verbose_name=_("school"), on_delete=models.PROTECT, related_name="+"
    )
    school_year = models.ForeignKey(
        SchoolYear, verbose_name=_("schooljaar"), on_delete=models.PROTECT, related_name="+"
    )
    first_name = models.CharField(
        _("voornaam"), max_length=limits.FIRST_NAME_MAX, validators=[limits.validate_name]
    )
    last_name = models.CharField(
        _("achternaam"), max_length=limits.LAST_NAME_MAX, validators=[limits.validate_name]
    )
    email = models.EmailField(_("e-mailadres"), blank=True)
    subject = models.CharField(_("vak"), max_length=150)
    kind = models.CharField(_("soort starter"), max_length=20, choices=StarterKind.choices)
    former_student = models.ForeignKey(
        Student,
        verbose_name=_("als student in de opleidingsschool"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    coach = models.ForeignKey(
        Person,
        verbose_name=_("coach"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    induction_year = models.PositiveSmallIntegerField(
        _("inductiejaar"), choices=[(1, "1"), (2, "2"), (3, "3")], default=1
    )
    hired_on = models.DateField(_("in dienst sinds"))
    registered_student = models.OneToOneField(
        Student,
        verbose_name=_("ingeschreven als zij-instromer (student)"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="starter",
    )
    so_notified_at = models.DateTimeField(
        _("schoolopleider geïnformeerd op"), null=True, blank=True
    )
    created_by = models.ForeignKey(
        User,
        verbose_name=_("ingevoerd door"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("ingevoerd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("startende leraar")
        verbose_name_plural = _("startende leraren")
        ordering = ["school_year__start_date", "location__name", "last_name", "first_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(induction_year__gte=1) & Q(induction_year__lte=3),
                name="starter_induction_year_1_3",
            ),
            models.CheckConstraint(
                condition=~Q(kind="former_student") | Q(former_student__isnull=False),
                name="starter_former_student_linked",
            ),
        ]
        indexes = [models.Index(fields=["school_year", "location"])]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.location}, {self.school_year})"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


def _percent(label: str, default: int) -> models.DecimalField:
    return models.DecimalField(
        label,
        max_digits=5,
        decimal_places=2,
        default=Decimal(default),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )


def _hours(label: str, default: int, help_text: str = "") -> models.DecimalField:
    return models.DecimalField(
        label,
        max_digits=6,
        decimal_places=2,
        default=Decimal(default),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(1000))],
        help_text=help_text,
    )


class InductionPolicy(YearBound):
    """The numbers of the induction programme that may change per school year (bijlage 4,
    building blocks 4 and 5): the CAO's reduction of the teaching task (art. 8.3), the hours
    a coach is facilitated per starter, and the year's information package."""

    year_path = "school_year"

    school_year = models.OneToOneField(
        SchoolYear,
        verbose_name=_("schooljaar"),
        on_delete=models.CASCADE,
        related_name="induction_policy",
    )
    reduction_first_year_pct = _percent(_("reductie lesgevende taak eerste jaar (%)"), 20)
    reduction_second_year_pct = _percent(_("reductie lesgevende taak tweede jaar (%)"), 10)
    coach_hours_first_year = _hours(
        _("uren coach per starter in het eerste jaar"),
        40,
        _("De facilitering van de coach per startende leraar in het eerste inductiejaar."),
    )
    coach_hours_later_years = _hours(_("uren coach per starter in het tweede en derde jaar"), 20)
    information_package = models.ForeignKey(
        Document,
        verbose_name=_("informatiepakket"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Het document uit de bibliotheek van dit schooljaar."),
    )

    class Meta:
        verbose_name = _("inductiebeleid")
        verbose_name_plural = _("inductiebeleid")

    def __str__(self) -> str:
        return f"Inductiebeleid {self.school_year}"

    @classmethod
    def for_year(cls, year: SchoolYear) -> InductionPolicy:
        """The year's numbers; the defaults (unsaved) until the projectleider sets them, so
        reading a page never writes."""
        return cls.objects.filter(school_year=year).first() or cls(school_year=year)


class WorkloadMeasure(models.TextChoices):
    """The workload measures of the induction policy: the CAO's reduction of the teaching
    task, then the eighteen examples of bijlage 1 (Eindrapportage begeleiding startende
    leraren 2014-2019)."""

    CAO_REDUCTION = "cao_reduction", _("Reductie lesgevende taak (CAO art. 8.3)")
    PART_TIME = "part_time", _("1. In deeltijd aangesteld")
    FEWER_LESSONS = "fewer_lessons", _("2. Minder lessen dan meer ervaren collega's")
    NO_MENTOR = "no_mentor", _("3. In het eerste jaar geen mentor")
    NO_EXTRA_TASKS = "no_extra_tasks", _("4. Geen extra taken in sectie of team")
    NO_EXTRACURRICULAR = "no_extracurricular", _("5. Vrijgesteld van buitenschoolse activiteiten")
    TAILORED = "tailored", _("6. Taken naar draagkracht (maatwerk)")
    NO_DIFFICULT_CLASSES = "no_difficult_classes", _("7. Geen lastige klassen")
    SWITCH_CLASS = "switch_class", _("8. Van klas mogen wisselen")
    PARALLEL = "parallel", _("9. Parallelklassen samen met een ervaren collega")
    SPREAD = "spread", _("10. Lessen evenwichtig over de week")
    INTERVISION = "intervision", _("11. Ruimte ingepland voor intervisie")
    FIXED_MEETINGS = "fixed_meetings", _("12. Vaste tijden met begeleiders")
    SUBJECT_COACH = "subject_coach", _("13. Vakcoach op dezelfde locatie")
    GENERAL_COACH = "general_coach", _("14. Algemeen coach op dezelfde locatie")
    LITTLE_COMMUTING = "little_commuting", _("15. Niet overmatig pendelen tussen locaties")
    OWN_CLASSROOM = "own_classroom", _("16. Eigen lokaal")
    QUIET_WORKPLACE = "quiet_workplace", _("17. Rustige, goede werkplek")
    CONFIDANT = "confidant", _("18. Een vertrouwenspersoon")


class MeasureState(models.TextChoices):
    OPEN = "open", _("nog niet")
    DONE = "done", _("gedaan")
    NOT_APPLICABLE = "n_a", _("niet van toepassing")


class MeasureCheck(YearBound):
    """One workload measure of one starter: done or not applicable, and by whom."""

    year_path = "starter__school_year"

    starter = models.ForeignKey(
        Starter, verbose_name=_("starter"), on_delete=models.CASCADE, related_name="measures"
    )
    measure = models.CharField(_("maatregel"), max_length=30, choices=WorkloadMeasure.choices)
    state = models.CharField(
        _("stand"), max_length=6, choices=MeasureState.choices, default=MeasureState.OPEN
    )
    note = models.CharField(_("toelichting"), max_length=300, blank=True)
    updated_by = models.ForeignKey(
        User,
        verbose_name=_("bijgewerkt door"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("bijgewerkt op"), auto_now=True)

    class Meta:
        verbose_name = _("werkdrukmaatregel")
        verbose_name_plural = _("werkdrukmaatregelen")
        constraints = [
            models.UniqueConstraint(fields=["starter", "measure"], name="measure_once_per_starter")
        ]

    def __str__(self) -> str:
        return f"{self.starter}: {self.measure} {self.state}"


class DevelopmentPlan(YearBound):
    """One version of a starter's development plan (bijlage 4, building block 7): goals,
    agreements and a review date, recorded by the SO. A change is a new version; the earlier
    ones stay as history."""

    year_path = "starter__school_year"

    starter = models.ForeignKey(
        Starter, verbose_name=_("starter"), on_delete=models.CASCADE, related_name="plans"
    )
    version = models.PositiveSmallIntegerField(_("versie"))
    goals = models.TextField(_("leerdoelen"), max_length=4000)
    agreements = models.TextField(_("afspraken"), max_length=4000, blank=True)
    review_on = models.DateField(_("evaluatie op"))
    recorded_by = models.ForeignKey(
        User,
        verbose_name=_("vastgelegd door"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("ontwikkelplan")
        verbose_name_plural = _("ontwikkelplannen")
        ordering = ["starter", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["starter", "version"], name="plan_version_once")
        ]

    def __str__(self) -> str:
        return f"Ontwikkelplan {self.starter} v{self.version}"


class IntroMeeting(YearBound):
    """A school's introduction meeting for its starting teachers (building block 4)."""

    year_path = "school_year"

    school_year = models.ForeignKey(
        SchoolYear, verbose_name=_("schooljaar"), on_delete=models.PROTECT, related_name="+"
    )
    location = models.ForeignKey(
        SchoolLocation, verbose_name=_("school"), on_delete=models.PROTECT, related_name="+"
    )
    date = models.DateField(_("datum"))
    note = models.CharField(_("toelichting"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        User,
        verbose_name=_("ingevoerd door"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("introductiebijeenkomst")
        verbose_name_plural = _("introductiebijeenkomsten")
        ordering = ["date", "location__name"]

    def __str__(self) -> str:
        return f"Introductiebijeenkomst {self.location} {self.date:%d-%m-%Y}"


class IntroInvitation(YearBound):
    """A starter invited to an introduction meeting, and whether they were there (None:
    not yet recorded)."""

    year_path = "meeting__school_year"

    meeting = models.ForeignKey(
        IntroMeeting,
        verbose_name=_("bijeenkomst"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    starter = models.ForeignKey(
        Starter, verbose_name=_("starter"), on_delete=models.CASCADE, related_name="invitations"
    )
    present = models.BooleanField(_("aanwezig"), null=True, blank=True)

    class Meta:
        verbose_name = _("uitnodiging introductiebijeenkomst")
        verbose_name_plural = _("uitnodigingen introductiebijeenkomst")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "starter"], name="intro_invited_once")
        ]

    def __str__(self) -> str:
        return f"{self.starter} bij {self.meeting}"


class LeavingReason(models.TextChoices):
    OTHER_SCHOOL = "other_school", _("naar een andere school")
    OUT_OF_EDUCATION = "out_of_education", _("uit het onderwijs")
    CONTRACT_ENDED = "contract_ended", _("contract niet verlengd")
    WORKLOAD = "workload", _("werkdruk")
    PERSONAL = "personal", _("persoonlijke omstandigheden")
    OTHER = "other", _("anders")


class ExitInterview(YearBound):
    """The exit interview with a starter who leaves (bijlage 4, building block 11): the
    reasons for leaving and advice for the induction programme."""

    year_path = "starter__school_year"

    starter = models.OneToOneField(
        Starter, verbose_name=_("starter"), on_delete=models.CASCADE, related_name="exit_interview"
    )
    left_on = models.DateField(_("vertrokken op"))
    reason = models.CharField(_("reden van vertrek"), max_length=20, choices=LeavingReason.choices)
    notes = models.TextField(_("aantekeningen"), max_length=4000, blank=True)
    recorded_by = models.ForeignKey(
        User,
        verbose_name=_("vastgelegd door"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("vastgelegd op"), auto_now=True)

    class Meta:
        verbose_name = _("exitgesprek")
        verbose_name_plural = _("exitgesprekken")

    def __str__(self) -> str:
        return f"Exitgesprek {self.starter}"
