"""The root URLconf: the ground floor's own pages, every app's mounts, then the accounts,
the audit trail and the admin.

An app declares where it hangs on its AppConfig, as `url_mounts`: (prefix, URLconf module)
pairs in the order they are to be tried. They are read from INSTALLED_APPS, so this module
names no app (docs/architecture.md). A URLconf module may name its instance namespace with a
module-level `namespace` (ninja's API does); otherwise it is its `app_name`, as with
`include()`."""

from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.urls import URLResolver, include, path

from . import views
from .metrics import metrics_view


def app_urlpatterns() -> list[URLResolver]:
    patterns: list[URLResolver] = []
    for config in apps.get_app_configs():
        for prefix, urlconf in getattr(config, "url_mounts", ()):
            module = import_module(urlconf)
            patterns.append(path(prefix, include(module, getattr(module, "namespace", None))))
    return patterns


urlpatterns = [
    path("", views.home, name="home"),
    path("health/", views.health, name="health"),
    path("metrics/", metrics_view, name="metrics"),
    path("huisstijl.css", views.brand_css, name="brand_css"),
    path("huisstijl/logo", views.brand_logo, name="brand_logo"),
    # The apps' prefixes do not overlap one another's or the ones below, so their order
    # (INSTALLED_APPS) decides nothing; within one app, `url_mounts` keeps its order.
    *app_urlpatterns(),
    # Before allauth's URLs: its e-mail management page is replaced (unnamed, so allauth's
    # own name and the permission matrix's list of project URLs are unaffected).
    path("accounts/email/", views.email_managed),
    path("accounts/", include("allauth.urls")),
    path("audit/", include("bos.audit.urls")),
    path("beheer/", admin.site.urls),
]

handler500 = "bos.views.server_error"
# Not Django's: allauth renders its rate-limit refusals with this view.
handler429 = "bos.views.too_many_requests"

if getattr(settings, "BENCH_BARE_VIEW", False):
    # Only in the benchmark's settings: the baseline the pages' throughput is compared with.
    urlpatterns.append(path("bench/kaal/", views.bench_bare, name="bench_bare"))
