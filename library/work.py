"""The projectleider's start page: documents carried into the year that wait for review."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from bos.permissions import Scope, can
from bos.worklist import MAX_LINKS, WorkItem, WorkLink

from .models import Document, ReviewStatus


def library_work(user: Any, scope: Scope) -> list[WorkItem]:
    if scope.year is None or not can(user, "library.edit", scope.year):
        return []
    waiting = Document.objects.filter(
        school_year=scope.year, status=ReviewStatus.TO_REVIEW
    ).order_by("title")
    return [
        WorkItem(
            title="Afspraken te beoordelen",
            count=waiting.count(),
            url=f"{reverse('library:list')}?status=to_review&alles=on",
            links=[
                WorkLink(
                    label=document.title,
                    url=reverse("library:detail", args=[document.pk]),
                    detail="bevestigen of vervangen",
                )
                for document in waiting[:MAX_LINKS]
            ],
            empty_text="Alle documenten van dit schooljaar zijn beoordeeld.",
            order=60,
        )
    ]
