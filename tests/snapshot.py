"""A copy of the loaded demo database, put back after each transactional test.

A live-server (browser) test needs committed data, so Django empties the whole database when
such a test ends. Loading the demo again took about 15 seconds per test; putting back a copy
taken once, right after the first load, takes a fraction of a second:

- SQLite (the in-memory test database): the copy is a second in-memory database made with
  SQLite's online backup, and restoring copies it back the same way, schema and all.
- PostgreSQL: the copy is a schema of plain tables (`CREATE TABLE … AS TABLE …`), and
  restoring truncates every table and inserts the copied rows in one transaction (foreign
  keys are deferred to its commit), then resets the id sequences.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, transaction

from bos import dataversion

SCHEMA = "bos_test_demo_copy"
# Django's own record of applied migrations is the schema's, not data: never copied.
SKIPPED = {"django_migrations"}


class DemoSnapshot:
    """Take once with `take()`; `restore()` as often as needed."""

    def __init__(self) -> None:
        self._sqlite_copy: sqlite3.Connection | None = None
        self._tables: list[str] = []

    @property
    def taken(self) -> bool:
        return bool(self._tables) or self._sqlite_copy is not None

    def _table_names(self) -> list[str]:
        with connection.cursor() as cursor:
            names = connection.introspection.table_names(cursor)
        return [name for name in names if name not in SKIPPED]

    def take(self) -> None:
        connection.ensure_connection()
        if connection.vendor == "sqlite":
            copy = sqlite3.connect(":memory:", check_same_thread=False)
            connection.connection.backup(copy)
            self._sqlite_copy = copy
            return
        if connection.vendor != "postgresql":
            return
        tables = self._table_names()
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE")
            cursor.execute(f"CREATE SCHEMA {SCHEMA}")
            for table in tables:
                quoted = connection.ops.quote_name(table)
                cursor.execute(f"CREATE TABLE {SCHEMA}.{quoted} AS TABLE public.{quoted}")
        self._tables = tables

    def restore(self) -> bool:
        """Put the copy back; False when there is none (the caller empties the database)."""
        if self._sqlite_copy is not None:
            connection.ensure_connection()
            self._sqlite_copy.backup(connection.connection)
            # The copy went in beside the connection's cursor, unseen by the data version.
            dataversion.bump()
            _reports_stale()
            return True
        if not self._tables:
            return False
        tables = [connection.ops.quote_name(table) for table in self._tables]
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("TRUNCATE " + ", ".join(f"public.{t}" for t in tables))
            for table in tables:
                # Table names come from the database's own catalogue, quoted.
                copy = f"INSERT INTO public.{table} SELECT * FROM {SCHEMA}.{table}"  # noqa: S608
                cursor.execute(copy)
            models: list[Any] = list(apps.get_models(include_auto_created=True))
            for statement in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(statement)
        _reports_stale()
        return True


def _reports_stale() -> None:
    """A report built from a test's rows must not outlive them: the copy goes in without the
    model signals that raise the reports' versions."""
    from reports.cache import invalidate

    invalidate(None)


DEMO_SNAPSHOT = DemoSnapshot()
