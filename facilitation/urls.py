from django.urls import path

from . import views

app_name = "facilitation"

urlpatterns = [
    path("", views.policy_detail, name="policy"),
    path("facilitering/", views.facilitation_overview, name="overview"),
    path("streefaantallen/", views.targets, name="targets"),
    path("<str:year>/wijzigen/", views.policy_edit, name="policy_edit"),
    path("<str:year>/stagebeleid/", views.placement_policy_edit, name="placement_policy_edit"),
    *[
        path(f"<str:year>/{page}/", views.setting_edit, {"page": page}, name=name)
        for page, name in views.SETTING_URL_NAMES.items()
    ],
    path("<str:year>/online-rechten/", views.online_rights_edit, name="online_rights_edit"),
    path("<str:year>/begeleidingsafspraken/", views.agreements_edit, name="agreements_edit"),
    path("<str:year>/onbekende-aantallen/", views.unknown_counts_edit, name="unknown_counts_edit"),
    path("<str:year>/wijzigingen/", views.policy_changes, name="policy_changes"),
    path("<str:year>/starten/", views.policy_start, name="policy_start"),
    path(
        "<str:year>/facilitering/<int:person>/uren/",
        views.granted_hours,
        name="granted_hours",
    ),
    path(
        "<str:year>/facilitering/locatie/<int:location>/telwijze/",
        views.count_basis,
        name="count_basis",
    ),
]
