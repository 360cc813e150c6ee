"""What the placements forms share: date widgets, person choices and the choices of the user's
scope."""

from __future__ import annotations

from typing import Any

from django import forms
from django.urls import reverse_lazy

from bos.models import Person, Role
from bos.search_choice import SearchChoiceField, SearchSpec

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Person) -> str:
        return f"{obj.full_name} ({obj.email})"


# The people a placements form picks by search (bos.search_choice), by the slug of their
# suggestions' URL (placements:people_search): their role and how they are found.
PEOPLE_SEARCH: dict[str, tuple[str, SearchSpec]] = {
    "werkplekbegeleider": (
        Role.WPB,
        SearchSpec(noun="werkplekbegeleider", plural="werkplekbegeleiders"),
    ),
    "instituutsopleider": (
        Role.IO,
        SearchSpec(noun="instituutsopleider", plural="instituutsopleiders"),
    ),
}


def person_search(slug: str, **kwargs: Any) -> SearchChoiceField:
    """A search field for one of PEOPLE_SEARCH; the form sets its queryset (and, for one
    location or year, its params: `locatie`, `jaar`)."""
    return SearchChoiceField(
        spec=PEOPLE_SEARCH[slug][1],
        url=reverse_lazy("placements:people_search", args=[slug]),
        **kwargs,
    )


class HiddenWithoutId(forms.HiddenInput):
    """A hidden field without an id: a placement's page holds several small forms with a
    hidden version each, and one shared id would make the page's ids ambiguous."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs={**(attrs or {}), "id": False})
