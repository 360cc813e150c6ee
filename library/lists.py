"""The library list: search and filters over the reader's readable documents, and its table
(shown by `bos.lists.list_page`)."""

from __future__ import annotations

from typing import Any

import django_filters
import django_tables2 as tables
from django import forms
from django.db.models import Q, QuerySet
from django.utils.formats import date_format
from django.utils.html import format_html

from bos.labels import choice_label
from bos.lists import BosTable, SearchFilterSet
from bos.permissions import get_scope

from .models import Audience, Document, DocumentKind, ReviewStatus
from .selectors import audiences_for


class DocumentFilter(SearchFilterSet):
    search_fields = ("title", "current_version__text")

    kind = django_filters.ChoiceFilter(label="Soort", choices=DocumentKind.choices)
    audience = django_filters.ChoiceFilter(label="Voor wie", choices=Audience.choices)
    status = django_filters.ChoiceFilter(label="Status", choices=ReviewStatus.choices)
    alles = django_filters.BooleanFilter(
        label="Ook documenten voor anderen", widget=forms.CheckboxInput, method="for_me"
    )

    class Meta:
        model = Document
        fields: list[str] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["q"].label = "Zoeken in titel en tekst"
        self.filters["q"].extra["help_text"] = "Woorden uit de titel of uit het document zelf"
        if not kwargs.get("request") or not _is_editor(kwargs["request"]):
            del self.filters["status"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        condition = Q()
        for term in value.split()[:5]:
            condition &= Q(title__icontains=term) | Q(current_version__text__icontains=term)
        return queryset.filter(condition)

    def for_me(self, queryset: QuerySet, name: str, value: bool) -> QuerySet:
        if value or self.request is None:
            return queryset
        mine = audiences_for(get_scope(self.request.user))
        return queryset if mine is None else queryset.filter(audience__in=mine)


def _is_editor(request: Any) -> bool:
    from bos.permissions import can

    return can(request.user, "library.edit")


class DocumentTable(BosTable):
    nothing_yet = "Er zijn nog geen documenten."

    title = tables.Column(verbose_name="Document")
    kind = tables.Column(verbose_name="Soort")
    audience = tables.Column(verbose_name="Voor wie")
    version = tables.Column(
        verbose_name="Versie", accessor="current_version__version", orderable=False
    )
    adopted = tables.Column(
        verbose_name="Vastgesteld", accessor="current_version__adopted_on", default="–"
    )
    file = tables.Column(verbose_name="Bestand", accessor="current_version", orderable=False)
    status = tables.Column(verbose_name="Status")

    class Meta(BosTable.Meta):
        model = Document
        # The file right after the title: on a phone it is in view without scrolling.
        fields = ("title", "file", "kind", "audience", "version", "adopted", "status")
        sequence = fields
        caption = "Afspraken"
        empty_text = "Geen documenten gevonden met deze zoekopdracht of filters."

    def render_title(self, record: Document) -> str:
        return format_html(
            '<a href="{}">{}</a>', self.url_of("library:detail", record.pk), record.title
        )

    def render_kind(self, record: Document) -> str:
        return choice_label(record, "kind")

    def render_audience(self, record: Document) -> str:
        return choice_label(record, "audience")

    def render_adopted(self, record: Document) -> str:
        version = record.current_version
        if version is None or version.adopted_on is None:
            return "–"
        label = date_format(version.adopted_on, "d-m-Y")
        return f"{label} ({version.adopted_by})" if version.adopted_by else label

    def render_file(self, record: Document) -> str:
        version = record.current_version
        return format_html(
            '<a href="{}">{} openen<span class="visually-hidden">: {}</span></a>',
            self.url_of("library:download", version.pk),
            version.format_label,
            record.title,
        )

    def render_status(self, record: Document) -> str:
        if record.status == ReviewStatus.TO_REVIEW:
            return format_html("<strong>{}</strong>", choice_label(record, "status"))
        return choice_label(record, "status")


class ReaderTable(DocumentTable):
    """Readers see what is valid; the review status is the projectleider's business."""

    class Meta(DocumentTable.Meta):
        exclude = ("status",)
