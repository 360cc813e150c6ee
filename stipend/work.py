"""Stipend work on the start page: approvals for the SO, signatures for the director, the
HR queue by state, and the student's own next step."""

from __future__ import annotations

from typing import Any

from django.db.models import Count
from django.urls import reverse

from bos.models import Role
from bos.permissions import Scope
from bos.worklist import MAX_LINKS, WorkItem, WorkLink, first_and_count

from .models import Status
from .selectors import application_list, hr_applications, startable_placements


def _links(applications: Any) -> list[WorkLink]:
    """Links to the first applications (a queryset is sliced, a list taken as it is)."""
    if not isinstance(applications, list):
        applications = applications[:MAX_LINKS]
    return [
        WorkLink(
            label=application.placement.student.full_name,
            url=reverse("stipend:detail", args=[application.pk]),
            detail=application.placement.location.name,
        )
        for application in applications
    ]


def stipend_work(user: Any, scope: Scope) -> list[WorkItem]:
    if scope.year is None:
        return []
    items: list[WorkItem] = []
    list_url = reverse("stipend:list")
    if scope.has(Role.SO):
        waiting = application_list(user=user).filter(
            status=Status.SIGNED, placement__location_id__in=scope.so_location_ids
        )
        waiting, count = first_and_count(waiting)
        items.append(
            WorkItem(
                title="Aanvragen stagevergoeding om goed te keuren",
                count=count,
                url=list_url,
                links=_links(waiting),
                empty_text="Geen aanvragen die op jou wachten.",
                order=13,
            )
        )
    if scope.has(Role.DIRECTOR):
        waiting = application_list(user=user).filter(
            status=Status.SO_APPROVED, placement__location_id__in=scope.director_location_ids
        )
        waiting, count = first_and_count(waiting)
        items.append(
            WorkItem(
                title="Aanvragen om te ondertekenen",
                count=count,
                url=list_url,
                links=_links(waiting),
                empty_text="Geen aanvragen die op je handtekening wachten.",
                order=10,
            )
        )
    if scope.has(Role.HR):
        states = dict(
            hr_applications(user=user)
            .order_by()
            .values_list("status")
            .annotate(n=Count("pk"))
            .values_list("status", "n")
        )
        queue = hr_applications(user=user).filter(status=Status.SUBMITTED)
        items.append(
            WorkItem(
                title="Wachtrij stagevergoeding",
                count=states.get(Status.SUBMITTED, 0),
                url=reverse("stipend:hr_queue"),
                links=_links(queue)
                + [
                    WorkLink(
                        label=Status(state).label,
                        url=f"{reverse('stipend:hr_queue')}?status={state}",
                        detail=str(n),
                    )
                    for state, n in sorted(states.items())
                    if state != Status.SUBMITTED
                ],
                empty_text="De wachtrij is leeg.",
                order=10,
            )
        )
    if scope.student_id:
        own = application_list(user=user).filter(placement__student_id=scope.student_id)
        to_complete = own.filter(status__in=(Status.CONCEPT, Status.RETURNED))
        startable = startable_placements(user=user)
        links = [
            WorkLink(
                label="Vul je aanvraag aan en onderteken",
                url=reverse("stipend:edit", args=[application.pk]),
                detail=application.get_status_display(),
            )
            for application in to_complete[:MAX_LINKS]
        ]
        if not links and startable.exists():
            links.append(WorkLink(label="Vraag stagevergoeding aan", url=list_url))
        items.append(
            WorkItem(
                title="Jouw volgende stap",
                count=len(links),
                url=list_url,
                links=links,
                empty_text="Er wacht niets op jou. Je ziet hier wanneer je iets moet doen.",
                order=10,
            )
        )
    return items
