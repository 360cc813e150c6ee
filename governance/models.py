"""The decision log of a school year: what the stuurgroep, the kernteam or the rectors and
directors decided, when, with the library's documents attached, and what each decision
changes (a policy value, a budget, a document).

What a decision changes is kept generic (`DecisionChange`: a kind, a label, the old and new
value as text, and optionally the changed row by content type and id), so an app whose
setting a decision changes needs no table of its own: its service records the change here
after its own write (`governance.services.record_changes`)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from bos.models import SchoolYear
from bos.yearbound import YearBound
from library.models import Document


class Body(models.TextChoices):
    """Who decided: the partnership's steering group, its core team, or (as for the online
    rights and the stipend in 2020-2021) the boards' rectors and directors together."""

    STUURGROEP = "stuurgroep", _("Stuurgroep")
    KERNTEAM = "kernteam", _("Kernteam")
    DIRECTORS = "directies", _("Rectoren en directeuren")


class DatePrecision(models.TextChoices):
    """How much of the date is known: a report of an earlier year may name only the month."""

    DAY = "dag", _("Dag bekend")
    MONTH = "maand", _("Alleen de maand bekend")
    UNKNOWN = "onbekend", _("Datum onbekend")


class ChangeKind(models.TextChoices):
    POLICY = "beleid", _("Beleidswaarde")
    BUDGET = "begroting", _("Begroting")
    DOCUMENT = "document", _("Document")
    OTHER = "anders", _("Anders")


class Decision(YearBound):
    """One decision in the log of one school year."""

    year_path = "school_year"

    school_year = models.ForeignKey(
        SchoolYear, verbose_name=_("schooljaar"), on_delete=models.PROTECT, related_name="+"
    )
    decided_on = models.DateField(
        _("datum"), help_text=_("Met alleen de maand bekend: een dag in die maand.")
    )
    date_precision = models.CharField(
        _("nauwkeurigheid datum"),
        max_length=10,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
    )
    body = models.CharField(_("genomen door"), max_length=20, choices=Body.choices)
    title = models.CharField(_("titel"), max_length=200)
    text = models.TextField(_("besluit"), help_text=_("Wat is besloten, in een paar zinnen."))
    attachments = models.ManyToManyField(
        Document, verbose_name=_("bijlagen"), blank=True, related_name="+"
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
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    class Meta:
        verbose_name = _("besluit")
        verbose_name_plural = _("besluiten")
        ordering = ["decided_on", "pk"]
        indexes = [models.Index(fields=["school_year", "decided_on"])]

    def __str__(self) -> str:
        return f"{self.title} ({self.date_display})"

    @property
    def date_display(self) -> str:
        """'28 april 2021', 'december 2020' or 'datum onbekend', as much as is known."""
        if self.date_precision == DatePrecision.MONTH:
            return formats.date_format(self.decided_on, "F Y")
        if self.date_precision == DatePrecision.UNKNOWN:
            return "datum onbekend"
        return formats.date_format(self.decided_on, "j F Y")


class DecisionChange(YearBound):
    """One thing a decision changes: a policy value (which field, old → new), a budget or a
    document. `target` names the changed row when there is one; the texts stay readable
    when that row is gone."""

    year_path = "decision__school_year"

    decision = models.ForeignKey(
        Decision, verbose_name=_("besluit"), on_delete=models.CASCADE, related_name="changes"
    )
    kind = models.CharField(_("soort"), max_length=20, choices=ChangeKind.choices)
    label = models.CharField(_("wat"), max_length=300)
    old_value = models.TextField(_("oude waarde"), blank=True)
    new_value = models.TextField(_("nieuwe waarde"), blank=True)
    field_name = models.CharField(_("veld"), max_length=100, blank=True, editable=False)
    content_type = models.ForeignKey(
        ContentType,
        verbose_name=_("soort gegeven"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    object_id = models.PositiveBigIntegerField(_("gegeven"), null=True, blank=True, editable=False)
    target = GenericForeignKey("content_type", "object_id")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vastgelegd door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("wijziging door een besluit")
        verbose_name_plural = _("wijzigingen door besluiten")
        ordering = ["decision", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.label}: {self.old_value or '–'} → {self.new_value or '–'}"
