"""Forms of the verdiepingsmiddagen. They only read input; the services validate the rules
and save."""

from __future__ import annotations

from typing import Any

from django import forms

from bos.models import Institute, Person, SchoolYear
from placements.models import StageLevel

from .models import RANKS, DeepeningAfternoon, MeetingMode, Workshop

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME_WIDGET = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class AfternoonForm(forms.Form):
    number = forms.IntegerField(label="Middag (nummer in het jaar)", min_value=1, max_value=20)
    date = forms.DateField(label="Datum", widget=DATE_WIDGET)
    start_time = forms.TimeField(label="Begintijd", required=False, widget=TIME_WIDGET)
    end_time = forms.TimeField(label="Eindtijd", required=False, widget=TIME_WIDGET)
    audience = forms.CharField(
        label="Doelgroep (omschrijving)",
        max_length=200,
        help_text="Zoals in het jaarverslag, bijv. 'Eerstejaars FLOT'.",
    )
    institutes = forms.ModelMultipleChoiceField(
        label="Instituten",
        queryset=Institute.objects.order_by("short_name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Niets aangevinkt: studenten van alle instituten, ook niet-partners.",
    )
    levels = forms.MultipleChoiceField(
        label="Stageniveaus",
        choices=StageLevel.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Niets aangevinkt: alle niveaus.",
    )
    cohort_start_from = forms.DateField(
        label="Cohort: stage begonnen vanaf",
        required=False,
        widget=DATE_WIDGET,
        help_text="Voor een herhaling van de middag voor studenten die later begonnen.",
    )
    cohort_start_until = forms.DateField(
        label="Cohort: stage begonnen tot en met", required=False, widget=DATE_WIDGET
    )
    choice_deadline = forms.DateField(
        label="Kiezen kan tot en met", required=False, widget=DATE_WIDGET
    )

    @classmethod
    def initial_for(cls, afternoon: DeepeningAfternoon) -> dict[str, Any]:
        return {
            "number": afternoon.number,
            "date": afternoon.date,
            "start_time": afternoon.start_time,
            "end_time": afternoon.end_time,
            "audience": afternoon.audience,
            "institutes": list(afternoon.institutes.all()),
            "levels": afternoon.levels,
            "cohort_start_from": afternoon.cohort_start_from,
            "cohort_start_until": afternoon.cohort_start_until,
            "choice_deadline": afternoon.choice_deadline,
        }


class WorkshopForm(forms.Form):
    theme = forms.CharField(label="Thema", max_length=300)
    description = forms.CharField(
        label="Omschrijving", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    leader = forms.ModelChoiceField(
        label="Workshopleider met een account",
        queryset=Person.objects.none(),
        required=False,
        help_text="Die kan dan zelf de presentielijst bijhouden.",
    )
    leader_name = forms.CharField(
        label="Of: naam van de workshopleider", max_length=200, required=False
    )
    capacity = forms.IntegerField(
        label="Aantal plaatsen",
        min_value=1,
        max_value=500,
        required=False,
        help_text="Leeg: geen maximum.",
    )
    mode = forms.ChoiceField(label="Vorm", choices=MeetingMode.choices, initial=MeetingMode.ON_SITE)
    location = forms.CharField(
        label="Locatie",
        max_length=300,
        required=False,
        help_text="Studenten zien de locatie pas na de publicatie van de indeling.",
    )
    online_link = forms.URLField(label="Link online bijeenkomst", required=False)

    def __init__(self, *args: Any, year: SchoolYear, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["leader"].queryset = (
            Person.objects.filter(roles__school_year=year).distinct().order_by("last_name")
        )

    @classmethod
    def initial_for(cls, workshop: Workshop) -> dict[str, Any]:
        return {
            name: getattr(workshop, name)
            for name in (
                "theme",
                "description",
                "leader",
                "leader_name",
                "capacity",
                "mode",
                "location",
                "online_link",
            )
        }


RANK_LABELS = {1: "Eerste keuze", 2: "Tweede keuze", 3: "Derde keuze"}


class ChoiceForm(forms.Form):
    """First, second and third choice; later choices may stay empty."""

    def __init__(self, *args: Any, options: list[Workshop], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ids = [w.pk for w in options]
        for rank in RANKS:
            field = forms.ModelChoiceField(
                label=RANK_LABELS[rank],
                queryset=Workshop.objects.filter(pk__in=ids).order_by("order", "pk"),
                required=rank == 1,
                empty_label="– kies een thema –",
            )
            field.label_from_instance = lambda w: w.theme
            self.fields[f"choice_{rank}"] = field

    def ranked(self) -> list[Workshop | None]:
        return [self.cleaned_data.get(f"choice_{rank}") for rank in RANKS]


class MoveForm(forms.Form):
    workshop = forms.ModelChoiceField(label="Naar workshop", queryset=Workshop.objects.none())

    def __init__(self, *args: Any, afternoon: DeepeningAfternoon, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["workshop"]
        field.queryset = afternoon.workshops.order_by("order", "pk")
        field.label_from_instance = lambda w: f"{w.theme} ({w.where})"


class AttendanceForm(forms.Form):
    attended = forms.TypedChoiceField(
        choices=[("1", "aanwezig"), ("0", "afwezig")], coerce=lambda v: v == "1"
    )


class WalkInSearchForm(forms.Form):
    q = forms.CharField(label="Naam of studentnummer", max_length=100, min_length=2)


class WalkInForm(forms.Form):
    student = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)


class EvaluationForm(forms.Form):
    score = forms.TypedChoiceField(
        label="Jouw cijfer voor de workshop",
        choices=[(str(n), f"{n}") for n in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
        help_text="1 = slecht, 5 = uitstekend.",
    )
    comment = forms.CharField(
        label="Opmerking", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    proposal = forms.CharField(
        label="Welk thema wil je op een volgende middag?", max_length=300, required=False
    )


class ProposalForm(forms.Form):
    theme = forms.CharField(label="Thema", max_length=300)
    explanation = forms.CharField(
        label="Waarom dit thema?", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
