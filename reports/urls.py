from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.report_page, name="report"),
    path("<str:year>/excel/", views.report_excel, name="excel"),
    path("<str:year>/pdf/", views.report_pdf_request, name="pdf_request"),
    path("pdf/<int:pk>/", views.report_pdf_status, name="pdf_status"),
    path("pdf/<int:pk>/download/", views.report_pdf_download, name="pdf_download"),
    path("begroting/<str:year>/", views.budget_edit, name="budget"),
    path("begroting/<str:year>/regel/nieuw/", views.budget_line_new, name="budget_line_new"),
    path("begroting/<str:year>/import/", views.budget_import, name="budget_import"),
    path("begroting/regel/<int:pk>/", views.budget_line_edit, name="budget_line_edit"),
    path("begroting/regel/<int:pk>/realisatie/", views.budget_entry_new, name="budget_entry_new"),
    path(
        "begroting/realisatie/herstellen/",
        views.budget_entry_restore,
        name="budget_entry_restore",
    ),
    path(
        "begroting/realisatie/<int:pk>/verwijderen/",
        views.budget_entry_delete,
        name="budget_entry_delete",
    ),
]
