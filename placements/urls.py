from django.urls import path

from . import views, views_import, views_lists, views_offers

app_name = "placements"

urlpatterns = [
    path("", views.placement_list, name="list"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("werkplekbegeleiders/", views.mentor_list, name="mentors"),
    path("zonder-stage/", views.unplaced_list, name="unplaced"),
    path("nieuw/", views.placement_register, name="register"),
    path("<int:pk>/", views.placement_detail, name="detail"),
    path("<int:pk>/wijzigen/", views.placement_edit, name="edit"),
    path("<int:pk>/stoppen/", views.placement_stop, name="stop"),
    path("<int:pk>/heropenen/", views.placement_reopen, name="reopen"),
    path("<int:pk>/overstap/", views.placement_switch, name="switch"),
    path("<int:pk>/geregistreerd/", views.placement_mark_registered, name="mark_registered"),
    path("checklist/<int:item_pk>/", views.checklist_tick, name="checklist_tick"),
    path("ict/", views_lists.ict_list, name="ict"),
    path("ict/excel/", views_lists.ict_list_excel, name="ict_excel"),
    path("facilitair/", views_lists.facilities_list, name="facilities"),
    path("facilitair/excel/", views_lists.facilities_list_excel, name="facilities_excel"),
    path("import/<str:kind>/", views_import.import_upload, name="import"),
    path("import/<str:kind>/bevestigen/", views_import.import_confirm, name="import_confirm"),
    path("import/<str:kind>/sjabloon/", views_import.import_template, name="import_template"),
    path("export/<str:kind>/", views_import.export, name="export"),
    path("plaatsen/", views_offers.offer_list, name="offers"),
    path("plaatsen/overzicht/", views_offers.supply, name="supply"),
    path("<int:pk>/reserveren/", views_offers.reserve, name="reserve"),
]
