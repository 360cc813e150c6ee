"""Writes of policies: create, start a new year as a copy of the previous one, edit with a
change log, and record the hours a school grants its SO."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from django.db import transaction

from bos.closing import ensure_open
from bos.models import Person, SchoolLocation, SchoolYear, User
from governance import services as governance
from governance.models import ChangeKind, Decision

from .models import CountBasis, GrantedHours, LocationCountBasis, Policy, PolicyChange

# Everything of a policy that is a rule parameter (copied to the next year, logged on edit).
POLICY_FIELDS: tuple[str, ...] = (
    *(name for _, names in Policy.FIELD_GROUPS for name in names),
    "notes",
)


class PolicyExists(ValueError):
    pass


class NoPreviousPolicy(LookupError):
    pass


def _display(policy: Policy, name: str, value: Any) -> str:
    """A value as the change log shows it (Dutch choice labels, JSON tables compactly)."""
    field = Policy._meta.get_field(name)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if value is None:
        return "–"
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


@transaction.atomic
def create_policy(*, year: SchoolYear, values: dict[str, Any] | None = None) -> Policy:
    """A policy for a year with the given values (others keep their defaults)."""
    ensure_open(year)
    if Policy.objects.filter(school_year=year).exists():
        raise PolicyExists(f"Schooljaar {year} heeft al een beleid.")
    policy = Policy(school_year=year, **(values or {}))
    policy.full_clean()
    policy.save()
    return policy


@transaction.atomic
def start_policy_from_previous(*, year: SchoolYear, user: User | None = None) -> Policy:
    """A new year's policy as a copy of the most recent earlier policy (logged as created)."""
    ensure_open(year)
    if Policy.objects.filter(school_year=year).exists():
        raise PolicyExists(f"Schooljaar {year} heeft al een beleid.")
    previous = (
        Policy.objects.filter(school_year__start_date__lt=year.start_date)
        .order_by("-school_year__start_date")
        .first()
    )
    if previous is None:
        raise NoPreviousPolicy(f"Er is geen beleid van een eerder schooljaar dan {year}.")
    values = {name: getattr(previous, name) for name in POLICY_FIELDS if name != "notes"}
    policy = Policy.objects.create(school_year=year, **values)
    PolicyChange.objects.create(
        policy=policy,
        changed_by=user,
        field_name="*",
        field_label="Beleid aangemaakt",
        old_value="",
        new_value=f"kopie van {previous.school_year}",
    )
    return policy


@transaction.atomic
def update_policy(
    *,
    policy: Policy,
    values: dict[str, Any],
    user: User | None,
    decision: Decision | None = None,
) -> list[PolicyChange]:
    """Apply new values; every changed field is logged with its old and new value. With a
    `decision`, the changes are also recorded as what that decision changes (the decision
    log's own check: only the projectleider; refused, nothing is saved)."""
    policy = Policy.objects.select_for_update().get(pk=policy.pk)
    ensure_open(policy.school_year_id)
    changes: list[PolicyChange] = []
    for name, new in values.items():
        if name not in POLICY_FIELDS:
            raise KeyError(f"{name} is geen beleidsparameter")
        old = getattr(policy, name)
        if old == new:
            continue
        setattr(policy, name, new)
        changes.append(
            PolicyChange(
                policy=policy,
                changed_by=user,
                field_name=name,
                field_label=str(Policy._meta.get_field(name).verbose_name),
                old_value=_display(policy, name, old),
                new_value=_display(policy, name, new),
            )
        )
    if changes:
        policy.full_clean()
        policy.save()
        PolicyChange.objects.bulk_create(changes)
        if decision is not None:
            governance.record_changes(
                user=user,
                decision=decision,
                changes=[decision_change(policy, change) for change in changes],
            )
    return changes


def decision_change(policy: Policy, change: PolicyChange) -> governance.Change:
    """A logged change of the policy as what a decision changes."""
    return governance.Change(
        kind=ChangeKind.POLICY,
        label=f"Beleid {policy.school_year}: {change.field_label}",
        old_value=change.old_value,
        new_value=change.new_value,
        target=policy,
        field_name=change.field_name,
    )


@transaction.atomic
def set_granted_hours(
    *, year: SchoolYear, so: Person, hours: Decimal, note: str = ""
) -> GrantedHours:
    """Record the hours a school grants its SO in a year (replacing an earlier entry)."""
    ensure_open(year)
    if hours < 0:
        raise ValueError("Het aantal uren kan niet negatief zijn.")
    granted, _ = GrantedHours.objects.update_or_create(
        school_year=year, so=so, defaults={"hours": hours, "note": note}
    )
    return granted


@transaction.atomic
def set_count_basis(
    *, year: SchoolYear, location: SchoolLocation, basis: str, agreed_count: int | None = None
) -> LocationCountBasis:
    """How a school counts its students for its SO's hours in a year."""
    ensure_open(year)
    if basis not in CountBasis.values:
        raise ValueError(f"Onbekende telwijze: {basis}.")
    if basis == CountBasis.AGREED and agreed_count is None:
        raise ValueError("Vul het afgesproken aantal studenten in.")
    chosen, _ = LocationCountBasis.objects.update_or_create(
        school_year=year,
        location=location,
        defaults={
            "basis": basis,
            "agreed_count": agreed_count if basis == CountBasis.AGREED else None,
        },
    )
    return chosen
