"""Forms of the policy pages. Amounts are entered the Dutch way (125,00); the stipend tables
as one line per row ("2 = 250,00")."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import capfirst

from bos.fields import DutchDecimalField, DutchIntegerField

from .models import CountBasis, Policy
from .services import POLICY_FIELDS

TABLE_FIELDS = ("stipend_day_rates", "stipend_study_year_rates")


def _decimal(text: str) -> Decimal:
    text = text.replace("€", "").strip()
    if "," in text:
        # Dutch notation: '.' groups thousands, ',' is the decimal mark.
        text = text.replace(".", "").replace(",", ".")
    value = Decimal(text)
    if not value.is_finite():
        raise InvalidOperation
    return value


def parse_table(text: str, *, key_label: str, integer_keys: bool) -> list[tuple[Any, Decimal]]:
    """Lines "key = amount" → sorted (key, amount) pairs; ValidationError in Dutch."""
    rows: list[tuple[Any, Decimal]] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        if "=" not in line:
            raise ValidationError(
                f"Regel {number}: schrijf '{key_label} = bedrag', bijvoorbeeld '2 = 250,00'."
            )
        key_text, amount_text = (part.strip() for part in line.split("=", 1))
        try:
            key: Any = int(key_text) if integer_keys else _decimal(key_text)
            amount = _decimal(amount_text)
        except (ValueError, InvalidOperation):
            raise ValidationError(f"Regel {number}: '{line}' is geen geldig getal.") from None
        if key < 0 or amount < 0:
            raise ValidationError(f"Regel {number}: negatieve waarden zijn niet toegestaan.")
        rows.append((key, amount))
    keys = [key for key, _ in rows]
    if len(set(keys)) != len(keys):
        raise ValidationError(f"Elke {key_label} mag maar één keer voorkomen.")
    return sorted(rows)


def format_table(rows: list[dict[str, str]], key: str) -> str:
    lines = []
    for row in rows or []:
        amount = f"{Decimal(str(row['monthly'])):.2f}".replace(".", ",")
        lines.append(f"{row[key]} = {amount}")
    return "\n".join(lines)


class PolicyForm(forms.ModelForm):
    stipend_day_rates = forms.CharField(
        label="Maandbedrag per minimaal aantal dagen per week",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Eén regel per rij: dagen = bedrag, bijvoorbeeld '2 = 250,00'.",
    )
    stipend_study_year_rates = forms.CharField(
        label="Maandbedrag per studiejaar",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Eén regel per rij: studiejaar = bedrag, bijvoorbeeld '3 = 250,00'.",
    )

    class Meta:
        model = Policy
        fields = list(POLICY_FIELDS)
        localized_fields = "__all__"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The models' names are lower case; a label and the error summary start with a capital.
        for field in self.fields.values():
            field.label = capfirst(field.label)
        if not self.is_bound and self.instance.pk:
            self.initial["stipend_day_rates"] = format_table(
                self.instance.stipend_day_rates, "min_days"
            )
            self.initial["stipend_study_year_rates"] = format_table(
                self.instance.stipend_study_year_rates, "study_year"
            )

    def clean_stipend_day_rates(self) -> list[dict[str, str]]:
        rows = parse_table(
            self.cleaned_data["stipend_day_rates"], key_label="aantal dagen", integer_keys=False
        )
        amounts = [amount for _, amount in rows]
        if amounts != sorted(amounts):
            raise ValidationError("Meer dagen mag nooit een lager bedrag geven.")
        return [
            {"min_days": format(days.normalize(), "f"), "monthly": f"{amount:.2f}"}
            for days, amount in rows
        ]

    def clean_stipend_study_year_rates(self) -> list[dict[str, Any]]:
        rows = parse_table(
            self.cleaned_data["stipend_study_year_rates"],
            key_label="studiejaar",
            integer_keys=True,
        )
        return [{"study_year": year, "monthly": f"{amount:.2f}"} for year, amount in rows]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("stipend_enabled"):
            if data.get("stipend_basis") == "days" and not data.get("stipend_day_rates"):
                self.add_error("stipend_day_rates", "Vul de tabel met bedragen per dag in.")
            if data.get("stipend_basis") == "study_year" and not data.get(
                "stipend_study_year_rates"
            ):
                self.add_error("stipend_study_year_rates", "Vul de bedragen per studiejaar in.")
        return data


class GrantedHoursForm(forms.Form):
    hours = DutchDecimalField(
        label="Toegekende uren",
        min_value=Decimal(0),
        max_digits=7,
        decimal_places=1,
        localize=True,
        error_messages={"invalid": "Vul een aantal uren in, bijvoorbeeld 380 of 380,5."},
    )
    note = forms.CharField(label="Toelichting", max_length=300, required=False)


class YearForm(forms.Form):
    jaar = forms.ChoiceField(label="Schooljaar")

    def __init__(self, *args: Any, years: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["jaar"].choices = [(name, name) for name in years]


class CountBasisForm(forms.Form):
    basis = forms.ChoiceField(label="Telwijze", choices=CountBasis.choices)
    agreed_count = DutchIntegerField(
        label="Afgesproken aantal",
        min_value=0,
        max_value=100_000,
        required=False,
        error_messages={"invalid": "Vul een geheel aantal studenten in."},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("basis") == CountBasis.AGREED and data.get("agreed_count") is None:
            self.add_error("agreed_count", "Vul het afgesproken aantal studenten in.")
        return data
