"""Who an event concerns: a meeting, an afternoon, an intervision group or a placement, as
plain ids.

A survey can hang on an event (surveys' audience) and then asks the event's own people. The
apps that own the events sit on floors the survey app cannot import, so each registers its
kind here in its `AppConfig.ready()` with `register(EventKind(...))`: the model's label
("<app label>.<model>"), a function giving one object's participants, one finding the object
for a user (raising the model's `DoesNotExist` when it is out of the user's scope: a 404),
and its page's address. `bos` imports no app: the data flows one way.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse

from .objectyear import year_of_object
from .permissions import can


@dataclass(frozen=True)
class Participants:
    """The people of one event: staff as (Person id, role value), students as the ids of
    their student records (placements' Student), each in the order the event lists them."""

    people: tuple[tuple[int, str], ...] = ()
    students: tuple[int, ...] = ()


@dataclass(frozen=True)
class EventKind:
    label: str
    participants: Callable[[Any], Participants]
    # The object for a user, or the model's DoesNotExist (out of scope: a 404).
    get: Callable[..., Any]
    url: Callable[[Any], str]


_KINDS: dict[str, EventKind] = {}


def register(kind: EventKind) -> None:
    _KINDS[kind.label.lower()] = kind


def kind_of(label: str) -> EventKind | None:
    """The registered kind of a model label ("app_label.model"), if any."""
    return _KINDS.get(label.lower())


def kind_for(obj: Any) -> EventKind | None:
    return kind_of(obj._meta.label_lower) if obj is not None else None


def evaluation_url(user: Any, obj: Any, template: str) -> str:
    """The address of a new survey linked to `obj` and made from `template`, for a user who
    may make surveys in the object's year while that year is open; "" otherwise (no link is
    shown)."""
    year = year_of_object(obj)
    if year is None or year.is_closed or not can(user, "survey.manage", year):
        return ""
    return survey_link(obj, template)


def survey_link(obj: Any, template: str) -> str:
    """The address of a new survey linked to `obj`, unchecked: for a list whose rows are
    all of one year the caller has checked once (`evaluation_url` checks each object)."""
    query = urlencode({"koppel": f"{obj._meta.label_lower}:{obj.pk}", "sjabloon": template})
    return f"{reverse('surveys:create')}?{query}"
