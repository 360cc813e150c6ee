from django.urls import path

from . import views

app_name = "induction"

urlpatterns = [
    path("", views.register, name="register"),
    path("nieuw/", views.starter_new, name="new"),
    path("zoek/<str:source>/", views.search, name="search"),
    path("<int:pk>/zij-instromer/", views.register_as_student, name="as_student"),
    path("bouwstenen/", views.blocks, name="blocks"),
    path("cijfers/", views.figures, name="figures"),
    path("beleid/", views.policy, name="policy"),
    path("introductie/", views.intro_meetings, name="intro_meetings"),
    path("introductie/<int:pk>/", views.intro, name="intro"),
    path("<int:pk>/", views.starter, name="starter"),
    path("<int:pk>/ontwikkelplan/", views.plan, name="plan"),
    path("<int:pk>/maatregelen/", views.measures, name="measures"),
    path("<int:pk>/exitgesprek/", views.exit_interview, name="exit"),
]
