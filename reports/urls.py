from django.urls import path, register_converter

from . import chapter_views, goal_views, public_views, views


class SchoolYearName:
    """A school year's name, "2020-2021": the publication's addresses take only this, so no
    other page under /jaarverslag/ is ever read as a year's publication."""

    regex = r"[0-9]{4}-[0-9]{4}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(SchoolYearName, "schooljaar")

app_name = "reports"

urlpatterns = [
    path("", views.report_page, name="report"),
    path("<str:year>/excel/", views.report_excel, name="excel"),
    path("<str:year>/tabel/<str:key>/", views.report_table, name="table"),
    path("<str:year>/pdf/", views.report_pdf_request, name="pdf_request"),
    path("pdf/<int:pk>/", views.report_pdf_status, name="pdf_status"),
    path("pdf/<int:pk>/download/", views.report_pdf_download, name="pdf_download"),
    path("begroting/", views.budget_current, name="budget_current"),
    path("begroting/<str:year>/", views.budget_edit, name="budget"),
    path("begroting/<str:year>/regel/nieuw/", views.budget_line_new, name="budget_line_new"),
    path("begroting/<str:year>/import/", views.budget_import, name="budget_import"),
    path("begroting/<str:year>/vaststellen/", views.budget_adopt, name="budget_adopt"),
    path("begroting/<str:year>/nieuwe-versie/", views.budget_revise, name="budget_revise"),
    path("begroting/versie/<int:pk>/", views.budget_version, name="budget_version"),
    path("begroting/<str:year>/subsidielijst/", views.subsidy_list, name="subsidy_list"),
    path("begroting/<str:year>/ondersteuning/", views.support_staff, name="support_staff"),
    path(
        "begroting/ondersteuning/<int:pk>/verwijderen/",
        views.support_staff_delete,
        name="support_staff_delete",
    ),
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
    path("hoofdstukken/<str:year>/", chapter_views.chapter_list, name="chapters"),
    path("hoofdstukken/<str:year>/<str:chapter>/", chapter_views.chapter_detail, name="chapter"),
    path(
        "hoofdstukken/<str:year>/<str:chapter>/bewerken/",
        chapter_views.chapter_edit,
        name="chapter_edit",
    ),
    path(
        "hoofdstukken/<str:year>/<str:chapter>/status/",
        chapter_views.chapter_status,
        name="chapter_status",
    ),
    path("doelen/<str:year>/", goal_views.goal_list, name="goals"),
    path("doelen/<str:year>/nieuw/", goal_views.goal_new, name="goal_new"),
    path("doelen/doel/<int:pk>/", goal_views.goal_edit, name="goal_edit"),
    path("doelen/doel/<int:pk>/status/", goal_views.goal_status, name="goal_status"),
    path("kwaliteit/<str:year>/", goal_views.standard_list, name="standards"),
    path("kwaliteit/<str:year>/nieuw/", goal_views.standard_new, name="standard_new"),
    path("kwaliteit/<str:year>/visitatie.pdf", goal_views.standards_pdf, name="standards_pdf"),
    path("kwaliteit/standaard/<int:pk>/", goal_views.standard_edit, name="standard_edit"),
    path("kwaliteit/standaard/<int:pk>/bewijs/", goal_views.evidence_new, name="evidence_new"),
    path(
        "kwaliteit/bewijs/<int:pk>/verwijderen/",
        goal_views.evidence_delete,
        name="evidence_delete",
    ),
    path("publicatie/<str:year>/publiceren/", public_views.publish, name="publish"),
    path("publicatie/<str:year>/intrekken/", public_views.unpublish, name="unpublish"),
    # The report on the web, for everyone: last, after every page of the application here,
    # and only for a year's name (the converter), so it shadows none of them.
    path("<schooljaar:year>/", public_views.contents, name="public"),
    path("<schooljaar:year>/<slug:chapter>/", public_views.chapter, name="public_chapter"),
]
