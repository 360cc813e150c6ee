"""Demo data for the SO's workspace: the demo year's students and placements
(`students`), the placement policy of the demo year and an intake checklist for every
demo placement, mostly worked through, with some items still open."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.utils import timezone

from bos.demo import DemoContext
from bos.models import LocationYear

from ..models import (
    ChecklistItem,
    Placement,
    PlacementPolicy,
    PlaceOffer,
    TargetAdjustment,
    TargetKind,
)
from ..services import checklist_items_for
from . import students as demo_students

# Every n-th placement still has its last items open, so the dashboard has work to show.
OPEN_EVERY = 6
OPEN_ITEMS = 3


def load(ctx: DemoContext) -> None:
    # First, as it ran right after the organisation before: every later loader counts on them.
    demo_students.load(ctx)
    policy = PlacementPolicy.for_year(ctx.year)
    placements = (
        Placement.objects.filter(school_year=ctx.year, checklist__isnull=True)
        .select_related("student__institute", "so__user")
        .order_by("pk")
    )
    new_items: list[ChecklistItem] = []
    for index, placement in enumerate(placements):
        # The demo year has no earlier BOS placements, so nobody has a previous VOG.
        items = checklist_items_for(placement, policy, None)
        keep_open = OPEN_ITEMS if index % OPEN_EVERY == 0 else 0
        for position, item in enumerate(items):
            if position < len(items) - keep_open:
                item.done_at = timezone.make_aware(
                    dt.datetime.combine(item.due_date, dt.time(10, 0))
                )
                item.done_by = placement.so.user if placement.so else None
                item.done_by_name = placement.so.full_name if placement.so else ""
        new_items += items
    ChecklistItem.objects.bulk_create(new_items, batch_size=500)
    load_offers(ctx)
    load_target_adjustments(ctx)
    # Matching and supervision live in the running year; the years app's demo loads them
    # once that year's placements exist (see placements.demo.matching.load_running_year).


# Subjects with more students than places in 2020-2021 (the report names them).
SHORTAGE_SUBJECTS = {"Engels", "Spaans", "Geschiedenis", "Maatschappijleer", "Omgangskunde"}
FIRST_YEAR_RESERVATION = 15  # per kartrekker school; 60 in total


def load_offers(ctx: DemoContext) -> None:
    """Places on offer per location and subject: one more than placed, except for the
    shortage subjects, which offered one fewer at every school that had students in them."""
    placed: Counter[tuple[int, str]] = Counter(
        Placement.objects.for_year(ctx.year)
        .reported()
        .values_list("location_id", "student__programme")
    )
    kartrekkers = set(
        LocationYear.objects.filter(school_year=ctx.year, is_kartrekker=True).values_list(
            "location_id", flat=True
        )
    )
    by_location: dict[int, list[PlaceOffer]] = {}
    for (location_id, subject), count in sorted(placed.items()):
        places = count - 1 if subject in SHORTAGE_SUBJECTS else count + 1
        offer, _ = PlaceOffer.objects.update_or_create(
            location_id=location_id,
            school_year=ctx.year,
            subject=subject,
            level="",
            defaults={"places": max(places, 0), "first_year_reserved": 0},
        )
        by_location.setdefault(location_id, []).append(offer)
    for location_id in sorted(kartrekkers):
        offers = [offer for offer in by_location.get(location_id, []) if offer.places]
        if sum(offer.places for offer in offers) < FIRST_YEAR_RESERVATION:
            continue  # a tiny location of a kartrekker group: the group's main school reserves
        left = FIRST_YEAR_RESERVATION
        while left:
            for offer in offers:
                if left and offer.first_year_reserved < offer.places:
                    offer.first_year_reserved += 1
                    left -= 1
        PlaceOffer.objects.bulk_update(offers, ["first_year_reserved"])


# The seed (l. 1552-1553): "Het OLV geeft aan dat de school krimpt en dat het streefaantal om
# die reden bijgesteld zou moeten worden naar ongeveer 24."
TARGET_ADJUSTMENTS = [
    (
        "Onze Lieve Vrouwelyceum",
        TargetKind.ADJUSTED,
        24,
        "De school krimpt; in het gesprek over de richtlijnen facilitering SO is het "
        "streefaantal bijgesteld naar ongeveer 24.",
    ),
]


def load_target_adjustments(ctx: DemoContext) -> None:
    for school, kind, target, reason in TARGET_ADJUSTMENTS:
        TargetAdjustment.objects.update_or_create(
            location=ctx.locations[school],
            school_year=ctx.year,
            defaults={"kind": kind, "target": target, "reason": reason},
        )
