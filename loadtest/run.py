"""A bounded load test against a local BOS server (loopback only, standard library only).

    python -m loadtest.run --users 50 --duration 60

Logs in once through the real login form, then N threads with that session request the SO
dashboard, the placement list and the annual-report page in turn until the time is up.
Prints per page the number of requests, p50, p95 and maximum latency and the errors
(anything but 200, redirects included), and the row counts of every table before and after
(which must be equal). Exits 1 on any error or difference.

The server must run with the same database settings as this script (DATABASE_URL), with
MFA enforcement and rate limits off for the test account (BOS_MFA_REQUIRED=false,
BOS_RATELIMITS_ENABLED=false): see loadtest/README.md.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import re
import statistics
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from dataclasses import dataclass, field

LOOPBACK = {"127.0.0.1", "localhost", "::1"}
MAX_USERS = 200
MAX_DURATION = 600
DEFAULT_PATHS = ["/stages/dashboard/", "/stages/", "/jaarverslag/"]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect (to the login page, to MFA setup) is an error here, not a success."""

    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


@dataclass
class Results:
    lock: threading.Lock = field(default_factory=threading.Lock)
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    def add(self, path: str, seconds: float, error: str | None) -> None:
        with self.lock:
            self.latencies[path].append(seconds)
            if error:
                self.errors[path].append(error)


def percentile(values: list[float], fraction: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))
    return ordered[index]


def opener_with(jar: http.cookiejar.CookieJar) -> urllib.request.OpenerDirector:
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect())


def login(base: str, email: str, password: str) -> http.cookiejar.CookieJar:
    jar = http.cookiejar.CookieJar()
    opener = opener_with(jar)
    with opener.open(f"{base}/accounts/login/", timeout=30) as response:  # nosec B310
        html = response.read().decode()
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    if not match:
        raise SystemExit("Geen CSRF-token op de inlogpagina gevonden.")
    data = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": match.group(1), "login": email, "password": password}
    ).encode()
    request = urllib.request.Request(  # noqa: S310
        f"{base}/accounts/login/", data=data, headers={"Referer": f"{base}/accounts/login/"}
    )
    try:
        opener.open(request, timeout=30)  # nosec B310
    except urllib.error.HTTPError as exc:
        if exc.code != 302:
            raise SystemExit(f"Inloggen mislukt: HTTP {exc.code}") from exc
        target = exc.headers.get("Location", "")
        if "/accounts/" in target:
            message = f"Inloggen mislukt of MFA gevraagd (doorverwezen naar {target})."
            raise SystemExit(message) from exc
    else:
        raise SystemExit("Inloggen mislukt: verkeerd e-mailadres of wachtwoord?")
    return jar


def worker(
    base: str,
    jar: http.cookiejar.CookieJar,
    paths: list[str],
    deadline: float,
    offset: int,
    results: Results,
) -> None:
    opener = opener_with(jar)
    turn = offset
    while time.monotonic() < deadline:
        path = paths[turn % len(paths)]
        turn += 1
        started = time.perf_counter()
        error = None
        try:
            with opener.open(f"{base}{path}", timeout=60) as response:  # nosec B310
                response.read()
                if response.status != 200:
                    error = f"HTTP {response.status}"
        except urllib.error.HTTPError as exc:
            error = f"HTTP {exc.code}"
        except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
            error = type(exc).__name__
        results.add(path, time.perf_counter() - started, error)


def table_counts() -> dict[str, int]:
    """Rows per table of the project's apps, read through Django with the same settings as
    the server (DATABASE_URL)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bos.settings.dev")
    import django

    django.setup()
    from django.apps import apps

    own = {"bos", "placements", "facilitation", "intervision", "afternoons", "professionalization"}
    own |= {"stipend", "reports"}
    return {
        model._meta.label: model._base_manager.count()
        for model in apps.get_models()
        if model._meta.app_label in own
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=int, default=60, help="seconden")
    parser.add_argument("--email", default="so.beatrix@demo.bos.example")
    parser.add_argument("--password", default=os.environ.get("DEMO_PASSWORD", "bos-demo-2020"))
    parser.add_argument("--paths", default=",".join(DEFAULT_PATHS))
    args = parser.parse_args(argv)

    parsed = urllib.parse.urlparse(args.base_url)
    if parsed.scheme != "http" or parsed.hostname not in LOOPBACK:
        parser.error("alleen een lokale server (http://127.0.0.1:poort) is toegestaan")
    if not 1 <= args.users <= MAX_USERS or not 1 <= args.duration <= MAX_DURATION:
        parser.error(f"gebruikers 1-{MAX_USERS}, duur 1-{MAX_DURATION} seconden")
    base = args.base_url.rstrip("/")
    paths = [p.strip() for p in args.paths.split(",") if p.strip()]

    before = table_counts()
    jar = login(base, args.email, args.password)
    results = Results()
    deadline = time.monotonic() + args.duration
    threads = [
        threading.Thread(target=worker, args=(base, jar, paths, deadline, n, results))
        for n in range(args.users)
    ]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    after = table_counts()

    total = sum(len(v) for v in results.latencies.values())
    errors = sum(len(v) for v in results.errors.values())
    print(f"{args.users} gelijktijdige gebruikers, {elapsed:.0f} s, {total} verzoeken")
    print(f"{'pagina':<24}{'aantal':>8}{'p50 ms':>10}{'p95 ms':>10}{'max ms':>10}{'fouten':>8}")
    everything: list[float] = []
    for path in paths:
        values = results.latencies[path]
        everything += values
        print(
            f"{path:<24}{len(values):>8}{percentile(values, 0.5) * 1000:>10.0f}"
            f"{percentile(values, 0.95) * 1000:>10.0f}{max(values or [0]) * 1000:>10.0f}"
            f"{len(results.errors[path]):>8}"
        )
    print(
        f"{'alles':<24}{total:>8}{percentile(everything, 0.5) * 1000:>10.0f}"
        f"{percentile(everything, 0.95) * 1000:>10.0f}{max(everything or [0]) * 1000:>10.0f}"
        f"{errors:>8}"
    )
    if everything:
        median = statistics.median(everything) * 1000
        print(f"doorvoer: {total / elapsed:.1f} verzoeken/s; mediaan {median:.0f} ms")
    for path, messages in results.errors.items():
        if not messages:
            continue
        kinds = sorted(set(messages))
        print(f"fouten op {path}: {len(messages)} ({', '.join(kinds)})")
    differences = {k: (before[k], after.get(k)) for k in before if before[k] != after.get(k)}
    print(
        f"tabellen geteld: {len(before)}, rijen voor: {sum(before.values())}, "
        f"na: {sum(after.values())}"
    )
    if differences:
        print(f"VERSCHIL in aantallen: {differences}")
    else:
        print("aantallen voor en na gelijk")
    return 1 if errors or differences else 0


if __name__ == "__main__":
    sys.exit(main())
