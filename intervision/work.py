"""Intervision on the start page: students to follow up (SO, IO), students without a group
(SO) and reports still to write (student)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from bos.models import Role
from bos.permissions import Scope
from bos.worklist import WorkItem, WorkLink, first_and_count

from . import selectors


def intervision_work(user: Any, scope: Scope) -> list[WorkItem]:
    if scope.year is None:
        return []
    items: list[WorkItem] = []
    overview = reverse("intervision:overview")
    if scope.has(Role.SO, Role.IO):
        # Both lists in one query; only their first rows and counts are read.
        lists = selectors.start_page_lists(user=user, year=scope.year)
        items.append(
            WorkItem(
                title="Intervisie: studenten opvolgen",
                count=lists.attention_count,
                url=overview + "#attention-title",
                links=[
                    WorkLink(
                        label=row.placement.student.full_name,
                        url=overview + "#attention-title",
                        detail="; ".join(row.result.reasons),
                    )
                    for row in lists.attention
                ],
                empty_text="Iedereen heeft intervisie volgens het ritme.",
                order=30,
            )
        )
        if scope.has(Role.SO):
            items.append(
                WorkItem(
                    title="Studenten zonder intervisiegroep",
                    count=lists.needs_group_count,
                    url=overview + "#needs-group-title",
                    links=[
                        WorkLink(
                            label=item.placement.student.full_name,
                            url=overview + "#needs-group-title",
                            detail="vertrokken" if item.reason == "left" else "niet in een groep",
                        )
                        for item in lists.needs_group
                    ],
                    empty_text="Alle studenten zitten in een groep.",
                    order=31,
                )
            )
    if scope.person_id is not None and scope.has(Role.SO, Role.IO, Role.WPB):
        meetings, count = first_and_count(
            selectors.meetings_to_record(person_id=scope.person_id, year=scope.year)
        )
        if count:
            items.append(
                WorkItem(
                    title="Intervisie: aanwezigheid vastleggen",
                    count=count,
                    url=reverse("intervision:meeting", args=[meetings[0].pk]),
                    links=[
                        WorkLink(
                            label=f"{m.group.name}, {m.starts_at:%d-%m-%Y}",
                            url=reverse("intervision:meeting", args=[m.pk]),
                            detail="je leidt deze bijeenkomst"
                            if m.leader_id == scope.person_id
                            else "je bent achtervang",
                        )
                        for m in meetings
                    ],
                    order=32,
                )
            )
    if scope.student_id is not None:
        to_write, count = first_and_count(selectors.reports_to_write(user=user, year=scope.year))
        items.append(
            WorkItem(
                title="Intervisieverslagen te schrijven",
                count=count,
                url=reverse("intervision:reports"),
                links=[
                    WorkLink(
                        label=f"Verslag {m.starts_at:%d-%m-%Y}",
                        url=reverse("intervision:report_write", args=[m.pk]),
                        detail=m.group.name,
                    )
                    for m in to_write
                ],
                empty_text="Je hebt van elke bijeenkomst een verslag.",
                order=30,
            )
        )
    return items
