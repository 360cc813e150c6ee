"""Backup and restore: a backup restored into a fresh database holds the same data."""

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from bos.models import AuditEntry, Person
from placements.models import Placement, Student
from tests.factories import PlacementFactory, user_with_role

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]


def _manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    environment.update(env)
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture
def private_dir(settings, tmp_path):
    settings.PRIVATE_STORAGE_ROOT = tmp_path / "private"
    (settings.PRIVATE_STORAGE_ROOT / "stipend").mkdir(parents=True)
    (settings.PRIVATE_STORAGE_ROOT / "stipend" / "id-kopie.pdf").write_bytes(b"%PDF-1.4 test")
    return settings.PRIVATE_STORAGE_ROOT


def _backup(tmp_path: Path) -> Path:
    call_command("backup", output_dir=str(tmp_path / "backups"))
    (backup,) = (tmp_path / "backups").iterdir()
    return backup


def test_a_backup_restores_into_a_fresh_database_with_everything_intact(tmp_path, private_dir):
    from tests.factories import SchoolYearFactory

    year = SchoolYearFactory()
    user_with_role("so", year=year)
    placements = PlacementFactory.create_batch(3, school_year=year)
    expected = {
        "students": sorted(Student.objects.values_list("email", flat=True)),
        "placements": Placement.objects.count(),
        "people": Person.objects.count(),
        "audit": AuditEntry.objects.count(),
    }
    backup = _backup(tmp_path)
    manifest = json.loads((backup / "manifest.json").read_text())
    assert manifest["counts"]["placements.placement"] == expected["placements"]
    assert oct((backup / "data.json").stat().st_mode & 0o777) == "0o600"

    database = tmp_path / "fresh.sqlite3"
    restored_private = tmp_path / "restored-private"
    env = {
        "DJANGO_SETTINGS_MODULE": "bos.settings.test",
        "DATABASE_URL": f"sqlite:///{database}",
        "PRIVATE_STORAGE_ROOT": str(restored_private),
    }
    migrated = _manage("migrate", "--noinput", env=env)
    assert migrated.returncode == 0, migrated.stderr
    restored = _manage("restore", str(backup), env=env)
    assert restored.returncode == 0, restored.stderr
    assert "Teruggezet" in restored.stdout

    with sqlite3.connect(database) as db:
        students = sorted(row[0] for row in db.execute("SELECT email FROM placements_student"))
        assert students == expected["students"]
        placements_count = db.execute("SELECT count(*) FROM placements_placement").fetchone()[0]
        assert placements_count == expected["placements"]
        assert db.execute("SELECT count(*) FROM bos_person").fetchone()[0] == expected["people"]
        assert db.execute("SELECT count(*) FROM bos_auditentry").fetchone()[0] == expected["audit"]
        status = db.execute(
            "SELECT status FROM placements_placement WHERE id = ?", [placements[0].pk]
        ).fetchone()[0]
        assert status == placements[0].status
    document = restored_private / "stipend" / "id-kopie.pdf"
    assert document.read_bytes() == b"%PDF-1.4 test"

    # Restoring twice is refused: the database is no longer empty.
    again = _manage("restore", str(backup), env=env)
    assert again.returncode != 0
    assert "niet leeg" in again.stderr


def test_a_damaged_backup_is_refused(tmp_path, private_dir):
    PlacementFactory()
    backup = _backup(tmp_path)
    data = backup / "data.json"
    data.write_text(data.read_text().replace("active", "stopped", 1))
    with pytest.raises(CommandError, match="beschadigd"):
        call_command("restore", str(backup))


def test_flush_may_empty_the_append_only_audit_table():
    # Transactional tests and a developer's reset flush the whole database; on SQLite that
    # deletes row by row, which the audit trigger allows only through our flush command.
    PlacementFactory()
    assert AuditEntry.objects.exists()
    call_command("flush", interactive=False, verbosity=0)
    assert not AuditEntry.objects.exists()
