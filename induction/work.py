"""Induction on the SO's start page: former students hired before their final placement."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from bos.models import Role
from bos.permissions import Scope
from bos.worklist import WorkItem, WorkLink, first_and_count

from .selectors import early_hires, starters_for


def induction_work(user: Any, scope: Scope) -> list[WorkItem]:
    if scope.year is None or not scope.has(Role.SO):
        return []
    rows, count = first_and_count(early_hires(starters_for(user=user, year=scope.year)))
    # The register's notice (and its anchor) is there only when someone was hired early.
    url = reverse("induction:register") + ("#baan-voor-afronding" if count else "")
    return [
        WorkItem(
            title="Baan aangeboden vóór de afrondende stage",
            count=count,
            url=url,
            links=[
                WorkLink(
                    label=starter.full_name,
                    url=url,
                    detail=f"{starter.location.name}, in dienst {starter.hired_on:%d-%m-%Y}",
                )
                for starter in rows
            ],
            empty_text="Geen oud-student kreeg een baan vóór de afrondende stage.",
            order=16,
        )
    ]
