"""Writes of the API: keys (by the projectleider on the API-sleutels page) and what an
institute does through its key (register a student's study data, propose a student)."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from bos.models import Institute, SchoolYear
from bos.permissions import can
from placements import matching
from placements.models import Proposal, Student, Variant

from . import rules
from .models import ApiKey


def _require_keys(user: Any) -> None:
    if not can(user, "api.keys"):
        raise PermissionDenied


@transaction.atomic
def api_key_create(
    *, user: Any, institute_id: int, name: str, valid_days: int | None = None
) -> tuple[ApiKey, str]:
    """A new key for an institute: (the stored key, the key itself — shown once)."""
    _require_keys(user)
    days = settings.API_KEY_VALID_DAYS if valid_days is None else valid_days
    most = settings.API_KEY_MAX_VALID_DAYS
    if not 1 <= days <= most:
        raise ValidationError({"valid_days": f"Kies een geldigheid van 1 tot {most} dagen."})
    name = name.strip()
    if not name:
        raise ValidationError({"name": "Geef de sleutel een omschrijving."})
    institute = Institute.objects.filter(pk=institute_id).first()
    if institute is None:
        raise ValidationError({"institute": "Kies een instituut."})
    token = rules.KEY_PREFIX + secrets.token_urlsafe(32)
    key = ApiKey.objects.create(
        institute=institute,
        name=name[:100],
        prefix=rules.shown_prefix(token),
        key_hash=rules.key_hash(token),
        created_by=user,
        expires_at=timezone.now() + dt.timedelta(days=days),
    )
    return key, token


@transaction.atomic
def api_key_revoke(*, user: Any, key_id: int) -> ApiKey:
    _require_keys(user)
    key = ApiKey.objects.select_for_update().get(pk=key_id)
    if key.revoked_at is None:
        key.revoked_at = timezone.now()
        key.revoked_by = user
        key.save(update_fields=["revoked_at", "revoked_by"])
    return key


def key_for_token(token: str) -> ApiKey | None:
    """The usable key a caller presents, or None (unknown, revoked or expired)."""
    key = (
        ApiKey.objects.select_related("institute")
        .filter(key_hash=rules.key_hash(token.strip()))
        .first()
    )
    now = timezone.now()
    if key is None or not rules.is_usable(
        expires_at=key.expires_at, revoked_at=key.revoked_at, now=now
    ):
        return None
    if key.last_used_at is None or now - key.last_used_at > dt.timedelta(minutes=1):
        # update(), not save(): a use is no change of the key for the audit trail.
        ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
    return key


@transaction.atomic
def student_register(
    *,
    institute: Institute,
    student_number: str,
    first_name: str,
    last_name: str,
    email: str,
    programme: str,
    variant: str,
    is_zij_instromer: bool = False,
) -> tuple[Student, bool]:
    """The institute registers (or updates) a student's study data, by student number:
    (the student, whether it is new)."""
    student_number = student_number.strip()
    if not student_number:
        raise ValidationError({"student_number": "Vul het studentnummer in."})
    if variant not in Variant.values:
        raise ValidationError({"variant": "Kies een bestaande variant."})
    student = (
        Student.objects.select_for_update()
        .filter(institute=institute, student_number=student_number)
        .first()
    )
    created = student is None
    if student is None:
        student = Student(institute=institute, student_number=student_number)
    student.first_name = first_name.strip()
    student.last_name = last_name.strip()
    student.email = email.strip().lower()
    student.programme = programme.strip()
    student.variant = variant
    student.is_zij_instromer = is_zij_instromer
    student.full_clean()
    student.save()
    return student, created


def matching_years() -> list[SchoolYear]:
    """The years an institute proposes in: the current school year and the next."""
    current = SchoolYear.objects.current()
    return [year for year in (current, matching.next_year_of(current)) if year is not None]


@transaction.atomic
def proposal_create(*, key: ApiKey, offer_id: int, student_number: str, note: str = "") -> Proposal:
    """The institute proposes one of its own students for a place on offer; the proposal
    then appears in the SO's matching like an IO's."""
    student = Student.objects.filter(
        institute=key.institute, student_number=student_number.strip()
    ).first()
    if student is None:
        raise Student.DoesNotExist
    return matching.propose(
        offer_id=offer_id,
        student=student,
        note=note,
        years=matching_years(),
        proposed_by=None,
        proposed_by_name=f"{key.institute.name} (API)",
    )
