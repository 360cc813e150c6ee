"""Forms of the running year: closing, reopening, pupil counts (page and upload)."""

from __future__ import annotations

from django import forms

from bos.fields import DutchIntegerField
from bos.models import LocationYear


class CloseForm(forms.Form):
    note = forms.CharField(
        label="Toelichting (optioneel)",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Bijvoorbeeld: jaarverslag vastgesteld door de stuurgroep op 12-10-2021.",
    )


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label="Reden",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Waarom moet het jaar weer open? De reden komt in de audittrail.",
    )


class PupilCountsForm(forms.Form):
    """One whole-number field per member location of the year."""

    def __init__(self, *args: object, rows: list[LocationYear], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.rows = rows
        for row in rows:
            self.fields[f"loc{row.location_id}"] = DutchIntegerField(
                label=row.location.name,
                min_value=0,
                max_value=20000,
                required=False,
                initial=row.pupils,
            )

    def counts(self) -> dict[int, int | None]:
        return {row.location_id: self.cleaned_data[f"loc{row.location_id}"] for row in self.rows}


class PupilUploadForm(forms.Form):
    file = forms.FileField(
        label="Excel-bestand (.xlsx)",
        help_text="Gebruik het sjabloon: kolommen “Locatie” en “Leerlingen op 1 oktober”.",
    )
