from django.urls import path

from . import (
    views,
    views_import,
    views_lists,
    views_matching,
    views_offers,
    views_supervision,
)

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
    path(
        "import/<str:kind>/voortgang/<int:pk>/",
        views_import.import_progress,
        name="import_progress",
    ),
    path("import/<str:kind>/sjabloon/", views_import.import_template, name="import_template"),
    path("export/<str:kind>/", views_import.export, name="export"),
    path("plaatsen/", views_offers.offer_list, name="offers"),
    path("plaatsen/overzicht/", views_offers.supply, name="supply"),
    path("<int:pk>/reserveren/", views_offers.reserve, name="reserve"),
    path("plaatsen/vraag/", views_matching.demand, name="demand"),
    path("matching/", views_matching.overview, name="matching"),
    path("matching/plaatsen/", views_matching.offers_open, name="offers_open"),
    path("matching/plaats/<int:offer_pk>/voordragen/", views_matching.propose, name="propose"),
    path("matching/<int:pk>/", views_matching.proposal_detail, name="proposal"),
    path("matching/<int:pk>/solliciteren/", views_matching.proposal_apply, name="proposal_apply"),
    path(
        "matching/<int:pk>/kennismaking/", views_matching.proposal_meeting, name="proposal_meeting"
    ),
    path("matching/<int:pk>/accepteren/", views_matching.proposal_accept, name="proposal_accept"),
    path("matching/<int:pk>/afwijzen/", views_matching.proposal_decline, name="proposal_decline"),
    path(
        "matching/<int:pk>/document/<int:document_pk>/",
        views_matching.document_download,
        name="proposal_document",
    ),
    path("<int:pk>/begeleiding/", views_supervision.page, name="supervision"),
    path("begeleidingsafspraken/", views_supervision.agreements, name="agreements"),
    path("<int:pk>/begeleiding/gesprek/", views_supervision.record, name="conversation_record"),
    path(
        "<int:pk>/begeleiding/aanvraag/",
        views_supervision.request_conversation,
        name="conversation_request",
    ),
    path("<int:pk>/begeleiding/signaal/", views_supervision.signal, name="signal"),
    path(
        "<int:pk>/begeleiding/stoppen/",
        views_supervision.stop_no_prospect,
        name="stop_no_prospect",
    ),
    path(
        "<int:pk>/begeleiding/tweede-docent/",
        views_supervision.second_teacher,
        name="second_teacher",
    ),
]
