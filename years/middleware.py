"""A write to a closed school year that a page did not handle itself becomes a clear Dutch
page (409 Conflict) instead of a server error; for an htmx request, the same message appears
in place at the top of the page, and nothing on the page is replaced."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string

from bos.yearbound import YearClosed


class YearClosedMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, YearClosed):
            return None
        context = {"message": exception.messages[0], "year": exception.year}
        if request.headers.get("HX-Request") == "true":
            # htmx swaps only successful responses: a 200 whose target is moved to the page's
            # message area, so the row the user acted on stays as it was.
            response = HttpResponse(render_to_string("years/_closed_message.html", context))
            response["HX-Retarget"] = "#main"
            response["HX-Reswap"] = "afterbegin"
            return response
        return render(request, "years/closed.html", context, status=409)
