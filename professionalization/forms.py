"""Forms of professionalisation. Values only: the services check scope and rules."""

from __future__ import annotations

from typing import Any

from django import forms

from bos.models import Person, Role, SchoolLocation, SchoolYear

from .models import (
    ConversationKind,
    Meeting,
    ProfessionalizationPolicy,
    ReflectiveConversation,
    Theme,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def _people(year: SchoolYear, roles: list[str]) -> Any:
    return (
        Person.objects.filter(roles__school_year=year, roles__role__in=roles)
        .distinct()
        .order_by("last_name", "first_name")
    )


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Person) -> str:
        return obj.full_name


class MeetingForm(forms.ModelForm):
    leader = PersonChoiceField(queryset=Person.objects.none(), label="Leiding")

    class Meta:
        model = Meeting
        fields = [
            "theme",
            "date",
            "start_time",
            "end_time",
            "location",
            "capacity",
            "leader",
            "info_session",
            "info_topic",
            "drinks",
            "note",
        ]
        widgets = {
            "date": DATE,
            "start_time": TIME,
            "end_time": TIME,
            "note": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "date": "In principe op een donderdag.",
            "location": "Rouleer: niet twee keer achter elkaar dezelfde school.",
            "info_session": (
                "Kort online overleg of infosessie, aansluitend (standaard 16:15–17:00)."
            ),
        }

    def __init__(self, *args: Any, year: SchoolYear, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = Theme.objects.filter(school_year=year)
        self.fields["theme"].required = True
        self.fields["location"].queryset = SchoolLocation.objects.filter(
            years__school_year=year, years__is_member=True
        ).order_by("name")
        self.fields["leader"].queryset = _people(
            year, [Role.SO, Role.IO, Role.ONTWIKKELTEAM, Role.PROJECTLEIDER]
        )


class StartMeetingForm(forms.ModelForm):
    co_leader = PersonChoiceField(
        queryset=Person.objects.none(),
        label="Instituutsopleider (mede-organisator)",
        required=False,
    )

    class Meta:
        model = Meeting
        fields = ["date", "start_time", "end_time", "capacity", "co_leader", "note"]
        widgets = {
            "date": DATE,
            "start_time": TIME,
            "end_time": TIME,
            "note": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"date": "In VO-lesweek 2 of 3."}

    def __init__(
        self, *args: Any, year: SchoolYear, location: SchoolLocation, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["co_leader"].queryset = (
            Person.objects.filter(
                roles__school_year=year, roles__role=Role.IO, roles__locations=location
            )
            .distinct()
            .order_by("last_name")
        )


class PolicyForm(forms.ModelForm):
    class Meta:
        model = ProfessionalizationPolicy
        fields = [
            "velon_min_years",
            "window_years",
            "balance_tolerance",
            "default_start",
            "default_end",
            "info_start",
            "info_end",
            "default_capacity",
            "first_reminder_days",
            "second_reminder_days",
            "previous_evaluation",
        ]
        widgets = {
            "previous_evaluation": forms.Textarea(attrs={"rows": 4}),
            "default_start": TIME,
            "default_end": TIME,
            "info_start": TIME,
            "info_end": TIME,
        }


class ThemeForm(forms.ModelForm):
    class Meta:
        model = Theme
        fields = ["title", "level", "audience", "requires_experience", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}


class EvaluationForm(forms.Form):
    score = forms.TypedChoiceField(
        label="Waardering",
        choices=[(i, str(i)) for i in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
        help_text="1 = onvoldoende, 5 = uitstekend.",
    )
    comment = forms.CharField(
        label="Toelichting",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ConversationPlanForm(forms.Form):
    candidate = forms.ChoiceField(label="Collega")
    planned_on = forms.DateField(label="Gepland op", widget=DATE)

    def __init__(self, *args: Any, candidates: list[tuple[str, Person]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(ConversationKind.choices)
        self.fields["candidate"].choices = [
            (f"{kind}:{person.pk}", f"{person.full_name} ({labels[kind]})")
            for kind, person in candidates
        ]

    def parsed(self) -> tuple[str, int]:
        kind, person_id = self.cleaned_data["candidate"].split(":")
        return kind, int(person_id)


class ConversationForm(forms.ModelForm):
    class Meta:
        model = ReflectiveConversation
        fields = ["planned_on", "held_on", "notes"]
        widgets = {"planned_on": DATE, "held_on": DATE, "notes": forms.Textarea(attrs={"rows": 8})}
        help_texts = {
            "notes": "Alleen zichtbaar voor jullie tweeën. De projectleider ziet alleen of het "
            "gesprek is gehouden."
        }
