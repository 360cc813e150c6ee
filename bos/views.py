from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET

from . import partnership
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
    """The container health check: 200 when the database, Redis and a worker are up, 503
    when one is down (bos.health). It names no host, address or version."""
    from . import health as checks

    healthy, body = checks.report()
    response = JsonResponse(body, status=200 if healthy else 503)
    patch_cache_control(response, no_store=True)
    return response


def too_many_requests(request: HttpRequest) -> HttpResponse:
    """allauth's 429 (too many logins, code requests or resets from one address), saying
    when to try again."""
    from .security import ratelimit

    return ratelimit.too_many_requests(request, ratelimit.allauth_retry_after(request))


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page in the layout, rendered without the request's context processors: they
    may be what failed (the database, the session)."""
    from django.template import loader

    from .context_processors import partnership_context

    context = partnership_context(partnership.current_or_defaults())
    return HttpResponse(loader.get_template("500.html").render(context), status=500)


# A versioned URL (?v=...) changes whenever the admin saves the partnership, so browsers may
# keep it long; the bare URL is revalidated after a few minutes.
VERSIONED_MAX_AGE = 365 * 24 * 3600
UNVERSIONED_MAX_AGE = 300


def _cache_for(request: HttpRequest, response: HttpResponse, version: str) -> HttpResponse:
    max_age = VERSIONED_MAX_AGE if request.GET.get("v") == version else UNVERSIONED_MAX_AGE
    patch_cache_control(response, public=True, max_age=max_age)
    response["ETag"] = f'"{version}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
def brand_css(request: HttpRequest) -> HttpResponse:
    """The house style's colours as the theme's CSS custom properties: a stylesheet, because
    the CSP allows no inline style."""
    current = partnership.current()
    if request.headers.get("If-None-Match") == f'"{current.version}"':
        return _cache_for(request, HttpResponse(status=304), current.version)
    response = HttpResponse(partnership.stylesheet(current), content_type="text/css; charset=utf-8")
    return _cache_for(request, response, current.version)


@require_GET
def brand_logo(request: HttpRequest) -> HttpResponse:
    """The logo the admin uploaded (PNG or JPEG, checked on upload); 404 when there is none."""
    current = partnership.current()
    logo = partnership.logo_bytes() if current.has_logo else None
    if logo is None:
        raise Http404("Geen logo")
    data, content_type = logo
    response = HttpResponse(data, content_type=content_type)
    return _cache_for(request, response, current.version)


def bench_bare(request: HttpRequest) -> HttpResponse:
    """The benchmark's baseline: the middleware and nothing else (enabled by BENCH_BARE_VIEW)."""
    return HttpResponse(b"ok", content_type="text/plain")
