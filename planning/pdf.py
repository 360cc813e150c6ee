"""The year planning as a printable PDF (WeasyPrint, imported lazily).

The fetcher refuses every outside resource: the template carries its own styles, so the
renderer never has to fetch anything, and a title can never make the server reach out."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from bos import partnership
from bos.models import SchoolYear

from .sources import Event

logger = logging.getLogger(__name__)
BASE_URL = "https://bos.invalid/"
MONTHS = [
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
]  # fmt: skip


def make_url_fetcher() -> Any:
    from weasyprint import URLFetcher

    class NothingFetcher(URLFetcher):
        """Serves data: URIs only; refuses and records the rest."""

        def __init__(self) -> None:
            super().__init__(allowed_protocols={"data"}, allow_redirects=False)
            self.refused: list[str] = []

        def fetch(self, url: str, headers: dict[str, str] | None = None) -> Any:
            if url.startswith("data:"):
                return super().fetch(url, headers)
            self.refused.append(url)
            logger.warning("Planning PDF: refused to fetch %s", url)
            raise ValueError(f"Niet toegestane bron: {url}")

    return NothingFetcher()


def month_groups(events: Iterable[Event]) -> list[dict[str, Any]]:
    groups: dict[tuple[int, int], list[Event]] = {}
    for event in events:
        groups.setdefault((event.day.year, event.day.month), []).append(event)
    return [
        {"label": f"{MONTHS[month - 1]} {year}", "events": items}
        for (year, month), items in sorted(groups.items())
    ]


def render_html(year: SchoolYear, events: list[Event]) -> str:
    return render_to_string(
        "planning/pdf/year.html",
        {
            "year": year,
            "groups": month_groups(events),
            "made_on": timezone.localdate(),
            **partnership.document_context(),
        },
    )


def render_year_pdf(year: SchoolYear, events: list[Event], fetcher: Any | None = None) -> bytes:
    from weasyprint import HTML

    html = render_html(year, events)
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher or make_url_fetcher())
    return document.write_pdf()
