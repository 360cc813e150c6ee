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
