"""The BOS-wide verdiepingsmiddagen (figure 3 of the annual report): an afternoon with its
audience and workshops, students' theme proposals, invitations, ranked choices, the
assignment to workshops, attendance and evaluations."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bos.models import Institute, Person, SchoolYear
from bos.yearbound import YearBound

# The tables keep the names they had when these models lived in the intervision app: the
# move to their own app changed no row (afternoons/migrations/0001_initial.py).

RANKS = (1, 2, 3)


class MeetingMode(models.TextChoices):
    ONLINE = "online", _("online")
    ON_SITE = "on_site", _("op locatie")


class AfternoonPolicy(YearBound):
    """The numbers of the afternoons' procedure that may change per school year."""

    year_path = "school_year"

    school_year = models.OneToOneField(
        SchoolYear,
        verbose_name=_("schooljaar"),
        on_delete=models.CASCADE,
        related_name="afternoon_policy",
    )
    reminder_days_before = models.PositiveSmallIntegerField(
        _("herinnering (dagen vóór de deadline)"),
        default=2,
        help_text=_("Wie dan nog niet gekozen heeft, krijgt één herinnering."),
    )
    default_capacity = models.PositiveSmallIntegerField(
        _("standaard aantal plaatsen per workshop"), default=20
    )

    class Meta:
        verbose_name = _("regels verdiepingsmiddagen")
        verbose_name_plural = _("regels verdiepingsmiddagen")

    def __str__(self) -> str:
        return f"Regels verdiepingsmiddagen {self.school_year}"


class DeepeningAfternoon(YearBound):
    """One session of a themed afternoon. An afternoon is repeated for cohorts that start at
    different moments, so one afternoon number can have several sessions, each with its own
    audience (institutes, levels and a cohort: placements starting in a window)."""

    year_path = "school_year"

    school_year = models.ForeignKey(
        SchoolYear,
        verbose_name=_("schooljaar"),
        on_delete=models.PROTECT,
        related_name="deepening_afternoons",
    )
    number = models.PositiveSmallIntegerField(_("middag"))
    date = models.DateField(_("datum"))
    start_time = models.TimeField(_("begintijd"), null=True, blank=True)
    end_time = models.TimeField(_("eindtijd"), null=True, blank=True)
    audience = models.CharField(
        _("doelgroep"),
        max_length=200,
        help_text=_("Zoals het jaarverslag de doelgroep noemt, bijv. 'Eerstejaars FLOT'."),
    )
    institutes = models.ManyToManyField(
        Institute,
        verbose_name=_("instituten"),
        blank=True,
        related_name="+",
        help_text=_("Leeg: studenten van alle instituten, ook van niet-partners."),
    )
    levels = models.JSONField(
        _("stageniveaus"),
        default=list,
        blank=True,
        help_text=_("Leeg: alle niveaus."),
    )
    cohort_start_from = models.DateField(_("cohort: stage begonnen vanaf"), null=True, blank=True)
    cohort_start_until = models.DateField(
        _("cohort: stage begonnen tot en met"), null=True, blank=True
    )
    choice_deadline = models.DateField(_("kiezen kan tot en met"), null=True, blank=True)
    invitations_sent_at = models.DateTimeField(_("uitnodigingen verstuurd op"), null=True)
    assigned_at = models.DateTimeField(_("ingedeeld op"), null=True)
    assignment_notes = models.JSONField(_("toelichting indeling"), default=list, blank=True)
    published_at = models.DateTimeField(_("indeling gepubliceerd op"), null=True)

    class Meta:
        verbose_name = _("verdiepingsmiddag")
        verbose_name_plural = _("verdiepingsmiddagen")
        ordering = ["school_year__start_date", "number", "date"]
        constraints = [
            models.UniqueConstraint(
                fields=["school_year", "number", "date", "audience"],
                name="deepening_afternoon_session_once",
            ),
            models.CheckConstraint(
                condition=Q(cohort_start_from__isnull=True)
                | Q(cohort_start_until__isnull=True)
                | Q(cohort_start_until__gte=models.F("cohort_start_from")),
                name="deepening_afternoon_cohort_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"Verdiepingsmiddag {self.number} ({self.date:%d-%m-%Y})"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def status_label(self) -> str:
        if self.published_at:
            return "indeling gepubliceerd"
        if self.assigned_at:
            return "ingedeeld, nog niet gepubliceerd"
        if self.invitations_sent_at:
            return "uitnodigingen verstuurd"
        return "in voorbereiding"

    @property
    def theme_list(self) -> list[str]:
        """The themes in workshop order, each once (a theme can have several groups)."""
        themes: list[str] = []
        for workshop in self.workshops.all():
            if workshop.theme not in themes:
                themes.append(workshop.theme)
        return themes

    @property
    def mode_label(self) -> str:
        modes = {workshop.mode for workshop in self.workshops.all()}
        if modes == {MeetingMode.ONLINE}:
            return str(MeetingMode.ONLINE.label)
        if modes == {MeetingMode.ON_SITE}:
            return str(MeetingMode.ON_SITE.label)
        return "online en op locatie" if modes else "–"


class Workshop(YearBound):
    """A group at an afternoon: a theme, a leader, a number of places and where it is held.
    A popular theme can run in several groups."""

    year_path = "afternoon__school_year"

    afternoon = models.ForeignKey(
        DeepeningAfternoon,
        verbose_name=_("verdiepingsmiddag"),
        on_delete=models.CASCADE,
        related_name="workshops",
    )
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    theme = models.CharField(_("thema"), max_length=300)
    description = models.TextField(_("omschrijving"), blank=True)
    leader = models.ForeignKey(
        Person,
        verbose_name=_("workshopleider (account)"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_workshops",
        help_text=_("Met een account kan de leider zelf de presentie bijhouden."),
    )
    leader_name = models.CharField(
        _("workshopleider"),
        max_length=200,
        blank=True,
        help_text=_("Naam van een leider zonder account, bijv. een gastspreker."),
    )
    capacity = models.PositiveSmallIntegerField(
        _("aantal plaatsen"), null=True, blank=True, help_text=_("Leeg: geen maximum.")
    )
    mode = models.CharField(
        _("vorm"), max_length=10, choices=MeetingMode.choices, default=MeetingMode.ON_SITE
    )
    location = models.CharField(_("locatie"), max_length=300, blank=True)
    online_link = models.URLField(_("link online bijeenkomst"), blank=True)

    class Meta:
        verbose_name = _("workshop")
        verbose_name_plural = _("workshops")
        ordering = ["afternoon", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gte=1),
                name="workshop_capacity_positive",
            )
        ]

    def __str__(self) -> str:
        return self.theme

    @property
    def leader_label(self) -> str:
        if self.leader_id:
            return self.leader.full_name
        return self.leader_name or "–"

    @property
    def where(self) -> str:
        if self.mode == MeetingMode.ONLINE:
            return self.online_link or "online"
        return self.location or "locatie volgt"


class ThemeProposal(YearBound):
    """A theme a student would like at a future afternoon, by the short form or at the
    evaluation; the projectleider sees these when planning."""

    year_path = "school_year"

    school_year = models.ForeignKey(
        SchoolYear, verbose_name=_("schooljaar"), on_delete=models.PROTECT, related_name="+"
    )
    student = models.ForeignKey(
        "placements.Student",
        verbose_name=_("student"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="theme_proposals",
    )
    afternoon = models.ForeignKey(
        DeepeningAfternoon,
        verbose_name=_("bij de evaluatie van"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposals",
    )
    theme = models.CharField(_("thema"), max_length=300)
    explanation = models.TextField(_("toelichting"), blank=True)
    created_at = models.DateTimeField(_("ingediend op"), auto_now_add=True)

    class Meta:
        verbose_name = _("themavoorstel")
        verbose_name_plural = _("themavoorstellen")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.theme


class Invitation(YearBound):
    """An invited student, with the address the mail went to and the sent-markers that make
    the mail tasks idempotent."""

    year_path = "afternoon__school_year"

    afternoon = models.ForeignKey(
        DeepeningAfternoon,
        verbose_name=_("verdiepingsmiddag"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    student = models.ForeignKey(
        "placements.Student",
        verbose_name=_("student"),
        on_delete=models.CASCADE,
        related_name="afternoon_invitations",
    )
    email = models.EmailField(_("verstuurd naar"))
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    sent_at = models.DateTimeField(_("uitnodiging verstuurd op"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(_("herinnering verstuurd op"), null=True, blank=True)
    publication_sent_at = models.DateTimeField(_("indeling verstuurd op"), null=True, blank=True)

    class Meta:
        verbose_name = _("uitnodiging")
        verbose_name_plural = _("uitnodigingen")
        constraints = [
            models.UniqueConstraint(
                fields=["afternoon", "student"], name="afternoon_invitation_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.afternoon}: {self.student.full_name}"


class Preference(YearBound):
    """A student's ranked choice of a theme (its first workshop stands for the theme)."""

    year_path = "afternoon__school_year"

    afternoon = models.ForeignKey(
        DeepeningAfternoon,
        verbose_name=_("verdiepingsmiddag"),
        on_delete=models.CASCADE,
        related_name="preferences",
    )
    student = models.ForeignKey(
        "placements.Student",
        verbose_name=_("student"),
        on_delete=models.CASCADE,
        related_name="afternoon_preferences",
    )
    rank = models.PositiveSmallIntegerField(_("keuze"))
    workshop = models.ForeignKey(
        Workshop, verbose_name=_("thema"), on_delete=models.CASCADE, related_name="+"
    )
    chosen_at = models.DateTimeField(_("gekozen op"), auto_now=True)

    class Meta:
        verbose_name = _("voorkeur")
        verbose_name_plural = _("voorkeuren")
        ordering = ["afternoon", "student", "rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["afternoon", "student", "rank"], name="afternoon_preference_rank_once"
            ),
            models.UniqueConstraint(
                fields=["afternoon", "student", "workshop"],
                name="afternoon_preference_theme_once",
            ),
            models.CheckConstraint(
                condition=Q(rank__gte=1) & Q(rank__lte=len(RANKS)),
                name="afternoon_preference_rank_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.student.full_name}: {self.rank}e keuze {self.workshop.theme}"


class AssignmentSource(models.TextChoices):
    RULE = "rule", _("indeling")
    MANUAL = "manual", _("met de hand verplaatst")
    WALK_IN = "walk_in", _("binnengelopen")


class WorkshopAssignment(YearBound):
    """Where a student goes at an afternoon, and whether they came."""

    year_path = "afternoon__school_year"

    afternoon = models.ForeignKey(
        DeepeningAfternoon,
        verbose_name=_("verdiepingsmiddag"),
        on_delete=models.CASCADE,
        related_name="assignments",
    )
    student = models.ForeignKey(
        "placements.Student",
        verbose_name=_("student"),
        on_delete=models.CASCADE,
        related_name="afternoon_assignments",
    )
    workshop = models.ForeignKey(
        Workshop, verbose_name=_("workshop"), on_delete=models.CASCADE, related_name="assignments"
    )
    source = models.CharField(
        _("herkomst"), max_length=10, choices=AssignmentSource.choices, default="rule"
    )
    choice_rank = models.PositiveSmallIntegerField(_("gekregen keuze"), null=True, blank=True)
    attended = models.BooleanField(_("aanwezig"), null=True, blank=True)
    attendance_recorded_at = models.DateTimeField(_("presentie genoteerd op"), null=True)
    attendance_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("presentie genoteerd door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("indeling")
        verbose_name_plural = _("indelingen")
        ordering = ["workshop", "student__last_name", "student__first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["afternoon", "student"], name="afternoon_assignment_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.student.full_name} → {self.workshop.theme}"


class Evaluation(YearBound):
    """A student's short evaluation of their workshop: a score from 1 to 5 and a comment."""

    year_path = "afternoon__school_year"

    afternoon = models.ForeignKey(
        DeepeningAfternoon,
        verbose_name=_("verdiepingsmiddag"),
        on_delete=models.CASCADE,
        related_name="evaluations",
    )
    student = models.ForeignKey(
        "placements.Student",
        verbose_name=_("student"),
        on_delete=models.CASCADE,
        related_name="afternoon_evaluations",
    )
    workshop = models.ForeignKey(
        Workshop, verbose_name=_("workshop"), on_delete=models.CASCADE, related_name="evaluations"
    )
    score = models.PositiveSmallIntegerField(
        _("cijfer (1-5)"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(_("opmerking"), blank=True)
    created_at = models.DateTimeField(_("ingevuld op"), auto_now_add=True)

    class Meta:
        verbose_name = _("evaluatie")
        verbose_name_plural = _("evaluaties")
        constraints = [
            models.UniqueConstraint(
                fields=["afternoon", "student"], name="afternoon_evaluation_once"
            ),
            models.CheckConstraint(
                condition=Q(score__gte=1) & Q(score__lte=5), name="afternoon_evaluation_score"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.afternoon}: {self.score}"
