"""Forms of matching: proposing a student, the application, the meeting and the decision."""

from __future__ import annotations

from typing import Any

from django import forms
from django.urls import reverse_lazy

from bos import limits
from bos.fields import DutchDecimalField, NameField
from bos.models import Institute, Role, SchoolLocation, SchoolYear
from bos.search_choice import SearchChoiceField, SearchSpec

from ..models import Student, Variant
from ..selectors import people_with_role, proposable_students
from ._common import DATE_WIDGET, person_search


def _student_label(student: Student) -> str:
    return f"{student.full_name} ({student.institute.short_name})"


# A student to propose, found by name, student number or e-mail (placements:student_search).
STUDENT_SEARCH = SearchSpec(
    noun="student",
    plural="studenten",
    exact=("student_number", "email"),
    exact_hint="het studentnummer",
    describe=_student_label,
)


class ProposeForm(forms.Form):
    """Propose a known student of the institute, or enter a new one."""

    student = SearchChoiceField(
        spec=STUDENT_SEARCH,
        url=reverse_lazy("placements:student_search"),
        label="Student",
        required=False,
        help_text=(
            "Typ een deel van de naam of het studentnummer en kies uit de gevonden studenten. "
            "Leeg: een nieuwe student, die je hieronder invult."
        ),
    )
    institute = forms.ModelChoiceField(
        label="Instituut (nieuwe student)", queryset=Institute.objects.none(), required=False
    )
    student_number = forms.CharField(label="Studentnummer", max_length=30, required=False)
    first_name = NameField(label="Voornaam", max_length=limits.FIRST_NAME_MAX, required=False)
    last_name = NameField(label="Achternaam", max_length=limits.LAST_NAME_MAX, required=False)
    email = forms.EmailField(label="E-mailadres van het instituut", required=False)
    programme = forms.CharField(label="Opleiding (vak)", max_length=150, required=False)
    variant = forms.ChoiceField(label="Variant", choices=Variant.choices, required=False)
    note = forms.CharField(
        label="Toelichting bij de voordracht",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def __init__(self, *args: Any, institute_ids: frozenset[int] | None, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        institutes = Institute.objects.all()
        if institute_ids is not None:
            institutes = institutes.filter(pk__in=institute_ids)
        self.fields["institute"].queryset = institutes
        self.fields["student"].queryset = proposable_students(institute_ids)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        # A typed name that found no one (or several) has its own message on the field.
        if data.get("student") is None and "student" not in self.errors:
            for name in (
                "institute",
                "student_number",
                "first_name",
                "last_name",
                "email",
                "programme",
                "variant",
            ):
                if not data.get(name):
                    self.add_error(name, "Vul dit in voor een nieuwe student.")
        return data


class ApplyForm(forms.Form):
    letter = forms.FileField(label="Motivatiebrief (PDF of Word)")
    cv = forms.FileField(label="Cv (PDF of Word)", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class MeetingForm(forms.Form):
    meeting_at = forms.DateTimeField(
        label="Datum en tijd van de kennismaking",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    place = forms.CharField(label="Plaats", max_length=limits.PLACE_MAX)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def clean_meeting_at(self) -> Any:
        # A far date cannot be converted between time zones (nor is it a real appointment).
        meeting_at = self.cleaned_data["meeting_at"]
        if meeting_at is not None and not 2000 <= meeting_at.year <= 2100:
            raise forms.ValidationError("Kies een datum tussen 2000 en 2100.")
        return meeting_at


class AcceptForm(forms.Form):
    start_date = forms.DateField(label="Begindatum", widget=DATE_WIDGET)
    end_date = forms.DateField(label="Einddatum", widget=DATE_WIDGET)
    days_per_week = DutchDecimalField(
        label="Dagen per week",
        min_value=0.5,
        max_value=5,
        decimal_places=1,
        max_digits=3,
        localize=True,
    )
    wpb = person_search(
        "werkplekbegeleider",
        label="Werkplekbegeleider",
        required=False,
        help_text=(
            "Typ een deel van de naam of het e-mailadres en kies uit de gevonden "
            "werkplekbegeleiders. Leeg: nog te bepalen."
        ),
    )
    institute_label = forms.CharField(
        label="Label van het instituut", max_length=30, required=False
    )
    is_final = forms.BooleanField(label="Afrondende stage", required=False)
    # Shown only once the service has refused a place reserved for first-years
    # (`ask_override`); until then it rides along hidden and empty.
    override_first_year = forms.BooleanField(
        label="Ik geef deze plaats voor eerstejaars bewust aan een hogerejaars",
        required=False,
        widget=forms.HiddenInput,
    )

    def ask_override(self) -> None:
        """Show the confirmation of a place reserved for first-years going to an
        upper-year student."""
        field = self.fields["override_first_year"]
        field.widget = forms.CheckboxInput()
        field.help_text = "Dit wordt met je naam vastgelegd in de audittrail."
        self._bound_fields_cache.pop("override_first_year", None)

    def __init__(
        self, *args: Any, year: SchoolYear, location: SchoolLocation, **kwargs: Any
    ) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        # The WPBs of the proposal's own location and year.
        wpb = self.fields["wpb"]
        wpb.queryset = people_with_role(
            Role.WPB, year, SchoolLocation.objects.filter(pk=location.pk)
        )
        wpb.params.update(jaar=year.pk, locatie=location.pk)


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label="Reden van de afwijzing", widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


# --- Supervision ----------------------------------------------------------------------
