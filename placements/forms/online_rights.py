"""The year's online-rights table (Besluit online rechten voor studenten) as a form: one row
form per row of the decision, in the order the rule reads them, and the decision's source
text. The formset turns the rows into the table the placement policy stores and checks it
with the rule's own reader, so a table the rule cannot apply is never saved."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from ..models import OnlineRightsGroup, PlacementPolicy, StageLevel
from ..online_rights import RightsRow, level_order, parse_online_rights_table

# A table longer than this is a mistake, not a decision (the decision of 2020 has 9 rows).
MAX_ROWS = 40
YES, NO = "ja", "nee"


def _yes_no(value: str) -> bool:
    return value == YES


def _choice_of(value: bool | None) -> str:
    return "" if value is None else (YES if value else NO)


class OnlineRightsRowForm(forms.Form):
    """One row: which placements it covers (levels, final or not, taster or not,
    institutes) and the group it gives."""

    row = forms.CharField(
        label="Uit het besluit",
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    levels = forms.MultipleChoiceField(
        label="Stageniveaus",
        choices=StageLevel.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Niets aangevinkt: elk stageniveau.",
    )
    final = forms.TypedChoiceField(
        label="Afrondende stage",
        choices=[
            ("", "maakt niet uit"),
            (YES, "alleen de afrondende stage"),
            (NO, "niet afrondend"),
        ],
        coerce=_yes_no,
        empty_value=None,
        required=False,
    )
    taster = forms.TypedChoiceField(
        label="Snuffelstage",
        choices=[
            ("", "maakt niet uit"),
            (YES, "alleen de snuffelstage"),
            (NO, "geen snuffelstage"),
        ],
        coerce=_yes_no,
        empty_value=None,
        required=False,
    )
    institutes = forms.MultipleChoiceField(
        label="Instituten",
        choices=(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Niets aangevinkt: elk instituut.",
    )
    group = forms.TypedChoiceField(
        label="Rechtengroep",
        choices=[("", "Kies een rechtengroep"), *OnlineRightsGroup.choices],
        coerce=int,
    )
    note = forms.CharField(
        label="Toelichting",
        max_length=300,
        required=False,
    )

    def __init__(self, *args: Any, institutes: Sequence[str] = (), **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["institutes"].choices = [(code, code) for code in institutes]

    def entry(self) -> dict[str, object]:
        """The row as the policy stores it: only what narrows the row, levels always (as the
        decision's table is stored), so an unchanged row compares equal."""
        data = self.cleaned_data
        entry: dict[str, object] = {
            "row": data["row"].strip(),
            "levels": sorted(data["levels"], key=level_order),
            "group": data["group"],
        }
        for name in ("final", "taster"):
            if data[name] is not None:
                entry[name] = data[name]
        if data["institutes"]:
            entry["institutes"] = sorted(data["institutes"])
        if data["note"].strip():
            entry["note"] = data["note"].strip()
        return entry


class BaseOnlineRightsFormSet(forms.BaseFormSet):
    """The rows in the order given by "Volgorde" (first match wins); a removed row or an
    empty new one is left out. `table` is the stored form of what was posted."""

    table: list[dict[str, object]]

    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        form.fields["ORDER"].label = "Volgorde"
        form.fields["DELETE"].label = "Regel verwijderen"

    def clean(self) -> None:
        super().clean()
        # A post without its management form has no rows to read (Django says so itself).
        if any(self.errors) or not self.management_form.is_valid():
            return
        self.table = [form.entry() for form in self.ordered_forms]
        if not self.table:
            raise ValidationError(
                "De tabel heeft minstens één regel; zonder regels krijgt geen student een account."
            )
        try:
            parse_online_rights_table(self.table)
        except ValueError as exc:
            raise ValidationError(str(exc)) from exc


OnlineRightsFormSet = forms.formset_factory(
    OnlineRightsRowForm,
    formset=BaseOnlineRightsFormSet,
    extra=1,
    can_order=True,
    can_delete=True,
    max_num=MAX_ROWS,
    validate_max=True,
    absolute_max=MAX_ROWS + 10,
)


def initial_rows(rows: Sequence[RightsRow]) -> list[dict[str, object]]:
    """The table's rows as the row forms' initial values, numbered in their order."""
    return [
        {
            "row": row.row,
            "levels": sorted(row.levels, key=level_order),
            "final": _choice_of(row.final),
            "taster": _choice_of(row.taster),
            "institutes": sorted(row.institutes),
            "group": row.group.value,
            "note": row.note,
            "ORDER": number,
        }
        for number, row in enumerate(rows, start=1)
    ]


class OnlineRightsSourceForm(forms.Form):
    """The decision the table comes from (its text under the table)."""

    online_rights_source = forms.CharField(
        label="Besluit waar de tabel uit komt",
        max_length=PlacementPolicy._meta.get_field("online_rights_source").max_length,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Staat onder de tabel, op het beleid en bij de ICT-lijst.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
