from django.urls import path

from . import views

app_name = "governance"

urlpatterns = [
    path("", views.decision_list, name="list"),
    path("jaar/<str:year>/nieuw/", views.decision_create, name="create"),
    path("<int:pk>/", views.decision_detail, name="detail"),
    path("<int:pk>/wijzigen/", views.decision_edit, name="edit"),
    path("<int:pk>/wijziging/", views.change_add, name="change_add"),
    path("wijziging/<int:pk>/verwijderen/", views.change_delete, name="change_delete"),
]
