"""What a page costs: its queries and its HTML, for the tests that prove a page stays the
same size as the data grows."""

from __future__ import annotations

from typing import Any, NamedTuple

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext


class PageCost(NamedTuple):
    queries: int
    html: str
    sql: list[str]


def page_cost(client: Client, url: str, params: dict[str, Any] | None = None) -> PageCost:
    """GET `url` (which must answer 200) and count the queries it makes."""
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, params or {})
    assert response.status_code == 200, url
    return PageCost(
        len(context), response.content.decode(), [q["sql"] for q in context.captured_queries]
    )
