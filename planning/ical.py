"""Calendar feeds (RFC 5545) made with the `icalendar` library.

UIDs come from the sources and never change for the same thing, so a client that polls the
feed updates its copy instead of adding a duplicate. A cancelled event is published with
STATUS:CANCELLED. The public feeds carry title, time, place and kind only: no description,
no organiser, no attendees."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as ICalEvent

from .sources import Event, Status

PRODID = "-//Opleidingsschool//Jaarplanning//NL"
ICAL_STATUS = {
    Status.CONFIRMED: "CONFIRMED",
    Status.TENTATIVE: "TENTATIVE",
    Status.CANCELLED: "CANCELLED",
}


def uid_domain() -> str:
    return getattr(settings, "PLANNING_UID_DOMAIN", "planning.bos")


def full_uid(event: Event) -> str:
    return f"{event.uid}@{uid_domain()}"


def _utc(value: dt.datetime) -> dt.datetime:
    return value.astimezone(dt.UTC)


def to_ical_event(event: Event, *, public: bool, stamp: dt.datetime) -> ICalEvent:
    item = ICalEvent()
    item.add("uid", full_uid(event))
    item.add("dtstamp", stamp)
    item.add("summary", event.title)
    if isinstance(event.start, dt.datetime):
        item.add("dtstart", _utc(event.start))
        if isinstance(event.end, dt.datetime):
            item.add("dtend", _utc(event.end))
    else:
        item.add("dtstart", event.start)
        # An all-day event's DTEND is exclusive: the day after its last day.
        last = event.end if isinstance(event.end, dt.date) else event.start
        item.add("dtend", last + dt.timedelta(days=1))
    item.add("status", ICAL_STATUS.get(event.status, "CONFIRMED"))
    item.add("sequence", event.sequence)
    item.add("categories", [event.kind_label])
    if event.place:
        item.add("location", event.place)
    if not public:
        if event.description:
            item.add("description", event.description)
        if event.url:
            item.add("url", settings.SITE_URL.rstrip("/") + event.url)
    item.add("transp", "TRANSPARENT" if event.all_day else "OPAQUE")
    return item


def build_calendar(
    events: Iterable[Event], *, name: str, public: bool, stamp: dt.datetime | None = None
) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", str(ZoneInfo(settings.TIME_ZONE)))
    # Ask clients to poll every few hours; the feed changes when the planning does.
    calendar.add("refresh-interval", dt.timedelta(hours=4), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT4H")
    now = _utc(stamp or timezone.now()).replace(microsecond=0)
    for event in events:
        calendar.add_component(to_ical_event(event, public=public, stamp=now))
    return calendar.to_ical()
