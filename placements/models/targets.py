"""A school's adjusted target or step on its growth path in a year, with the reason."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from bos.models import SchoolLocation, SchoolYear, User
from bos.yearbound import YearBound

REASON_MAX = 500


class TargetKind(models.TextChoices):
    # The streefaantal itself is lowered (or raised), e.g. for a shrinking school.
    ADJUSTED = "adjusted", _("bijgesteld streefaantal")
    # The school grows towards the streefaantal in steps: this year's step.
    GROWTH = "growth", _("groeipad")


class TargetAdjustment(YearBound):
    """What a school that cannot (yet) reach its streefaantal agreed for a year: an adjusted
    target or this year's step of a growth path, and why (bijlage 8: "of geven aan op welke
    manier ze toe gaan groeien naar dit streefaantal"). The streefaantal of the rule stays
    as it is, and so does the bonus: the agreement is shown beside it."""

    year_path = "school_year"

    location = models.ForeignKey(
        SchoolLocation,
        verbose_name=_("school"),
        on_delete=models.CASCADE,
        related_name="target_adjustments",
    )
    school_year = models.ForeignKey(
        SchoolYear, verbose_name=_("schooljaar"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("soort afspraak"), max_length=10, choices=TargetKind.choices)
    target = models.PositiveSmallIntegerField(_("aantal studenten"))
    reason = models.CharField(_("reden"), max_length=REASON_MAX)
    changed_by = models.ForeignKey(
        User,
        verbose_name=_("vastgelegd door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("vastgelegd op"), auto_now=True)

    class Meta:
        verbose_name = _("afspraak over het streefaantal")
        verbose_name_plural = _("afspraken over het streefaantal")
        ordering = ["location__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["location", "school_year"], name="target_adjustment_once_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.location} {self.school_year}: {self.get_kind_display()} {self.target}"
