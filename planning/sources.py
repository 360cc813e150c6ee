"""The one interface through which every app puts its dated things on the year calendar.

The planning app never imports another app's models. Instead each app that has dates
(meetings, deadlines) owns a small *source*: a function that returns the school year's events
as plain `Event` values, and registers it once from its ``AppConfig.ready()``::

    # myapp/calendar.py
    from planning.sources import Event, register

    def events(year, scope):
        return [
            Event(
                uid=f"myapp-meeting-{meeting.pk}",      # stable: never changes for this thing
                title="Intervisie groep A",
                start=meeting.starts_at,                # aware datetime, or a date (all day)
                end=meeting.ends_at,                    # optional
                kind=Kind.INTERVISION,                  # see Kind below
                audience=frozenset({"student", "so"}),  # roles it is for; empty = everyone
                location_ids=frozenset({meeting.location_id}),
                person_ids=frozenset(),                 # people it concerns by name
                status=Status.CONFIRMED,                # or Status.CANCELLED
                public=True,                            # no personal data in title/place
            )
            for meeting in Meeting.objects.filter(school_year=year)
        ]

    # myapp/apps.py, in ready():
    from planning.sources import register
    from .calendar import events
    register("myapp", events)

Rules for a source:
- ``uid`` is stable across regenerations and unique over all sources (prefix it with the
  app's name): calendar clients update an event with a known UID instead of duplicating it.
- A cancelled meeting stays in the list with ``status=Status.CANCELLED`` (feeds publish it as
  STATUS:CANCELLED so subscribers see it struck through); a deleted one simply disappears.
- ``public=True`` only when title and place hold no personal data: public events go into
  the public BOS-wide feed and the per-school feeds, which need no login.
- ``scope`` is the reader's `bos.permissions.Scope`, or ``None`` when the calendar needs
  every event (feeds, reminders). A source *may* use it to fetch less; the planning app
  applies visibility itself (`Event.visible_to`), so a source must never rely on it.
- Keep it to a fixed number of queries, whatever the amount of data.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import models
from django.utils import timezone

if TYPE_CHECKING:
    from bos.models import SchoolYear
    from bos.permissions import Scope

logger = logging.getLogger(__name__)


class Kind(models.TextChoices):
    """What sort of date an event is; the calendar filters and colours by it."""

    INTERVISION = "intervisie", "Intervisie"
    AFTERNOON = "verdiepingsmiddag", "Verdiepingsmiddag"
    PROFESSIONALISATION = "professionalisering", "Professionalisering"
    START_MEETING = "startbijeenkomst", "Startbijeenkomst"
    DEVELOPMENT_TEAM = "ontwikkelteam", "Ontwikkelteam"
    STUURGROEP = "stuurgroep", "Stuurgroep"
    KERNTEAM = "kernteam", "Kernteam"
    DEADLINE = "deadline", "Deadline"
    OTHER = "overig", "Overig"


class Status(models.TextChoices):
    CONFIRMED = "confirmed", "Gepland"
    TENTATIVE = "tentative", "Onder voorbehoud"
    CANCELLED = "cancelled", "Vervallen"


# Who an event is for: the role codes of `bos.models.Role` plus students. An empty audience
# means the whole partnership.
AUDIENCES: dict[str, str] = {
    "so": "Schoolopleiders",
    "io": "Instituutsopleiders",
    "wpb": "Werkplekbegeleiders",
    "student": "Studenten",
    "bc": "Bestuurscoördinatoren",
    "ic": "Instituutscoördinatoren",
    "pl": "Projectleider",
    "director": "Schooldirecteuren",
    "hr": "HR",
    "stuurgroep": "Stuurgroep",
    "kernteam": "Kernteam",
    "ontwikkelteam": "Ontwikkelteams",
}


@dataclass(frozen=True)
class Event:
    """One dated thing on the calendar, whatever app it comes from."""

    uid: str
    title: str
    start: dt.datetime | dt.date
    kind: str
    end: dt.datetime | dt.date | None = None
    audience: frozenset[str] = frozenset()
    location_ids: frozenset[int] = frozenset()
    person_ids: frozenset[int] = frozenset()
    status: str = Status.CONFIRMED
    public: bool = False
    place: str = ""
    description: str = ""
    url: str = ""
    sequence: int = 0
    source: str = ""
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def all_day(self) -> bool:
        return not isinstance(self.start, dt.datetime)

    @property
    def day(self) -> dt.date:
        """The local calendar day the event starts on."""
        if isinstance(self.start, dt.datetime):
            return timezone.localtime(self.start).date()
        return self.start

    @property
    def last_day(self) -> dt.date:
        if self.end is None:
            return self.day
        if isinstance(self.end, dt.datetime):
            return max(self.day, timezone.localtime(self.end).date())
        return max(self.day, self.end)

    @property
    def sort_key(self) -> tuple[dt.date, int, str, str]:
        minutes = 0
        if isinstance(self.start, dt.datetime):
            local = timezone.localtime(self.start)
            minutes = local.hour * 60 + local.minute
        return (self.day, minutes, self.title, self.uid)

    @property
    def is_cancelled(self) -> bool:
        return self.status == Status.CANCELLED

    @property
    def kind_label(self) -> str:
        return dict(Kind.choices).get(self.kind, self.kind)

    @property
    def status_label(self) -> str:
        return dict(Status.choices).get(self.status, self.status)

    @property
    def audience_labels(self) -> list[str]:
        if not self.audience:
            return ["Iedereen"]
        return [AUDIENCES.get(code, code) for code in sorted(self.audience)]

    def concerns(self, scope: Scope) -> bool:
        """Whether the event is the reader's own: named, or for one of their roles (at one of
        their schools when the event belongs to schools)."""
        if scope.person_id is not None and scope.person_id in self.person_ids:
            return True
        roles = set(scope.roles)
        if scope.student_id is not None:
            roles.add("student")
        if self.person_ids and not self.audience:
            return False
        if self.audience and not (self.audience & roles):
            return False
        if not self.location_ids:
            return True
        return bool(self.location_ids & scope_location_ids(scope))

    def visible_to(self, scope: Scope) -> bool:
        """Public events are for everyone who is logged in; others for those concerned."""
        return scope.sees_everything or self.public or self.concerns(scope)


def scope_location_ids(scope: Scope) -> frozenset[int]:
    ids = set(scope.so_location_ids) | set(scope.wpb_location_ids)
    ids |= set(scope.director_location_ids)
    ids |= {location for _institute, location in scope.io_pairs}
    ids |= set(scope.extra.get("location_ids", ()))
    return frozenset(ids)


Source = Callable[["SchoolYear", "Scope | None"], Iterable[Event]]
_REGISTRY: dict[str, Source] = {}


def register(name: str, source: Source) -> None:
    """Add an app's source. Registering the same name again replaces it (reloads in tests)."""
    _REGISTRY[name] = source


def unregister(name: str) -> None:
    _REGISTRY.pop(name, None)


def registered() -> dict[str, Source]:
    return dict(_REGISTRY)


def collect(year: SchoolYear, scope: Scope | None = None) -> list[Event]:
    """Every source's events of a year, each UID once, in date order.

    A source that fails is logged and left out: one broken app must not take the whole
    calendar down."""
    seen: dict[str, Event] = {}
    for name, source in _REGISTRY.items():
        try:
            produced = list(source(year, scope))
        except Exception:
            logger.exception("Calendar source %s failed", name)
            continue
        for event in produced:
            if event.uid in seen:
                logger.warning("Calendar source %s repeats UID %s", name, event.uid)
                continue
            if not event.source:
                event = _with_source(event, name)
            seen[event.uid] = event
    return sorted(seen.values(), key=lambda event: event.sort_key)


def _with_source(event: Event, name: str) -> Event:
    from dataclasses import replace

    return replace(event, source=name)
