"""What a PDF of the project may load: data: URIs and the project's own static files, by
the static files finders; nothing else is fetched. Shared by every PDF renderer (the report,
the peer review) so each renders with the same rules."""

from __future__ import annotations

import logging
import mimetypes
from typing import Any

from django.contrib.staticfiles import finders
from django.templatetags.static import static

logger = logging.getLogger("reports.pdf")

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
