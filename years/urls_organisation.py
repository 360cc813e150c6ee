from django.urls import path

from . import views_organisation as views

app_name = "organisation"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("besturen/<int:pk>/naam/", views.board_rename, name="board_rename"),
    path("scholengroepen/nieuw/", views.group_add, name="group_add"),
    path("locaties/nieuw/", views.location_add, name="location_add"),
    path("locaties/<int:pk>/", views.location_update, name="location_update"),
    path("instituten/<int:pk>/", views.partnership, name="partnership"),
    path("personen/", views.people, name="people"),
    path("personen/nieuw/", views.person_new, name="person_new"),
    path("personen/<int:pk>/", views.person, name="person"),
    path("rollen/<int:pk>/", views.role_edit, name="role_edit"),
    path("rollen/<int:pk>/beeindigen/", views.role_end, name="role_end"),
    path("ontwikkelteams/", views.team_list, name="teams"),
    path("ontwikkelteams/<int:pk>/leden/", views.team_member, name="team_member"),
    path("opleidingsteams/", views.training_teams, name="training_teams"),
    path("opleidingsteams/<str:year>/<int:pk>/", views.training_team, name="training_team"),
]
