"""Reads of the decision log that depend on the reader.

Who reads the log: the roles the library's decisions are meant for (`governance.view`:
the partnership's governance), judged in the decision's own year; anyone else gets a 404
for a decision (its existence is not revealed) and an empty list. The projectleider alone
records decisions (`governance.edit`)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Count, Model, Prefetch, QuerySet

from bos.models import SchoolYear
from bos.permissions import can, get_scope
from library.models import Document
from library.selectors import readable

from .models import Body, Decision, DecisionChange


def may_view(user: Any, year: SchoolYear) -> bool:
    return can(user, "governance.view", year)


def may_edit(user: Any, year: SchoolYear) -> bool:
    return can(user, "governance.edit", year)


def decision_list(*, user: Any, year: SchoolYear, body: str = "") -> QuerySet[Decision]:
    """The year's decisions, newest first, each with its number of changes and attachments."""
    if not may_view(user, year):
        return Decision.objects.none()
    decisions = Decision.objects.filter(school_year=year)
    if body in Body.values:
        decisions = decisions.filter(body=body)
    return decisions.annotate(
        change_count=Count("changes", distinct=True),
        attachment_count=Count("attachments", distinct=True),
    ).order_by("-decided_on", "-pk")


def decision_get(*, user: Any, pk: int) -> Decision:
    """A decision the user may read; DoesNotExist otherwise (a 404)."""
    decision = Decision.objects.select_related("school_year", "created_by").get(pk=pk)
    if not may_view(user, decision.school_year):
        raise Decision.DoesNotExist
    return decision


def change_get(*, user: Any, pk: int) -> DecisionChange:
    change = DecisionChange.objects.select_related("decision__school_year").get(pk=pk)
    if not may_view(user, change.decision.school_year):
        raise DecisionChange.DoesNotExist
    return change


def changes_of(decision: Decision) -> list[DecisionChange]:
    return list(decision.changes.select_related("recorded_by").order_by("pk"))


def attachments_of(*, user: Any, decision: Decision) -> list[Document]:
    """The decision's attachments the user may read in the library."""
    scope = get_scope(user, decision.school_year)
    return list(
        decision.attachments.filter(readable(scope))
        .select_related("current_version")
        .order_by("title")
    )


def decision_choices(*, user: Any, year: SchoolYear) -> QuerySet[Decision]:
    """The decisions a change to `year`'s settings may follow: those of that year and of the
    year before it (next year's policy is often decided in the spring before), in years
    that are still open, newest first. None for someone who may not keep the log."""
    if not may_edit(user, year):
        return Decision.objects.none()
    previous = (
        SchoolYear.objects.filter(start_date__lt=year.start_date).order_by("-start_date").first()
    )
    years = [year.pk] + ([previous.pk] if previous is not None else [])
    return (
        Decision.objects.filter(school_year__in=years, school_year__closed_at__isnull=True)
        .select_related("school_year")
        .order_by("-decided_on", "-pk")
    )


def changes_naming(
    target: Model, *, limit: int = 20, fields: Iterable[str] | None = None
) -> list[DecisionChange]:
    """The latest changes recorded with a decision that name `target` (a policy, a budget),
    newest decision first, each with its decision: a policy's page shows which decision its
    values follow. `fields`: only the changes of these fields of `target`."""
    # The content type by its natural key in the same query (not a lookup of its own, which
    # the first page of a process would pay and the next not).
    meta = type(target)._meta
    changes = DecisionChange.objects.filter(
        content_type__app_label=meta.app_label,
        content_type__model=meta.model_name,
        object_id=target.pk,
    )
    if fields is not None:
        changes = changes.filter(field_name__in=list(fields))
    return list(changes.select_related("decision").order_by("-decision__decided_on", "-pk")[:limit])


def year_decisions(year: SchoolYear) -> QuerySet[Decision]:
    """A year's decisions in the order they were taken, for the year's history (the page
    that shows it checks who may read it)."""
    return (
        Decision.objects.filter(school_year=year)
        .annotate(change_count=Count("changes"))
        .order_by("decided_on", "pk")
    )


def report_decisions(year: SchoolYear) -> list[dict[str, Any]]:
    """The year's decisions as the annual report takes them (plain values, in the order
    they were taken), in two queries whatever their number."""
    decisions = (
        Decision.objects.filter(school_year=year)
        .prefetch_related(Prefetch("changes", queryset=DecisionChange.objects.order_by("pk")))
        .order_by("decided_on", "pk")
    )
    return [
        {
            "date": decision.decided_on,
            "date_display": decision.date_display,
            "body": str(decision.get_body_display()),
            "title": decision.title,
            "changes": [
                {"label": change.label, "old": change.old_value, "new": change.new_value}
                for change in decision.changes.all()
            ],
        }
        for decision in decisions
    ]
