"""Induction in the annual report: per school the starting teachers registered, by kind, and
the school's building blocks in place or in development. Plain counts per location, in two
grouped queries whatever the number of schools or starters; the report's figures make the
table per school and board from them (`reports.figures.figure_induction`)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db.models import Count

from bos.models import SchoolYear

from .models import BlockState, BuildingBlock, BuildingBlockStatus, Starter, StarterKind

# The count of each kind of starter, under the name the report gives it.
KIND_KEYS = {
    StarterKind.FORMER_STUDENT: "former_students",
    StarterKind.STARTER: "other_starters",
    StarterKind.UNQUALIFIED: "unqualified",
    StarterKind.ZIJ_INSTROMER: "zij_instromers",
}
STATE_KEYS = {BlockState.IN_PLACE: "blocks_in_place", BlockState.DEVELOPING: "blocks_developing"}
COUNT_KEYS = ["starters", *KIND_KEYS.values(), *STATE_KEYS.values()]


def school_counts(year: SchoolYear, location_ids: Iterable[int] | None = None) -> dict[str, Any]:
    """{"blocks": the number of building blocks of the policy, "schools": {location id:
    {starters, former_students, other_starters, unqualified, zij_instromers,
    blocks_in_place, blocks_developing, blocks_recorded}}} for the schools with anything
    registered (narrowed to `location_ids` when given)."""
    starters = Starter.objects.filter(school_year=year)
    statuses = BuildingBlockStatus.objects.filter(school_year=year)
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
    return {"blocks": len(BuildingBlock), "schools": dict(schools)}
