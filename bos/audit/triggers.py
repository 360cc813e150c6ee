"""The audit trail is append-only in the database itself, not just in the application.

A trigger rejects every UPDATE of an audit row and every DELETE, except while a *purge
window* is open: the retention command opens one for entries older than the retention
period, inside its own transaction. On PostgreSQL the window is a transaction-local setting
(`bos.audit_purge_before`); SQLite has no session settings, so its trigger calls an
application-defined SQL function that reads the window from this process. Where the function
is not registered (any other client), the trigger fails closed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.db import connection, transaction

TABLE = "bos_auditentry"
SQLITE_FUNCTION = "bos_audit_purge_before"

SQLITE_CREATE = [
    f"""CREATE TRIGGER bos_audit_no_update BEFORE UPDATE ON {TABLE}
    BEGIN SELECT RAISE(ABORT, 'audit_append_only'); END;""",
    f"""CREATE TRIGGER bos_audit_no_delete BEFORE DELETE ON {TABLE}
    WHEN {SQLITE_FUNCTION}() IS NULL OR OLD.created_at >= {SQLITE_FUNCTION}()
    BEGIN SELECT RAISE(ABORT, 'audit_append_only'); END;""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS bos_audit_no_update;",
    "DROP TRIGGER IF EXISTS bos_audit_no_delete;",
]
POSTGRES_CREATE = [
    """CREATE OR REPLACE FUNCTION bos_audit_append_only() RETURNS trigger AS $$
    DECLARE cutoff text;
    BEGIN
      IF TG_OP = 'DELETE' THEN
        cutoff := current_setting('bos.audit_purge_before', true);
        IF cutoff IS NOT NULL AND cutoff <> '' AND OLD.created_at < cutoff::timestamptz THEN
          RETURN OLD;
        END IF;
      END IF;
      RAISE EXCEPTION 'audit_append_only' USING ERRCODE = '42501';
    END $$ LANGUAGE plpgsql;""",
    f"""CREATE TRIGGER bos_audit_append_only BEFORE UPDATE OR DELETE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION bos_audit_append_only();""",
]
POSTGRES_DROP = [
    f"DROP TRIGGER IF EXISTS bos_audit_append_only ON {TABLE};",
    "DROP FUNCTION IF EXISTS bos_audit_append_only();",
]

_purge_before: ContextVar[str | None] = ContextVar("bos_audit_purge_before", default=None)


def _sqlite_timestamp(moment: dt.datetime) -> str:
    # Django stores aware datetimes on SQLite as naive UTC text; compare in the same format.
    return moment.astimezone(dt.UTC).replace(tzinfo=None).isoformat(" ")


def register_sqlite_function(sender: Any, connection: Any, **kwargs: Any) -> None:
    """connection_created receiver: make the purge window visible to SQLite's trigger."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            SQLITE_FUNCTION, 0, _purge_before.get, deterministic=False
        )


@contextmanager
def purge_window(before: dt.datetime) -> Iterator[None]:
    """Allow deleting audit entries created before `before`, inside one transaction."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT set_config('bos.audit_purge_before', %s, true)", [before.isoformat()]
                )
        token = _purge_before.set(_sqlite_timestamp(before))
        try:
            yield
        finally:
            _purge_before.reset(token)
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SELECT set_config('bos.audit_purge_before', '', true)")


def run_statements(statements_by_vendor: dict[str, list[str]]) -> Any:
    def run(apps: Any, schema_editor: Any) -> None:
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run
