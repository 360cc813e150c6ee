"""Permission-matrix rows of the verdiepingsmiddagen (merged into `tests.matrix.MATRIX`).

The objects are made on demand in the projectleider's year: a published afternoon with a
workshop led by the demo SO and one without an account-holding leader, to which the demo
student is invited and assigned (and came, so the evaluation form opens)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tests.matrix import DOMAIN, Case, expect


def _cycle() -> dict[str, Any]:
    from django.utils import timezone

    from afternoons.models import (
        DeepeningAfternoon,
        Invitation,
        MeetingMode,
        Workshop,
        WorkshopAssignment,
    )
    from bos.models import Person, User
    from bos.permissions import default_year_for

    year = default_year_for(User.objects.get(email=f"projectleider@{DOMAIN}"))
    student = User.objects.get(email=f"student@{DOMAIN}").student
    now = timezone.now()
    date = max(year.start_date + dt.timedelta(days=100), year.start_date)
    afternoon, _ = DeepeningAfternoon.objects.get_or_create(
        school_year=year,
        number=9,
        date=date,
        audience="Matrix",
        defaults={
            "choice_deadline": date - dt.timedelta(days=7),
            "invitations_sent_at": now,
            "assigned_at": now,
            "published_at": now,
        },
    )
    led, _ = Workshop.objects.get_or_create(
        afternoon=afternoon,
        theme="Door de SO geleid",
        defaults={
            "leader": Person.objects.get(email=f"so.beatrix@{DOMAIN}"),
            "location": "Beatrix College",
            "capacity": 10,
        },
    )
    free, _ = Workshop.objects.get_or_create(
        afternoon=afternoon,
        theme="Gastspreker",
        defaults={"mode": MeetingMode.ONLINE, "online_link": "https://bos.example/m"},
    )
    Invitation.objects.get_or_create(afternoon=afternoon, student=student, email=student.email)
    assignment, _ = WorkshopAssignment.objects.get_or_create(
        afternoon=afternoon, student=student, defaults={"workshop": free, "attended": True}
    )
    return {"afternoon": afternoon, "led": led, "free": free, "assignment": assignment}


def matrix_afternoon() -> dict[str, Any]:
    return {"pk": _cycle()["afternoon"].pk}


def matrix_workshop_free() -> dict[str, Any]:
    return {"pk": _cycle()["free"].pk}


def matrix_workshop_led_by_so() -> dict[str, Any]:
    return {"pk": _cycle()["led"].pk}


def matrix_assignment() -> dict[str, Any]:
    return {"pk": _cycle()["assignment"].pk}


PLAN = {"projectleider": 200, "admin": 200}
PLAN_OBJECT = PLAN
POST_ONLY = {"projectleider": 405, "admin": 405}
KEEPERS = ("so", "io", "wpb", "projectleider", "kernteam", "admin")
ATTENDANCE = dict.fromkeys(KEEPERS, 200)

ROWS: dict[str, list[Case]] = {
    "afternoons:list": [Case(expect(403, **PLAN))],
    "afternoons:create": [Case(expect(403, **PLAN))],
    "afternoons:proposals": [Case(expect(403, **PLAN))],
    "afternoons:detail": [Case(expect(403, **PLAN_OBJECT), kwargs=matrix_afternoon)],
    "afternoons:edit": [Case(expect(403, **PLAN_OBJECT), kwargs=matrix_afternoon)],
    "afternoons:workshop_add": [Case(expect(403, **PLAN_OBJECT), kwargs=matrix_afternoon)],
    "afternoons:workshop_edit": [Case(expect(403, **PLAN_OBJECT), kwargs=matrix_workshop_free)],
    "afternoons:invite": [Case(expect(403, **POST_ONLY), kwargs=matrix_afternoon)],
    "afternoons:assign": [Case(expect(403, **POST_ONLY), kwargs=matrix_afternoon)],
    "afternoons:publish": [
        Case(expect(403, **POST_ONLY), kwargs=matrix_afternoon),
        # Already published: publishing again changes nothing and returns to the page.
        Case(expect(403, projectleider=302, admin=302), kwargs=matrix_afternoon, method="post"),
    ],
    "afternoons:move": [
        Case(expect(403, **POST_ONLY), kwargs=matrix_assignment),
        Case(
            expect(403, projectleider=302, admin=302),
            kwargs=matrix_assignment,
            method="post",
            data={"workshop": "0"},
        ),
    ],
    "afternoons:mine": [Case(expect(403, student=200))],
    "afternoons:propose": [Case(expect(403, student=200))],
    "afternoons:choose": [Case(expect(403, student=200), kwargs=matrix_afternoon)],
    "afternoons:evaluate": [Case(expect(403, student=200), kwargs=matrix_afternoon)],
    "afternoons:workshops": [Case(expect(403, **ATTENDANCE))],
    "afternoons:attendance": [
        # The leader (here the SO) and the projectleider keep a list; others do not see it.
        Case(
            expect(
                403,
                **{**dict.fromkeys(KEEPERS, 404), "so": 200, "projectleider": 200, "admin": 200},
            ),
            kwargs=matrix_workshop_led_by_so,
        ),
        Case(
            expect(403, **{**dict.fromkeys(KEEPERS, 404), "projectleider": 200, "admin": 200}),
            kwargs=matrix_workshop_free,
        ),
    ],
    "afternoons:mark": [
        Case(expect(403, **dict.fromkeys(KEEPERS, 405)), kwargs=matrix_assignment),
        Case(
            expect(403, **{**dict.fromkeys(KEEPERS, 404), "projectleider": 302, "admin": 302}),
            kwargs=matrix_assignment,
            method="post",
            data={"attended": "1"},
        ),
    ],
    "afternoons:walk_in": [
        Case(expect(403, **dict.fromkeys(KEEPERS, 405)), kwargs=matrix_workshop_led_by_so),
    ],
    "afternoons:follow_up": [
        Case(expect(403, so=200, io=200, projectleider=200, admin=200)),
    ],
}
