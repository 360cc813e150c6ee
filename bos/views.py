from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .permissions import get_scope, login_required


@login_required
def home(request: HttpRequest) -> HttpResponse:
    scope = get_scope(request.user)
    return render(request, "bos/home.html", {"scope": scope})


@require_GET
def health(request: HttpRequest) -> HttpResponse:
    """Liveness for the container health check: the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def bench_bare(request: HttpRequest) -> HttpResponse:
    """The benchmark's baseline: the middleware and nothing else (enabled by BENCH_BARE_VIEW)."""
    return HttpResponse(b"ok", content_type="text/plain")
