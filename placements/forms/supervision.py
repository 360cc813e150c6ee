"""Forms of supervision: conversations, requests, signals, stopping, a second teacher and
the year's agreements."""

from __future__ import annotations

from typing import Any

from django import forms

from bos import limits
from bos.fields import NameField
from bos.models import Person

from ..models import ConversationKind
from ._common import DATE_WIDGET

RECORDABLE_KINDS = [(k.value, k.label) for k in ConversationKind if k != ConversationKind.STOP]


class ConversationForm(forms.Form):
    kind = forms.ChoiceField(label="Soort gesprek", choices=RECORDABLE_KINDS)
    held_on = forms.DateField(label="Datum van het gesprek", widget=DATE_WIDGET)
    participants = forms.ModelMultipleChoiceField(
        label="Deelnemers (begeleiders)",
        queryset=Person.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    student_present = forms.BooleanField(label="Student aanwezig", required=False, initial=True)
    notes = forms.CharField(
        label="Korte aantekeningen (de student leest mee)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    confidential_notes = forms.CharField(
        label="Vertrouwelijke aantekening (alleen SO en IO)",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    request_id = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, people: list[Person], confidential: bool, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["participants"].queryset = Person.objects.filter(
            pk__in=[p.pk for p in people]
        ).order_by("last_name")
        self.fields["participants"].label_from_instance = lambda p: p.full_name
        if not confidential:
            del self.fields["confidential_notes"]


class RequestForm(forms.Form):
    kind = forms.ChoiceField(label="Soort gesprek", choices=RECORDABLE_KINDS)
    text = forms.CharField(
        label="Waarover wil je het hebben?", widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class SignalForm(forms.Form):
    areas = forms.CharField(
        label="Waarin moet de student zich ontwikkelen? (de student krijgt dit per e-mail)",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    review_on = forms.DateField(label="Opnieuw bekijken op", widget=DATE_WIDGET, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class StopNoProspectForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    held_on = forms.DateField(label="Datum van het gesprek (stopdatum)", widget=DATE_WIDGET)
    participants = forms.ModelMultipleChoiceField(
        label="Deelnemers", queryset=Person.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    decided_by = forms.ModelChoiceField(
        label="Besloten door", queryset=Person.objects.none(), empty_label="kies wie besloot"
    )
    decision = forms.CharField(label="Besluit en reden", widget=forms.Textarea(attrs={"rows": 3}))
    notes = forms.CharField(
        label="Aantekeningen van het gesprek",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def __init__(self, *args: Any, people: list[Person], **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        queryset = Person.objects.filter(pk__in=[p.pk for p in people]).order_by("last_name")
        for name in ("participants", "decided_by"):
            self.fields[name].queryset = queryset
            self.fields[name].label_from_instance = lambda p: p.full_name


class SecondTeacherForm(forms.Form):
    email = forms.EmailField(label="E-mailadres van de vakgenoot")
    first_name = NameField(label="Voornaam vakgenoot", max_length=limits.FIRST_NAME_MAX)
    last_name = NameField(label="Achternaam vakgenoot", max_length=limits.LAST_NAME_MAX)
    subjects = forms.CharField(label="Vak(ken)", max_length=300, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
