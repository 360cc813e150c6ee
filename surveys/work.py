"""The surveys on the start page: the invitee's open questionnaires."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from bos.permissions import Scope
from bos.worklist import WorkItem, WorkLink, first_and_count

from . import selectors


def survey_work(user: Any, scope: Scope) -> list[WorkItem]:
    if not getattr(user, "is_authenticated", False):
        return []
    rows, count = first_and_count(selectors.open_to_answer(user))
    if not count:
        return []
    return [
        WorkItem(
            title="Open vragenlijsten",
            count=count,
            url=reverse("surveys:mine"),
            links=[
                WorkLink(
                    label=invitation.survey.title,
                    url=reverse("surveys:answer", args=[invitation.survey_id]),
                    detail=f"invullen kan tot en met {invitation.survey.closes_on:%d-%m-%Y}",
                )
                for invitation in rows
            ],
            empty_text="Geen vragenlijsten open.",
            order=20,
        )
    ]
