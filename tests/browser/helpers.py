"""Waiting for what a click started, in one place.

`page.wait_for_load_state("networkidle")` straight after a click returns at once when the
new page has not started loading yet: the old page is still idle. On a busy machine the
assertion that follows then reads the old page. `click_and_wait` waits for the right thing:
the next page's `load` event for a link or a form, the swap for an htmx form, and a quiet
network only for a click that may or may not start a request."""

import os
from pathlib import Path

from playwright.sync_api import Locator, Page

_KIND = """el => {
    const form = el.form || el.closest('form');
    if (el.closest('[hx-get],[hx-post]') || (form && form.matches('[hx-get],[hx-post]'))) {
        return 'htmx';
    }
    if (el.closest('a[href]') || form) return 'navigation';
    return 'other';
}"""

_LISTEN = """() => {
    window.__bosSettled = false;
    document.addEventListener('htmx:afterSettle', () => { window.__bosSettled = true; },
                              {once: true});
}"""


# A click whose request makes a year's PDF while it waits (tasks run inline in tests): a few
# seconds on a quiet machine, more when the other test process is busy too.
PDF_WAIT_MS = 120_000


def click_and_wait(page: Page, target: Locator, *, timeout: float | None = None) -> None:
    """Click `target` and return once its result is on the screen (within `timeout` ms,
    else the page's default)."""
    kind = target.evaluate(_KIND)
    if kind == "htmx" and page.evaluate("() => typeof window.htmx !== 'undefined'"):
        page.evaluate(_LISTEN)
        target.click()
        page.wait_for_function("() => window.__bosSettled === true")
    elif kind in ("navigation", "htmx"):
        # The next page has loaded when its `load` event has fired: no page of the
        # application starts a request of its own after that, so waiting for the network to
        # stay quiet for half a second would only add that half second to every click.
        with page.expect_navigation(wait_until="load", timeout=timeout):
            target.click(timeout=timeout)
    else:
        # A click on something else may or may not start a request: wait until the network
        # has been quiet.
        target.click()
        page.wait_for_load_state("networkidle")


def open_from_menu(page: Page, section: str, entry: str) -> None:
    """Open a page through the main menu: its section in the first row, then the entry in
    the section's own row."""
    menu = page.get_by_role("navigation", name="Hoofdmenu")
    click_and_wait(page, menu.get_by_role("link", name=section, exact=True))
    click_and_wait(page, menu.get_by_role("link", name=entry, exact=True))


def shoot(page: Page, name: str) -> None:
    """A full-page screenshot to look at, only when a folder is given (BOS_SCREENSHOT_DIR):
    the test needs none, and each costs a layout of the whole page."""
    folder = os.environ.get("BOS_SCREENSHOT_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)
