"""Demo dates of the projectleider: stuurgroep and kernteam meetings and a few deadlines in
each demo year, one of them cancelled so the feeds show STATUS:CANCELLED."""

from __future__ import annotations

import datetime as dt

from bos.demo import DemoContext
from bos.models import SchoolYear, User

from . import services
from .models import PlanningEvent
from .sources import Kind

# (month, day, kind, title, start, end, place, audience); days fall in the year's autumn
# (months 8-12) or spring (1-7) and are moved to the year's own calendar years.
DATES: list[tuple[int, int, str, str, str, str, str, list[str]]] = [
    (9, 14, Kind.STUURGROEP, "Stuurgroep", "15:30", "17:00", "Beatrix College", ["stuurgroep"]),
    (12, 7, Kind.STUURGROEP, "Stuurgroep", "15:30", "17:00", "Newmancollege", ["stuurgroep"]),
    (3, 15, Kind.STUURGROEP, "Stuurgroep", "15:30", "17:00", "Mencia de Mendoza", ["stuurgroep"]),
    (7, 12, Kind.STUURGROEP, "Stuurgroep: begroting en richtlijnen", "15:00", "17:00",
     "Koning Willem II College", ["stuurgroep"]),
    (9, 3, Kind.KERNTEAM, "Kernteam", "09:00", "11:00", "Online", ["kernteam"]),
    (10, 8, Kind.KERNTEAM, "Kernteam", "09:00", "11:00", "Reeshofcollege", ["kernteam"]),
    (11, 12, Kind.KERNTEAM, "Kernteam", "09:00", "11:00", "Online", ["kernteam"]),
    (1, 21, Kind.KERNTEAM, "Kernteam", "09:00", "11:00", "Online", ["kernteam"]),
    (2, 18, Kind.KERNTEAM, "Kernteam", "09:00", "11:00", "Beatrix College", ["kernteam"]),
    (4, 15, Kind.KERNTEAM, "Kernteam", "09:00", "11:00", "Online", ["kernteam"]),
    (6, 10, Kind.KERNTEAM, "Kernteam: evaluatie van het jaar", "09:00", "12:00",
     "Newmancollege", ["kernteam"]),
    (9, 1, Kind.START_MEETING, "Startbijeenkomst werkplekbegeleiders", "15:30", "17:00",
     "op elke stageschool", ["wpb", "so"]),
    (10, 30, Kind.DEADLINE, "Stageplaatsen voor het tweede semester doorgeven", "", "",
     "", ["so"]),
    (6, 1, Kind.DEADLINE, "Aanbod stageplaatsen volgend schooljaar doorgeven", "", "",
     "", ["so"]),
    (6, 30, Kind.DEADLINE, "Kopij jaarverslag aanleveren", "", "", "",
     ["so", "kernteam", "ontwikkelteam"]),
]  # fmt: skip
# Cancelled in the demo, so subscribers see a struck-through date.
CANCELLED = (2, 18)


def _time(value: str) -> dt.time | None:
    return dt.time.fromisoformat(value) if value else None


def load_year(year: SchoolYear, user: User | None) -> None:
    for month, day, kind, title, start, end, place, audience in DATES:
        calendar_year = year.start_year if month >= 8 else year.start_year + 1
        date = dt.date(calendar_year, month, day)
        if PlanningEvent.objects.filter(school_year=year, title=title, date=date).exists():
            continue
        event = services.create_event(
            user=user,
            year=year,
            values={
                "kind": kind,
                "title": title,
                "date": date,
                "start_time": _time(start),
                "end_time": _time(end),
                "place": place,
                "description": "",
                "audience": audience,
            },
        )
        if (month, day) == CANCELLED:
            services.set_cancelled(user=user, event=event)


def load(ctx: DemoContext) -> None:
    years = SchoolYear.objects.filter(start_date__gte=ctx.year.start_date).order_by("start_date")
    for year in list(years)[:2]:
        load_year(year, None)
