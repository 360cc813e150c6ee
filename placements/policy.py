"""The placement policy of a school year on a page of its own: the projectleider changes its
numbers (reply and preparation days, the VOG's validity, the WPB's years at the school, the
days a stopped placement may be reopened) and names the decision a change follows; the
decision log then holds the old and new values (`governance`)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from bos.closing import ensure_open
from bos.models import SchoolYear
from bos.permissions import can
from governance import services as governance
from governance.models import ChangeKind, Decision

from .models import PlacementPolicy

# The numbers the page edits; the online-rights table and its source are edited on a page of
# their own (ONLINE_RIGHTS_FIELDS, facilitation's online_rights_edit).
EDITED_FIELDS: tuple[str, ...] = (
    "reply_working_days",
    "preparation_days",
    "vog_valid_days",
    "wpb_min_years_at_school",
    "reopen_days",
)
ONLINE_RIGHTS_FIELDS: tuple[str, ...] = ("online_rights_table", "online_rights_source")


def label_of(name: str) -> str:
    return str(PlacementPolicy._meta.get_field(name).verbose_name)


def policy_rows(year: SchoolYear) -> list[tuple[str, Any]]:
    """(label, value) of the edited numbers; a year without a policy reads the defaults
    (a read creates no policy)."""
    policy = PlacementPolicy.objects.filter(school_year=year).first() or PlacementPolicy(
        school_year=year
    )
    return [(label_of(name), getattr(policy, name)) for name in EDITED_FIELDS]


@transaction.atomic
def placement_policy_update(
    *,
    user: Any,
    year: SchoolYear,
    values: dict[str, Any],
    decision: Decision | None = None,
) -> list[governance.Change]:
    """Apply the new values of `year`'s placement policy; with a `decision`, what changed
    is recorded as what that decision changes (old and new value per field)."""
    if not can(user, "policy.edit", year):
        raise PermissionDenied
    ensure_open(year)
    PlacementPolicy.objects.get_or_create(school_year=year)
    policy = PlacementPolicy.objects.select_for_update().get(school_year=year)
    changes: list[governance.Change] = []
    for name in EDITED_FIELDS:
        if name not in values:
            continue
        old, new = getattr(policy, name), values[name]
        if old == new:
            continue
        setattr(policy, name, new)
        changes.append(
            governance.Change(
                kind=ChangeKind.POLICY,
                label=f"Stagebeleid {year}: {label_of(name)}",
                old_value=str(old),
                new_value=str(new),
                target=policy,
                field_name=name,
            )
        )
    if changes:
        policy.full_clean()
        policy.save()
        if decision is not None:
            governance.record_changes(user=user, decision=decision, changes=changes)
    return changes
