"""No broken links: for each demo role, crawl the pages reachable from the start page and
check that every internal link shown resolves (a 403 or 404 behind a link the user is shown
is a bug) and that every #anchor link points at an id on its target page.

The crawl is bounded: links of one shape (the same URL pattern and query keys, like every
placement's detail page) are fetched a few times, not once per row; pages are followed to a
small depth; and each role stops after a time budget. GET only; downloads and logout are
skipped."""

from __future__ import annotations

import time
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urldefrag, urljoin, urlsplit

import pytest
from django.test import Client
from django.urls import Resolver404, resolve

from bos.models import User
from tests.matrix import ROLE_EMAILS

pytestmark = pytest.mark.django_db

HOST = "testserver"
MAX_DEPTH = 3
PER_SHAPE = 2  # URLs fetched of one shape
FOLLOW_PER_SHAPE = 1  # of which pages whose own links are followed
BUDGET_SECONDS = 45.0
MAX_FETCHES = 250
# Not pages: downloads, files and the way out.
SKIP_PATH_PARTS = ("/logout", "/uitloggen", "/accounts/logout", "/static/", "/media/")
SKIP_QUERY_KEYS = {"export", "download"}
SKIP_SUFFIXES = (".pdf", ".xlsx", ".csv", ".zip", ".ics", ".png", ".jpg", ".docx")


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"] or "")
        if tag == "a" and values.get("name"):
            self.ids.add(values["name"] or "")
        if tag == "a" and values.get("href") is not None and "download" not in values:
            self.links.append(values["href"] or "")


@dataclass
class _Crawl:
    client: Client
    problems: list[str] = field(default_factory=list)
    fetched: dict[str, tuple[int, set[str], list[str]]] = field(default_factory=dict)
    shapes: dict[tuple, int] = field(default_factory=dict)
    followed: dict[tuple, int] = field(default_factory=dict)

    def fetch(self, url: str) -> tuple[int, set[str], list[str]]:
        if url not in self.fetched:
            response = self.client.get(url, follow=True)
            page = _Page()
            kind = response.get("Content-Type", "")
            if "html" in kind and not response.streaming:
                page.feed(response.content.decode("utf-8", "replace"))
            final = response.request.get("PATH_INFO", url)
            links = [urljoin(final, link) for link in page.links]
            self.fetched[url] = (response.status_code, page.ids, links)
        return self.fetched[url]


def _internal(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme not in ("", "http", "https") or parts.netloc not in ("", HOST):
        return False
    if any(part in parts.path for part in SKIP_PATH_PARTS):
        return False
    if parts.path.lower().endswith(SKIP_SUFFIXES):
        return False
    return not SKIP_QUERY_KEYS & {key for key, _ in parse_qsl(parts.query)}


def _shape(url: str) -> tuple:
    parts = urlsplit(url)
    try:
        match = resolve(parts.path)
        route: str = match.route
    except Resolver404:
        route = parts.path
    keys = tuple(sorted({key for key, _ in parse_qsl(parts.query)} - {"jaar"}))
    return route, keys


def _local(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def crawl(client: Client, start: str = "/") -> _Crawl:
    state = _Crawl(client)
    started = time.monotonic()
    queue: deque[tuple[str, int, str]] = deque([(start, 0, "de startpagina")])
    seen = {start}
    while queue and time.monotonic() - started < BUDGET_SECONDS:
        if len(state.fetched) >= MAX_FETCHES:
            break
        url, depth, found_on = queue.popleft()
        status, _ids, links = state.fetch(url)
        if status >= 400:
            state.problems.append(f"{url} gives {status} (linked from {found_on})")
            continue
        shape = _shape(url)
        state.followed[shape] = state.followed.get(shape, 0) + 1
        if depth >= MAX_DEPTH or state.followed[shape] > FOLLOW_PER_SHAPE:
            continue
        for link in links:
            target, anchor = urldefrag(link)
            if not _internal(target or url):
                continue
            target_local = _local(target) if target else url
            if anchor:
                _, target_ids, _ = state.fetch(target_local)
                if anchor not in target_ids:
                    state.problems.append(f"{link} on {url}: no id {anchor!r} on {target_local}")
            if target_local in seen:
                continue
            link_shape = _shape(target_local)
            if state.shapes.get(link_shape, 0) >= PER_SHAPE:
                continue
            state.shapes[link_shape] = state.shapes.get(link_shape, 0) + 1
            seen.add(target_local)
            queue.append((target_local, depth + 1, url))
    return state


ROLES = [role for role, email in ROLE_EMAILS.items() if email]


@pytest.mark.parametrize("role", ROLES)
def test_every_link_a_role_is_shown_resolves(client, demo, role):
    client.force_login(User.objects.get(email=ROLE_EMAILS[role]))
    state = crawl(client)
    assert len(state.fetched) > 5, f"the crawl for {role} reached only {list(state.fetched)}"
    assert not state.problems, "\n".join(sorted(set(state.problems)))


class _FakeResponse:
    streaming = False

    def __init__(self, url: str, status: int, html: str) -> None:
        self.status_code = status
        self.content = html.encode()
        self.request = {"PATH_INFO": url}

    def get(self, name: str, default: str = "") -> str:
        return "text/html; charset=utf-8" if name == "Content-Type" else default


class _FakeClient:
    """A site of three pages: one good, one with a link to a missing anchor, one a 404."""

    PAGES = {
        "/": (200, '<main id="main"><a href="/a/">a</a> <a href="/b/#er-is-geen">b</a></main>'),
        "/a/": (200, '<p id="hier">a</p><a href="/a/#hier">hier</a><a href="/weg/">weg</a>'),
        "/b/": (200, "<p>b</p>"),
    }

    def get(self, url: str, follow: bool = False) -> _FakeResponse:
        status, html = self.PAGES.get(url, (404, ""))
        return _FakeResponse(url, status, html)


def test_the_crawler_reports_a_missing_anchor_and_a_broken_link():
    state = crawl(_FakeClient())  # type: ignore[arg-type]
    assert sorted(state.problems) == [
        "/b/#er-is-geen on /: no id 'er-is-geen' on /b/",
        "/weg/ gives 404 (linked from /a/)",
    ]
