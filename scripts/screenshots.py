"""Screenshots of every role's main pages at 1366 and 390 px wide, in docs/screenshots/.

Run by `make screenshots` after `make setup`: it serves the demo on a free loopback port,
logs in as each demo role through the real login form and saves one PNG per page and width.
Uses Debian's Chromium (`/usr/bin/chromium`, or CHROMIUM_PATH) through Playwright.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.request import urlopen

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
PASSWORD = "bos-demo-2020"  # noqa: S105 - the demo password the README publishes
DOMAIN = "demo.bos.example"
WIDTHS = (1366, 390)

# role: (login e-mail, [(name, path)])
PAGES: dict[str, tuple[str, list[tuple[str, str]]]] = {
    "so": (
        f"so.beatrix@{DOMAIN}",
        [
            ("start", "/"),
            ("stages", "/stages/"),
            ("dashboard", "/stages/dashboard/"),
            ("aanmelden", "/stages/nieuw/"),
            ("werkplekbegeleiders", "/stages/werkplekbegeleiders/"),
        ],
    ),
    "projectleider": (
        f"projectleider@{DOMAIN}",
        [
            ("start", "/"),
            ("jaarverslag", "/jaarverslag/"),
            ("beleid", "/beleid/"),
            ("audittrail", "/audit/"),
        ],
    ),
    "hr": (f"hr.sovot@{DOMAIN}", [("start", "/"), ("wachtrij", "/stagevergoeding/hr/")]),
    "io": (f"io.flot@{DOMAIN}", [("start", "/"), ("stages", "/stages/")]),
    "wpb": (f"wpb@{DOMAIN}", [("start", "/")]),
    "directeur": (f"directeur.beatrix@{DOMAIN}", [("start", "/")]),
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urlopen(url, timeout=2):  # noqa: S310 - our own loopback server
                return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"De server op {url} startte niet binnen {seconds} s.")


def main() -> int:
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(  # noqa: S603 - fixed arguments
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    written = 0
    try:
        wait_for(f"{base}/health/")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM,
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
            )
            for role, (email, pages) in PAGES.items():
                for width in WIDTHS:
                    context = browser.new_context(
                        viewport={"width": width, "height": 900},
                        locale="nl-NL",
                        timezone_id="Europe/Amsterdam",
                    )
                    page = context.new_page()
                    page.goto(f"{base}/accounts/login/")
                    page.fill("input[name=login]", email)
                    page.fill("input[name=password]", PASSWORD)
                    page.click("main button[type=submit]")
                    page.wait_for_load_state("networkidle")
                    for name, path in pages:
                        page.goto(base + path)
                        page.wait_for_load_state("networkidle")
                        page.screenshot(path=OUT / f"{role}-{name}-{width}.png", full_page=True)
                        written += 1
                    context.close()
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
    print(f"{written} schermafdrukken in {OUT.relative_to(ROOT)}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
