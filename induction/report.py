"""Induction in the annual report: per school the starting teachers registered, by kind, the
school's building blocks in place or in development, and the programme's numbers (plans
made, workload measures done, coaches, the introduction meeting's attendance, exit
interviews). Plain counts per location, in grouped queries (seven) whatever the number of
schools or starters; the report's figures make the table per school and board from them
(`reports.figures.figure_induction`)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db.models import Count, Q

from bos.models import SchoolYear

from .models import (
    BlockState,
    BuildingBlock,
    BuildingBlockStatus,
    ExitInterview,
    IntroInvitation,
    MeasureCheck,
    MeasureState,
    Starter,
    StarterKind,
)

# The count of each kind of starter, under the name the report gives it.
KIND_KEYS = {
    StarterKind.FORMER_STUDENT: "former_students",
    StarterKind.STARTER: "other_starters",
    StarterKind.UNQUALIFIED: "unqualified",
    StarterKind.ZIJ_INSTROMER: "zij_instromers",
}
STATE_KEYS = {BlockState.IN_PLACE: "blocks_in_place", BlockState.DEVELOPING: "blocks_developing"}
# The programme's numbers per school (issue #26).
PROGRAMME_KEYS = [
    "with_plan",
    "measures_done",
    "measures_not_applicable",
    "coaches",
    "intro_invited",
    "intro_present",
    "exits",
]
COUNT_KEYS = ["starters", *KIND_KEYS.values(), *STATE_KEYS.values(), *PROGRAMME_KEYS]


def school_counts(year: SchoolYear, location_ids: Iterable[int] | None = None) -> dict[str, Any]:
    """{"blocks": the number of building blocks of the policy, "schools": {location id:
    {starters, former_students, other_starters, unqualified, zij_instromers,
    blocks_in_place, blocks_developing, blocks_recorded, with_plan, measures_done,
    measures_not_applicable, coaches, intro_invited, intro_present, exits}}} for the schools
    with anything registered (narrowed to `location_ids` when given)."""
    starters = Starter.objects.filter(school_year=year)
    statuses = BuildingBlockStatus.objects.filter(school_year=year)
    ids: list[int] | None = None
    if location_ids is not None:
        ids = list(location_ids)
        starters = starters.filter(location_id__in=ids)
        statuses = statuses.filter(location_id__in=ids)
    schools: dict[int, dict[str, int]] = defaultdict(
        lambda: dict.fromkeys([*COUNT_KEYS, "blocks_recorded"], 0)
    )
    for location_id, kind, count in (
        starters.order_by()
        .values("location_id", "kind")
        .annotate(n=Count("pk"))
        .values_list("location_id", "kind", "n")
    ):
        row = schools[location_id]
        row["starters"] += count
        row[KIND_KEYS[StarterKind(kind)]] += count
    for location_id, state, count in (
        statuses.order_by()
        .values("location_id", "state")
        .annotate(n=Count("pk"))
        .values_list("location_id", "state", "n")
    ):
        row = schools[location_id]
        row["blocks_recorded"] += count
        key = STATE_KEYS.get(BlockState(state))
        if key is not None:
            row[key] += count
    _programme_counts(year, ids, schools)
    return {"blocks": len(BuildingBlock), "schools": dict(schools)}


def _programme_counts(
    year: SchoolYear, ids: list[int] | None, schools: dict[int, dict[str, int]]
) -> None:
    """Add the programme's numbers per school: starters with a development plan, workload
    measures done or not applicable, distinct coaches, starters invited to and present at an
    introduction meeting, and exit interviews."""
    starters = Starter.objects.filter(school_year=year)
    if ids is not None:
        starters = starters.filter(location_id__in=ids)
    for location_id, with_plan, coaches in (
        starters.order_by()
        .values("location_id")
        .annotate(
            p=Count("pk", filter=Q(plans__isnull=False), distinct=True),
            c=Count("coach_id", distinct=True),
        )
        .values_list("location_id", "p", "c")
    ):
        schools[location_id]["with_plan"] += with_plan
        schools[location_id]["coaches"] += coaches
    measure_keys = {
        MeasureState.DONE: "measures_done",
        MeasureState.NOT_APPLICABLE: "measures_not_applicable",
    }
    for location_id, state, count in (
        MeasureCheck.objects.filter(starter__in=starters, state__in=list(measure_keys))
        .order_by()
        .values("starter__location_id", "state")
        .annotate(n=Count("pk"))
        .values_list("starter__location_id", "state", "n")
    ):
        schools[location_id][measure_keys[MeasureState(state)]] += count
    for location_id, invited, present in (
        IntroInvitation.objects.filter(starter__in=starters)
        .order_by()
        .values("starter__location_id")
        .annotate(
            i=Count("starter_id", distinct=True),
            p=Count("starter_id", filter=Q(present=True), distinct=True),
        )
        .values_list("starter__location_id", "i", "p")
    ):
        schools[location_id]["intro_invited"] += invited
        schools[location_id]["intro_present"] += present
    for location_id, count in (
        ExitInterview.objects.filter(starter__in=starters)
        .order_by()
        .values("starter__location_id")
        .annotate(n=Count("pk"))
        .values_list("starter__location_id", "n")
    ):
        schools[location_id]["exits"] += count
