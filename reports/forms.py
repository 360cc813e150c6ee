from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from bos.fields import DateField, ModelChoiceField
from bos.models import Institute, Person, SchoolBoard
from governance.forms import DecisionChoiceField
from governance.selectors import decision_choices

from . import indicators
from .budget_import import BUDGET_LIMITS
from .models import (
    ActualEntry,
    ActualSource,
    Budget,
    BudgetLine,
    EvidenceKind,
    Goal,
    LineKind,
    QualityStandard,
    RateKind,
)
from .quality import EVIDENCE_FIGURES


class BudgetForm(forms.ModelForm):
    class Meta:
        model = Budget
        fields = ["income_label", "income_amount", "reserve_carried_in"]


class BudgetLineForm(forms.ModelForm):
    section_name = forms.CharField(label="Onderdeel", max_length=200)

    class Meta:
        model = BudgetLine
        fields = [
            "section_name",
            "name",
            "kind",
            "fte",
            "hours",
            "amount",
            "rate_kind",
            "half_paid",
            "actual_source",
            "note",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["section_name"].initial = self.instance.section.name

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        kind = data.get("kind")
        needed = {LineKind.FTE: "fte", LineKind.HOURS: "hours", LineKind.AMOUNT: "amount"}
        field = needed.get(kind)
        if field and data.get(field) is None:
            self.add_error(field, "Vul dit in voor deze soort regel.")
        for name, value in (
            ("fte", data.get("fte")),
            ("hours", data.get("hours")),
            ("amount", data.get("amount")),
        ):
            if value is not None and value < 0:
                self.add_error(name, "Een negatief getal is hier niet mogelijk.")
        if data.get("actual_source") == ActualSource.BONUS and kind in (
            LineKind.FTE,
            LineKind.HOURS,
        ):
            self.add_error(
                "actual_source", "De bonusregel hoort bij een bedrag of een niet begrote regel."
            )
        return data


class ActualEntryForm(forms.ModelForm):
    class Meta:
        model = ActualEntry
        fields = ["date", "description", "hours", "amount", "rate_kind"]
        field_classes = {"date": DateField}
        widgets = {"date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        hours, amount = data.get("hours"), data.get("amount")
        if (hours is None) == (amount is None):
            raise forms.ValidationError(
                "Vul uren of een bedrag in, niet allebei en niet geen van beide."
            )
        if (hours is not None and hours <= 0) or (amount is not None and amount == 0):
            raise forms.ValidationError(
                "Uren moeten groter dan nul zijn en een bedrag mag niet nul zijn."
            )
        return data

    def validate_constraints(self, exclude: Any = None) -> None:
        # The line is set by the service; the constraint is checked there.
        return None


class BudgetImportForm(forms.Form):
    file = forms.FileField(
        label="Excel-bestand (.xlsx)",
        help_text=(
            "Tabblad 'Begroting' met de kolommen onderdeel, regel, soort (fte, uren, bedrag, "
            "geen), fte, uren, bedrag, tarief (uurtarief, administratief), helft (ja/nee), "
            "toelichting; optioneel tabblad 'Realisatie' met onderdeel, regel, datum, "
            "omschrijving, uren, bedrag, tarief."
        ),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError("Alleen .xlsx-bestanden kunnen worden ingelezen.")
        if upload.size > BUDGET_LIMITS.max_bytes:
            raise forms.ValidationError("Het bestand is groter dan 2 MB.")
        return upload


__all__ = ["ActualEntryForm", "BudgetForm", "BudgetImportForm", "BudgetLineForm", "RateKind"]


class GoalForm(forms.ModelForm):
    indicator = forms.ChoiceField(
        label="Indicator",
        required=False,
        help_text="Optioneel: de status wordt dan berekend uit de cijfers van het jaar.",
    )

    class Meta:
        model = Goal
        fields = [
            "chapter",
            "description",
            "owner",
            "owner_role",
            "status",
            "explanation",
            "indicator",
            "comparison",
            "target",
            "tolerance_percent",
        ]
        localized_fields = ["target", "tolerance_percent"]
        widgets = {"explanation": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = [("", "geen indicator"), *indicators.choices()]
        self.fields["tolerance_percent"].min_value = 0

    def clean_tolerance_percent(self) -> Decimal:
        value = self.cleaned_data["tolerance_percent"]
        if value is not None and value < 0:
            raise forms.ValidationError("De marge kan niet negatief zijn.")
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("indicator"):
            if not data.get("comparison"):
                self.add_error("comparison", "Kies ≥ of ≤ bij een indicator.")
            if data.get("target") is None and "target" not in self.errors:
                self.add_error("target", "Vul een streefwaarde in bij een indicator.")
        return data


class GoalStatusForm(forms.ModelForm):
    class Meta:
        model = Goal
        fields = ["status", "explanation"]
        widgets = {"explanation": forms.Textarea(attrs={"rows": 3})}


class StandardForm(forms.ModelForm):
    class Meta:
        model = QualityStandard
        fields = ["code", "title", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class EvidenceForm(forms.Form):
    kind = forms.ChoiceField(label="Soort bewijs", choices=EvidenceKind.choices)
    figure = forms.ChoiceField(label="Figuur", required=False)
    # The year's documents (library.selectors.documents_of_year) are set per form.
    document = ModelChoiceField(label="Document", queryset=None, required=False)
    goal = ModelChoiceField(label="Doel", queryset=Goal.objects.none(), required=False)
    note = forms.CharField(label="Toelichting", max_length=300, required=False)

    def __init__(self, *args: Any, documents: Any, goals: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["figure"].choices = [("", "—"), *EVIDENCE_FIGURES.items()]
        self.fields["document"].queryset = documents
        self.fields["goal"].queryset = goals

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        kind = data.get("kind")
        needed = {
            EvidenceKind.FIGURE: ("figure", "Kies een figuur."),
            EvidenceKind.DOCUMENT: ("document", "Kies een document."),
            EvidenceKind.GOAL: ("goal", "Kies een doel."),
        }.get(kind)
        if needed and not data.get(needed[0]) and needed[0] not in self.errors:
            self.add_error(needed[0], needed[1])
        return data


class ChapterForm(forms.Form):
    """A chapter's text in Markdown; the foreword and summary have one text. The author
    (a kernteam member of the year) is chosen by the projectleider only."""

    introduction = forms.CharField(label="Inleiding", required=False, widget=forms.Textarea)
    went_well = forms.CharField(label="Wat ging goed", required=False, widget=forms.Textarea)
    attention_points = forms.CharField(
        label="Aandachtspunten", required=False, widget=forms.Textarea
    )
    outlook = forms.CharField(label="Vooruitblik", required=False, widget=forms.Textarea)
    author = ModelChoiceField(
        label="Auteur (kernteam)",
        queryset=None,
        required=False,
        help_text="Dit kernteamlid mag het hoofdstuk schrijven.",
    )

    def __init__(self, *args: Any, single: bool, authors: Any | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if single:
            self.fields["introduction"].label = "Tekst"
            for name in ("went_well", "attention_points", "outlook"):
                del self.fields[name]
        help_text = "Markdown. Zet [[figuur:7]] op een eigen regel om figuur 7 te tonen."
        self.fields["introduction"].help_text = help_text
        if authors is None:
            del self.fields["author"]
        else:
            self.fields["author"].queryset = authors


class BudgetAdoptForm(forms.Form):
    """Adopt the budget's current lines: the decision that adopts them (required) and the
    date, the decision's own date when left empty."""

    adopted_on = DateField(
        label="Vastgesteld op",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="Leeg laten voor de datum van het besluit.",
    )

    def __init__(self, *args: Any, user: Any, year: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["decision"] = DecisionChoiceField(
            label="Besluit",
            queryset=decision_choices(user=user, year=year),
            empty_label="Kies een besluit",
            help_text=(
                "Het besluit van de stuurgroep waarmee de begroting is vastgesteld. Staat het "
                "er niet bij? Leg het eerst vast in de besluitenlijst."
            ),
        )
        self.order_fields(["decision", "adopted_on"])


class SupportStaffForm(forms.Form):
    """Someone who supports the partnership (figure 6's Ondersteuning): a person already
    known, or a new one by name and e-mail address."""

    person = ModelChoiceField(
        label="Bestaande persoon",
        queryset=None,
        required=False,
        empty_label="Nieuwe persoon (vul hieronder naam en e-mailadres in)",
    )
    first_name = forms.CharField(label="Voornaam", max_length=100, required=False)
    last_name = forms.CharField(label="Achternaam", max_length=100, required=False)
    email = forms.EmailField(label="E-mailadres", required=False)
    task = forms.CharField(
        label="Taak", max_length=200, help_text="Bijvoorbeeld: administratieve ondersteuning."
    )
    hours = forms.DecimalField(
        label="Uren", max_digits=8, decimal_places=1, min_value=0, required=False, localize=True
    )
    board = ModelChoiceField(label="Bestuur", queryset=None, required=False, empty_label="—")
    institute = ModelChoiceField(label="Instituut", queryset=None, required=False, empty_label="—")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.order_by("last_name", "first_name")
        self.fields["board"].queryset = SchoolBoard.objects.order_by("name")
        self.fields["institute"].queryset = Institute.objects.order_by("name")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("person") is None and not (
            data.get("first_name") and data.get("last_name") and data.get("email")
        ):
            raise forms.ValidationError(
                "Kies een bestaande persoon, of vul voornaam, achternaam en e-mailadres in."
            )
        return data
