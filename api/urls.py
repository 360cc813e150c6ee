from django.urls import path

from . import views

app_name = "apikeys"

urlpatterns = [
    path("", views.keys, name="list"),
    path("<int:pk>/intrekken/", views.revoke, name="revoke"),
]
