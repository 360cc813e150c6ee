"""Matching and supervision work on the start page: applications awaiting the SO's
decision, proposals a student can apply for, open conversation requests and warm handovers
asked of the SO."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from bos.models import Role
from bos.permissions import Scope
from bos.worklist import MAX_LINKS, WorkItem, WorkLink, first_and_count

from ..handover import open_for
from ..models import Conversation, ConversationStatus, ProposalStatus
from ..selectors import placement_list, proposals_for


def matching_work(user: Any, scope: Scope) -> list[WorkItem]:
    if scope.year is None:
        return []
    items: list[WorkItem] = []
    if scope.has(Role.SO):
        # One base queryset (its years read once); the first rows and the count in one query.
        proposals = proposals_for(user=user)
        waiting, waiting_count = first_and_count(
            proposals.filter(status__in=[ProposalStatus.APPLIED, ProposalStatus.MEETING])
            | proposals.filter(source="reservation", status=ProposalStatus.PROPOSED)
        )
        items.append(
            WorkItem(
                title="Sollicitaties en vroege matches die op je besluit wachten",
                count=waiting_count,
                url=reverse("placements:matching"),
                links=[
                    WorkLink(
                        label=p.student.full_name,
                        url=reverse("placements:proposal", args=[p.pk]),
                        detail=f"{p.location.name}, {p.school_year}",
                    )
                    for p in waiting
                ],
                empty_text="Er wacht geen sollicitatie op je besluit.",
                order=13,
            )
        )
    if scope.has(Role.SO) and scope.person_id:
        # Warm handovers asked of this SO as the SO of a student's previous school.
        handovers, handovers_count = first_and_count(open_for(scope.person_id))
        items.append(
            WorkItem(
                title="Verzoeken om warme overdracht",
                count=handovers_count,
                url=reverse("placements:handover_answer", args=[handovers[0].pk])
                if handovers
                else reverse("placements:list"),
                links=[
                    WorkLink(
                        label=h.placement.student.full_name,
                        url=reverse("placements:handover_answer", args=[h.pk]),
                        detail=f"nu op {h.placement.location.name}, gevraagd op "
                        f"{h.requested_at:%d-%m-%Y}",
                    )
                    for h in handovers
                ],
                empty_text="Geen verzoeken om de laatste beoordeling van een oud-student.",
                order=15,
            )
        )
    if scope.has(Role.SO, Role.IO, Role.WPB):
        requests = (
            Conversation.objects.filter(
                status=ConversationStatus.REQUESTED,
                placement__in=placement_list(user=user, year=scope.year).values("pk"),
            )
            .select_related("placement__student")
            .order_by("requested_at")
        )
        requests, requests_count = first_and_count(requests)
        items.append(
            WorkItem(
                title="Gespreksaanvragen van studenten",
                count=requests_count,
                url=reverse("placements:list"),
                links=[
                    WorkLink(
                        label=f"{c.placement.student.full_name}: {c.get_kind_display()}",
                        url=reverse("placements:supervision", args=[c.placement_id]),
                        detail=f"aangevraagd op {c.requested_at:%d-%m-%Y}"
                        if c.requested_at
                        else "",
                    )
                    for c in requests
                ],
                empty_text="Geen open gespreksaanvragen.",
                order=14,
            )
        )
    if scope.student_id is not None:
        to_apply = proposals_for(user=user).filter(
            student_id=scope.student_id, status=ProposalStatus.PROPOSED, source="institute"
        )
        items.append(
            WorkItem(
                title="Stageplaatsen waarvoor je kunt solliciteren",
                count=to_apply.count(),
                url=reverse("placements:matching"),
                links=[
                    WorkLink(
                        label=f"{p.offer.subject if p.offer else p.location.name}",
                        url=reverse("placements:proposal", args=[p.pk]),
                        detail=f"{p.location.name}, {p.school_year}",
                    )
                    for p in to_apply[:MAX_LINKS]
                ],
                empty_text="Er staat geen voordracht voor je klaar.",
                order=5,
            )
        )
    return items
