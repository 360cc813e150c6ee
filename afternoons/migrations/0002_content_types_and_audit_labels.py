"""What refers to the moved models by their app label follows them from "intervision" to
"afternoons": the content types (permissions, the admin's log and generic relations point at
those rows) and the audit trail, which names a record's model as "app.model" text.

The audit trail is append-only in the database (bos.audit.triggers): its trigger is lifted
for this one statement and put back within the same migration, and only the model label
changes, never what an entry recorded."""

from django.db import migrations

from bos.audit.triggers import (
    POSTGRES_CREATE,
    POSTGRES_DROP,
    SQLITE_CREATE,
    SQLITE_DROP,
)

OLD = "intervision"
NEW = "afternoons"
MODELS = [
    "afternoonpolicy",
    "deepeningafternoon",
    "workshop",
    "themeproposal",
    "invitation",
    "preference",
    "workshopassignment",
    "evaluation",
]
# The audit trail may also name the afternoons' institutes table (a many-to-many change).
AUDIT_MODELS = [*MODELS, "deepeningafternoon_institutes"]
DROP = {"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}
CREATE = {"sqlite": SQLITE_CREATE, "postgresql": POSTGRES_CREATE}


def _content_types(apps, source: str, target: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    for model in MODELS:
        old = ContentType.objects.filter(app_label=source, model=model).first()
        if old is None:
            # A fresh database: the content types are made after migrating, under the new label.
            continue
        stale = ContentType.objects.filter(app_label=target, model=model).first()
        if stale is not None:
            # Made by a migrate that stopped half-way; only its own default permissions
            # point at it, and the old row keeps everything that was given.
            Permission.objects.filter(content_type=stale).delete()
            stale.delete()
        old.app_label = target
        old.save(update_fields=["app_label"])


def _audit_labels(apps, schema_editor, source: str, target: str) -> None:
    AuditEntry = apps.get_model("bos", "AuditEntry")
    labels = {f"{source}.{model}": f"{target}.{model}" for model in AUDIT_MODELS}
    if not AuditEntry.objects.filter(model__in=labels).exists():
        return
    vendor = schema_editor.connection.vendor
    for statement in DROP.get(vendor, []):
        schema_editor.execute(statement)
    for old, new in labels.items():
        AuditEntry.objects.filter(model=old).update(model=new)
    for statement in CREATE.get(vendor, []):
        schema_editor.execute(statement)


def forwards(apps, schema_editor) -> None:
    _content_types(apps, OLD, NEW)
    _audit_labels(apps, schema_editor, OLD, NEW)


def backwards(apps, schema_editor) -> None:
    _content_types(apps, NEW, OLD)
    _audit_labels(apps, schema_editor, NEW, OLD)


class Migration(migrations.Migration):
    dependencies = [
        ("afternoons", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("bos", "0003_audit_append_only"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
