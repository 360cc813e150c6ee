"""Induction on the start page: for the SO, former students hired before their final
placement; for the lerarencoach, the starters of their schools to follow."""

from __future__ import annotations

from typing import Any

from django.db.models import Case, Exists, IntegerField, OuterRef, Value, When
from django.urls import reverse

from bos.models import Role
from bos.permissions import Scope
from bos.worklist import WorkItem, WorkLink, first_and_count

from .models import DevelopmentPlan, Starter
from .selectors import early_hires, starters_for


def induction_work(user: Any, scope: Scope) -> list[WorkItem]:
    if scope.year is None:
        return []
    items = _coach_work(scope) if scope.coach_location_ids else []
    if scope.has(Role.SO):
        items.append(_early_hire_work(user, scope))
    return items


def _coach_work(scope: Scope) -> list[WorkItem]:
    """The lerarencoach's starters (their schools', who have not left): their own coachees
    first, each with whether a development plan is recorded. One query."""
    starters = (
        Starter.objects.filter(
            school_year=scope.year,
            location_id__in=scope.coach_location_ids,
            exit_interview__isnull=True,
        )
        .select_related("location")
        .annotate(
            has_plan=Exists(DevelopmentPlan.objects.filter(starter=OuterRef("pk"))),
            own=Case(
                When(coach_id=scope.person_id, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            ),
        )
        .order_by("own", "last_name", "first_name", "pk")
    )
    rows, count = first_and_count(starters)
    return [
        WorkItem(
            title="Starters om te begeleiden",
            count=count,
            url=reverse("induction:register") + f"?jaar={scope.year.name}",
            links=[
                WorkLink(
                    label=starter.full_name,
                    url=reverse("induction:starter", args=[starter.pk]),
                    detail=(
                        f"{starter.location.name}, inductiejaar {starter.induction_year}"
                        + (", jouw starter" if starter.own == 0 else "")
                        + ("" if starter.has_plan else ", nog geen ontwikkelplan")
                    ),
                )
                for starter in rows
            ],
            empty_text="Er zijn dit schooljaar geen starters op je school.",
            due=False,
            order=15,
        )
    ]


def _early_hire_work(user: Any, scope: Scope) -> WorkItem:
    rows, count = first_and_count(early_hires(starters_for(user=user, year=scope.year)))
    # The register's notice (and its anchor) is there only when someone was hired early.
    url = reverse("induction:register") + ("#baan-voor-afronding" if count else "")
    return WorkItem(
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
