"""A matrix row asked by every role in one test.

The permission matrices make one request per URL, case, role and year: tens of thousands. A
test of its own per role spent about as long on pytest's and the database's bookkeeping (the
fixtures, the transaction, the report) as on the request. One test per URL and case now asks
every role in turn; each role's request runs in a savepoint that is rolled back, so each role
finds the demo exactly as a test of its own would, and the test fails once, naming every role
that got an unexpected answer."""

from __future__ import annotations

import traceback
from collections.abc import Callable, Iterable

from django.db import transaction


class _RolledBack(Exception):
    """Leaves the savepoint after a role's check passed, so its writes are undone."""


def for_every_role(roles: Iterable[str], check: Callable[[str], None], *, row: str) -> None:
    """Run `check(role)` for each role in a savepoint of its own; fail with all failures."""
    failures: list[str] = []
    for role in roles:
        try:
            with transaction.atomic():
                check(role)
                raise _RolledBack
        except _RolledBack:
            pass
        except AssertionError as error:
            failures.append(f"- {role}: {error}")
        except Exception:
            failures.append(f"- {role}: {traceback.format_exc()}")
    assert not failures, f"{row}:\n" + "\n".join(failures)
