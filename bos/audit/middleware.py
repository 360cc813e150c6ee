from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from . import acting_as, actor_for_request


class AuditContextMiddleware:
    """Attribute every change made while handling a request to the logged-in user."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with acting_as(actor_for_request(request)):
            return self.get_response(request)
