"""Forms of the student's way through the partnership: a reflection for the portfolio and
the warm handover's request and answer."""

from __future__ import annotations

from typing import Any

from django import forms

from ..portfolio import TEXT_MAX, TITLE_MAX


class ReflectionForm(forms.Form):
    title = forms.CharField(label="Titel", max_length=TITLE_MAX)
    text = forms.CharField(
        label="Je reflectie",
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Wat deed je, wat leerde je, en wat is je volgende leervraag? Verwerk hier "
        "ook de feedback van je WPB, SO of IO.",
    )
    shared = forms.BooleanField(
        label="Delen met mijn begeleiders (WPB, SO en IO van deze stage)",
        required=False,
        help_text="Niet gedeeld? Dan leest alleen jij deze reflectie.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class HandoverRequestForm(forms.Form):
    message = forms.CharField(
        label="Je vraag aan de vorige schoolopleider",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Laat de student vooraf weten dat je de vorige school om de laatste "
        "beoordeling vraagt.",
    )
    student_informed = forms.BooleanField(label="De student weet dat ik dit vraag", required=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class HandoverAnswerForm(forms.Form):
    answer = forms.CharField(
        label="Je antwoord (de laatste beoordeling en wat de nieuwe school moet weten)",
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    document = forms.FileField(
        label="Beoordelingsformulier (PDF of Word, niet verplicht)", required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class StartMeetingForm(forms.Form):
    location = forms.ModelChoiceField(label="School", queryset=None, empty_label="kies de school")
    starts_at_date = forms.DateField(
        label="Datum", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    starts_at_time = forms.TimeField(
        label="Begintijd", widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    place = forms.CharField(label="Plaats", max_length=200)

    def __init__(self, *args: Any, locations: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["location"].queryset = locations
        self.fields["location"].label_from_instance = lambda location: location.name
