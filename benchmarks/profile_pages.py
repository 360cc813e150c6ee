"""Where a page's time goes: the median of repeated requests per main page, and a profile.

    .venv/bin/python benchmarks/profile_pages.py --factor 100                  # every page
    .venv/bin/python benchmarks/profile_pages.py --factor 100 --role so --page home
    .venv/bin/python benchmarks/profile_pages.py --factor 100 --role so --page home --profile

Runs in-process on a database `benchmarks/bench.py` prepared (`--only prepare`), with the
benchmark's settings. Each page is requested once to warm the caches, then `--repeat` times;
the table gives the median wall time, the CPU time of this process, the time the database
reported, the queries and the bytes.
`--profile` adds the 25 functions with the most cumulative time (cProfile), which is how the
rendering approach was chosen (see benchmarks/results/README.md).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--factor", type=int, default=1)
    parser.add_argument("--role", help="one role of demo.scale.MAIN_PAGES (default: all)")
    parser.add_argument("--page", help="one URL name, e.g. placements:list (default: all)")
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bos.settings.bench")
    pg = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
    os.environ.setdefault("DATABASE_URL", f"{pg}/bos_bench_{args.factor}x")
    os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/5")
    os.environ.setdefault("CACHE_KEY_PREFIX", f"bench{args.factor}")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bos.models import User
    from demo.scale import MAIN_PAGES, ScaleLogins, anchor_year, page_url

    year = anchor_year()
    logins = ScaleLogins().by_role()
    # "cpu ms" is this process's CPU time per request: Python's share of the page, which
    # other work on the machine disturbs far less than the wall time.
    print(f"{'role':<14} {'page':<32} {'ms':>7} {'cpu ms':>7} {'db ms':>7} {'q':>3} {'KiB':>7}")
    for role, names in MAIN_PAGES.items():
        if args.role and role != args.role:
            continue
        client = Client()
        client.force_login(User.objects.get(email=logins[role]))
        for name in names:
            if args.page and name != args.page:
                continue
            url = page_url(name, year)
            response = client.get(url)
            times, cpu_times, db_times = [], [], []
            for _ in range(args.repeat):
                started, cpu_started = time.perf_counter(), time.process_time()
                with CaptureQueriesContext(connection) as queries:
                    response = client.get(url)
                times.append(time.perf_counter() - started)
                cpu_times.append(time.process_time() - cpu_started)
                db_times.append(sum(float(q["time"]) for q in queries.captured_queries))
            print(
                f"{role:<14} {name:<32} {statistics.median(times) * 1000:7.1f} "
                f"{statistics.median(cpu_times) * 1000:7.1f} "
                f"{statistics.median(db_times) * 1000:7.1f} {len(queries):3d} "
                f"{len(response.content) / 1024:7.1f}",
                flush=True,
            )
            if args.profile:
                profiler = cProfile.Profile()
                profiler.enable()
                for _ in range(args.repeat):
                    client.get(url)
                profiler.disable()
                out = io.StringIO()
                stats = pstats.Stats(profiler, stream=out).sort_stats("cumulative")
                stats.print_stats(25)
                print(out.getvalue())
                out = io.StringIO()
                pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(25)
                print(out.getvalue())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
