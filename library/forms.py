from __future__ import annotations

from django import forms

from .models import Audience, Document, DocumentKind


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
        help_text="De pagina op het platform waarvan dit document de vastgestelde tekst is.",
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


class DocumentEditForm(forms.ModelForm):
    class Meta:
        model = Document
        fields = ["title", "kind", "audience", "implements"]
