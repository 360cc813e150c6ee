"""Who the apps hold personal data about, for retention (`manage.py apply_retention`) and the
right of access (`manage.py export_person`).

The ground floor knows its own people (logins and staff, `bos.models`). An app whose rows are
people of their own (students) registers them in its `AppConfig.ready()` with
`register_people(...)`; an app whose records keep staff active (a placement as SO, IO or WPB)
registers that with `register_staff_activity(...)`. The commands iterate the registry, so
`bos` imports no app: the data flows one way, as with `bos.audit.register` and
`bos.worklist.register`. Records that merely point at a person are found by the export
through Django's reverse relations and need no registration."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import Q

ANONYMOUS_DOMAIN = "anoniem.invalid"
ANONYMOUS_FIRST_NAME = "Geanonimiseerd"


def _nothing_more(record: Any) -> None:
    return None


@dataclass(frozen=True)
class PersonRecords:
    """A model whose rows are people, with `first_name`, `last_name`, `email` and an optional
    login `user`: found by e-mail or login for an export, anonymised once expired."""

    model: type[models.Model]
    # Anonymised e-mail addresses read "<label>-<pk>@anoniem.invalid".
    label: str
    # The key counting them in the retention summary (logged and audited).
    summary_key: str
    # The records whose retention period has ended on `today`, not yet anonymised.
    expired: Callable[[dt.date], list[Any]]
    # Blanks what else identifies the person (e.g. a student number); the name, e-mail and
    # login are done by the command.
    anonymise: Callable[[Any], None] = _nothing_more


_PEOPLE: list[PersonRecords] = []
_STAFF_ACTIVITY: list[Callable[[dt.date], Q]] = []


def register_people(records: PersonRecords) -> PersonRecords:
    if all(known.model is not records.model for known in _PEOPLE):
        _PEOPLE.append(records)
    return records


def registered_people() -> list[PersonRecords]:
    """In the order the apps registered them (the order of INSTALLED_APPS)."""
    return list(_PEOPLE)


def register_staff_activity(condition: Callable[[dt.date], Q]) -> Callable[[dt.date], Q]:
    """`condition(cutoff)` is a filter on `bos.Person` for staff whose records in the app
    keep them active on or after `cutoff` (their retention period has not started)."""
    if condition not in _STAFF_ACTIVITY:
        _STAFF_ACTIVITY.append(condition)
    return condition


def staff_activity(cutoff: dt.date) -> list[Q]:
    return [condition(cutoff) for condition in _STAFF_ACTIVITY]
