"""The survey instrument: one questionnaire model for every evaluation the partnership runs
(needs surveys, the starters' questionnaire, sounding boards, evaluative conversations, the
evaluation of an intervision cycle or a placement).

A survey belongs to one school year. Its questions are grouped in pages. The audience is a
set of roles, optionally narrowed to schools and institutes, or the people of one event (a
placement, a meeting: any year-bound row, linked by content type and id).

Anonymity is in the tables, not only in the pages. Who was invited and whether they have
answered (`Invitation.has_responded`, for the reminders) is stored apart from what was
answered (`Response`, `Answer`). For an anonymous survey a response has no link to a person
and nothing to order it by: random UUID keys, no respondent, no timestamp; the invitation
carries no moment of answering either. A named survey keeps the respondent and the day."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bos.models import Institute, SchoolLocation, SchoolYear
from bos.yearbound import YearBound

SCALE = (1, 2, 3, 4, 5)
DEFAULT_SCALE_LABELS = ["helemaal niet", "niet erg", "redelijk", "zeer", "uitermate"]


class SurveyPolicy(YearBound):
    """The numbers of the survey procedure that may change per school year."""

    year_path = "school_year"

    school_year = models.OneToOneField(
        SchoolYear,
        verbose_name=_("schooljaar"),
        on_delete=models.CASCADE,
        related_name="survey_policy",
    )
    min_group_for_open_answers = models.PositiveSmallIntegerField(
        _("kleinste groep voor open antwoorden"),
        default=5,
        validators=[MinValueValidator(2), MaxValueValidator(50)],
        help_text=_(
            "Bij een anonieme vragenlijst blijven de open antwoorden verborgen zolang minder "
            "mensen hebben gereageerd: in een kleine groep is een schrijver te herkennen."
        ),
    )
    reminder_days_before_close = models.PositiveSmallIntegerField(
        _("herinnering (dagen vóór de sluitdatum)"),
        default=3,
        validators=[MaxValueValidator(60)],
        help_text=_("Wie dan nog niet heeft gereageerd, krijgt vanzelf één herinnering."),
    )

    class Meta:
        verbose_name = _("regels vragenlijsten")
        verbose_name_plural = _("regels vragenlijsten")

    def __str__(self) -> str:
        return f"Regels vragenlijsten {self.school_year}"


class SurveyStatus(models.TextChoices):
    CONCEPT = "concept", _("concept")
    OPEN = "open", _("open")
    CLOSED = "closed", _("gesloten")


class Survey(YearBound):
    year_path = "school_year"

    school_year = models.ForeignKey(
        SchoolYear, verbose_name=_("schooljaar"), on_delete=models.PROTECT, related_name="surveys"
    )
    title = models.CharField(_("titel"), max_length=200)
    intro = models.TextField(_("inleiding"), blank=True)
    template = models.CharField(_("gemaakt van sjabloon"), max_length=40, blank=True)
    anonymous = models.BooleanField(
        _("anoniem"),
        default=True,
        help_text=_("Vast zodra de vragenlijst open is."),
    )
    opens_on = models.DateField(_("open vanaf"))
    closes_on = models.DateField(_("open tot en met"))
    status = models.CharField(
        _("stand"), max_length=10, choices=SurveyStatus.choices, default=SurveyStatus.CONCEPT
    )
    # Who is invited: roles (bos.models.Role codes and "student"), narrowed to schools and
    # institutes when any are chosen; or the people of one event.
    audience_roles = models.JSONField(_("doelgroep (rollen)"), default=list, blank=True)
    audience_locations = models.ManyToManyField(
        SchoolLocation, verbose_name=_("scholen"), blank=True, related_name="+"
    )
    audience_institutes = models.ManyToManyField(
        Institute, verbose_name=_("instituten"), blank=True, related_name="+"
    )
    event_type = models.ForeignKey(
        ContentType,
        verbose_name=_("soort gebeurtenis"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    event_id = models.PositiveBigIntegerField(_("gebeurtenis"), null=True, blank=True)
    event = GenericForeignKey("event_type", "event_id")
    event_label = models.CharField(_("gekoppeld aan"), max_length=300, blank=True)
    # People without a role in the year (a starting teacher, a guest), by address: they get
    # an account without a password and log in with a code.
    extra_emails = models.JSONField(_("extra genodigden"), default=list, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("eigenaar"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    opened_at = models.DateTimeField(_("geopend op"), null=True, blank=True)
    closed_at = models.DateTimeField(_("gesloten op"), null=True, blank=True)
    # Each reminder round raises this; an invitation remembers the last round it got, so the
    # reminder task is idempotent.
    reminder_round = models.PositiveSmallIntegerField(_("herinneringsronde"), default=0)

    class Meta:
        verbose_name = _("vragenlijst")
        verbose_name_plural = _("vragenlijsten")
        ordering = ["-opens_on", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")), name="survey_dates_ordered"
            ),
            models.CheckConstraint(
                condition=Q(event_type__isnull=True, event_id__isnull=True)
                | Q(event_type__isnull=False, event_id__isnull=False),
                name="survey_event_whole",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_concept(self) -> bool:
        return self.status == SurveyStatus.CONCEPT

    @property
    def is_open(self) -> bool:
        return self.status == SurveyStatus.OPEN


class QuestionKind(models.TextChoices):
    SCALE = "scale", _("schaal 1-5")
    SINGLE = "single", _("één keuze")
    MULTIPLE = "multiple", _("meerdere keuzes")
    OPEN = "open", _("open vraag")


class SurveyPage(YearBound):
    year_path = "survey__school_year"

    survey = models.ForeignKey(
        Survey, verbose_name=_("vragenlijst"), on_delete=models.CASCADE, related_name="pages"
    )
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    title = models.CharField(_("titel"), max_length=200)
    intro = models.TextField(_("toelichting"), blank=True)

    class Meta:
        verbose_name = _("pagina")
        verbose_name_plural = _("pagina's")
        ordering = ["survey", "order", "pk"]

    def __str__(self) -> str:
        return self.title


class Question(YearBound):
    year_path = "page__survey__school_year"

    page = models.ForeignKey(
        SurveyPage, verbose_name=_("pagina"), on_delete=models.CASCADE, related_name="questions"
    )
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    kind = models.CharField(_("soort"), max_length=10, choices=QuestionKind.choices)
    text = models.CharField(_("vraag"), max_length=500)
    help_text = models.CharField(_("toelichting"), max_length=300, blank=True)
    required = models.BooleanField(_("verplicht"), default=False)
    # Choice questions: the options in order (an answer stores the option's number, 1-based).
    # Scale questions: five labels, for 1 to 5.
    options = models.JSONField(_("opties"), default=list, blank=True)

    class Meta:
        verbose_name = _("vraag")
        verbose_name_plural = _("vragen")
        ordering = ["page__order", "order", "pk"]

    def __str__(self) -> str:
        return self.text

    @property
    def labels(self) -> list[str]:
        """The names of the values an answer can hold, in order (value 1 first)."""
        if self.kind == QuestionKind.SCALE:
            labels = list(self.options) if len(self.options) == len(SCALE) else []
            return [f"{value} {labels[value - 1]}" if labels else str(value) for value in SCALE]
        return [str(option) for option in self.options]


class Invitation(YearBound):
    """Who is asked, the address the mail went to, and whether they have answered. It
    holds no moment of answering and no link to the answers (see the module's docstring)."""

    year_path = "survey__school_year"

    survey = models.ForeignKey(
        Survey, verbose_name=_("vragenlijst"), on_delete=models.CASCADE, related_name="invitations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("genodigde"),
        on_delete=models.CASCADE,
        related_name="survey_invitations",
    )
    email = models.EmailField(_("verstuurd naar"))
    name = models.CharField(_("naam"), max_length=300, blank=True)
    sent_at = models.DateTimeField(_("uitnodiging verstuurd op"), null=True, blank=True)
    reminded_round = models.PositiveSmallIntegerField(_("laatste herinnering"), default=0)
    has_responded = models.BooleanField(_("heeft gereageerd"), default=False)

    class Meta:
        verbose_name = _("genodigde")
        verbose_name_plural = _("genodigden")
        ordering = ["survey", "name", "email"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "user"], name="survey_invitation_once")
        ]

    def __str__(self) -> str:
        return f"{self.survey}: {self.name or self.email}"


class Response(YearBound):
    """One filled-in questionnaire. Anonymous: a random key and nothing else to tie it to
    a person or a moment. Named: the respondent and the day."""

    year_path = "survey__school_year"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(
        Survey, verbose_name=_("vragenlijst"), on_delete=models.CASCADE, related_name="responses"
    )
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ingevuld door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        # Named: the person's own answers are theirs to see (manage.py export_person).
        related_name="survey_responses",
        help_text=_("Alleen bij een vragenlijst op naam."),
    )
    respondent_name = models.CharField(_("naam"), max_length=300, blank=True)
    submitted_on = models.DateField(_("ingevuld op"), null=True, blank=True)

    class Meta:
        verbose_name = _("reactie")
        verbose_name_plural = _("reacties")
        # The random key: no order of arrival.
        ordering = ["survey", "id"]

    def __str__(self) -> str:
        return f"Reactie op {self.survey}"


class Answer(YearBound):
    """The answer to one question: a scale value or an option's number (a multiple choice
    has one row per option chosen), or a text."""

    year_path = "response__survey__school_year"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(
        Response, verbose_name=_("reactie"), on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        Question, verbose_name=_("vraag"), on_delete=models.CASCADE, related_name="answers"
    )
    value = models.PositiveSmallIntegerField(_("waarde"), null=True, blank=True)
    text = models.TextField(_("tekst"), blank=True)

    class Meta:
        verbose_name = _("antwoord")
        verbose_name_plural = _("antwoorden")
        ordering = ["question", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(value__isnull=False) | ~Q(text=""), name="survey_answer_not_empty"
            ),
        ]

    def __str__(self) -> str:
        return f"Antwoord op {self.question}"
