"""Benchmark: how long the PDF of the demo year's annual report takes.

Rerunnable, not a test. It uses a throw-away SQLite database in a temporary directory, loads
the demo year, then renders the PDF a few times and records the timings:

    .venv/bin/python benchmarks/report_pdf.py            # 3 runs
    .venv/bin/python benchmarks/report_pdf.py --runs 5

Results are appended as one JSON line per run to benchmarks/results/report_pdf.jsonl.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--year", default="2020-2021")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="bos-bench-"))
    os.environ["BOS_VAR_DIR"] = str(workdir)
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bos.settings.test")
    sys.path.insert(0, str(ROOT))

    import django

    django.setup()
    from django.core.management import call_command

    from bos.models import SchoolYear
    from demo.loader import load_demo
    from reports.document import build_report
    from reports.renderers.pdf import render_pdf

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    load_demo()
    load_seconds = time.perf_counter() - started
    year = SchoolYear.objects.get(name=args.year)

    figures, pdfs, size = [], [], 0
    for _ in range(args.runs):
        started = time.perf_counter()
        build_report(year)
        figures.append(time.perf_counter() - started)
        started = time.perf_counter()
        size = len(render_pdf(year))
        pdfs.append(time.perf_counter() - started)

    result = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "year": args.year,
        "runs": args.runs,
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "demo_load_s": round(load_seconds, 2),
        "figures_median_s": round(statistics.median(figures), 3),
        "pdf_median_s": round(statistics.median(pdfs), 3),
        "pdf_min_s": round(min(pdfs), 3),
        "pdf_max_s": round(max(pdfs), 3),
        "pdf_bytes": size,
    }
    results = ROOT / "benchmarks" / "results"
    results.mkdir(exist_ok=True)
    with (results / "report_pdf.jsonl").open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(result) + "\n")
    print(json.dumps(result, indent=2))
    shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
