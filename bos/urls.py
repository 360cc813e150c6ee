from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from api.routers import api

from . import views
from .metrics import metrics_view

urlpatterns = [
    path("", views.home, name="home"),
    path("health/", views.health, name="health"),
    path("metrics/", metrics_view, name="metrics"),
    path("huisstijl.css", views.brand_css, name="brand_css"),
    path("huisstijl/logo", views.brand_logo, name="brand_logo"),
    path("stages/", include("placements.urls")),
    path("beleid/", include("facilitation.urls")),
    path("stagevergoeding/", include("stipend.urls")),
    path("jaarverslag/", include("reports.urls")),
    path("verdiepingsmiddagen/", include("afternoons.urls")),
    path("intervisie/", include("intervision.urls")),
    path("schooljaren/", include("years.urls")),
    path("organisatie/", include("years.urls_organisation")),
    path("inductie/", include("induction.urls")),
    path("planning/", include("planning.urls")),
    path("afspraken/", include("library.urls")),
    path("professionalisering/", include("professionalization.urls")),
    # Before allauth's URLs: its e-mail management page is replaced (unnamed, so allauth's
    # own name and the permission matrix's list of project URLs are unaffected).
    path("accounts/email/", views.email_managed),
    path("accounts/", include("allauth.urls")),
    path("audit/", include("bos.audit.urls")),
    # The institutes' REST API (api/): the readable documentation, then ninja's routes and
    # OpenAPI document (/api/v1/openapi.json).
    path("api/v1/documentatie/", include("api.urls_docs")),
    path("api/v1/", api.urls),
    path("api-sleutels/", include("api.urls")),
    path("beheer/", admin.site.urls),
]

handler500 = "bos.views.server_error"
# Not Django's: allauth renders its rate-limit refusals with this view.
handler429 = "bos.views.too_many_requests"

if getattr(settings, "BENCH_BARE_VIEW", False):
    # Only in the benchmark's settings: the baseline the pages' throughput is compared with.
    urlpatterns.append(path("bench/kaal/", views.bench_bare, name="bench_bare"))
