from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .permissions import get_scope, login_required
from .worklist import work_for


@login_required
def home(request: HttpRequest) -> HttpResponse:
    scope = get_scope(request.user)
    return render(request, "bos/home.html", {"scope": scope, "work": work_for(request.user, scope)})


@login_required
@require_GET
def email_managed(request: HttpRequest) -> HttpResponse:
    """Replaces allauth's e-mail page: addresses are managed by the projectleider, so nobody
    adds, removes or re-verifies one here (a half-logged-in session neither). Opening it has
    no side effect (allauth's page created an unverified address record, which then blocked
    the set-up of two-step verification)."""
    return render(request, "bos/email_managed.html")


@require_GET
def health(request: HttpRequest) -> HttpResponse:
    """Liveness for the container health check: the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page in the layout, rendered without the request's context processors: they
    may be what failed (the database, the session)."""
    from django.conf import settings
    from django.template import loader

    context = {
        "partnership_name": settings.PARTNERSHIP_NAME,
        "partnership_short_name": settings.PARTNERSHIP_SHORT_NAME,
    }
    return HttpResponse(loader.get_template("500.html").render(context), status=500)


def bench_bare(request: HttpRequest) -> HttpResponse:
    """The benchmark's baseline: the middleware and nothing else (enabled by BENCH_BARE_VIEW)."""
    return HttpResponse(b"ok", content_type="text/plain")
