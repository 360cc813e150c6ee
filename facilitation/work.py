"""The projectleider's start page: schools without a facilitated SO this year, each a
conversation to have (bijlage 8, the guidelines for the SO's facilitation)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from bos.models import Role
from bos.permissions import ADMIN, Scope
from bos.worklist import WorkItem, WorkLink, first_and_count

from .selectors import without_facilitated_so


def facilitation_work(user: Any, scope: Scope) -> list[WorkItem]:
    if scope.year is None or not scope.has(Role.PROJECTLEIDER, ADMIN):
        return []
    schools, count = first_and_count(without_facilitated_so(scope.year))
    url = f"{reverse('facilitation:targets')}?jaar={scope.year.name}#gesprek-nodig"
    return [
        WorkItem(
            title="Scholen zonder gefaciliteerde SO: gesprek nodig",
            count=count,
            url=url,
            links=[
                WorkLink(
                    label=school.location.name,
                    url=url,
                    detail="SO zonder gefaciliteerde uren" if school.has_so else "geen SO",
                )
                for school in schools
            ],
            empty_text=f"Elke school heeft in {scope.year} een gefaciliteerde schoolopleider.",
            order=22,
        )
    ]
