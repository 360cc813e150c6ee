from django.urls import path

from . import views

app_name = "library"

urlpatterns = [
    path("", views.document_list, name="list"),
    path("nieuw/", views.document_create, name="create"),
    path("<int:pk>/", views.document_detail, name="detail"),
    path("<int:pk>/wijzigen/", views.document_edit, name="edit"),
    path("<int:pk>/vervangen/", views.document_replace, name="replace"),
    path("<int:pk>/bevestigen/", views.document_confirm, name="confirm"),
    path("versie/<int:pk>/bestand/", views.version_download, name="download"),
    path("jaar/<str:year>/overnemen/", views.start_year, name="start_year"),
]
