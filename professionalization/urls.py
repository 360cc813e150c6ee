from django.urls import path

from . import views

app_name = "professionalization"

urlpatterns = [
    path("", views.offer, name="offer"),
    path("bijeenkomst/nieuw/", views.meeting_edit, name="meeting_new"),
    path("bijeenkomst/<int:pk>/", views.meeting_detail, name="meeting"),
    path("bijeenkomst/<int:pk>/wijzigen/", views.meeting_edit, name="meeting_edit"),
    path("bijeenkomst/<int:pk>/aanmelden/", views.register, name="register"),
    path("bijeenkomst/<int:pk>/aanwezigheid/", views.attendance, name="attendance"),
    path("aanmelding/<int:pk>/afmelden/", views.cancel, name="cancel"),
    path("aanmelding/<int:pk>/evaluatie/", views.evaluate, name="evaluate"),
    path("themas/", views.themes, name="themes"),
    path("themas/<int:pk>/wijzigen/", views.theme_edit, name="theme_edit"),
    path("afspraken/", views.policy_edit, name="policy"),
    path("overzicht/", views.overview, name="overview"),
    path("startbijeenkomsten/", views.start_meetings, name="start_meetings"),
    path("startbijeenkomsten/<int:location>/", views.start_meeting_edit, name="start_meeting_edit"),
    path("certificaat/<str:year>/", views.certificate, name="certificate"),
    path("certificaten/", views.certificates, name="certificates"),
    path("verificatie/<str:code>/", views.verify, name="verify"),
    path("gesprekken/", views.conversations, name="conversations"),
    path("gesprekken/<int:pk>/", views.conversation, name="conversation"),
]
