"""Intervision and the BOS-wide verdiepingsmiddagen (figure 3 of the annual report)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from bos.models import SchoolYear


class MeetingMode(models.TextChoices):
    ONLINE = "online", _("online")
    ON_SITE = "on_site", _("op locatie")


class DeepeningAfternoon(models.Model):
    """One session of a themed afternoon. An afternoon is repeated for cohorts that start at
    different moments, so one afternoon number can have several sessions."""

    school_year = models.ForeignKey(
        SchoolYear,
        verbose_name=_("schooljaar"),
        on_delete=models.PROTECT,
        related_name="deepening_afternoons",
    )
    number = models.PositiveSmallIntegerField(_("middag"))
    themes = models.TextField(_("thema's"), help_text=_("Thema's gescheiden door een puntkomma."))
    date = models.DateField(_("datum"))
    audience = models.CharField(_("doelgroep"), max_length=200)
    mode = models.CharField(
        _("vorm"), max_length=10, choices=MeetingMode.choices, default=MeetingMode.ON_SITE
    )

    class Meta:
        verbose_name = _("verdiepingsmiddag")
        verbose_name_plural = _("verdiepingsmiddagen")
        ordering = ["school_year__start_date", "number", "date"]
        constraints = [
            models.UniqueConstraint(
                fields=["school_year", "number", "date", "audience"],
                name="deepening_afternoon_session_once",
            )
        ]

    def __str__(self) -> str:
        return f"Verdiepingsmiddag {self.number} ({self.date:%d-%m-%Y})"

    @property
    def theme_list(self) -> list[str]:
        return [theme.strip() for theme in self.themes.split(";") if theme.strip()]
