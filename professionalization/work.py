"""Professionalisation on the start page: the participant's coming meetings, the leader's
meetings whose attendance is still open, and the conversations planned but not yet held."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from bos.models import Role
from bos.permissions import Scope
from bos.worklist import MAX_LINKS, WorkItem, WorkLink

from .models import Meeting, ReflectiveConversation, Registration, RegistrationStatus


def professionalization_work(user: Any, scope: Scope) -> list[WorkItem]:
    if scope.year is None or scope.person_id is None:
        return []
    today = timezone.localdate()
    items: list[WorkItem] = []
    if scope.has(Role.SO, Role.IO, Role.WPB):
        coming = (
            Registration.objects.filter(
                person_id=scope.person_id,
                meeting__school_year=scope.year,
                meeting__date__gte=today,
            )
            .exclude(status=RegistrationStatus.CANCELLED)
            .select_related("meeting__theme", "meeting__location")
            .order_by("meeting__date")
        )
        items.append(
            WorkItem(
                title="Je professionaliseringsbijeenkomsten",
                count=coming.count(),
                url=reverse("professionalization:offer"),
                links=[
                    WorkLink(
                        label=r.meeting.title,
                        url=reverse("professionalization:meeting", args=[r.meeting_id]),
                        detail=f"{r.meeting.date:%d-%m-%Y}"
                        + (" (wachtlijst)" if r.status == RegistrationStatus.WAITING else ""),
                    )
                    for r in coming[:MAX_LINKS]
                ],
                empty_text="Je bent nergens voor aangemeld. Bekijk het aanbod.",
                due=False,
                order=60,
            )
        )
    open_attendance = (
        Meeting.objects.filter(school_year=scope.year, date__lte=today)
        .filter(Q(leader_id=scope.person_id) | Q(co_leader_id=scope.person_id))
        .filter(
            registrations__status=RegistrationStatus.REGISTERED,
            registrations__attended__isnull=True,
        )
        .distinct()
        .select_related("theme", "location")
        .order_by("date")
    )
    if open_attendance.exists():
        items.append(
            WorkItem(
                title="Aanwezigheid vastleggen",
                count=open_attendance.count(),
                url=reverse("professionalization:offer"),
                links=[
                    WorkLink(
                        label=m.title,
                        url=reverse("professionalization:meeting", args=[m.pk]),
                        detail=f"{m.date:%d-%m-%Y}",
                    )
                    for m in open_attendance[:MAX_LINKS]
                ],
                order=61,
            )
        )
    planned = ReflectiveConversation.objects.filter(
        school_year=scope.year, held_on__isnull=True
    ).filter(Q(participant_id=scope.person_id) | Q(conductor_id=scope.person_id))
    if planned.exists():
        items.append(
            WorkItem(
                title="Reflectieve gesprekken nog te houden",
                count=planned.count(),
                url=reverse("professionalization:conversations"),
                links=[
                    WorkLink(
                        label=c.get_kind_display(),
                        url=reverse("professionalization:conversation", args=[c.pk]),
                        detail=f"gepland {c.planned_on:%d-%m-%Y}",
                    )
                    for c in planned.order_by("planned_on")[:MAX_LINKS]
                ],
                due=False,
                order=62,
            )
        )
    return items
