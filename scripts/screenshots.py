"""Screenshots of every role's main pages and of every kind of e-mail at 1366 and 390 px
wide, in docs/screenshots/.

Run by `make screenshots` after `make setup`: it serves the demo on a free loopback port,
logs in as each demo role through the real login form and saves one PNG per page and width.
The e-mails come from the mail test (tests/bos/test_mail_kinds.py), which sends each kind
through its real code path in the test database and writes its HTML part to var/mail-html/;
each is saved as mail-<kind>-<width>.png. `--only pages` or `--only mails` makes one of the
two. Uses Debian's Chromium (`/usr/bin/chromium`, or CHROMIUM_PATH) through Playwright.
"""

from __future__ import annotations

import argparse
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
MAIL_HTML = ROOT / "var" / "mail-html"

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


def write_mail_html() -> list[Path]:
    """Every kind of mail's HTML part, written by the mail test."""
    for old in MAIL_HTML.glob("*.html"):
        old.unlink()
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env["BOS_MAIL_HTML_DIR"] = str(MAIL_HTML)
    subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
         "tests/bos/test_mail_kinds.py", "-k", "test_every_kind_of_mail"],
        cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    return sorted(MAIL_HTML.glob("*.html"))


def shoot_mails(browser: object, mails: list[Path]) -> int:
    written = 0
    for width in WIDTHS:
        context = browser.new_context(  # type: ignore[attr-defined]
            viewport={"width": width, "height": 900}, locale="nl-NL"
        )
        page = context.new_page()
        for html in mails:
            page.goto(html.as_uri())
            page.screenshot(path=OUT / f"mail-{html.stem}-{width}.png", full_page=True)
            written += 1
        context.close()
    return written


def main() -> int:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", choices=["pages", "mails"])
    only = parser.parse_args().only
    OUT.mkdir(parents=True, exist_ok=True)
    mails = write_mail_html() if only != "pages" else []
    if only == "mails":
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
            )
            written = shoot_mails(browser, mails)
            browser.close()
        print(f"{written} schermafdrukken van e-mails in {OUT.relative_to(ROOT)}/")
        return 0
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
            written += shoot_mails(browser, mails)
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
    print(f"{written} schermafdrukken in {OUT.relative_to(ROOT)}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
