"""Everyone's start page: their own dates in the coming two weeks."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from bos.permissions import Scope
from bos.worklist import MAX_LINKS, WorkItem, WorkLink

from .sources import Window, collect_first

HORIZON = dt.timedelta(days=14)
ONE_DAY = dt.timedelta(days=1)


def planning_work(user: Any, scope: Scope) -> list[WorkItem]:
    if scope.year is None or not scope.roles:
        return []
    today = timezone.localdate()
    if not scope.year.contains(today):
        return []  # a past or future year has no "coming two weeks"
    # Only the first few of the two weeks are read (sources.collect_first): the card shows
    # MAX_LINKS of them, and whether there are more.
    first = collect_first(
        scope.year,
        scope,
        Window(today, today + HORIZON + ONE_DAY),
        count=MAX_LINKS + 1,
        keep=lambda event: (
            today <= event.day <= today + HORIZON
            and not event.is_cancelled
            and event.concerns(scope)
        ),
    )
    coming = first.events
    return [
        WorkItem(
            title="Binnenkort in je planning",
            count=len(coming),
            count_known=first.complete,
            url=reverse("planning:list"),
            links=[
                WorkLink(
                    label=event.title,
                    url=event.url or reverse("planning:list"),
                    detail=date_format(event.day, "D j F"),
                )
                for event in coming[:MAX_LINKS]
            ],
            empty_text="Geen data in de komende twee weken.",
            due=False,
            order=90,
        )
    ]
