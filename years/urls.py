from django.urls import path

from . import views

app_name = "years"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("<str:year>/nieuw-jaar/", views.wizard, name="wizard"),
    path("<str:year>/leerlingen/", views.pupil_counts, name="pupils"),
    path("<str:year>/leerlingen/upload/", views.pupil_upload, name="pupil_upload"),
    path("<str:year>/leerlingen/sjabloon/", views.pupil_template, name="pupil_template"),
    path("<str:year>/geschiedenis/", views.history, name="history"),
    path("<str:year>/afsluiten/", views.close, name="close"),
    path("<str:year>/heropenen/", views.reopen, name="reopen"),
]
