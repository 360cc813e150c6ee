"""Forms of the stipend pages; BSN and IBAN are checked server-side with Dutch messages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.text import capfirst

from bos import limits
from bos.fields import BirthDateField, DateField

from . import rules
from .models import DaysPerWeek, DocumentKind, MaritalStatus, StipendApplication, VogClaim
from .services import FORM_FIELDS
from .services.application import NAME_FIELDS
from .validators import normalise_bsn, normalise_iban, validate_bsn, validate_iban

# Never rendered back into the form once stored (masked everywhere except for HR).
PROTECTED = ("bsn", "iban", "date_of_birth", "partner_date_of_birth")
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ApplicationForm(forms.ModelForm):
    class Meta:
        model = StipendApplication
        fields = list(FORM_FIELDS)
        field_classes = {"start_date": DateField, "end_date": DateField}
        widgets = {
            "start_date": DATE_INPUT,
            "end_date": DATE_INPUT,
            "remarks": forms.Textarea(attrs={"rows": 3}),
            "marital_status": forms.RadioSelect,
            "degree": forms.RadioSelect,
            "study_variant": forms.RadioSelect,
            "level": forms.RadioSelect,
            "days_per_week": forms.RadioSelect,
        }

    # The version the user loaded, so a concurrent edit is noticed instead of overwritten.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    # The encrypted fields are text in the database; the form gives them proper inputs.
    date_of_birth = BirthDateField(label="Geboortedatum", required=False, widget=DATE_INPUT)
    partner_date_of_birth = BirthDateField(
        label="Geboortedatum partner", required=False, widget=DATE_INPUT
    )
    bsn = forms.CharField(
        label="Burgerservicenummer (BSN)",
        required=False,
        max_length=11,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )
    iban = forms.CharField(
        label="Bankrekeningnummer (IBAN)",
        required=False,
        max_length=42,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def __init__(self, *args: Any, by_student: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not by_student:
            # Only the student enters or changes the bank account.
            del self.fields["iban"]
        # Personal numbers are never sent back to the browser once stored; an empty field
        # keeps the stored value.
        for name in PROTECTED:
            self.initial[name] = None
            if name in self.fields and self.instance.pk and getattr(self.instance, name):
                self.fields[name].help_text = "Ingevuld; laat leeg om niet te wijzigen."
        self.fields["days_per_week"].choices = list(DaysPerWeek.choices)
        # Names go into letters and mails: one line of visible text, as everywhere.
        for name in NAME_FIELDS:
            self.fields[name].validators.append(limits.validate_name)
        # The models' names are lower case; a label and the error summary start with a capital.
        for field in self.fields.values():
            field.label = capfirst(field.label)

    def _kept(self, name: str) -> Any:
        return getattr(self.instance, name) if self.instance.pk else None

    def clean_date_of_birth(self) -> Any:
        return self.cleaned_data.get("date_of_birth") or self._kept("date_of_birth")

    def clean_partner_date_of_birth(self) -> Any:
        return self.cleaned_data.get("partner_date_of_birth") or self._kept("partner_date_of_birth")

    def clean_bsn(self) -> str:
        value = normalise_bsn(self.cleaned_data.get("bsn") or "")
        if not value:
            return self._kept("bsn") or ""
        validate_bsn(value)
        return value.zfill(9)

    def clean_iban(self) -> str:
        value = normalise_iban(self.cleaned_data.get("iban") or "")
        if not value:
            return self._kept("iban") or ""
        validate_iban(value)
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        placement = self.instance.placement
        for name, message in rules.period_errors(
            placement_start=placement.start_date,
            placement_end=placement.end_date,
            placement_days=placement.days_per_week,
            start=data.get("start_date"),
            end=data.get("end_date"),
            days=data.get("days_per_week"),
        ).items():
            if name not in self.errors:
                self.add_error(name, message)
        if data.get("marital_status") == MaritalStatus.MARRIED:
            for name in ("partner_initials", "partner_last_name", "partner_date_of_birth"):
                if not data.get(name):
                    self.add_error(name, "Vul de gegevens van je partner in.")
        return data


class IbanForm(forms.Form):
    iban = forms.CharField(
        label="Nieuw rekeningnummer (IBAN)",
        max_length=42,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def clean_iban(self) -> str:
        value = normalise_iban(self.cleaned_data["iban"])
        validate_iban(value)
        return value


class UploadForm(forms.Form):
    kind = forms.ChoiceField(
        label="Soort document",
        choices=[(k.value, k.label) for k in DocumentKind if k != DocumentKind.LETTER],
    )
    file = forms.FileField(label="Bestand (PDF, JPEG of PNG)")


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="Reden", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class AcceptForm(forms.Form):
    employee_reference = forms.CharField(
        label="Personeelsnummer (leeg: automatisch)", required=False, max_length=40
    )


class DaysChangeForm(forms.Form):
    days = forms.TypedChoiceField(
        label="Nieuw aantal dagen per week",
        coerce=int,
        choices=[(0, "minder dan 1 dag"), *DaysPerWeek.choices],
    )
    agreed_on = DateField(label="Afgesproken op", widget=DATE_INPUT)


class StopForm(forms.Form):
    stop_date = DateField(label="Stopdatum", widget=DATE_INPUT)
    reason = forms.CharField(label="Reden", widget=forms.Textarea(attrs={"rows": 3}))
    confirmed = forms.BooleanField(
        label=(
            "WPB en SO oordelen dat de student niet aan de stageverplichtingen voldoet; "
            "dit is vooraf besproken met de student en de instituutsopleider."
        )
    )


class EndForm(forms.Form):
    end_date = DateField(label="Einddatum", widget=DATE_INPUT, required=False)


class VogForm(forms.Form):
    claim = forms.ChoiceField(label="Status VOG-declaratie", choices=VogClaim.choices)
    amount = forms.DecimalField(
        label="Bedrag (€)", required=False, min_value=0, max_digits=7, decimal_places=2
    )


class RevealForm(forms.Form):
    field = forms.ChoiceField(choices=[("bsn", "BSN"), ("iban", "IBAN"), ("date_of_birth", "")])


class ExportForm(forms.Form):
    month = DateField(
        label="Maand",
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
    )
    board = forms.IntegerField(required=False, widget=forms.HiddenInput)
    format = forms.ChoiceField(label="Formaat", choices=[("xlsx", "Excel (XLSX)"), ("csv", "CSV")])
