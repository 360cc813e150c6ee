"""Restore a backup made by `manage.py backup` into a freshly migrated, empty database.

    manage.py migrate && manage.py restore var/backups/bos-backup-<timestamp>

Checks the files against the manifest, loads the data, unpacks the private documents and
verifies that every model holds as many rows as when the backup was made."""

from __future__ import annotations

import json
import tarfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from bos.models import User

from .backup import model_counts, sha256


class Command(BaseCommand):
    help = "Zet een back-up terug in een lege, gemigreerde database."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("backup_dir")

    def handle(self, *args: Any, **options: Any) -> None:
        source = Path(options["backup_dir"])
        manifest_path = source / "manifest.json"
        if not manifest_path.exists():
            raise CommandError(f"Geen manifest.json in {source}.")
        manifest = json.loads(manifest_path.read_text())
        for name in ("data.json", "private.tar.gz"):
            if sha256(source / name) != manifest["files"][name]:
                raise CommandError(f"{name} komt niet overeen met het manifest: beschadigd?")
        if User.objects.exists():
            raise CommandError(
                "De database is niet leeg. Zet een back-up alleen terug in een nieuwe, "
                "gemigreerde database."
            )
        with transaction.atomic():
            call_command("loaddata", str(source / "data.json"), verbosity=0)
            counts = model_counts()
            expected = manifest["counts"]
            differences = {
                label: (number, counts.get(label))
                for label, number in expected.items()
                if counts.get(label) != number
            }
            if differences:
                raise CommandError(f"Aantallen wijken af na het terugzetten: {differences}")
        root = Path(settings.PRIVATE_STORAGE_ROOT)
        root.mkdir(parents=True, exist_ok=True)
        with tarfile.open(source / "private.tar.gz", "r:gz") as archive:
            # The 'data' filter refuses absolute paths, links outside the target and devices.
            archive.extractall(root, filter="data")  # nosec B202
        total = sum(expected.values())
        self.stdout.write(f"Teruggezet: {total} records in {len(expected)} tabellen.")
