"""Which school year a user works in.

Users with roles in several years switch years in the header. The choice travels in the URL
(`?jaar=2021-2022`, so a link or a bookmark opens the same year) and is kept in the login
session, so every later page honours it. `get_scope(user)` without a year returns the scope of
this chosen year. A year the user has no role in is a 404: its existence is not revealed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone

from . import objectyear
from .models import LocationYear, SchoolYear, User
from .permissions import (
    all_school_years,
    is_partnership_projectleider,
    pick_default_year,
    role_rows,
    scope_for_year,
)

SESSION_KEY = "bos_school_year"
QUERY_PARAMETER = "jaar"


@dataclass(frozen=True)
class YearChoice:
    """The year a request works in, and the years the user may switch to."""

    year: SchoolYear | None
    available: tuple[SchoolYear, ...]
    has_data: bool

    @property
    def can_switch(self) -> bool:
        return len(self.available) > 1


def available_years(user: User) -> list[SchoolYear]:
    """Years the user may open, newest first: every year for the admin and the partnership's
    projectleider, otherwise the years in which they hold a role or, for a student, have a
    placement."""
    if user.is_superuser:
        return all_school_years(user)
    person = getattr(user, "person", None)
    if person is not None and is_partnership_projectleider(person):
        return all_school_years(user)
    student = getattr(user, "student", None)
    own = {row[0] for row in role_rows(person)} if person is not None else set()
    if student is None:
        # The memoised years (one query a request) filtered by the role rows.
        return [year for year in all_school_years(user) if year.pk in own]
    years = SchoolYear.objects.annotate(
        has_data=Exists(LocationYear.objects.filter(school_year=OuterRef("pk")))
    ).order_by("-start_date")
    condition = Q(pk__in=own) | Q(placements__student=student)
    return list(years.filter(condition).distinct())


def default_year(user: User, years: list[SchoolYear]) -> SchoolYear | None:
    """Among the years in which the user has a role (or, for a student, a placement), the
    one that contains today, else the nearest future one, else the latest past one
    (`pick_default_year`); without any, the same among the years that hold data; an empty
    year only when no year has any (the layout then says so)."""
    today = timezone.localdate()
    person = getattr(user, "person", None)
    own = {row[0] for row in role_rows(person)} if person is not None else set()
    if not own and getattr(user, "student", None) is not None and not user.is_superuser:
        # A student's available years are the years of their placements.
        own = {year.pk for year in years}
    for wanted in (lambda y: y.pk in own, lambda y: y.has_data, lambda y: True):
        chosen = pick_default_year([year for year in years if wanted(year)], today)
        if chosen is not None:
            return chosen
    return None


def choose_year(request: HttpRequest) -> YearChoice:
    user = request.user
    years = available_years(user)
    by_name = {year.name: year for year in years}
    wanted = request.GET.get(QUERY_PARAMETER)
    year: SchoolYear | None = None
    if wanted:
        year = by_name.get(wanted)
        if year is None:
            raise Http404("Dit schooljaar bestaat niet of je hebt er geen rol in.")
        request.session[SESSION_KEY] = year.name
    else:
        kept = request.session.get(SESSION_KEY)
        year = by_name.get(kept) if kept else None
        if year is None:
            year = default_year(user, years)
    has_data = bool(getattr(year, "has_data", False)) if year is not None else False
    return YearChoice(year=year, available=tuple(years), has_data=has_data)


class SchoolYearMiddleware:
    """Attach the chosen year to the request (and to the user, where `get_scope` reads it)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., HttpResponse], view_args, view_kwargs
    ) -> None:
        user = getattr(request, "user", None)
        request.year_choice = None  # type: ignore[attr-defined]
        request.object_year = None  # type: ignore[attr-defined]
        if user is None or not user.is_authenticated:
            return None
        choice = choose_year(request)
        request.year_choice = choice  # type: ignore[attr-defined]
        if choice.year is not None:
            user.__dict__["_bos_selected_year"] = choice.year
        # A page about one object is judged in the object's own year (bos.objectyear).
        match = getattr(request, "resolver_match", None)
        year = objectyear.year_for_url(match.view_name if match else None, view_kwargs)
        if year is not None:
            request.object_year = year  # type: ignore[attr-defined]
            scope = scope_for_year(user, year)
            if not scope.roles:
                # No role in the object's year at all: its existence is not revealed.
                raise Http404("Niet gevonden.")
            user.__dict__["_bos_object_scope"] = scope
        return None
