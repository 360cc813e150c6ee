"""Reads for the signal of a job offered before the final placement (issue #26), for the
induction app: no user scope here, the caller narrows the starters."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Exists, Q

from . import rules
from .models import Placement, PlacementStatus


def final_started_by(student: Any, day: Any) -> Exists:
    """SQL for placements.rules.job_before_final's "all right": the student (an expression,
    e.g. OuterRef("former_student")) had started a final placement on or before `day` (an
    expression too) that was not stopped by then."""
    stopped_by_then = Q(status=PlacementStatus.STOPPED) & (
        Q(stopped_on__isnull=True) | Q(stopped_on__lte=day)
    )
    return Exists(
        Placement.objects.filter(student=student, is_final=True, start_date__lte=day).exclude(
            stopped_by_then
        )
    )


def final_placement_facts(student_ids: Iterable[int]) -> dict[int, list[rules.PlacementFact]]:
    """The final placements of these students as the rules read them, in one query."""
    facts: dict[int, list[rules.PlacementFact]] = {}
    for placement in Placement.objects.filter(
        student_id__in=list(student_ids), is_final=True
    ).select_related("location"):
        facts.setdefault(placement.student_id, []).append(
            rules.PlacementFact(
                pk=placement.pk,
                location_id=placement.location_id,
                location_name=placement.location.name,
                start_date=placement.start_date,
                status=placement.status,
                is_final=True,
                stopped_on=placement.stopped_on,
            )
        )
    return facts
