"""Places on offer, first-year reservations and early matching: writes and reads."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q, QuerySet, Sum

from bos.closing import ensure_open
from bos.models import Person, SchoolYear
from bos.permissions import CAPABILITIES, can, get_scope, scope_for_year

from . import rules, services
from .models import PENDING_STATUSES, Placement, PlaceOffer, ProposalStatus, Reservation, StageLevel


@transaction.atomic
def offer_save(
    *,
    user: Any,
    location_id: int,
    subject: str,
    level: str,
    places: int,
    first_year_reserved: int,
    mentor: Person | None = None,
    year: SchoolYear | None = None,
    start_date: dt.date | None = None,
    end_date: dt.date | None = None,
    days: str = "",
) -> PlaceOffer:
    """Enter or change the places a location offers for a subject and level, this year or
    next year (the period, days and mentor may follow later: "WPB to be decided")."""
    from .matching import matching_years

    if not can(user, "placement.edit"):
        raise PermissionDenied
    chosen = get_scope(user)
    year = year or chosen.year
    ensure_open(year)
    if year not in matching_years(chosen):
        raise ValidationError({"year": "Aanbod voer je in voor dit of het volgende schooljaar."})
    # The locations are judged in the offer's own year, whatever the header holds: an SO
    # moved to another school for next year enters next year's offer there, not at the old one.
    scope = scope_for_year(user, year) if year is not None else chosen
    if not scope.roles & CAPABILITIES["placement.edit"]:
        raise PermissionDenied
    if year is not None:
        for name, day in (("start_date", start_date), ("end_date", end_date)):
            if day is not None and not year.contains(day):
                raise ValidationError({name: f"De datum valt buiten schooljaar {year}."})
    if start_date and end_date and end_date < start_date:
        raise ValidationError({"end_date": "De einddatum ligt vóór de begindatum."})
    allowed = services.editable_location_ids(scope)
    if allowed is not None and location_id not in allowed:
        raise ValidationError({"location": "Je kunt alleen aanbod van je eigen locaties invoeren."})
    subject = subject.strip()
    if not subject:
        raise ValidationError({"subject": "Vul het vak in."})
    if first_year_reserved > places:
        raise ValidationError(
            {"first_year_reserved": "Er kunnen niet meer plaatsen gereserveerd zijn dan er zijn."}
        )
    offer, _ = PlaceOffer.objects.update_or_create(
        location_id=location_id,
        school_year=year,
        subject=subject,
        level=level,
        defaults={
            "places": places,
            "first_year_reserved": first_year_reserved,
            "mentor": mentor,
            "start_date": start_date,
            "end_date": end_date,
            "days": days.strip(),
        },
    )
    return offer


@transaction.atomic
def reservation_create(*, user: Any, placement_id: int, level: str) -> Reservation:
    """Early matching: reserve the student of this placement a place next year at the same
    school."""
    placement = (
        Placement.objects.select_related("school_year", "student").filter(pk=placement_id).first()
    )
    if placement is None:
        raise Placement.DoesNotExist
    scope = get_scope(user, placement.school_year)
    allowed = services.editable_location_ids(scope)
    if not can(user, "placement.edit", placement.school_year):
        raise PermissionDenied
    if allowed is not None and placement.location_id not in allowed:
        raise Placement.DoesNotExist
    next_year = (
        SchoolYear.objects.filter(start_date__gt=placement.school_year.start_date)
        .order_by("start_date")
        .first()
    )
    if next_year is None:
        raise ValidationError("Het volgende schooljaar is nog niet ingericht.")
    ensure_open(next_year)
    if level not in StageLevel.values:
        raise ValidationError({"level": "Kies een stageniveau."})
    if Reservation.objects.filter(student=placement.student, school_year=next_year).exists():
        raise ValidationError(f"Voor deze student is al een plaats in {next_year} gereserveerd.")
    return Reservation.objects.create(
        student=placement.student,
        location_id=placement.location_id,
        school_year=next_year,
        level=level,
        from_placement=placement,
        reserved_by=user,
    )


def offers_for(*, user: Any, year: SchoolYear | None = None) -> QuerySet[PlaceOffer]:
    # The user's own locations come from their current scope: next year's roles may not be
    # assigned yet while its places are already on offer.
    scope = get_scope(user)
    offers = PlaceOffer.objects.filter(school_year=year or scope.year).select_related(
        "location", "mentor"
    )
    allowed = services.editable_location_ids(scope)
    if allowed is not None:
        offers = offers.filter(location_id__in=allowed)
    return offers


def own_offers(*, user: Any, years: list[SchoolYear]) -> QuerySet[PlaceOffer]:
    """The places the user's locations offer in `years`, with how many are taken and how
    many are being decided, counted in the same query."""
    scope = get_scope(user)
    offers = PlaceOffer.objects.filter(school_year__in=years).select_related(
        "location", "school_year", "mentor"
    )
    allowed = services.editable_location_ids(scope)
    if allowed is not None:
        offers = offers.filter(location_id__in=allowed)
    return offers.annotate(
        accepted=Count("proposals", filter=Q(proposals__status=ProposalStatus.ACCEPTED)),
        pending=Count("proposals", filter=Q(proposals__status__in=PENDING_STATUSES)),
    ).order_by("-school_year__start_date", "location__name", "subject", "level")


@dataclass(frozen=True)
class SupplyRow:
    subject: str
    places: int
    first_year_reserved: int
    placed: int
    # What no place can take: places "elk niveau" count against every level, a place at a
    # level only against its own (rules.offer_balance).
    shortage: int = 0


def supply_vs_placed(*, year: SchoolYear) -> list[SupplyRow]:
    """Per subject: places offered against students placed (the report's count)."""
    offered: dict[str, dict[str, int]] = {}
    reserved: Counter[str] = Counter()
    for row in (
        PlaceOffer.objects.filter(school_year=year)
        .values("subject", "level")
        .annotate(places=Sum("places"), reserved=Sum("first_year_reserved"))
    ):
        offered.setdefault(row["subject"], {})[row["level"]] = row["places"] or 0
        reserved[row["subject"]] += row["reserved"] or 0
    placed: dict[str, Counter[str]] = {}
    for subject, level, count in (
        Placement.objects.for_year(year)
        .reported()
        .values("student__programme", "level")
        .annotate(count=Count("pk"))
        .values_list("student__programme", "level", "count")
        .order_by()
    ):
        placed.setdefault(subject, Counter())[level] += count
    subjects = sorted(set(offered) | set(placed))
    return [
        SupplyRow(
            subject=subject,
            places=sum(offered.get(subject, {}).values()),
            first_year_reserved=reserved[subject],
            placed=sum(placed.get(subject, Counter()).values()),
            shortage=rules.offer_balance(
                places=offered.get(subject, {}), demand=placed.get(subject, Counter())
            ).shortage,
        )
        for subject in subjects
    ]
