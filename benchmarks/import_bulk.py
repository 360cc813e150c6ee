"""Time the Excel import of placements: preview and commit of a generated workbook.

    .venv/bin/python benchmarks/import_bulk.py                     # 2,000 and 10,000 rows
    .venv/bin/python benchmarks/import_bulk.py --rows 2000         # one size only
    DATABASE_URL=postgres://... .venv/bin/python benchmarks/import_bulk.py

Runs on a throwaway test database (Django's test database for the configured DATABASE_URL,
SQLite by default), builds a small world with fictitious students, and prints per phase the
seconds, rows per second and the peak Python memory (tracemalloc). Times are measured without
tracemalloc; the peak comes from a second, traced run of the same phase (the commit's traced
run is rolled back), so tracing does not inflate the times."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bos.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402


def workbook(rows: int, wpb_email: str) -> bytes:
    from benchmarks.workbooks import placements_workbook

    return placements_workbook(
        {
            "Instituut": "TLO",
            "Studentnummer": f"B{n:06d}",
            "Voornaam": "Bench",
            "Achternaam": f"Student{n}",
            "Locatie": "Testcollege",
            "Niveau": "VT2",
            "Label instituut": "",
            "Begindatum": dt.datetime(2020, 9, 1),
            "Einddatum": dt.datetime(2021, 7, 1),
            "Dagen per week": 2,
            "WPB e-mailadres": wpb_email,
            "Afrondend": "nee",
        }
        for n in range(rows)
    )


def measure(label: str, rows: int, run: Callable[[], Any], traced: Callable[[], Any]) -> None:
    started = time.perf_counter()
    run()
    seconds = time.perf_counter() - started
    tracemalloc.start()
    traced()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"{rows:>6} rows  {label:<8} {seconds:8.2f} s  {rows / seconds:8.0f} rows/s  "
        f"peak {peak / 1024 / 1024:7.1f} MiB",
        flush=True,
    )


def bench(rows: int) -> None:
    from bos.models import Role
    from placements import imports
    from placements.models import Placement, Student
    from tests.factories import user_with_role
    from tests.placements.factories import make_world

    with transaction.atomic():
        world = make_world()
        # Above the SO's cap the projectleider imports (their cap is the larger one).
        user = world.so_user
        if rows > imports.MAX_ROWS:
            user = user_with_role(Role.PROJECTLEIDER, year=world.year)
        Student.objects.bulk_create(
            Student(
                institute=world.institute,
                student_number=f"B{n:06d}",
                first_name="Bench",
                last_name=f"Student{n}",
                email=f"b{n}@student.example",
                programme="Engels",
                variant="vt",
            )
            for n in range(rows)
        )
        data = workbook(rows, world.wpb.email)
        max_rows = imports.max_rows_for(user)

        def read() -> Any:
            return imports.read_rows("bench.xlsx", data, "stages", max_rows=max_rows)

        def preview() -> None:
            result = imports.apply(user, read(), commit=False)
            assert result.ok, [row.errors for row in result.rows if row.errors][:3]

        def commit() -> None:
            result = imports.apply(user, read(), commit=True)
            assert result.ok, [row.errors for row in result.rows if row.errors][:3]

        def commit_rolled_back() -> None:
            with transaction.atomic():
                commit()
                transaction.set_rollback(True)

        measure("preview", rows, preview, preview)
        measure("commit", rows, commit, commit_rolled_back)
        assert Placement.objects.filter(student__student_number__startswith="B").count() == rows
        measure("re-import", rows, preview, preview)
        transaction.set_rollback(True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, action="append", help="rows (repeatable)")
    args = parser.parse_args()
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        print(f"database: {connection.vendor}")
        for rows in args.rows or [2000, 10000]:
            bench(rows)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
