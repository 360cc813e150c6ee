"""Writes of the year planning: the projectleider's own dates and the personal feed tokens.

Every function checks the caller's rights itself; views may pass form data straight in."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from bos.closing import ensure_open
from bos.models import SchoolLocation, SchoolYear, User
from bos.permissions import can

from .models import FeedToken, PlanningEvent
from .sources import AUDIENCES, Status

EVENT_FIELDS = (
    "kind",
    "title",
    "date",
    "start_time",
    "end_time",
    "place",
    "description",
    "audience",
)
# 32 random bytes: 256 bits, far beyond guessing; URL-safe base64 of 43 characters.
TOKEN_BYTES = 32


def _check_editor(user: User | None) -> None:
    # user=None is the system itself (the demo loader, a management command).
    if user is not None and not can(user, "planning.edit"):
        raise PermissionDenied


def _clean_values(year: SchoolYear, values: dict[str, Any]) -> dict[str, Any]:
    cleaned = {name: values[name] for name in EVENT_FIELDS if name in values}
    day = cleaned.get("date")
    if day is not None and not year.contains(day):
        raise ValidationError(
            {
                "date": (
                    f"De datum valt buiten schooljaar {year} "
                    f"({year.start_date:%d-%m-%Y} t/m {year.end_date:%d-%m-%Y})."
                )
            }
        )
    audience = cleaned.get("audience")
    if audience is not None:
        unknown = set(audience) - set(AUDIENCES)
        if unknown:
            raise ValidationError({"audience": "Onbekende doelgroep."})
        cleaned["audience"] = sorted(set(audience))
    if cleaned.get("start_time") is None and cleaned.get("end_time") is not None:
        raise ValidationError({"end_time": "Een eindtijd hoort bij een begintijd."})
    return cleaned


@transaction.atomic
def create_event(
    *,
    user: User | None,
    year: SchoolYear,
    values: dict[str, Any],
    locations: Iterable[SchoolLocation] = (),
) -> PlanningEvent:
    _check_editor(user)
    ensure_open(year)
    event = PlanningEvent(school_year=year, created_by=user, **_clean_values(year, values))
    event.full_clean()
    event.save()
    event.locations.set(list(locations))
    return event


@transaction.atomic
def update_event(
    *,
    user: User,
    event: PlanningEvent,
    values: dict[str, Any],
    locations: Iterable[SchoolLocation] | None = None,
) -> PlanningEvent:
    _check_editor(user)
    locked = PlanningEvent.objects.select_for_update().get(pk=event.pk)
    ensure_open(locked.school_year_id)
    for name, value in _clean_values(locked.school_year, values).items():
        setattr(locked, name, value)
    locked.sequence += 1
    locked.full_clean()
    locked.save()
    if locations is not None:
        locked.locations.set(list(locations))
    return locked


@transaction.atomic
def set_cancelled(
    *, user: User | None, event: PlanningEvent, cancelled: bool = True
) -> PlanningEvent:
    """Cancel (or restore) a date. It stays on the calendar, struck through, so subscribers'
    calendars show it as cancelled instead of silently dropping it."""
    _check_editor(user)
    locked = PlanningEvent.objects.select_for_update().get(pk=event.pk)
    ensure_open(locked.school_year_id)
    new_status = Status.CANCELLED if cancelled else Status.CONFIRMED
    if locked.status != new_status:
        locked.status = new_status
        locked.sequence += 1
        locked.save(update_fields=["status", "sequence", "updated_at"])
    return locked


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def reset_feed_token(*, user: User) -> str:
    """A new secret for the user's personal feed; the previous one stops working at once.
    Returns the secret itself, which is stored only as a hash."""
    if not user.is_authenticated:
        raise PermissionDenied
    token = secrets.token_urlsafe(TOKEN_BYTES)
    FeedToken.objects.filter(user=user).delete()
    FeedToken.objects.create(user=user, token_hash=hash_token(token))
    return token


def revoke_feed_token(*, user: User) -> None:
    FeedToken.objects.filter(user=user).delete()


def user_for_token(token: str) -> User | None:
    """The active user a feed token belongs to, or None. Looked up by hash, so the stored
    value never has to be compared character by character."""
    if not token or len(token) > 100:
        return None
    found = (
        FeedToken.objects.select_related("user")
        .filter(token_hash=hash_token(token), user__is_active=True)
        .first()
    )
    if found is None:
        return None
    now = timezone.now()
    # Record use at most once an hour: a calendar client polls often.
    if found.last_used_at is None or now - found.last_used_at > dt.timedelta(hours=1):
        FeedToken.objects.filter(pk=found.pk).update(last_used_at=now)
    return found.user
