import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from bos.models import User

pytestmark = pytest.mark.django_db

OWN_APPS = {
    "bos",
    "placements",
    "facilitation",
    "intervision",
    "afternoons",
    "professionalization",
    "stipend",
    "reports",
    "planning",
    "library",
    "governance",
}


# Stipend records hold BSN, IBAN and ID copies: they are reachable only through the stipend
# views, which mask, check the board and log every access; the admin would bypass that.
NO_ADMIN_APPS = {"stipend"}
# Notes of a reflective conversation are for its two participants only (issue #14).
# Students' own intervision reports, the supervision conversations (with notes that may be
# confidential to SO and IO) and the uploaded letters and CVs are read only through the
# views that check who may see them; the admin would bypass that.
NO_ADMIN_MODELS = {
    "professionalization.reflectiveconversation",
    "intervision.reflection",
    "placements.conversation",
    "placements.applicationdocument",
    # A background import's uploaded workbook holds students' names and e-mail addresses;
    # only its uploader sees it, through the import's progress page.
    "placements.importjob",
    # A student's portfolio reflections (private until shared) and the handover of a last
    # assessment between two SOs are read only through the views that check who may see them.
    "placements.portfolioreflection",
    "placements.handoverrequest",
}


def own_models():
    return [
        m
        for m in apps.get_models()
        if m._meta.app_label in OWN_APPS
        and m._meta.app_label not in NO_ADMIN_APPS
        and m._meta.label_lower not in NO_ADMIN_MODELS
    ]


def test_every_model_has_an_admin():
    missing = [m.__name__ for m in own_models() if not admin.site.is_registered(m)]
    assert not missing


def test_conversation_notes_are_not_in_the_admin():
    from professionalization.models import ReflectiveConversation

    assert not admin.site.is_registered(ReflectiveConversation)


def test_stipend_personal_data_is_not_in_the_admin():
    stipend_models = apps.get_app_config("stipend").get_models()
    assert not [m.__name__ for m in stipend_models if admin.site.is_registered(m)]


@pytest.mark.parametrize("model", own_models(), ids=lambda m: m.__name__)
def test_admin_changelist_opens_in_dutch(demo, client, model):
    client.force_login(User.objects.get(email="admin@demo.bos.example"))
    opts = model._meta
    response = client.get(
        reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"), follow=True
    )
    assert response.status_code == 200
    assert response.headers["Content-Language"] == "nl"
    # Dutch verbose names: no model falls back to Django's English default of its class name.
    # Some words are the same in Dutch ("student", "workshop").
    assert str(opts.verbose_name) != opts.model_name.replace("_", " ") or opts.model_name in {
        "student",
        "workshop",
    }


def test_the_admin_login_goes_through_the_applications_login(client):
    """Security finding 4: /beheer/login/ accepted passwords without lockout or MFA."""
    from tests.bos.security_helpers import PASSWORD
    from tests.factories import UserFactory

    admin_user = UserFactory(is_staff=True, is_superuser=True)
    for password in ["fout"] * 8 + [PASSWORD]:
        response = client.post(
            "/beheer/login/?next=/beheer/", {"username": admin_user.email, "password": password}
        )
        assert response.status_code == 302
        assert response["Location"] == "/accounts/login/?next=%2Fbeheer%2F"
    assert "_auth_user_id" not in client.session
    assert client.get("/beheer/")["Location"].startswith("/beheer/login/")


def test_the_admin_login_refuses_foreign_next_and_non_staff(client):
    from tests.factories import UserFactory

    response = client.get("/beheer/login/?next=https://elders.example/")
    assert response["Location"] == "/accounts/login/?next=%2Fbeheer%2F"
    client.force_login(UserFactory())
    assert client.get("/beheer/login/?next=/beheer/").status_code == 403
