"""The verdiepingsmiddagen on the start page: the student's choice and evaluation, the
leader's attendance lists, the absentees an SO or IO follows up, and the projectleider's
assignments to make and publish."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from bos.models import Role
from bos.permissions import ADMIN, STUDENT, Scope
from bos.worklist import WorkItem, WorkLink, first_and_count

from . import selectors
from .models import DeepeningAfternoon, Evaluation, Preference, Workshop, WorkshopAssignment


def _student_work(user: Any, scope: Scope) -> list[WorkItem]:
    student = getattr(user, "student", None)
    if student is None or scope.year is None:
        return []
    today = timezone.localdate()
    mine = reverse("afternoons:mine")
    to_choose = (
        DeepeningAfternoon.objects.filter(
            school_year=scope.year,
            invitations__student=student,
            invitations_sent_at__isnull=False,
            assigned_at__isnull=True,
            choice_deadline__gte=today,
        )
        .exclude(Exists(Preference.objects.filter(afternoon=OuterRef("pk"), student=student)))
        .order_by("date")
    )
    to_evaluate = (
        DeepeningAfternoon.objects.filter(
            school_year=scope.year,
            published_at__isnull=False,
            assignments__student=student,
            assignments__attended=True,
        )
        .exclude(Exists(Evaluation.objects.filter(afternoon=OuterRef("pk"), student=student)))
        .order_by("date")
    )
    first_to_choose, choose_count = first_and_count(to_choose)
    first_to_evaluate, evaluate_count = first_and_count(to_evaluate)
    return [
        WorkItem(
            title="Thema's kiezen voor een verdiepingsmiddag",
            count=choose_count,
            url=mine,
            links=[
                WorkLink(
                    label=f"Verdiepingsmiddag {a.number} op {a.date:%d-%m-%Y}",
                    url=reverse("afternoons:choose", args=[a.pk]),
                    detail=f"kiezen kan tot en met {a.choice_deadline:%d-%m-%Y}",
                )
                for a in first_to_choose
            ],
            empty_text="Geen keuzes open.",
            order=30,
        ),
        WorkItem(
            title="Workshops beoordelen",
            count=evaluate_count,
            url=mine,
            links=[
                WorkLink(
                    label=f"Verdiepingsmiddag {a.number} op {a.date:%d-%m-%Y}",
                    url=reverse("afternoons:evaluate", args=[a.pk]),
                )
                for a in first_to_evaluate
            ],
            empty_text="Niets te beoordelen.",
            order=31,
        ),
    ]


def _leader_work(user: Any, scope: Scope) -> list[WorkItem]:
    if scope.year is None or scope.person_id is None:
        return []
    today = timezone.localdate()
    # Lists of the day and before whose attendance is not complete.
    open_lists = (
        Workshop.objects.filter(
            pk__in=selectors.workshops_for_attendance(user, scope.year).values("pk"),
            afternoon__published_at__isnull=False,
            afternoon__date__lte=today,
        )
        # A subquery, not a join: no DISTINCT, so the first lists and the count in one query.
        .filter(Exists(WorkshopAssignment.objects.filter(workshop=OuterRef("pk"), attended=None)))
        .select_related("afternoon")
        .order_by("-afternoon__date", "order", "pk")
    )
    first_lists, count = first_and_count(open_lists)
    if not count:
        return []  # only workshop leaders see this item
    return [
        WorkItem(
            title="Presentielijsten bijhouden",
            count=count,
            url=reverse("afternoons:workshops"),
            links=[
                WorkLink(
                    label=w.theme,
                    url=reverse("afternoons:attendance", args=[w.pk]),
                    detail=f"middag {w.afternoon.number}, {w.afternoon.date:%d-%m-%Y}",
                )
                for w in first_lists
            ],
            empty_text="Alle presentielijsten zijn bijgehouden.",
            order=32,
        )
    ]


def _follow_up_work(user: Any, scope: Scope) -> list[WorkItem]:
    if scope.year is None or not scope.has(Role.SO, Role.IO):
        return []
    # The first absentees and their count; the follow-up page has the whole list.
    absentees, count = first_and_count(selectors.absentees(user))
    url = reverse("afternoons:follow_up")
    return [
        WorkItem(
            title="Afwezig op een verdiepingsmiddag",
            count=count,
            url=url + "#afwezigen",
            links=[
                WorkLink(
                    label=a.student.full_name,
                    url=url + "#afwezigen",
                    detail=f"middag {a.afternoon.number}, {a.afternoon.date:%d-%m-%Y}",
                )
                for a in absentees
            ],
            empty_text="Niemand van je studenten was afwezig.",
            due=False,
            order=33,
        )
    ]


def _planner_work(user: Any, scope: Scope) -> list[WorkItem]:
    if scope.year is None or not scope.has(Role.PROJECTLEIDER, ADMIN):
        return []
    today = timezone.localdate()
    to_do, count = first_and_count(
        DeepeningAfternoon.objects.filter(
            Q(assigned_at__isnull=False) | Q(choice_deadline__lt=today),
            school_year=scope.year,
            invitations_sent_at__isnull=False,
            published_at__isnull=True,
        ).order_by("date", "pk")
    )
    return [
        WorkItem(
            title="Verdiepingsmiddagen indelen en publiceren",
            count=count,
            url=reverse("afternoons:list"),
            links=[
                WorkLink(
                    label=str(a),
                    url=reverse("afternoons:detail", args=[a.pk]) + "#indeling",
                    detail="publiceren" if a.assigned_at else "indeling maken",
                )
                for a in to_do
            ],
            empty_text="Geen middag wacht op een indeling.",
            order=34,
        )
    ]


def afternoon_work(user: Any, scope: Scope) -> list[WorkItem]:
    items: list[WorkItem] = []
    if scope.has(STUDENT):
        items += _student_work(user, scope)
    items += _planner_work(user, scope)
    items += _follow_up_work(user, scope)
    if scope.has(Role.SO, Role.IO, Role.WPB, Role.BC, Role.IC, Role.KERNTEAM):
        items += _leader_work(user, scope)
    return items
