"""The partnership's agreements per school year: guidelines, handreikingen, checklists,
agreements and decisions, each with its versions (the file and its extracted text).

A new year starts with the previous year's documents, carried over as "to review"; the
projectleider confirms each one or replaces it with a new version. Older versions stay
readable as history."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from bos.models import SchoolYear, User
from bos.yearbound import YearBound


class DocumentKind(models.TextChoices):
    GUIDELINE = "richtlijn", _("Richtlijn")
    HANDREIKING = "handreiking", _("Handreiking")
    CHECKLIST = "checklist", _("Checklist")
    AGREEMENT = "overeenkomst", _("Overeenkomst")
    DECISION = "besluit", _("Besluit")


class Audience(models.TextChoices):
    EVERYONE = "iedereen", _("Iedereen")
    TRAINERS = "opleiders", _("Opleiders (SO, IO, WPB)")
    SO = "so", _("School- en instituutsopleiders")
    WPB = "wpb", _("Werkplekbegeleiders")
    STUDENT = "student", _("Studenten")
    GOVERNANCE = "bestuur", _("Bestuur, coördinatoren en directies")
    HR = "hr", _("HR")


class ReviewStatus(models.TextChoices):
    CURRENT = "current", _("Geldig")
    TO_REVIEW = "to_review", _("Te beoordelen")


class Implements(models.TextChoices):
    """Pages of the application a document is the written source of."""

    NONE = "", _("–")
    FACILITATION_POLICY = "facilitation.policy", _("Beleid: richtlijnen facilitering")
    STIPEND = "stipend", _("Stagevergoeding")
    PLACEMENT_CHECKLIST = "placements.checklist", _("Intakechecklist stages")


class Document(YearBound):
    """One agreement in one school year. `series` links the same agreement across years."""

    year_path = "school_year"

    school_year = models.ForeignKey(
        SchoolYear, verbose_name=_("schooljaar"), on_delete=models.PROTECT, related_name="+"
    )
    series = models.UUIDField(_("reeks"), default=uuid.uuid4, editable=False)
    title = models.CharField(_("titel"), max_length=200)
    kind = models.CharField(_("soort"), max_length=20, choices=DocumentKind.choices)
    audience = models.CharField(_("voor wie"), max_length=20, choices=Audience.choices)
    implements = models.CharField(
        _("hoort bij"),
        max_length=40,
        choices=Implements.choices,
        blank=True,
        help_text=_("De pagina op het platform waarvan dit document de vastgestelde tekst is."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.CURRENT
    )
    previous = models.OneToOneField(
        "self",
        verbose_name=_("vorig schooljaar"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="next",
    )
    current_version = models.OneToOneField(
        "DocumentVersion",
        verbose_name=_("huidige versie"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("beoordeeld op"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        User,
        verbose_name=_("beoordeeld door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("afsprakendocument")
        verbose_name_plural = _("afsprakendocumenten")
        ordering = ["school_year__start_date", "kind", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["school_year", "series"], name="library_document_once_per_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.school_year})"


class DocumentVersion(YearBound):
    """One version of a document: the file (stored privately under a random name), the
    adoption and the text extracted for search. A carried-over version shares the file of the
    version it was copied from: stored files never change."""

    year_path = "document__school_year"

    document = models.ForeignKey(
        Document, verbose_name=_("document"), on_delete=models.CASCADE, related_name="versions"
    )
    version = models.CharField(_("versie"), max_length=30)
    adopted_on = models.DateField(_("vastgesteld op"), null=True, blank=True)
    adopted_by = models.CharField(
        _("vastgesteld door"), max_length=100, blank=True, help_text=_("bijv. stuurgroep")
    )
    note = models.CharField(_("toelichting"), max_length=300, blank=True)
    stored_name = models.CharField(_("opgeslagen als"), max_length=80, editable=False)
    original_name = models.CharField(_("bestandsnaam"), max_length=200)
    content_type = models.CharField(_("bestandstype"), max_length=100)
    size = models.PositiveIntegerField(_("grootte (bytes)"))
    text = models.TextField(_("tekst"), blank=True, editable=False)
    uploaded_by = models.ForeignKey(
        User,
        verbose_name=_("geüpload door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("geüpload op"), auto_now_add=True)
    carried_from = models.ForeignKey(
        "self",
        verbose_name=_("overgenomen van"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("documentversie")
        verbose_name_plural = _("documentversies")
        ordering = ["-uploaded_at", "-id"]

    def __str__(self) -> str:
        return f"{self.document.title} versie {self.version}"

    @property
    def is_pdf(self) -> bool:
        return self.content_type == "application/pdf"

    @property
    def format_label(self) -> str:
        return "PDF" if self.is_pdf else "Word"
