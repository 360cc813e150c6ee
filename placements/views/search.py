"""The suggestions of the placements forms' search fields (bos.search_choice): the WPBs or
IOs a placement or offer form may pick, and the students an IO may propose."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse

from bos.models import SchoolYear
from bos.permissions import get_scope, require
from bos.search_choice import LOCATION_SEARCH, suggestions

from .. import selectors
from ..forms._common import PEOPLE_SEARCH
from ..forms.matching import STUDENT_SEARCH


def _id(raw: str) -> int | None:
    return int(raw) if raw.isdigit() and len(raw) < 12 else None


@require("placement.edit")
def people(request: HttpRequest, role: str) -> HttpResponse:
    """At most a few people of `role` whose name fits what was typed: of the user's
    locations in the header's year, or (`jaar`, `locatie`) of one placement's location and
    year, still within the user's locations. Names and schools only."""
    if role not in PEOPLE_SEARCH:
        raise Http404("Onbekende zoekvraag.")
    role_name, spec = PEOPLE_SEARCH[role]
    year_id = _id(request.GET.get("jaar", ""))
    year = SchoolYear.objects.filter(pk=year_id).first() if year_id is not None else None
    if year_id is not None and year is None:
        raise Http404("Onbekend schooljaar.")
    people = selectors.pickable_people(
        user=request.user,
        role=role_name,
        year=year,
        location_id=_id(request.GET.get("locatie", "")),
    )
    return suggestions(request, queryset=people, spec=spec)


@require("matching.propose")
def students(request: HttpRequest) -> HttpResponse:
    """Students of the user's institutes whose name or number fits what was typed: the
    proposal form's choices. Names and institutes only."""
    institute_ids = selectors._proposer_institute_ids(get_scope(request.user))
    queryset = selectors.proposable_students(institute_ids)
    return suggestions(request, queryset=queryset, spec=STUDENT_SEARCH)


@require("placement.edit")
def locations(request: HttpRequest) -> HttpResponse:
    """Schools of the user's scope whose name fits what was typed: the offer form's choice
    for those who see the whole region. Names only."""
    queryset = selectors.locations_in_scope(get_scope(request.user))
    return suggestions(request, queryset=queryset, spec=LOCATION_SEARCH)
