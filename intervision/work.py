"""Intervision on the start page: students to follow up (SO, IO), students without a group
(SO) and reports still to write (student)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from bos.models import Role
from bos.permissions import Scope
from bos.worklist import MAX_LINKS, WorkItem, WorkLink

from . import selectors


def intervision_work(user: Any, scope: Scope) -> list[WorkItem]:
    if scope.year is None:
        return []
    items: list[WorkItem] = []
    overview = reverse("intervision:overview")
    cadence = None
    if scope.has(Role.SO, Role.IO):
        # Read once: the attention list and the students without a group both come from it.
        cadence = selectors.cadence_rows(user=user, year=scope.year)
        rows = [row for row in cadence if row.result.needs_attention]
        items.append(
            WorkItem(
                title="Intervisie: studenten opvolgen",
                count=len(rows),
                url=overview + "#attention-title",
                links=[
                    WorkLink(
                        label=row.placement.student.full_name,
                        url=overview + "#attention-title",
                        detail="; ".join(row.result.reasons),
                    )
                    for row in rows[:MAX_LINKS]
                ],
                empty_text="Iedereen heeft intervisie volgens het ritme.",
                order=30,
            )
        )
    if scope.has(Role.SO):
        waiting = selectors.needs_group(user=user, year=scope.year, cadence=cadence)
        items.append(
            WorkItem(
                title="Studenten zonder intervisiegroep",
                count=len(waiting),
                url=overview + "#needs-group-title",
                links=[
                    WorkLink(
                        label=item.placement.student.full_name,
                        url=overview + "#needs-group-title",
                        detail="vertrokken" if item.reason == "left" else "niet in een groep",
                    )
                    for item in waiting[:MAX_LINKS]
                ],
                empty_text="Alle studenten zitten in een groep.",
                order=31,
            )
        )
    if scope.person_id is not None and scope.has(Role.SO, Role.IO, Role.WPB):
        meetings = list(selectors.meetings_to_record(person_id=scope.person_id, year=scope.year))
        if meetings:
            items.append(
                WorkItem(
                    title="Intervisie: aanwezigheid vastleggen",
                    count=len(meetings),
                    url=reverse("intervision:meeting", args=[meetings[0].pk]),
                    links=[
                        WorkLink(
                            label=f"{m.group.name}, {m.starts_at:%d-%m-%Y}",
                            url=reverse("intervision:meeting", args=[m.pk]),
                            detail="je leidt deze bijeenkomst"
                            if m.leader_id == scope.person_id
                            else "je bent achtervang",
                        )
                        for m in meetings[:MAX_LINKS]
                    ],
                    order=32,
                )
            )
    if scope.student_id is not None:
        overview_data = selectors.student_overview(user=user, year=scope.year)
        to_write = [m for m in overview_data["meetings"] if m.is_held and m.my_report is None]
        items.append(
            WorkItem(
                title="Intervisieverslagen te schrijven",
                count=len(to_write),
                url=reverse("intervision:reports"),
                links=[
                    WorkLink(
                        label=f"Verslag {m.starts_at:%d-%m-%Y}",
                        url=reverse("intervision:report_write", args=[m.pk]),
                        detail=m.group.name,
                    )
                    for m in to_write[:MAX_LINKS]
                ],
                empty_text="Je hebt van elke bijeenkomst een verslag.",
                order=30,
            )
        )
    return items
