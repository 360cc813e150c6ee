"""Matching students to places on offer: proposals by the institute, the student's light
application (motivation letter and CV), the get-acquainted meeting and the SO's decision."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bos.models import SchoolLocation, SchoolYear, User
from bos.yearbound import YearBound

from .offers import PlaceOffer, Reservation
from .placements import Placement
from .students import StageLevel, Student


class ProposalStatus(models.TextChoices):
    PROPOSED = "proposed", _("voorgedragen")
    APPLIED = "applied", _("sollicitatie ingediend")
    MEETING = "meeting", _("kennismaking gepland")
    ACCEPTED = "accepted", _("geaccepteerd")
    DECLINED = "declined", _("afgewezen")
    WITHDRAWN = "withdrawn", _("ingetrokken")


# Proposals that still hold (or may come to hold) a place.
PENDING_STATUSES = (ProposalStatus.PROPOSED, ProposalStatus.APPLIED, ProposalStatus.MEETING)


class ProposalSource(models.TextChoices):
    INSTITUTE = "institute", _("voordracht door het instituut")
    RESERVATION = "reservation", _("vroege matching (reservering)")


class Proposal(YearBound):
    """One student proposed for one place (or, from early matching, a reserved place that
    became a proposed placement when the year started)."""

    year_path = "school_year"

    student = models.ForeignKey(
        Student, verbose_name=_("student"), on_delete=models.PROTECT, related_name="proposals"
    )
    offer = models.ForeignKey(
        PlaceOffer,
        verbose_name=_("stageplaats"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposals",
    )
    location = models.ForeignKey(
        SchoolLocation, verbose_name=_("locatie"), on_delete=models.PROTECT, related_name="+"
    )
    school_year = models.ForeignKey(
        SchoolYear, verbose_name=_("schooljaar"), on_delete=models.PROTECT, related_name="+"
    )
    level = models.CharField(
        _("stageniveau"), max_length=10, choices=StageLevel.choices, blank=True
    )
    source = models.CharField(
        _("herkomst"),
        max_length=12,
        choices=ProposalSource.choices,
        default=ProposalSource.INSTITUTE,
    )
    reservation = models.OneToOneField(
        Reservation,
        verbose_name=_("reservering"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposal",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.PROPOSED
    )
    note = models.TextField(_("toelichting bij de voordracht"), blank=True)
    proposed_by = models.ForeignKey(
        User,
        verbose_name=_("voorgedragen door"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    proposed_by_name = models.CharField(_("voorgedragen door (naam)"), max_length=200, blank=True)
    applied_at = models.DateTimeField(_("gesolliciteerd op"), null=True, blank=True)
    meeting_at = models.DateTimeField(_("kennismaking op"), null=True, blank=True)
    meeting_place = models.CharField(_("plaats van de kennismaking"), max_length=200, blank=True)
    decided_at = models.DateTimeField(_("besloten op"), null=True, blank=True)
    decided_by = models.ForeignKey(
        User,
        verbose_name=_("besloten door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_by_name = models.CharField(_("besloten door (naam)"), max_length=200, blank=True)
    decision_reason = models.TextField(_("reden"), blank=True)
    placement = models.OneToOneField(
        Placement,
        verbose_name=_("stage"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposal",
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("voordracht")
        verbose_name_plural = _("voordrachten")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["student", "offer"],
                condition=Q(status__in=["proposed", "applied", "meeting", "accepted"]),
                name="proposal_once_per_offer",
            ),
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(decision_reason=""),
                name="proposal_declined_has_reason",
            ),
        ]
        indexes = [models.Index(fields=["school_year", "location", "status"])]

    def __str__(self) -> str:
        return f"{self.student.full_name} → {self.location} {self.school_year}"

    @property
    def is_pending(self) -> bool:
        return self.status in PENDING_STATUSES


class DocumentKind(models.TextChoices):
    LETTER = "letter", _("motivatiebrief")
    CV = "cv", _("cv")


class ApplicationDocument(YearBound):
    """A motivation letter or CV, stored privately under a random name."""

    year_path = "proposal__school_year"

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("voordracht"), on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.CharField(_("soort"), max_length=10, choices=DocumentKind.choices)
    stored_name = models.CharField(_("opgeslagen als"), max_length=80, unique=True)
    content_type = models.CharField(_("bestandstype"), max_length=100)
    size = models.PositiveIntegerField(_("grootte (bytes)"))
    uploaded_at = models.DateTimeField(_("geüpload op"), auto_now_add=True)
    uploaded_by = models.ForeignKey(
        User,
        verbose_name=_("geüpload door"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("sollicitatiedocument")
        verbose_name_plural = _("sollicitatiedocumenten")
        ordering = ["proposal", "kind", "-uploaded_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.proposal_id})"
