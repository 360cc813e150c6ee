from django.urls import path

from . import views

app_name = "surveys"

urlpatterns = [
    path("", views.survey_list, name="list"),
    path("nieuw/", views.survey_create, name="create"),
    path("regels/", views.policy, name="policy"),
    path("mijn/", views.mine, name="mine"),
    path("<int:pk>/", views.survey_detail, name="detail"),
    path("<int:pk>/wijzigen/", views.survey_edit, name="edit"),
    path("<int:pk>/pagina/", views.page_add, name="page_add"),
    path("pagina/<int:pk>/vraag/", views.question_add, name="question_add"),
    path("vraag/<int:pk>/", views.question_edit, name="question_edit"),
    path("vraag/<int:pk>/verwijderen/", views.question_delete, name="question_delete"),
    path("<int:pk>/openen/", views.survey_open, name="open"),
    path("<int:pk>/sluiten/", views.survey_close, name="close"),
    path("<int:pk>/herinneren/", views.survey_remind, name="remind"),
    path("<int:pk>/uitnodigen/", views.survey_invite, name="invite"),
    path("<int:pk>/resultaten/", views.results, name="results"),
    path("<int:pk>/resultaten.xlsx", views.results_excel, name="excel"),
    path("<int:pk>/invullen/", views.answer, name="answer"),
]
