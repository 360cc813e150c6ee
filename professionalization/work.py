"""Professionalisation on the start page: the participant's coming meetings, the leader's
meetings whose attendance is still open, and the conversations planned but not yet held."""

from __future__ import annotations

from typing import Any

from django.db.models import Case, Q, When
from django.urls import reverse
from django.utils import timezone

from bos.models import Role
from bos.permissions import Scope
from bos.worklist import WorkItem, WorkLink, first_and_count

from .models import Meeting, ReflectiveConversation, Registration, RegistrationStatus


def professionalization_work(user: Any, scope: Scope) -> list[WorkItem]:
    if scope.year is None or scope.person_id is None:
        return []
    today = timezone.localdate()
    items: list[WorkItem] = []
    if scope.has(Role.SO, Role.IO, Role.WPB):
        # All of the year's registrations, the coming ones first: someone whose meetings
        # have all been held is still registered, and is told for what.
        mine = (
            Registration.objects.filter(person_id=scope.person_id, meeting__school_year=scope.year)
            .exclude(status=RegistrationStatus.CANCELLED)
            .select_related("meeting__theme", "meeting__location")
            .annotate(held=Case(When(meeting__date__lt=today, then=1), default=0))
            .order_by("held", "meeting__date", "pk")
        )
        first_mine, mine_count = first_and_count(mine)

        def detail(r: Registration) -> str:
            text = f"{r.meeting.date:%d-%m-%Y}"
            if r.status == RegistrationStatus.WAITING:
                text += " (wachtlijst)"
            if r.meeting.date < today:
                text += " (geweest)"
            return text

        items.append(
            WorkItem(
                title="Je professionaliseringsbijeenkomsten",
                count=mine_count,
                url=reverse("professionalization:offer"),
                links=[
                    WorkLink(
                        label=r.meeting.title,
                        url=reverse("professionalization:meeting", args=[r.meeting_id]),
                        detail=detail(r),
                    )
                    for r in first_mine
                ],
                empty_text=f"Je bent in {scope.year} nergens voor aangemeld. Bekijk het aanbod.",
                due=False,
                order=60,
            )
        )
    open_attendance = (
        Meeting.objects.filter(school_year=scope.year, date__lte=today)
        .filter(Q(leader_id=scope.person_id) | Q(co_leader_id=scope.person_id))
        # A subquery rather than a join, so no DISTINCT is needed and the first meetings and
        # their count come in one query.
        .filter(
            pk__in=Registration.objects.filter(
                status=RegistrationStatus.REGISTERED, attended__isnull=True
            ).values("meeting_id")
        )
        .select_related("theme", "location")
        .order_by("date")
    )
    first_open, open_count = first_and_count(open_attendance)
    if open_count:
        items.append(
            WorkItem(
                title="Aanwezigheid vastleggen",
                count=open_count,
                url=reverse("professionalization:offer"),
                links=[
                    WorkLink(
                        label=m.title,
                        url=reverse("professionalization:meeting", args=[m.pk]),
                        detail=f"{m.date:%d-%m-%Y}",
                    )
                    for m in first_open
                ],
                order=61,
            )
        )
    planned = ReflectiveConversation.objects.filter(
        school_year=scope.year, held_on__isnull=True
    ).filter(Q(participant_id=scope.person_id) | Q(conductor_id=scope.person_id))
    first_planned, planned_count = first_and_count(planned.order_by("planned_on"))
    if planned_count:
        items.append(
            WorkItem(
                title="Reflectieve gesprekken nog te houden",
                count=planned_count,
                url=reverse("professionalization:conversations"),
                links=[
                    WorkLink(
                        label=c.get_kind_display(),
                        url=reverse("professionalization:conversation", args=[c.pk]),
                        detail=f"gepland {c.planned_on:%d-%m-%Y}",
                    )
                    for c in first_planned
                ],
                due=False,
                order=62,
            )
        )
    return items
