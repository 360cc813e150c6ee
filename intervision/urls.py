from django.urls import path

from . import views

app_name = "intervision"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("groepen/voorstel/", views.suggest, name="suggest"),
    path("groepen/zoek/", views.group_search, name="group_search"),
    path("groepen/nieuw/", views.group_new, name="group_new"),
    path("groepen/online/nieuw/", views.online_group_new, name="online_group_new"),
    path("groepen/<int:pk>/", views.group_detail, name="group"),
    path("groepen/<int:pk>/excel/", views.group_excel, name="group_excel"),
    path("groepen/<int:pk>/verwijderen/", views.group_delete, name="group_delete"),
    path("groepen/<int:pk>/leden/", views.member_add, name="member_add"),
    path("groepen/<int:pk>/bijeenkomst/", views.meeting_new, name="meeting_new"),
    path("leden/plaatsen/", views.place, name="place"),
    path("leden/<int:pk>/verplaatsen/", views.member_move, name="member_move"),
    path("leden/<int:pk>/verwijderen/", views.member_remove, name="member_remove"),
    path("bijeenkomsten/<int:pk>/", views.meeting_detail, name="meeting"),
    path("bijeenkomsten/<int:pk>/wijzigen/", views.meeting_edit, name="meeting_edit"),
    path("modellen/", views.methods, name="methods"),
    path("themas/", views.themes, name="themes"),
    path("themas/<int:pk>/wijzigen/", views.theme_edit, name="theme_edit"),
    path("themas/<int:pk>/verwijderen/", views.theme_delete, name="theme_delete"),
    path("beleid/", views.policy, name="policy"),
    path("verslagen/", views.reports, name="reports"),
    path("verslagen/<int:pk>/", views.report_detail, name="report"),
    path("verslagen/<int:pk>/delen/", views.report_share, name="report_share"),
    path("verslagen/bijeenkomst/<int:meeting_pk>/", views.report_write, name="report_write"),
    path("verslagen/jaarterugblik/", views.review_write, name="review_write"),
]
