from django.contrib import admin
from django.urls import include, path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("health/", views.health, name="health"),
    path("stages/", include("placements.urls")),
    path("accounts/", include("allauth.urls")),
    path("beheer/", admin.site.urls),
]
