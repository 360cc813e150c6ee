"""What the placements forms share: date widgets, person choices and the choices of the user's
scope."""

from __future__ import annotations

from typing import Any

from django import forms

from bos.models import Person, SchoolLocation, SchoolYear
from bos.permissions import Scope

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Person) -> str:
        return f"{obj.full_name} ({obj.email})"


def _locations_for(scope: Scope) -> Any:
    if scope.sees_everything:
        return SchoolLocation.objects.filter(
            years__school_year=scope.year, years__is_member=True
        ).order_by("name")
    return SchoolLocation.objects.filter(pk__in=scope.so_location_ids).order_by("name")


def _people_with_role(role: str, year: SchoolYear | None, locations: Any) -> Any:
    return (
        Person.objects.filter(
            roles__role=role, roles__school_year=year, roles__locations__in=locations
        )
        .distinct()
        .order_by("last_name", "first_name")
    )


class HiddenWithoutId(forms.HiddenInput):
    """A hidden field without an id: a placement's page holds several small forms with a
    hidden version each, and one shared id would make the page's ids ambiguous."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs={**(attrs or {}), "id": False})
