from __future__ import annotations

from typing import Any

import django_filters
from django import forms

from bos.models import SchoolLocation

from .models import PlanningEvent
from .sources import AUDIENCES, Kind


class PlanningEventForm(forms.ModelForm):
    audience = forms.MultipleChoiceField(
        label="Voor wie",
        choices=list(AUDIENCES.items()),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Niets aangevinkt: voor iedereen in de opleidingsschool.",
    )
    locations = forms.ModelMultipleChoiceField(
        label="Scholen",
        queryset=SchoolLocation.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Niets aangevinkt: voor de hele opleidingsschool.",
    )

    class Meta:
        model = PlanningEvent
        fields = [
            "kind",
            "title",
            "date",
            "start_time",
            "end_time",
            "place",
            "description",
            "audience",
            "locations",
        ]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "start_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "end_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("start_time"), data.get("end_time")
        if end is not None and start is None:
            self.add_error("end_time", "Een eindtijd hoort bij een begintijd.")
        elif start is not None and end is not None and end <= start:
            self.add_error("end_time", "De eindtijd ligt na de begintijd.")
        return data


class CalendarFilter(django_filters.FilterSet):
    """Filters of the calendar. The events are not one queryset (they come from every
    app's source), so the filterset only validates; `selectors.apply_filter` filters."""

    soort = django_filters.ChoiceFilter(label="Soort", choices=Kind.choices, empty_label="Alle")
    voor = django_filters.ChoiceFilter(
        label="Voor wie", choices=list(AUDIENCES.items()), empty_label="Alle"
    )
    school = django_filters.ModelChoiceFilter(
        label="School", queryset=SchoolLocation.objects.none(), empty_label="Alle"
    )
    schoolnaam = django_filters.CharFilter(
        label="School (deel van de naam)", max_length=100, method="own_only"
    )
    eigen = django_filters.BooleanFilter(
        label="Alleen mijn eigen data",
        widget=forms.CheckboxInput,
        method="own_only",
    )

    def __init__(self, *args: Any, locations: Any = None, **kwargs: Any) -> None:
        """`locations`: the schools a reader chooses from (their own); None for those who see
        the whole partnership, who type part of a school's name instead: a region has too
        many schools for one list."""
        super().__init__(*args, **kwargs)
        # Before the form is built: it is made from the filters that remain.
        if locations is None:
            del self.filters["school"]
        else:
            del self.filters["schoolnaam"]
            self.filters["school"].queryset = locations

    def own_only(self, queryset: Any, name: str, value: Any) -> Any:
        # Applied to the collected events by `selectors.apply_filter`, not to a queryset.
        return queryset

    @property
    def qs(self) -> Any:
        """The queryset unfiltered: the events are filtered by `selectors.apply_filter`
        from `form.cleaned_data`, because they come from every app's source."""
        return self.queryset
