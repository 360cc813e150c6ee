from django.urls import path

from . import views

app_name = "afternoons"

urlpatterns = [
    path("", views.afternoon_list, name="list"),
    path("nieuw/", views.afternoon_create, name="create"),
    path("<int:pk>/", views.afternoon_detail, name="detail"),
    path("<int:pk>/wijzigen/", views.afternoon_edit, name="edit"),
    path("<int:pk>/workshops/nieuw/", views.workshop_add, name="workshop_add"),
    path("workshops/<int:pk>/wijzigen/", views.workshop_edit, name="workshop_edit"),
    path("<int:pk>/uitnodigen/", views.invite, name="invite"),
    path("<int:pk>/indelen/", views.assign, name="assign"),
    path("<int:pk>/publiceren/", views.publish, name="publish"),
    path("indeling/<int:pk>/verplaatsen/", views.move, name="move"),
    path("themavoorstellen/", views.proposals, name="proposals"),
    path("mijn/", views.mine, name="mine"),
    path("mijn/<int:pk>/kiezen/", views.choose, name="choose"),
    path("mijn/<int:pk>/evaluatie/", views.evaluate, name="evaluate"),
    path("mijn/thema-voorstellen/", views.propose, name="propose"),
    path("presentie/", views.workshops, name="workshops"),
    path("presentie/<int:pk>/", views.attendance, name="attendance"),
    path("presentie/indeling/<int:pk>/", views.mark, name="mark"),
    path("presentie/<int:pk>/binnenloper/", views.walk_in, name="walk_in"),
    path("opvolging/", views.follow_up, name="follow_up"),
]
