from django.urls import path

from . import views

app_name = "stipend"

urlpatterns = [
    path("", views.application_list, name="list"),
    path("hr/", views.hr_queue, name="hr_queue"),
    path("hr/export/", views.export_payments, name="export"),
    path("stage/<int:placement_pk>/aanvragen/", views.start, name="start"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/bewerken/", views.edit, name="edit"),
    path("<int:pk>/documenten/", views.upload, name="upload"),
    path("<int:pk>/documenten/<int:document_pk>/", views.download, name="download"),
    path("<int:pk>/ondertekenen/", views.sign, name="sign"),
    path("<int:pk>/rekeningnummer/", views.change_iban, name="change_iban"),
    path("<int:pk>/goedkeuren-so/", views.so_approve, name="so_approve"),
    path("<int:pk>/goedkeuren-directie/", views.director_approve, name="director_approve"),
    path("<int:pk>/goedkeuren-so/in-lijst/", views.so_approve_row, name="so_approve_row"),
    path(
        "<int:pk>/goedkeuren-directie/in-lijst/",
        views.director_approve_row,
        name="director_approve_row",
    ),
    path("<int:pk>/terugsturen/", views.send_back, name="send_back"),
    path("<int:pk>/tonen/", views.reveal, name="reveal"),
    path("<int:pk>/toekennen/", views.accept, name="accept"),
    path("<int:pk>/afwijzen/", views.reject, name="reject"),
    path("<int:pk>/dagen/", views.change_days, name="change_days"),
    path("<int:pk>/stopzetten/", views.stop, name="stop"),
    path("<int:pk>/beeindigen/", views.end, name="end"),
    path("<int:pk>/vog/", views.vog, name="vog"),
]
