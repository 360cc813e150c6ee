"""Forms of the registers of students and mentors."""

from __future__ import annotations

from typing import Any

from django import forms

from bos import limits
from bos.fields import NameField, YearField
from bos.models import Institute, SchoolLocation
from bos.permissions import Scope

from ..models import Variant
from ..selectors import locations_in_scope

GRADE_CHOICES = [("", "onbekend"), (1, "eerstegraads"), (2, "tweedegraads")]


class StudentDataForm(forms.Form):
    """A student's own data, with the limits of the model and the Excel import."""

    first_name = NameField(label="Voornaam", max_length=limits.FIRST_NAME_MAX)
    last_name = NameField(label="Achternaam", max_length=limits.LAST_NAME_MAX)
    email = forms.EmailField(label="Officieel e-mailadres van het instituut", max_length=254)
    programme = forms.CharField(label="Opleiding (vak)", max_length=150)
    variant = forms.ChoiceField(label="Variant", choices=Variant.choices)
    is_zij_instromer = forms.BooleanField(label="Zij-instromer", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class StudentAddForm(StudentDataForm):
    location = forms.ModelChoiceField(
        label="Schoollocatie",
        queryset=SchoolLocation.objects.none(),
        help_text="De school die de student registreert.",
    )
    institute = forms.ModelChoiceField(label="Instituut", queryset=Institute.objects.all())
    student_number = forms.CharField(label="Studentnummer", max_length=30)

    field_order = ["location", "institute", "student_number"]

    def __init__(self, *args: Any, scope: Scope, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        locations = locations_in_scope(scope)
        self.fields["location"].queryset = locations
        if locations.count() == 1:
            self.fields["location"].initial = locations.first()
        self.order_fields(self.field_order)


class MentorDataForm(forms.Form):
    """A mentor's data of a year, with the limits of the Excel import."""

    first_name = NameField(label="Voornaam", max_length=limits.FIRST_NAME_MAX)
    last_name = NameField(label="Achternaam", max_length=limits.LAST_NAME_MAX)
    subjects = forms.CharField(label="Vakken", max_length=300, required=False)
    qualification_grade = forms.TypedChoiceField(
        label="Bevoegdheid",
        choices=GRADE_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
    )
    started_at_school = YearField(
        label="Werkzaam op de school sinds (jaar)", min_value=1950, max_value=2100, required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class MentorAddForm(MentorDataForm):
    email = forms.EmailField(label="E-mailadres", max_length=254)
    location = forms.ModelChoiceField(label="Schoollocatie", queryset=SchoolLocation.objects.none())
    confirm_staff = forms.BooleanField(
        label=(
            "Deze medewerker heeft al een andere rol in de opleidingsschool en wordt ook "
            "werkplekbegeleider"
        ),
        required=False,
    )

    field_order = [
        "email",
        "first_name",
        "last_name",
        "location",
        "subjects",
        "qualification_grade",
        "started_at_school",
        "confirm_staff",
    ]

    def __init__(self, *args: Any, scope: Scope, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        locations = locations_in_scope(scope)
        self.fields["location"].queryset = locations
        if locations.count() == 1:
            self.fields["location"].initial = locations.first()
        self.order_fields(self.field_order)
