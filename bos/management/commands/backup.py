"""Back up the whole application: every table as JSON plus the private documents.

    manage.py backup [--output-dir var/backups] [--pg-dump]

Writes a directory `bos-backup-<timestamp>/` with `data.json`, `private.tar.gz` and a
`manifest.json` listing the row count per model and the SHA-256 of both files, which
`restore` checks. On PostgreSQL `--pg-dump` adds a `pg_dump` custom-format dump as well
(restore that with `pg_restore`; see SECURITY.md)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import subprocess  # nosec B404 - runs pg_dump with a fixed argument list, no shell
import tarfile
from pathlib import Path
from typing import Any
from urllib.parse import quote

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

# Rebuilt by migrate, or worthless after a restore.
EXCLUDED = ["contenttypes", "auth.permission", "sessions"]


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def model_counts() -> dict[str, int]:
    excluded_apps = {"contenttypes", "sessions"}
    counts = {}
    for model in apps.get_models():
        label = model._meta.label_lower
        if model._meta.app_label in excluded_apps or label == "auth.permission":
            continue
        if not model._meta.managed or model._meta.proxy:
            continue
        counts[label] = model._base_manager.count()
    return counts


class Command(BaseCommand):
    help = "Maak een back-up van de database (JSON) en de privédocumenten."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--output-dir", default=str(settings.BACKUP_DIR))
        parser.add_argument("--pg-dump", action="store_true", help="ook pg_dump (PostgreSQL)")

    def handle(self, *args: Any, **options: Any) -> None:
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S")
        target = Path(options["output_dir"]) / f"bos-backup-{stamp}"
        target.mkdir(parents=True, exist_ok=False)
        os.chmod(target, 0o700)  # personal data: readable by the service account only

        data = target / "data.json"
        call_command(
            "dumpdata",
            exclude=EXCLUDED,
            natural_foreign=True,
            indent=None,
            output=str(data),
            verbosity=0,
        )
        private = target / "private.tar.gz"
        root = Path(settings.PRIVATE_STORAGE_ROOT)
        with tarfile.open(private, "w:gz") as archive:
            if root.exists():
                archive.add(root, arcname=".")
        manifest: dict[str, Any] = {
            "created_at": dt.datetime.now(dt.UTC).isoformat(),
            "database_vendor": connection.vendor,
            "counts": model_counts(),
            "files": {"data.json": sha256(data), "private.tar.gz": sha256(private)},
        }
        if options["pg_dump"]:
            dump = self._pg_dump(target)
            manifest["files"][dump.name] = sha256(dump)
        (target / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True))
        for path in target.iterdir():
            os.chmod(path, 0o600)
        self.stdout.write(str(target))

    def _pg_dump(self, target: Path) -> Path:
        if connection.vendor != "postgresql":
            raise CommandError("--pg-dump werkt alleen met PostgreSQL.")
        executable = shutil.which("pg_dump")
        if executable is None:
            raise CommandError("pg_dump is niet geïnstalleerd.")
        db = settings.DATABASES["default"]
        user = quote(db.get("USER") or "")
        host = db.get("HOST") or "localhost"
        port = db.get("PORT") or 5432
        url = f"postgresql://{user}@{host}:{port}/{quote(db['NAME'])}"
        env = {**os.environ, "PGPASSWORD": db.get("PASSWORD") or ""}
        dump = target / "database.pgdump"
        subprocess.run(  # noqa: S603  # nosec B603 - fixed argv, no shell
            [executable, "--format=custom", "--no-owner", f"--file={dump}", url],
            env=env,
            check=True,
        )
        return dump
