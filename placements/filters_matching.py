"""Filters of the places on offer that an institute proposes students for."""

from __future__ import annotations

from typing import Any

import django_filters

from bos.models import SchoolLocation, SchoolYear

from .models import PlaceOffer, StageLevel


class OfferFilter(django_filters.FilterSet):
    school_year = django_filters.ModelChoiceFilter(
        label="Schooljaar", queryset=SchoolYear.objects.none(), empty_label="beide jaren"
    )
    subject = django_filters.CharFilter(label="Vak", lookup_expr="icontains")
    level = django_filters.ChoiceFilter(
        label="Niveau", choices=StageLevel.choices, empty_label="alle niveaus"
    )
    location = django_filters.ModelChoiceFilter(
        label="Locatie", queryset=SchoolLocation.objects.none(), empty_label="alle locaties"
    )

    class Meta:
        model = PlaceOffer
        fields = ["school_year", "subject", "level", "location"]

    def __init__(self, *args: Any, years: list[SchoolYear], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["school_year"].queryset = SchoolYear.objects.filter(
            pk__in=[year.pk for year in years]
        )
        self.filters["location"].queryset = SchoolLocation.objects.filter(
            years__school_year__in=years, years__is_member=True
        ).distinct()
        self.form.label_suffix = ""
