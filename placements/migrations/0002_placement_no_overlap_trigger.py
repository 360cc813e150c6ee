"""A student has at most one open (planned or active) placement at any date.

Overlap between date ranges is not expressible as a portable unique constraint, so a trigger
guards it on both supported databases."""

from django.db import migrations

OPEN = "('planned', 'active')"
OVERLAP = (
    "p.student_id = NEW.student_id AND p.status IN " + OPEN + " AND p.start_date <= NEW.end_date "
    "AND p.end_date >= NEW.start_date"
)

SQLITE_CREATE = [
    f"""CREATE TRIGGER placement_no_overlap_insert BEFORE INSERT ON placements_placement
    WHEN NEW.status IN {OPEN} AND EXISTS (SELECT 1 FROM placements_placement p WHERE {OVERLAP})
    BEGIN SELECT RAISE(ABORT, 'placement_overlap'); END;""",
    f"""CREATE TRIGGER placement_no_overlap_update BEFORE UPDATE ON placements_placement
    WHEN NEW.status IN {OPEN} AND EXISTS (
        SELECT 1 FROM placements_placement p WHERE p.id <> NEW.id AND {OVERLAP})
    BEGIN SELECT RAISE(ABORT, 'placement_overlap'); END;""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS placement_no_overlap_insert;",
    "DROP TRIGGER IF EXISTS placement_no_overlap_update;",
]
POSTGRES_CREATE = [
    f"""CREATE OR REPLACE FUNCTION placement_no_overlap() RETURNS trigger AS $$
    BEGIN
      IF NEW.status IN {OPEN} AND EXISTS (
          SELECT 1 FROM placements_placement p WHERE p.id <> NEW.id AND {OVERLAP}) THEN
        RAISE EXCEPTION 'placement_overlap' USING ERRCODE = '23P01';
      END IF;
      RETURN NEW;
    END $$ LANGUAGE plpgsql;""",
    """CREATE TRIGGER placement_no_overlap BEFORE INSERT OR UPDATE ON placements_placement
    FOR EACH ROW EXECUTE FUNCTION placement_no_overlap();""",
]
POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS placement_no_overlap ON placements_placement;",
    "DROP FUNCTION IF EXISTS placement_no_overlap();",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("placements", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_CREATE, "postgresql": POSTGRES_CREATE}),
            _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}),
        )
    ]
