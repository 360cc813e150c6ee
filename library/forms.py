from __future__ import annotations

from typing import Any

import django_filters
from django import forms

from .models import Audience, Document, DocumentKind, ReviewStatus


class DocumentFilter(django_filters.FilterSet):
    """The library's search and filters; `selectors.document_list` applies them with the
    reader's scope."""

    q = django_filters.CharFilter(
        label="Zoeken in titel en tekst",
        method="noop",
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    soort = django_filters.ChoiceFilter(
        label="Soort", choices=DocumentKind.choices, empty_label="Alle", method="noop"
    )
    voor = django_filters.ChoiceFilter(
        label="Voor wie", choices=Audience.choices, empty_label="Alle", method="noop"
    )
    status = django_filters.ChoiceFilter(
        label="Status", choices=ReviewStatus.choices, empty_label="Alle", method="noop"
    )
    alles = django_filters.BooleanFilter(
        label="Ook documenten voor anderen", widget=forms.CheckboxInput, method="noop"
    )

    class Meta:
        model = Document
        fields: list[str] = []

    def noop(self, queryset: Any, name: str, value: Any) -> Any:
        return queryset


class VersionFields(forms.Form):
    version = forms.CharField(label="Versie", max_length=30, help_text="bijv. 2.0 of juli 2021")
    adopted_on = forms.DateField(
        label="Vastgesteld op",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    adopted_by = forms.CharField(
        label="Vastgesteld door", max_length=100, required=False, initial="stuurgroep"
    )
    file = forms.FileField(
        label="Bestand",
        help_text="PDF of Word (.docx), zonder macro's.",
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".pdf,.docx,application/pdf,"
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
        ),
    )


class DocumentForm(VersionFields):
    title = forms.CharField(label="Titel", max_length=200)
    kind = forms.ChoiceField(label="Soort", choices=DocumentKind.choices)
    audience = forms.ChoiceField(label="Voor wie", choices=Audience.choices)
    implements = forms.ChoiceField(
        label="Hoort bij",
        choices=Document._meta.get_field("implements").choices,
        required=False,
        help_text="De pagina in BOS waarvan dit document de vastgestelde tekst is.",
    )
    field_order = [
        "title",
        "kind",
        "audience",
        "implements",
        "version",
        "adopted_on",
        "adopted_by",
        "file",
    ]


class ReplaceForm(VersionFields):
    note = forms.CharField(
        label="Wat is er veranderd?",
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
