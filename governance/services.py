"""Writes of the decision log. Every function checks the caller's rights itself, in the
decision's own year: only the projectleider keeps the log (`governance.edit`); `user=None`
is the system itself (the demo loader).

An app whose setting a decision changes records that change here after its own write, in
the same transaction (`record_changes`): the policy apps' services take an optional
`decision` and call it, so a refused change leaves neither half behind."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction

from bos.closing import ensure_open
from bos.models import SchoolYear, User
from bos.permissions import can
from library.models import Document

from .models import ChangeKind, DatePrecision, Decision, DecisionChange

DECISION_FIELDS = ("decided_on", "date_precision", "body", "title", "text")


@dataclass(frozen=True)
class Change:
    """One thing a decision changes, as the app that made the change describes it."""

    kind: str
    label: str
    old_value: str = ""
    new_value: str = ""
    # The changed row (a policy, a budget, a document), when there is one.
    target: models.Model | None = None
    # The changed field of `target`, for a policy value.
    field_name: str = ""


def _check_editor(user: User | None, year: SchoolYear | int) -> None:
    if user is None:
        return
    if isinstance(year, int):
        year = SchoolYear.objects.get(pk=year)
    if not can(user, "governance.edit", year):
        raise PermissionDenied


def _attachments_of(year: SchoolYear, attachments: Iterable[Document]) -> list[Document]:
    chosen = list(attachments)
    if any(document.school_year_id != year.pk for document in chosen):
        raise ValidationError(
            {"attachments": f"Kies alleen documenten uit de afspraken van {year}."}
        )
    return chosen


def _filled(decision: Decision, values: dict[str, Any]) -> None:
    for name in DECISION_FIELDS:
        if name in values:
            value = values[name]
            setattr(decision, name, value.strip() if isinstance(value, str) else value)
    if not decision.date_precision:
        decision.date_precision = DatePrecision.DAY
    year = SchoolYear.objects.get(pk=decision.school_year_id)
    if decision.decided_on is not None and not (
        year.start_date <= decision.decided_on <= year.end_date
    ):
        raise ValidationError(
            {
                "decided_on": (
                    f"Kies een datum in schooljaar {year} ({year.start_date:%d-%m-%Y} tot en "
                    f"met {year.end_date:%d-%m-%Y}); een besluit hoort bij het jaar waarin "
                    "het is genomen."
                )
            }
        )
    decision.full_clean(exclude=["school_year", "created_by"])


@transaction.atomic
def decision_create(
    *,
    user: User | None,
    year: SchoolYear,
    values: dict[str, Any],
    attachments: Iterable[Document] = (),
) -> Decision:
    """A decision of `year`, with the library documents it refers to."""
    _check_editor(user, year)
    ensure_open(year)
    chosen = _attachments_of(year, attachments)
    decision = Decision(school_year=year, created_by=user)
    _filled(decision, values)
    decision.save()
    if chosen:
        decision.attachments.set(chosen)
    return decision


@transaction.atomic
def decision_update(
    *,
    user: User | None,
    decision: Decision,
    values: dict[str, Any],
    attachments: Iterable[Document] | None = None,
) -> Decision:
    _check_editor(user, decision.school_year_id)
    ensure_open(decision.school_year_id)
    locked = Decision.objects.select_for_update().select_related("school_year").get(pk=decision.pk)
    _filled(locked, values)
    locked.save()
    if attachments is not None:
        locked.attachments.set(_attachments_of(locked.school_year, attachments))
    return locked


@transaction.atomic
def record_changes(
    *, user: User | None, decision: Decision, changes: Sequence[Change]
) -> list[DecisionChange]:
    """Record what `decision` changes. Called by the app that made the change, after its own
    write and within its transaction."""
    _check_editor(user, decision.school_year_id)
    ensure_open(decision.school_year_id)
    rows = []
    for change in changes:
        if change.kind not in ChangeKind.values:
            raise ValidationError({"kind": f"Onbekende soort wijziging: {change.kind}."})
        if not change.label.strip():
            raise ValidationError({"label": "Zeg wat het besluit wijzigt."})
        target = change.target
        rows.append(
            DecisionChange(
                decision=decision,
                kind=change.kind,
                label=change.label.strip()[:300],
                old_value=change.old_value,
                new_value=change.new_value,
                field_name=change.field_name,
                content_type=ContentType.objects.get_for_model(target) if target else None,
                object_id=target.pk if target is not None else None,
                recorded_by=user,
            )
        )
    # One by one, not in bulk: the audit trail and the report's cache follow each row's
    # signals (a decision changes a handful of values).
    for row in rows:
        row.save()
    return rows


@transaction.atomic
def change_add(
    *,
    user: User | None,
    decision: Decision,
    kind: str,
    label: str,
    old_value: str = "",
    new_value: str = "",
) -> DecisionChange:
    """A change the projectleider writes down by hand (a budget adopted, a document set)."""
    (change,) = record_changes(
        user=user,
        decision=decision,
        changes=[Change(kind=kind, label=label, old_value=old_value, new_value=new_value)],
    )
    return change


@transaction.atomic
def change_delete(*, user: User | None, change: DecisionChange) -> None:
    """Remove a change from the decision's list (the changed setting itself stays as it is)."""
    year_id = Decision.objects.values_list("school_year", flat=True).get(pk=change.decision_id)
    _check_editor(user, year_id)
    ensure_open(year_id)
    change.delete()


def _shown(value: Any) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, dict):
        return ", ".join(f"{key}: {_shown(item)}" for key, item in value.items()) or "–"
    if isinstance(value, bool):
        return "ja" if value else "nee"
    return str(value)


def value_changes(*, before: Mapping[str, Any], after: models.Model, label: str) -> list[Change]:
    """What changed in a settings row an app wrote itself (its own service, its own rights):
    each field of `before` whose value `after` no longer holds, old → new, for
    `record_changes`. `after` is the saved row."""
    model = type(after)
    changes = []
    for name, old in before.items():
        new = getattr(after, name)
        if old == new:
            continue
        changes.append(
            Change(
                kind=ChangeKind.POLICY,
                label=f"{label}: {model._meta.get_field(name).verbose_name}",
                old_value=_shown(old),
                new_value=_shown(new),
                target=after,
                field_name=name,
            )
        )
    return changes


@transaction.atomic
def setting_update(
    *,
    user: User | None,
    instance: models.Model,
    fields: Sequence[str],
    values: dict[str, Any],
    label: str,
    decision: Decision | None = None,
    check: Any = None,
    shown: Mapping[str, Callable[[Any], str]] | None = None,
) -> list[Change]:
    """Apply new values to one row of a year's settings (a policy, the report's targets) that
    the projectleider owns (`policy.edit`, in the row's own year, which must be open); with a
    `decision`, each changed value is recorded as what that decision changes (old → new).
    `check(row)` may refuse the new values with a ValidationError; then nothing is saved.
    `shown` names, per field, how its value reads in the decision log when the plain text of
    the value does not (a table stored as JSON).

    The app that owns the row names its fields and hands over the row (stored, or a new one
    for a year that has none yet); the row's own model describes the fields."""
    model = type(instance)
    year_id = instance.school_year_id  # type: ignore[attr-defined]
    if user is not None and not can(user, "policy.edit", SchoolYear.objects.get(pk=year_id)):
        raise PermissionDenied
    ensure_open(year_id)
    row = model.objects.select_for_update().get(pk=instance.pk) if instance.pk else instance
    changes: list[Change] = []
    for name in fields:
        if name not in values:
            continue
        old, new = getattr(row, name), values[name]
        if old == new:
            continue
        setattr(row, name, new)
        text = (shown or {}).get(name, _shown)
        changes.append(
            Change(
                kind=ChangeKind.POLICY,
                label=f"{label}: {model._meta.get_field(name).verbose_name}",
                old_value=text(old),
                new_value=text(new),
                target=row,
                field_name=name,
            )
        )
    if not changes:
        return []
    if check is not None:
        check(row)
    row.full_clean()
    row.save()
    if decision is not None:
        record_changes(user=user, decision=decision, changes=changes)
    return changes
