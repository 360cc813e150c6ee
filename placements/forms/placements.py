"""Forms of a placement: registering, changing, stopping and switching. Choices come from the
user's scope, never from the post."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from bos import limits
from bos.fields import DateField, DutchDecimalField, NameField, YearField
from bos.models import Institute, Role, SchoolLocation, SchoolYear
from bos.permissions import Scope

from ..models import StageLevel, Variant
from ..selectors import locations_in_scope, people_with_role
from ._common import DATE_WIDGET, HiddenWithoutId, person_search


class PlacementRegisterForm(forms.Form):
    location = forms.ModelChoiceField(label="Schoollocatie", queryset=SchoolLocation.objects.none())
    # Student: found by institute and student number, created when new.
    institute = forms.ModelChoiceField(label="Instituut", queryset=Institute.objects.all())
    student_number = forms.CharField(label="Studentnummer", max_length=30)
    first_name = NameField(label="Voornaam", max_length=limits.FIRST_NAME_MAX)
    last_name = NameField(label="Achternaam", max_length=limits.LAST_NAME_MAX)
    email = forms.EmailField(label="Officieel e-mailadres van het instituut")
    programme = forms.CharField(label="Opleiding (vak)", max_length=150)
    variant = forms.ChoiceField(label="Variant", choices=Variant.choices)
    # Placement
    level = forms.ChoiceField(label="Stageniveau", choices=StageLevel.choices)
    institute_label = forms.CharField(
        label="Label van het instituut", max_length=30, required=False, help_text="bijv. PHP, N1"
    )
    start_date = DateField(label="Begindatum", widget=DATE_WIDGET)
    end_date = DateField(label="Einddatum", widget=DATE_WIDGET)
    days_per_week = DutchDecimalField(
        label="Dagen per week",
        min_value=0.5,
        max_value=5,
        decimal_places=1,
        max_digits=3,
        localize=True,
    )
    registered_on = DateField(
        label="Aangemeld op",
        widget=DATE_WIDGET,
        required=False,
        help_text="Leeg: vandaag, of de dichtstbijzijnde dag van het schooljaar",
    )
    is_final = forms.BooleanField(label="Afrondende stage", required=False)
    is_taster = forms.BooleanField(label="Snuffelstage (geen account)", required=False)
    io = person_search("instituutsopleider", label="Instituutsopleider", required=False)
    # WPB: an existing mentor of the location, or a new one.
    wpb = person_search("werkplekbegeleider", label="Bestaande werkplekbegeleider", required=False)
    wpb_email = forms.EmailField(label="E-mailadres nieuwe werkplekbegeleider", required=False)
    wpb_first_name = NameField(
        label="Voornaam WPB", max_length=limits.FIRST_NAME_MAX, required=False
    )
    wpb_last_name = NameField(
        label="Achternaam WPB", max_length=limits.LAST_NAME_MAX, required=False
    )
    wpb_subjects = forms.CharField(label="Vakken WPB", max_length=300, required=False)
    wpb_qualification_grade = forms.TypedChoiceField(
        label="Bevoegdheid WPB",
        choices=[("", "onbekend"), (1, "eerstegraads"), (2, "tweedegraads")],
        coerce=int,
        empty_value=None,
        required=False,
    )
    wpb_started_at_school = YearField(
        label="WPB werkzaam op de school sinds (jaar)",
        min_value=1950,
        max_value=2100,
        required=False,
    )
    wpb_confirm_staff = forms.BooleanField(
        label=(
            "Deze medewerker heeft al een andere rol in de opleidingsschool en wordt ook "
            "werkplekbegeleider"
        ),
        required=False,
    )
    four_eyes_exception = forms.CharField(
        label="Uitzondering vier-ogenprincipe (reden en rolverdeling)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def __init__(self, *args: Any, scope: Scope, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        locations = locations_in_scope(scope)
        self.fields["location"].queryset = locations
        self.fields["wpb"].queryset = people_with_role(Role.WPB, scope.year, locations)
        self.fields["io"].queryset = people_with_role(Role.IO, scope.year, locations)
        if locations.count() == 1:
            self.fields["location"].initial = locations.first()
        # The placement belongs to the chosen year: its default date lies inside that year.
        self.year = scope.year
        self.fields["registered_on"].initial = (
            limits.day_in_year(scope.year) if scope.year else timezone.localdate()
        )

    def clean_registered_on(self) -> Any:
        day = self.cleaned_data.get("registered_on")
        if self.year is not None:
            limits.validate_in_year(day, self.year)
        return day

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("wpb") and data.get("wpb_email"):
            self.add_error(
                "wpb_email", "Kies een bestaande werkplekbegeleider óf vul een nieuwe in."
            )
        if data.get("wpb_email") and not (data.get("wpb_first_name") and data.get("wpb_last_name")):
            self.add_error("wpb_first_name", "Vul de naam van de nieuwe werkplekbegeleider in.")
        return data


class StopForm(forms.Form):
    version = forms.IntegerField(widget=HiddenWithoutId)
    stopped_on = DateField(label="Gestopt op", widget=DATE_WIDGET)
    reason = forms.CharField(label="Reden", widget=forms.Textarea(attrs={"rows": 2}))


class SwitchForm(forms.Form):
    version = forms.IntegerField(widget=HiddenWithoutId)
    location = forms.ModelChoiceField(
        label="Nieuwe school (binnen de opleidingsschool)", queryset=SchoolLocation.objects.none()
    )
    switch_date = DateField(label="Eerste dag op de nieuwe school", widget=DATE_WIDGET)

    def __init__(self, *args: Any, year: SchoolYear, exclude_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["location"].queryset = (
            SchoolLocation.objects.filter(years__school_year=year, years__is_member=True)
            .exclude(pk=exclude_id)
            .order_by("name")
        )


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=HiddenWithoutId)


class PlacementEditForm(forms.Form):
    version = forms.IntegerField(widget=HiddenWithoutId)
    level = forms.ChoiceField(label="Stageniveau", choices=StageLevel.choices)
    institute_label = forms.CharField(
        label="Label van het instituut", max_length=30, required=False
    )
    start_date = DateField(label="Begindatum", widget=DATE_WIDGET)
    end_date = DateField(label="Einddatum", widget=DATE_WIDGET)
    days_per_week = DutchDecimalField(
        label="Dagen per week",
        min_value=0.5,
        max_value=5,
        decimal_places=1,
        max_digits=3,
        localize=True,
    )
    is_final = forms.BooleanField(label="Afrondende stage", required=False)
    wpb = person_search("werkplekbegeleider", label="Werkplekbegeleider", required=False)
    io = person_search("instituutsopleider", label="Instituutsopleider", required=False)
    four_eyes_exception = forms.CharField(
        label="Uitzondering vier-ogenprincipe (reden en rolverdeling)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def __init__(
        self, *args: Any, year: SchoolYear, location: SchoolLocation, **kwargs: Any
    ) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        locations = SchoolLocation.objects.filter(pk=location.pk)
        # The placement's own location and year: its suggestions are asked for those too.
        for name, role in (("wpb", Role.WPB), ("io", Role.IO)):
            self.fields[name].queryset = people_with_role(role, year, locations)
            self.fields[name].params.update(jaar=year.pk, locatie=location.pk)


# --- Registers of students and mentors ------------------------------------------------------
