"""Forms of places on offer and first-year reservations."""

from __future__ import annotations

from typing import Any

from django import forms
from django.urls import reverse_lazy

from bos.models import Role, SchoolLocation, SchoolYear
from bos.permissions import Scope
from bos.search_choice import LOCATION_SEARCH, SearchChoiceField

from ..models import StageLevel, TargetKind
from ..models.targets import REASON_MAX
from ..selectors import locations_in_scope, people_with_role
from ._common import DATE_WIDGET, person_search


class OfferForm(forms.Form):
    year = forms.ModelChoiceField(
        label="Schooljaar", queryset=SchoolYear.objects.none(), empty_label=None, required=False
    )
    location = forms.ModelChoiceField(label="Schoollocatie", queryset=SchoolLocation.objects.none())
    subject = forms.CharField(label="Vak", max_length=150)
    level = forms.ChoiceField(
        label="Stageniveau", choices=[("", "elk niveau"), *StageLevel.choices], required=False
    )
    places = forms.IntegerField(label="Aantal plaatsen", min_value=0, max_value=500)
    first_year_reserved = forms.IntegerField(
        label="Waarvan voor eerstejaars", min_value=0, max_value=500, initial=0
    )
    mentor = person_search(
        "werkplekbegeleider",
        label="Werkplekbegeleider (als al bekend)",
        required=False,
        help_text=(
            "Typ een deel van de naam of het e-mailadres en kies uit de gevonden "
            "werkplekbegeleiders. Leeg: nog te bepalen."
        ),
    )
    start_date = forms.DateField(label="Begindatum", widget=DATE_WIDGET, required=False)
    end_date = forms.DateField(label="Einddatum", widget=DATE_WIDGET, required=False)
    days = forms.CharField(
        label="Stagedagen", max_length=100, required=False, help_text="Bijv. maandag en donderdag."
    )

    def __init__(
        self, *args: Any, scope: Scope, years: list[SchoolYear] | None = None, **kwargs: Any
    ) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        locations = locations_in_scope(scope)
        if scope.sees_everything:
            # The whole region: a school is typed, not chosen from a select of every school
            # (decided by the reader's reach, so the page's size does not follow the data).
            self.fields["location"] = SearchChoiceField(
                spec=LOCATION_SEARCH,
                url=reverse_lazy("placements:location_search"),
                label="Schoollocatie",
                queryset=locations,
            )
        else:
            self.fields["location"].queryset = locations
        self.fields["mentor"].queryset = people_with_role(Role.WPB, scope.year, locations)
        year_ids = [year.pk for year in years or [scope.year] if year is not None]
        self.fields["year"].queryset = SchoolYear.objects.filter(pk__in=year_ids)
        if year_ids:
            self.fields["year"].initial = year_ids[0]


class ReservationForm(forms.Form):
    level = forms.ChoiceField(label="Stageniveau volgend jaar", choices=StageLevel.choices)


class TargetAdjustmentForm(forms.Form):
    """A school's adjusted target or growth step for a year, with the reason."""

    kind = forms.ChoiceField(
        label="Soort afspraak", choices=TargetKind.choices, widget=forms.RadioSelect
    )
    target = forms.IntegerField(
        label="Aantal studenten dit schooljaar",
        min_value=0,
        max_value=999,
        help_text="Het bijgestelde streefaantal, of de stap van het groeipad voor dit jaar.",
    )
    reason = forms.CharField(
        label="Reden",
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Bijvoorbeeld: de school krimpt; de stap naar het streefaantal is niet in "
        "één jaar haalbaar.",
    )
