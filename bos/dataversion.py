"""A number in the cache that changes whenever the application's data changes, so a value
computed from the database (the start page's to-do list) can be kept until the next write.

Every statement that reaches the database passes a wrapper installed on each connection
(`install`, a `connection_created` receiver). An INSERT, UPDATE, DELETE or TRUNCATE of a
table that holds data, however it was issued (a model's save, a queryset's update, a bulk
insert, raw SQL, loaddata), raises the number: at once in autocommit, and inside a
transaction when it commits. A reader before the commit still sees the old rows and must
not keep them under the new number; a transaction rolled back changes nothing. Sessions,
the audit trail and the sign-in tables (and a user's last-login stamp) are left out: they
change on a plain visit or a sign-in and hold nothing a cached value shows.

A cache that cannot be reached never fails a write: the number then stays, and the values
kept under it expire with their own time limit.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection as default_connection
from django.db import transaction

logger = logging.getLogger(__name__)

KEY = "data:version"
_WRITE = re.compile(
    r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM|TRUNCATE(?:\s+TABLE)?)\s+(?:ONLY\s+)?"?(\w+)',
    re.IGNORECASE,
)
# Written on a plain visit or a sign-in, and shown by no cached value.
IGNORED_TABLES = frozenset({"django_session", "bos_auditentry"})
IGNORED_PREFIXES = ("account_", "mfa_", "socialaccount_", "usersessions_")
# A sign-in stamps the user's last login and nothing else; the morning's sign-ins would
# otherwise make every kept value stale.
_LAST_LOGIN = re.compile(r'^\s*UPDATE\s+"bos_user"\s+SET\s+"last_login"\s*=\s*%s\s+WHERE', re.I)


def announced(table: str) -> bool:
    """Whether a write to `table` raises the number: a value read from a table that is left
    out (the audit trail) must not be kept under it."""
    table = table.lower()
    return table not in IGNORED_TABLES and not table.startswith(IGNORED_PREFIXES)


def changes_data(sql: str) -> bool:
    """Whether a statement writes a table that holds the application's data."""
    found = _WRITE.match(sql)
    if found is None:
        return False
    if not announced(found.group(1)):
        return False
    return _LAST_LOGIN.match(sql) is None


def current() -> int | None:
    """The number now (0 before the first write the cache has seen); None when the cache
    cannot be read, and callers compute without it."""
    try:
        return int(cache.get(KEY, 0))
    except Exception:
        logger.warning("data version unreadable", exc_info=True)
        return None


def bump() -> None:
    try:
        try:
            cache.incr(KEY)
        except ValueError:  # not there yet (or evicted): any new number will do
            if not cache.add(KEY, 1, timeout=None):
                cache.incr(KEY)
    except Exception:
        logger.warning("data version not raised", exc_info=True)


def kept[T](
    key: str,
    compute: Callable[[], T],
    *,
    seconds: int,
    keep_for: Callable[[T], int] | None = None,
) -> T:
    """`compute()`, kept in the cache under `key` for at most `seconds` and only while the
    data version is the one it was computed under.

    The key and the version are read in one round trip. Inside a transaction nothing is
    read from or kept in the cache: its uncommitted rows may yet be rolled back. A cache
    that cannot be reached only costs the computation. `seconds` <= 0 keeps nothing;
    `keep_for`, when given, shortens the time for a computed value (0: not kept)."""
    if not keeps(seconds):
        return compute()
    try:
        found = cache.get_many([key, KEY])
    except Exception:
        logger.warning("kept value unreadable: %s", key, exc_info=True)
        return compute()
    version = int(found.get(KEY, 0))
    value = found.get(key)
    if value is not None and value[0] == version:
        return value[1]
    result = compute()
    if keep_for is not None:
        seconds = min(seconds, keep_for(result))
        if seconds <= 0:
            return result
    try:
        # Under the version read before computing: a write meanwhile makes it stale at once.
        cache.set(key, (version, result), seconds)
    except Exception:
        logger.warning("value not kept: %s", key, exc_info=True)
    return result


def keeps(seconds: int | None = None) -> bool:
    """Whether `kept` would keep a value now: not switched off (`seconds`, by default
    `FIGURES_CACHE_SECONDS`) and not inside a transaction."""
    if seconds is None:
        seconds = int(settings.FIGURES_CACHE_SECONDS)
    return seconds > 0 and not default_connection.in_atomic_block


def kept_figures[T](
    key: str, compute: Callable[[], T], *, keep_for: Callable[[T], int] | None = None
) -> T:
    """`kept` for figures that only a write changes, for `FIGURES_CACHE_SECONDS`. The key
    names everything the figures depend on besides the data: the user or scope, the year,
    the day."""
    return kept(
        f"figures:{key}",
        compute,
        seconds=int(settings.FIGURES_CACHE_SECONDS),
        keep_for=keep_for,
    )


def digest(value: object) -> str:
    """A short name for what a kept value depends on (a filter, a scope's SQL), fit for a
    cache key: its repr, hashed."""
    return hashlib.sha256(repr(value).encode()).hexdigest()[:24]


def reader_key(name: str, user: Any, year: Any, *parts: object) -> str:
    """The key of a value kept for one reader in one year: `name`, the user's and the year's
    ids, then `parts` (the day, a page, a digest)."""
    ids = [getattr(user, "pk", None) or 0, getattr(year, "pk", None) or 0, *parts]
    return ":".join([name, *(str(part) for part in ids)])


def _watch(execute: Any, sql: str, params: Any, many: bool, context: dict[str, Any]) -> Any:
    result = execute(sql, params, many, context)
    if isinstance(sql, str) and changes_data(sql):
        connection = context["connection"]
        if not connection.in_atomic_block:
            bump()  # the statement has committed
        elif not any(entry[1] is bump for entry in connection.run_on_commit):
            # Once per transaction, when its rows become visible (an import's thousands of
            # statements cost one raise).
            transaction.on_commit(bump, using=connection.alias)
    return result


def install(sender: Any = None, connection: Any = None, **kwargs: Any) -> None:
    """`connection_created` receiver: watch every statement of this connection (once; the
    signal fires again when the same connection object reconnects)."""
    if connection is not None and _watch not in connection.execute_wrappers:
        connection.execute_wrappers.insert(0, _watch)
