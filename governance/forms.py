"""Forms of the decision log, and the "besluit" choice a policy form adds to itself."""

from __future__ import annotations

from typing import Any

from django import forms

from bos.models import SchoolYear
from library.models import Document

from . import selectors
from .models import Body, ChangeKind, DatePrecision, Decision

DECISION_FIELD = "besluit"


class AttachmentsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Document) -> str:
        return f"{obj.title} ({obj.get_kind_display().lower()})"


class DecisionForm(forms.Form):
    decided_on = forms.DateField(
        label="Datum",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="De dag van de vergadering. Alleen de maand bekend: een dag in die maand.",
    )
    date_precision = forms.ChoiceField(
        label="Hoe nauwkeurig is de datum?",
        choices=DatePrecision.choices,
        initial=DatePrecision.DAY,
    )
    body = forms.ChoiceField(label="Genomen door", choices=Body.choices)
    title = forms.CharField(label="Titel", max_length=200)
    text = forms.CharField(
        label="Besluit",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Wat is besloten, in een paar zinnen.",
    )
    attachments = AttachmentsField(
        label="Bijlagen uit de afspraken",
        queryset=Document.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Documenten van dit schooljaar waarin het besluit staat of die het vaststelt.",
    )

    def __init__(self, *args: Any, year: SchoolYear, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attachments"].queryset = Document.objects.filter(school_year=year).order_by(
            "kind", "title"
        )

    @classmethod
    def initial_of(cls, decision: Decision) -> dict[str, Any]:
        return {
            "decided_on": decision.decided_on,
            "date_precision": decision.date_precision,
            "body": decision.body,
            "title": decision.title,
            "text": decision.text,
            "attachments": list(decision.attachments.values_list("pk", flat=True)),
        }


class ChangeForm(forms.Form):
    kind = forms.ChoiceField(label="Soort", choices=ChangeKind.choices)
    label = forms.CharField(
        label="Wat wijzigt",
        max_length=300,
        help_text="Bijvoorbeeld ‘Begroting 2021-2022’ of ‘Richtlijnen facilitering SO’.",
    )
    old_value = forms.CharField(
        label="Oude waarde", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    new_value = forms.CharField(
        label="Nieuwe waarde", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class DecisionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Decision) -> str:
        return f"{obj.date_display}: {obj.title} ({obj.get_body_display().lower()})"


def add_decision_field(form: forms.BaseForm, *, user: Any, year: SchoolYear) -> bool:
    """Give a form that changes `year`'s settings an optional "besluit" choice: the decision
    the change follows. Only for someone who keeps the decision log; False when not added."""
    if not selectors.may_edit(user, year):
        return False
    form.fields[DECISION_FIELD] = DecisionChoiceField(
        label="Besluit",
        queryset=selectors.decision_choices(user=user, year=year),
        required=False,
        empty_label="Geen besluit",
        help_text=(
            "Het besluit waarop deze wijziging berust. De oude en nieuwe waarden komen bij "
            "het besluit te staan."
        ),
    )
    return True
