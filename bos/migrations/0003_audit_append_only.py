"""The audit trail is append-only for the application's database user: see bos.audit.triggers."""

from django.db import migrations

from bos.audit.triggers import (
    POSTGRES_CREATE,
    POSTGRES_DROP,
    SQLITE_CREATE,
    SQLITE_DROP,
    run_statements,
)


class Migration(migrations.Migration):
    dependencies = [("bos", "0002_audit_entry")]

    operations = [
        migrations.RunPython(
            run_statements({"sqlite": SQLITE_CREATE, "postgresql": POSTGRES_CREATE}),
            run_statements({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}),
        )
    ]
