from __future__ import annotations

from typing import Any

from django import forms
from django.urls import reverse_lazy
from django.utils.text import capfirst

from bos import limits
from bos.fields import DutchDecimalField, NameField
from bos.models import Institute, SchoolLocation
from bos.permissions import Scope
from bos.search_choice import SearchChoiceField, SearchSpec
from library.models import Document
from placements.models import Student

from .models import (
    BlockState,
    BuildingBlock,
    InductionPolicy,
    LeavingReason,
    MeasureState,
    StarterKind,
)
from .selectors import coach_choices, editable_location_ids, former_students, programme_locations

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _student_label(student: Student) -> str:
    return f"{student.full_name} ({student.institute.short_name})"


# The starter form's search fields (bos.search_choice), by the slug of their suggestions'
# URL (induction:search).
SEARCHES: dict[str, SearchSpec] = {
    "coach": SearchSpec(noun="coach", plural="coaches"),
    "oud-student": SearchSpec(
        noun="oud-student",
        plural="oud-studenten",
        exact=("student_number", "email"),
        exact_hint="het studentnummer",
        describe=_student_label,
    ),
}


def _search(slug: str, **kwargs: Any) -> SearchChoiceField:
    return SearchChoiceField(
        spec=SEARCHES[slug], url=reverse_lazy("induction:search", args=[slug]), **kwargs
    )


def _locations(scope: Scope) -> Any:
    allowed = editable_location_ids(scope)
    qs = SchoolLocation.objects.filter(years__school_year=scope.year, years__is_member=True)
    if allowed is not None:
        qs = qs.filter(pk__in=allowed)
    return qs.order_by("name")


class StarterForm(forms.Form):
    location = forms.ModelChoiceField(label="School", queryset=SchoolLocation.objects.none())
    first_name = NameField(label="Voornaam", max_length=limits.FIRST_NAME_MAX)
    last_name = NameField(label="Achternaam", max_length=limits.LAST_NAME_MAX)
    email = forms.EmailField(label="E-mailadres", required=False)
    subject = forms.CharField(label="Vak", max_length=150)
    kind = forms.ChoiceField(label="Soort starter", choices=StarterKind.choices)
    former_student = _search(
        "oud-student",
        label="Oud-student (bij een oud-student van de opleidingsschool)",
        required=False,
    )
    coach = _search("coach", label="Coach", required=False)
    induction_year = forms.TypedChoiceField(
        label="Inductiejaar", choices=[(1, "1"), (2, "2"), (3, "3")], coerce=int, initial=1
    )
    hired_on = forms.DateField(label="In dienst sinds", widget=DATE_WIDGET)

    def __init__(self, *args: Any, scope: Scope, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        locations = _locations(scope)
        self.fields["location"].queryset = locations
        self.fields["former_student"].queryset = former_students()
        self.fields["coach"].queryset = coach_choices(scope)


class StudentRegistrationForm(forms.Form):
    institute = forms.ModelChoiceField(label="Instituut", queryset=Institute.objects.all())
    student_number = forms.CharField(label="Studentnummer", max_length=30)
    programme = forms.CharField(label="Opleiding (vak)", max_length=150, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class BlockForm(forms.Form):
    location = forms.ModelChoiceField(label="School", queryset=SchoolLocation.objects.none())
    block = forms.ChoiceField(label="Bouwsteen", choices=BuildingBlock.choices)
    state = forms.ChoiceField(label="Status", choices=BlockState.choices)
    note = forms.CharField(label="Toelichting", max_length=300, required=False)

    def __init__(self, *args: Any, scope: Scope, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["location"].queryset = _locations(scope)


# --- The programme around each starter ----------------------------------------------------


class PlanForm(forms.Form):
    goals = forms.CharField(
        label="Leerdoelen",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Kwaliteiten, leerdoelen en ambities in relatie tot het bekwaamheidsniveau.",
    )
    agreements = forms.CharField(
        label="Afspraken",
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Hoe de starter eraan werkt: begeleiding, observaties, intervisie.",
    )
    review_on = forms.DateField(label="Evaluatie op", widget=DATE_WIDGET)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class MeasuresForm(forms.Form):
    """The checklist of workload measures: per measure a choice of three, as radio buttons
    in a fieldset each (the measure is the legend)."""

    def __init__(self, *args: Any, rows: list[Any], **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.rows = rows
        for row in rows:
            self.fields[f"m_{row.measure.value}"] = forms.ChoiceField(
                label=row.label,
                choices=MeasureState.choices,
                initial=row.state,
                widget=forms.RadioSelect,
            )

    def states(self) -> dict[str, str]:
        return {name[2:]: value for name, value in self.cleaned_data.items()}

    def checklist(self) -> list[tuple[Any, Any]]:
        return [(row, self[f"m_{row.measure.value}"]) for row in self.rows]


class ExitForm(forms.Form):
    left_on = forms.DateField(label="Vertrokken op", widget=DATE_WIDGET)
    reason = forms.ChoiceField(label="Reden van vertrek", choices=LeavingReason.choices)
    notes = forms.CharField(
        label="Aantekeningen",
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Ervaringen met het lesgeven en adviezen voor het inductieprogramma.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class IntroMeetingForm(forms.Form):
    location = forms.ModelChoiceField(label="School", queryset=SchoolLocation.objects.none())
    date = forms.DateField(label="Datum", widget=DATE_WIDGET)
    note = forms.CharField(label="Toelichting", max_length=300, required=False)

    def __init__(self, *args: Any, scope: Scope, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["location"].queryset = programme_locations(scope)


class AttendanceForm(forms.Form):
    """Per invited starter: present, absent or not yet known."""

    CHOICES = [("", "nog niet bekend"), ("1", "aanwezig"), ("0", "afwezig")]

    def __init__(self, *args: Any, invitations: list[Any], **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.invitations = invitations
        for invitation in invitations:
            initial = "" if invitation.present is None else ("1" if invitation.present else "0")
            self.fields[f"s_{invitation.starter_id}"] = forms.ChoiceField(
                label=invitation.starter.full_name,
                choices=self.CHOICES,
                initial=initial,
                required=False,
                widget=forms.RadioSelect,
            )

    def present(self) -> dict[int, bool | None]:
        return {
            int(name[2:]): (None if value == "" else value == "1")
            for name, value in self.cleaned_data.items()
        }

    def rows(self) -> list[tuple[Any, Any]]:
        return [(inv, self[f"s_{inv.starter_id}"]) for inv in self.invitations]


class InductionPolicyForm(forms.ModelForm):
    class Meta:
        model = InductionPolicy
        fields = [
            "reduction_first_year_pct",
            "reduction_second_year_pct",
            "coach_hours_first_year",
            "coach_hours_later_years",
            "information_package",
        ]
        localized_fields = "__all__"
        field_classes = dict.fromkeys(
            [
                "reduction_first_year_pct",
                "reduction_second_year_pct",
                "coach_hours_first_year",
                "coach_hours_later_years",
            ],
            DutchDecimalField,
        )

    def __init__(self, *args: Any, year: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.label = capfirst(field.label)
        self.fields["information_package"].queryset = Document.objects.filter(
            school_year=year
        ).order_by("title")
