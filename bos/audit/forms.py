from django import forms

from bos.forms import DateField
from bos.models import AuditAction


class AuditSearchForm(forms.Form):
    q = forms.CharField(
        label="Zoeken",
        required=False,
        max_length=200,
        help_text="Naam, e-mailadres van de gebruiker of recordnummer.",
    )
    model = forms.ChoiceField(label="Soort gegevens", required=False)
    action = forms.ChoiceField(
        label="Actie", required=False, choices=[("", "Alle acties"), *AuditAction.choices]
    )
    date_from = DateField(
        label="Vanaf", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = DateField(
        label="Tot en met", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, models: list[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["model"].choices = [("", "Alle soorten"), *((m, m) for m in models)]

    def clean(self) -> dict:
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            raise forms.ValidationError("De einddatum ligt vóór de begindatum.")
        return cleaned
