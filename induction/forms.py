from __future__ import annotations

from typing import Any

from django import forms
from django.urls import reverse_lazy

from bos import limits
from bos.fields import NameField
from bos.models import Institute, SchoolLocation
from bos.permissions import Scope
from bos.search_choice import SearchChoiceField, SearchSpec
from placements.models import Student

from .models import BlockState, BuildingBlock, StarterKind
from .selectors import coach_choices, editable_location_ids, former_students

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
