from __future__ import annotations

from typing import Any

from django import forms

from bos import limits
from bos.fields import NameField
from bos.models import Institute, Person, Role, SchoolLocation
from bos.permissions import Scope
from placements.models import Student

from .models import BlockState, BuildingBlock, StarterKind
from .selectors import editable_location_ids

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Person) -> str:
        return obj.full_name


class StudentChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Student) -> str:
        return f"{obj.full_name} ({obj.institute.short_name} {obj.student_number})"


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
    former_student = StudentChoice(
        label="Oud-student (bij een oud-student van de opleidingsschool)",
        queryset=Student.objects.none(),
        required=False,
    )
    coach = PersonChoice(label="Coach", queryset=Person.objects.none(), required=False)
    induction_year = forms.TypedChoiceField(
        label="Inductiejaar", choices=[(1, "1"), (2, "2"), (3, "3")], coerce=int, initial=1
    )
    hired_on = forms.DateField(label="In dienst sinds", widget=DATE_WIDGET)

    def __init__(self, *args: Any, scope: Scope, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        locations = _locations(scope)
        self.fields["location"].queryset = locations
        # Former BOS students: those with a final placement at BOS, in any year.
        self.fields["former_student"].queryset = (
            Student.objects.filter(placements__is_final=True)
            .select_related("institute")
            .distinct()
            .order_by("last_name", "first_name")
        )
        self.fields["coach"].queryset = (
            Person.objects.filter(roles__school_year=scope.year)
            .exclude(roles__role__in=[Role.IO, Role.IC])
            .distinct()
            .order_by("last_name", "first_name")
        )


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
