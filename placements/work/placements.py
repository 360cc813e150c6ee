"""The placement work on the start page: replies due, overdue checklist items, students
without a WPB (SO), and their students with what is due (IO, WPB)."""

from __future__ import annotations

from typing import Any

from django.db.models import Case, F, Q, QuerySet, Sum, Value, When, Window
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils import timezone

from bos.models import Role
from bos.permissions import Scope
from bos.worklist import MAX_LINKS, WorkItem, WorkLink, first_and_count

from ..models import OPEN_STATUSES, ChecklistItem, ChecklistKind
from ..selectors import open_checklist_items, overdue_condition, placement_list


def _item_link(item: ChecklistItem) -> WorkLink:
    placement = item.placement
    return WorkLink(
        label=f"{placement.student.full_name}: {item.get_kind_display()}",
        url=reverse("placements:detail", args=[placement.pk]) + f"#taak-{item.pk}",
        detail=f"uiterlijk {item.due_date:%d-%m-%Y}",
    )


def _replies_and_overdue(
    open_items: QuerySet[ChecklistItem],
) -> tuple[list[ChecklistItem], int, list[ChecklistItem], int]:
    """The SO's replies due and overdue items (a late reply is both): the first of each and
    their counts in one query, a window sum and rank per list. Overdue is the dashboard's
    condition (selectors.overdue_condition) on the same open items, so the counts agree."""
    is_reply = Case(When(kind=ChecklistKind.REPLY, then=Value(1)), default=Value(0))
    is_overdue = Case(When(overdue_condition(), then=Value(1)), default=Value(0))
    order = [F("due_date").asc(), F("pk").asc()]
    rows = list(
        open_items.filter(Q(kind=ChecklistKind.REPLY) | overdue_condition())
        .annotate(
            reply_flag=is_reply,
            overdue_flag=is_overdue,
            replies_total=Window(Sum(is_reply)),
            overdue_total=Window(Sum(is_overdue)),
            reply_rank=Window(RowNumber(), partition_by=[is_reply], order_by=order),
            overdue_rank=Window(RowNumber(), partition_by=[is_overdue], order_by=order),
        )
        .filter(
            Q(reply_flag=1, reply_rank__lte=MAX_LINKS)
            | Q(overdue_flag=1, overdue_rank__lte=MAX_LINKS)
        )
        .order_by("due_date", "pk")
    )
    replies = [r for r in rows if r.reply_flag and r.reply_rank <= MAX_LINKS]
    overdue = [r for r in rows if r.overdue_flag and r.overdue_rank <= MAX_LINKS]
    first = rows[0] if rows else None
    return (
        replies,
        first.replies_total if first else 0,
        overdue,
        first.overdue_total if first else 0,
    )


def placement_work(user: Any, scope: Scope) -> list[WorkItem]:
    if scope.year is None or not scope.has(Role.SO, Role.IO, Role.WPB):
        return []
    today = timezone.localdate()
    placements = placement_list(user=user, year=scope.year).filter(status__in=OPEN_STATUSES)
    open_items = (
        open_checklist_items(user=user, year=scope.year)
        .select_related("placement__student")
        .order_by("due_date", "pk")
    )
    items: list[WorkItem] = []
    list_url = reverse("placements:list")
    if scope.has(Role.SO):
        replies, replies_count, overdue, overdue_count = _replies_and_overdue(open_items)
        # The first students without a WPB and their count in one query.
        without_wpb, without_wpb_count = first_and_count(
            placements.filter(wpb__isnull=True, is_taster=False)
        )
        items += [
            WorkItem(
                title="Aanmeldingen die op je reactie wachten",
                count=replies_count,
                url=reverse("placements:dashboard"),
                links=[_item_link(item) for item in replies],
                empty_text="Alle aanmeldingen zijn beantwoord.",
                order=10,
            ),
            WorkItem(
                title="Checklistpunten over de datum",
                count=overdue_count,
                url=reverse("placements:dashboard") + "#checklist",
                links=[_item_link(item) for item in overdue],
                empty_text="Geen checklistpunten over de datum.",
                order=11,
            ),
            WorkItem(
                title="Studenten zonder werkplekbegeleider",
                count=without_wpb_count,
                url=list_url,
                links=[
                    WorkLink(
                        label=p.student.full_name,
                        url=reverse("placements:detail", args=[p.pk]),
                        detail=p.location.name,
                    )
                    for p in without_wpb
                ],
                empty_text="Elke student heeft een werkplekbegeleider.",
                order=12,
            ),
        ]
    elif scope.has(Role.IO, Role.WPB):
        due = open_items.filter(due_date__lte=today)
        if scope.has(Role.IO):
            due = due.filter(responsible_role="io")
        first_placements, placements_count = first_and_count(placements)
        items += [
            WorkItem(
                title="Jouw studenten",
                count=placements_count,
                url=list_url,
                links=[
                    WorkLink(
                        label=p.student.full_name,
                        url=reverse("placements:detail", args=[p.pk]),
                        detail=p.location.name,
                    )
                    for p in first_placements
                ],
                empty_text="Je hebt dit schooljaar geen studenten.",
                due=False,
                order=20,
            ),
        ]
        if scope.has(Role.IO):
            first_due, due_count = first_and_count(due)
            items.append(
                WorkItem(
                    title="Wat nu voor jou klaarstaat",
                    count=due_count,
                    url=list_url,
                    links=[_item_link(item) for item in first_due],
                    empty_text="Er staat niets voor je klaar.",
                    order=21,
                )
            )
    return items
