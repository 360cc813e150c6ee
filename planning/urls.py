from django.urls import path

from . import views

app_name = "planning"

urlpatterns = [
    path("", views.month, name="month"),
    path("lijst/", views.event_list, name="list"),
    path("nieuw/", views.event_create, name="create"),
    path("agendapunt/<int:pk>/", views.event_detail, name="event"),
    path("agendapunt/<int:pk>/wijzigen/", views.event_edit, name="edit"),
    path("agendapunt/<int:pk>/vervallen/", views.event_cancel, name="cancel"),
    path("jaarplanning.pdf", views.year_pdf, name="pdf"),
    path("abonneren/", views.feeds, name="feeds"),
    path("abonneren/nieuwe-link/", views.feed_reset, name="feed_reset"),
    path("ical/bos.ics", views.feed_public, name="feed_public"),
    path("ical/school/<int:location>.ics", views.feed_school, name="feed_school"),
    path("ical/<str:token>.ics", views.feed_personal, name="feed_personal"),
]
