"""The annual report as PDF (WeasyPrint, imported lazily: it is heavy and only needed here).

The URL fetcher lets the renderer read only the project's own static files and data: URIs;
everything else is refused and recorded, so a template can never make the server fetch an
outside address."""

from __future__ import annotations

import logging
import mimetypes
from collections.abc import Callable
from typing import Any

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.templatetags.static import static

from bos import partnership
from bos.models import SchoolYear

from .report import Report, build_report

logger = logging.getLogger(__name__)
# Relative URLs in the PDF templates resolve against this; it is never contacted.
BASE_URL = "https://bos.invalid/"


def _static_prefix() -> str:
    return BASE_URL.rstrip("/") + static("")


def make_url_fetcher() -> Any:
    from weasyprint import URLFetcher
    from weasyprint.urls import URLFetcherResponse

    class ProjectOnlyFetcher(URLFetcher):
        """Serves data: URIs and files found by the static files finders; refuses the rest."""

        def __init__(self) -> None:
            super().__init__(allowed_protocols={"data", "https"}, allow_redirects=False)
            self.fetched: list[str] = []
            self.refused: list[str] = []

        def fetch(self, url: str, headers: dict[str, str] | None = None) -> Any:
            if url.startswith("data:"):
                self.fetched.append(url[:40])
                return super().fetch(url, headers)
            prefix = _static_prefix()
            if url.startswith(prefix):
                relative = url[len(prefix) :].split("?")[0].split("#")[0]
                path = finders.find(relative) if ".." not in relative else None
                if path:
                    self.fetched.append(url)
                    mime = mimetypes.guess_type(str(path))[0] or "application/octet-stream"
                    with open(path, "rb") as handle:
                        body = handle.read()
                    return URLFetcherResponse(url, body, {"Content-Type": mime})
            self.refused.append(url)
            logger.warning("PDF: refused to fetch %s", url)
            raise ValueError(f"Niet toegestane bron: {url}")

    return ProjectOnlyFetcher()


def render_html(report: Report) -> str:
    return render_to_string(
        "reports/pdf/report.html",
        {"report": report, "pdf": True, **partnership.document_context()},
    )


def _closed_year_report(year: SchoolYear) -> Report | None:
    """A closed year's PDF shows the figures kept when it closed (as its page does). The
    differences with the live data are the page's warning; the PDF is the kept report."""
    if year.closed_at is None:
        return None
    from .selectors import latest_snapshot
    from .snapshot import report_from_data

    snapshot = latest_snapshot(year)
    return report_from_data(snapshot.data, year) if snapshot is not None else None


def render_pdf(
    year: SchoolYear,
    *,
    progress: Callable[[int], None] | None = None,
    fetcher: Any | None = None,
) -> bytes:
    from weasyprint import HTML

    step = progress or (lambda _percent: None)
    step(10)
    report = _closed_year_report(year) or build_report(year)
    step(40)
    html = render_html(report)
    step(60)
    fetcher = fetcher or make_url_fetcher()
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher)
    pdf = document.write_pdf()
    step(95)
    return pdf
