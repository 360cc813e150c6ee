"""The student's way through the partnership: the portfolio of reflections a student shares
with the supervisors of a placement, and the warm handover between the SOs of two schools
(the new SO asks the previous SO for the last assessment)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bos.models import Person, User
from bos.yearbound import YearBound

from .placements import Placement


class PortfolioReflection(YearBound):
    """A student's reflection on their placement. Private to the student until shared;
    then the placement's WPB, SO and IO (and the projectleider) read it, nobody else."""

    year_path = "placement__school_year"

    placement = models.ForeignKey(
        Placement, verbose_name=_("stage"), on_delete=models.CASCADE, related_name="reflections"
    )
    title = models.CharField(_("titel"), max_length=200)
    text = models.TextField(_("reflectie"))
    shared_at = models.DateTimeField(_("gedeeld op"), null=True, blank=True)
    created_at = models.DateTimeField(_("geschreven op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    class Meta:
        verbose_name = _("reflectie (portfolio)")
        verbose_name_plural = _("reflecties (portfolio)")
        ordering = ["placement", "-created_at", "-pk"]
        indexes = [models.Index(fields=["placement", "shared_at"], name="reflection_shared")]

    def __str__(self) -> str:
        return f"{self.title} ({self.placement_id})"

    @property
    def is_shared(self) -> bool:
        return self.shared_at is not None


class HandoverRequest(YearBound):
    """The new SO asks the SO of the student's previous school for the last assessment
    (warme overdracht). Kept with the new placement; only the previous SO answers it."""

    year_path = "placement__school_year"

    placement = models.ForeignKey(
        Placement,
        verbose_name=_("nieuwe stage"),
        on_delete=models.CASCADE,
        related_name="handover_requests",
    )
    previous_placement = models.ForeignKey(
        Placement, verbose_name=_("vorige stage"), on_delete=models.CASCADE, related_name="+"
    )
    previous_so = models.ForeignKey(
        Person,
        verbose_name=_("vorige schoolopleider"),
        on_delete=models.PROTECT,
        related_name="handover_requests_received",
    )
    requested_by = models.ForeignKey(
        User,
        verbose_name=_("gevraagd door"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    requested_by_name = models.CharField(_("gevraagd door (naam)"), max_length=200)
    message = models.TextField(_("vraag"))
    requested_at = models.DateTimeField(_("gevraagd op"), auto_now_add=True)
    answer = models.TextField(_("antwoord"), blank=True)
    answered_at = models.DateTimeField(_("beantwoord op"), null=True, blank=True)
    answered_by_name = models.CharField(_("beantwoord door (naam)"), max_length=200, blank=True)
    stored_name = models.CharField(_("opgeslagen als"), max_length=80, blank=True)
    file_name = models.CharField(_("bestandsnaam"), max_length=200, blank=True)
    content_type = models.CharField(_("bestandstype"), max_length=100, blank=True)
    size = models.PositiveIntegerField(_("grootte (bytes)"), null=True, blank=True)

    class Meta:
        verbose_name = _("verzoek warme overdracht")
        verbose_name_plural = _("verzoeken warme overdracht")
        ordering = ["placement", "-requested_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(answered_at__isnull=True) | ~Q(answer=""),
                name="handover_answer_has_text",
            ),
        ]

    def __str__(self) -> str:
        return f"Overdracht {self.previous_placement_id} → {self.placement_id}"

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None


class StartMeeting(YearBound):
    """The central start meeting at a school (annual report: "Centrale kennismaking"): the
    school's students are invited with their WPBs (voluntary) and a director."""

    year_path = "school_year"

    school_year = models.ForeignKey(
        "bos.SchoolYear",
        verbose_name=_("schooljaar"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    location = models.ForeignKey(
        "bos.SchoolLocation", verbose_name=_("school"), on_delete=models.PROTECT, related_name="+"
    )
    starts_at = models.DateTimeField(_("begint om"))
    place = models.CharField(_("plaats"), max_length=200)
    created_by = models.ForeignKey(
        User, verbose_name=_("gepland door"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("gepland op"), auto_now_add=True)

    class Meta:
        verbose_name = _("startbijeenkomst")
        verbose_name_plural = _("startbijeenkomsten")
        ordering = ["school_year", "starts_at", "pk"]

    def __str__(self) -> str:
        return f"Startbijeenkomst {self.location_id} {self.starts_at:%d-%m-%Y}"


class InviteeKind(models.TextChoices):
    STUDENT = "student", _("student")
    WPB = "wpb", _("werkplekbegeleider")
    DIRECTOR = "director", _("directielid")


class StartInvitee(YearBound):
    """Who is invited to a start meeting, and whether they came (unknown until recorded)."""

    year_path = "meeting__school_year"

    meeting = models.ForeignKey(
        StartMeeting,
        verbose_name=_("startbijeenkomst"),
        on_delete=models.CASCADE,
        related_name="invitees",
    )
    kind = models.CharField(_("als"), max_length=10, choices=InviteeKind.choices)
    student = models.ForeignKey(
        "placements.Student",
        verbose_name=_("student"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("persoon"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    attended = models.BooleanField(_("aanwezig"), null=True, blank=True)

    class Meta:
        verbose_name = _("genodigde startbijeenkomst")
        verbose_name_plural = _("genodigden startbijeenkomst")
        ordering = ["meeting", "kind", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="student", student__isnull=False, person__isnull=True)
                | (~Q(kind="student") & Q(student__isnull=True, person__isnull=False)),
                name="start_invitee_is_student_or_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.meeting_id})"

    @property
    def name(self) -> str:
        who = self.student if self.student_id else self.person
        return who.full_name if who else ""
