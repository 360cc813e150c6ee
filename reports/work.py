"""The projectleider's start page: budget lines without actuals in the chosen year."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from bos.models import Role
from bos.permissions import ADMIN, Scope
from bos.worklist import MAX_LINKS, WorkItem, WorkLink

from .models import ActualSource, BudgetLine


def report_work(user: Any, scope: Scope) -> list[WorkItem]:
    if scope.year is None or not scope.has(Role.PROJECTLEIDER, ADMIN):
        return []
    open_lines = (
        BudgetLine.objects.filter(
            section__budget__school_year=scope.year,
            actual_source=ActualSource.ENTRIES,
            entries__isnull=True,
        )
        .select_related("section")
        .order_by("section__order", "order", "pk")
    )
    budget_url = reverse("reports:budget", args=[scope.year.name])
    return [
        WorkItem(
            title="Begrotingsregels zonder realisatie",
            count=open_lines.count(),
            url=budget_url,
            links=[
                WorkLink(
                    label=line.name,
                    url=reverse("reports:budget_entry_new", args=[line.pk]),
                    detail=line.section.name,
                )
                for line in open_lines[:MAX_LINKS]
            ],
            empty_text="Elke begrotingsregel heeft een realisatie.",
            order=20,
        ),
        WorkItem(
            title="Jaarverslag en datakwaliteit",
            count=0,
            url=reverse("reports:report") + f"?jaar={scope.year.name}",
            links=[
                WorkLink(
                    label=f"Controleer de signaleringen in het jaarverslag {scope.year}",
                    url=reverse("reports:report") + f"?jaar={scope.year.name}#signaleringen",
                )
            ],
            due=False,
            order=21,
        ),
    ]
