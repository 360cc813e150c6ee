"""The one interface through which every app puts its dated things on the year calendar.

The planning app never imports another app's models. Instead each app that has dates
(meetings, deadlines) owns a small *source*: a function that returns the school year's events
as plain `Event` values, and registers it once from its ``AppConfig.ready()``::

    # myapp/calendar.py
    from bos.lists import pk_url
    from planning.sources import Event, on_days, register

    def events(year, scope, *, start=None, end=None):
        meetings = Meeting.objects.filter(school_year=year)
        meetings = on_days(meetings, "date", start, end)  # the window, in the database
        url = pk_url("myapp:meeting")                  # reverse() once, not per event
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
                url=url(meeting.pk),
            )
            for meeting in meetings
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
- Keep it to a fixed number of queries, whatever the amount of data, and call
  ``reverse()`` once per call (`pk_url`), never once per event.

The date window: a calendar page shows a month or a few weeks, so it asks only for those
days. ``start`` and ``end`` are dates, **start inclusive, end exclusive** (``start <= day <
end``, like Python ranges); an event is inside the window when it *overlaps* it: its first
day is before ``end`` and its last day (`Event.last_day`) on or after ``start``. A source
gets both or neither. With a window it filters in the database and may return a little
more (an event near the edges); `collect` filters once more in Python, so a source that
fetches too much is merely slower, never wrong. Without a window a source returns the whole
school year (feeds and the printable year need it). A source that takes no ``start``/``end``
keywords still works: it is called without a window and `collect` does the filtering.

The first few: a start page shows the next handful of a reader's dates, however many the
region plans. A source that also takes a ``limit`` keyword (given only with a window)
returns at least its first ``limit`` events of the window in date order, and may stop
there: each of its querysets is ordered by day and sliced, and each row it reads yields at
least one event on that row's day. `collect_first` relies on exactly that to read no more
than a page needs (see there); a source without ``limit`` is simply read whole.

A few a day: a month grid shows a few dates a day, however many the region plans on it. A
source that also takes a ``per_day`` keyword (given only with a window) returns, for each
day of the window, at least its first ``per_day`` events of that day, and may stop there
(`first_per_day` ranks its rows per day in the database); each row it reads yields events
on that row's day only. `collect_per_day` relies on that. A source whose events can last
more than a day, or that is bounded per day already (intervision sums up a busy day in one
line), does not take it and is read whole for the window.
"""

from __future__ import annotations

import datetime as dt
import inspect
import logging
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

from django.db import models
from django.db.models.functions import RowNumber
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


class Window(NamedTuple):
    """The days a calendar shows: ``start`` inclusive, ``end`` exclusive."""

    start: dt.date
    end: dt.date

    @classmethod
    def days(cls, first: dt.date, count: int) -> Window:
        return cls(first, first + dt.timedelta(days=count))


def in_window(event: Event, start: dt.date | None, end: dt.date | None) -> bool:
    """Whether the event overlaps the window; without a window every event is in it."""
    if start is None or end is None:
        return True
    return event.day < end and event.last_day >= start


def on_days(
    queryset: models.QuerySet, column: str, start: dt.date | None, end: dt.date | None
) -> models.QuerySet:
    """The rows whose date `column` falls in the window, filtered in the database; every row
    without a window. For sources whose items last one day at most."""
    if start is None or end is None:
        return queryset
    return queryset.filter(**{f"{column}__gte": start, f"{column}__lt": end})


def first_per_day(
    queryset: models.QuerySet, column: str, order: Sequence[str], count: int
) -> models.QuerySet:
    """The first `count` rows of each day of the date `column`, by `order` within the day,
    chosen in the database (a row number per day): a busy day costs `count` rows."""
    ranked = queryset.annotate(
        day_rank=models.Window(
            RowNumber(),
            partition_by=[models.F(column)],
            order_by=[models.F(name) for name in order],
        )
    )
    return ranked.filter(day_rank__lte=count)


def day_start(day: dt.date) -> dt.datetime:
    """Local midnight at the start of a day, for comparing a window with datetime columns."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


Source = Callable[..., Iterable[Event]]
# The fewest events `collect_first` asks a source for: a second round costs more than a few
# rows more in the first.
MIN_LIMIT = 20
_REGISTRY: dict[str, Source] = {}
_TAKES_WINDOW: dict[str, bool] = {}
_TAKES_LIMIT: dict[str, bool] = {}
_TAKES_PER_DAY: dict[str, bool] = {}


def register(name: str, source: Source) -> None:
    """Add an app's source. Registering the same name again replaces it (reloads in tests)."""
    _REGISTRY[name] = source
    _TAKES_WINDOW[name] = _takes_window(source)
    _TAKES_LIMIT[name] = _takes_window(source) and _takes(source, "limit")
    _TAKES_PER_DAY[name] = _takes_window(source) and _takes(source, "per_day")


def unregister(name: str) -> None:
    _REGISTRY.pop(name, None)
    _TAKES_WINDOW.pop(name, None)
    _TAKES_LIMIT.pop(name, None)
    _TAKES_PER_DAY.pop(name, None)


def _takes_window(source: Source) -> bool:
    try:
        parameters = inspect.signature(source).parameters
    except (TypeError, ValueError):
        return False
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters.values()):
        return True
    return "start" in parameters and "end" in parameters


def _takes(source: Source, keyword: str) -> bool:
    try:
        parameters = inspect.signature(source).parameters
    except (TypeError, ValueError):
        return False
    return keyword in parameters


def registered() -> dict[str, Source]:
    return dict(_REGISTRY)


def collect(
    year: SchoolYear, scope: Scope | None = None, window: Window | None = None
) -> list[Event]:
    """Every source's events of a year, each UID once, in date order; with a window only
    those that overlap it (see the module docstring).

    A source that fails is logged and left out: one broken app must not take the whole
    calendar down."""
    return _gather(year, scope, window, None).events


class Gathered(NamedTuple):
    events: list[Event]
    # The first day whose events may be incomplete: a source stopped at its limit there (or
    # before). None when every source returned all of the window's events.
    frontier: dt.date | None
    # The days whose events may be incomplete: a source returned `per_day` of them there.
    cut_days: frozenset[dt.date] = frozenset()


def _gather(
    year: SchoolYear,
    scope: Scope | None,
    window: Window | None,
    limit: int | None,
    per_day: int | None = None,
) -> Gathered:
    seen: dict[str, Event] = {}
    frontier: dt.date | None = None
    cut_days: set[dt.date] = set()
    start, end = window if window is not None else (None, None)
    for name, source in _REGISTRY.items():
        try:
            if window is not None and per_day is not None and _TAKES_PER_DAY.get(name, False):
                produced = list(source(year, scope, start=start, end=end, per_day=per_day))
                # A day with `per_day` of its events may have more (each row read yields
                # events on its own day only).
                on_day = Counter(event.day for event in produced)
                cut_days |= {day for day, number in on_day.items() if number >= per_day}
            elif window is not None and limit is not None and _TAKES_LIMIT.get(name, False):
                produced = list(source(year, scope, start=start, end=end, limit=limit))
                if len(produced) >= limit:
                    # Possibly cut off: every event it left out lies on or after the day of
                    # its limit-th event (each row read yields an event on its own day, and
                    # there are at least `limit` of those up to that day).
                    cut = sorted(event.day for event in produced)[limit - 1]
                    frontier = cut if frontier is None else min(frontier, cut)
            elif window is not None and _TAKES_WINDOW.get(name, False):
                produced = list(source(year, scope, start=start, end=end))
            else:
                produced = list(source(year, scope))
        except Exception:
            logger.exception("Calendar source %s failed", name)
            continue
        for event in produced:
            # The safety net: a source may fetch a little more than the window.
            if not in_window(event, start, end):
                continue
            if event.uid in seen:
                logger.warning("Calendar source %s repeats UID %s", name, event.uid)
                continue
            if not event.source:
                event = _with_source(event, name)
            seen[event.uid] = event
    events = sorted(seen.values(), key=lambda event: event.sort_key)
    return Gathered(events, frontier, frozenset(cut_days))


class FirstEvents(NamedTuple):
    events: list[Event]
    # Whether `events` are all the window's events that were kept; else there are more.
    complete: bool


def collect_first(
    year: SchoolYear,
    scope: Scope | None,
    window: Window,
    *,
    count: int,
    keep: Callable[[Event], bool] = lambda event: True,
) -> FirstEvents:
    """The first `count` events of the window that `keep` accepts, in date order, reading
    about as many rows as they need rather than the whole window: a start page shows five
    dates of a region that plans thousands.

    Each source that takes a limit is asked for its first few events; what it may have left
    out lies on or after its frontier day, so only the events before the earliest frontier
    are certain. When fewer than `count` of those are kept, the sources are asked again for
    four times as many, until enough are certain or no source stops early."""
    limit = max(count, MIN_LIMIT)
    while True:
        gathered = _gather(year, scope, window, limit)
        if gathered.frontier is None:
            kept = [event for event in gathered.events if keep(event)]
            return FirstEvents(kept[:count], len(kept) <= count)
        certain = [
            event for event in gathered.events if event.day < gathered.frontier and keep(event)
        ]
        if len(certain) >= count:
            return FirstEvents(certain[:count], False)
        limit *= 4


class DayEvents(NamedTuple):
    # The day's first kept events, in date order.
    events: list[Event]
    # How many more kept events the day has; None when there are more whose number was not
    # read (a busy day: the calendar links to the day's own list).
    more: int | None


def event_days(event: Event, window: Window) -> Iterable[dt.date]:
    """The days of the window an event is on (most events: one)."""
    day = max(event.day, window.start)
    while day <= event.last_day and day < window.end:
        yield day
        day += dt.timedelta(days=1)


def collect_per_day(
    year: SchoolYear,
    scope: Scope | None,
    window: Window,
    *,
    count: int,
    keep: Callable[[Event], bool] = lambda event: True,
) -> dict[dt.date, DayEvents]:
    """For each day of the window with events that `keep` accepts: its first `count` of them
    and how many more there are, reading a few rows a day from each source rather than every
    date of the window: a month grid of a region that plans dozens of dates a day.

    Each source that takes ``per_day`` is asked for the first `count` + 1 events of each day
    (one more than shown tells that there are more). A day where a source gave that many may
    hold more; when such a day has too few kept events to fill its cell and say "more", the
    sources are asked again for four times as many a day, until every day is either complete
    or full. A full day's number of further events is not read (`DayEvents.more` is None)."""
    per_day = count + 1
    while True:
        gathered = _gather(year, scope, window, None, per_day)
        by_day: dict[dt.date, list[Event]] = defaultdict(list)
        for event in gathered.events:
            if keep(event):
                for day in event_days(event, window):
                    by_day[day].append(event)
        short = {day for day in gathered.cut_days if len(by_day.get(day, ())) <= count}
        if not short:
            break
        per_day *= 4
    return {
        day: DayEvents(
            kept[:count],
            None if day in gathered.cut_days else max(len(kept) - count, 0),
        )
        for day, kept in sorted(by_day.items())
    }


def _with_source(event: Event, name: str) -> Event:
    from dataclasses import replace

    return replace(event, source=name)
