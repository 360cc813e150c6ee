"""A write to a closed school year that a page did not handle itself becomes a clear Dutch
page (409 Conflict) instead of a server error."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from bos.closing import YearClosed


class YearClosedMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, YearClosed):
            return render(
                request,
                "years/closed.html",
                {"message": exception.messages[0], "year": exception.year},
                status=409,
            )
        return None
