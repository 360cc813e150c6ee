"""Library pages: two clicks to the current document, search, upload checks, the policy
page's link to its guideline, and a query count that does not grow with the data."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bos.models import SchoolYear, User
from library import services
from library.models import Audience, Document, DocumentKind
from tests.demo_years import RUNNING_YEAR
from tests.library.helpers import pdf

pytestmark = pytest.mark.django_db
PL = "projectleider@demo.bos.example"
SO = "so.beatrix@demo.bos.example"
# Every demo login opens in the running year; the previous one is closed.
RUNNING = RUNNING_YEAR


def _client(email: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(email=email))
    return client


def test_two_clicks_menu_then_file(demo):
    client = _client(SO)
    home = client.get(reverse("home")).content.decode()
    # Click 1: the menu; its links carry the year shown, as the SO has roles in two years.
    assert f'href="{reverse("library:list")}?jaar={RUNNING}"' in home
    page = client.get(reverse("library:list")).content.decode()
    document = Document.objects.get(school_year__name=RUNNING, title="Handreiking intervisie")
    link = reverse("library:download", args=[document.current_version_id])
    assert link in page  # click 2: the file itself
    response = client.get(link)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    # Meant for others, so not in the SO's "for me" list.
    assert "Raamovereenkomst" not in page


def test_search_finds_text_inside_the_file(demo):
    client = _client(SO)
    page = client.get(reverse("library:list"), {"q": "roddelmethode"}).content.decode()
    assert "Handreiking intervisie" in page
    assert "Begeleidingsafspraken WPB" not in page


def test_bad_upload_gets_a_dutch_message_and_saves_nothing(demo):
    client = _client(PL)
    before = Document.objects.count()
    response = client.post(
        reverse("library:create"),
        {
            "title": "Nep",
            "kind": DocumentKind.DECISION,
            "audience": Audience.EVERYONE,
            "version": "1",
            "file": SimpleUploadedFile("nep.pdf", b"<html>geen pdf</html>"),
        },
    )
    assert response.status_code == 200
    assert "Alleen PDF- of Word-bestanden" in response.content.decode()
    assert Document.objects.count() == before


def test_policy_page_links_to_its_guideline_and_a_change_asks_about_it(demo):
    client = _client(PL)
    page = client.get(reverse("facilitation:policy"), {"jaar": RUNNING_YEAR}).content.decode()
    guideline = Document.objects.get(
        school_year__name=RUNNING_YEAR, implements="facilitation.policy"
    )
    assert reverse("library:detail", args=[guideline.pk]) in page
    form = client.get(reverse("facilitation:policy_edit", args=[RUNNING_YEAR]))
    data = {}
    for field in form.context["form"]:
        value = field.value()
        if value is None:
            continue
        data[field.name] = value
    data["hours_per_student"] = "9"
    response = client.post(
        reverse("facilitation:policy_edit", args=[RUNNING_YEAR]), data, follow=True
    )
    text = response.content.decode()
    assert "opgeslagen: 1 wijziging(en)" in text
    assert "Moet het document „Richtlijnen facilitering SO” ook worden aangepast?" in text


def test_list_query_count_does_not_grow(demo, tmp_path, settings):
    settings.PRIVATE_STORAGE_ROOT = tmp_path
    client = _client(PL)
    url = reverse("library:list") + "?alles=on"
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    year = SchoolYear.objects.get(name=RUNNING)
    for number in range(12):
        services.add_document(
            user=None,
            year=year,
            values={"title": f"Besluit {number}", "kind": DocumentKind.DECISION,
                    "audience": Audience.EVERYONE, "version": "1"},
            upload=SimpleUploadedFile("b.pdf", pdf(f"Besluit {number}")),
        )  # fmt: skip
    with CaptureQueriesContext(connection) as many:
        page = client.get(url).content.decode()
    assert "Besluit 11" in page  # the added documents are on the measured page
    assert len(many) == len(few)


def test_start_page_lists_documents_to_review(demo):
    client = _client(PL)
    page = client.get(reverse("home"), {"jaar": RUNNING_YEAR}).content.decode()
    assert "Afspraken te beoordelen" in page
    waiting = Document.objects.filter(school_year__name=RUNNING_YEAR, status="to_review")
    assert waiting.exists()
    for document in waiting:
        assert document.title in page


def test_projectleider_edits_a_documents_audience(demo):
    client = _client(PL)
    document = Document.objects.get(school_year__name=RUNNING, title="Handreiking intervisie")
    response = client.post(
        reverse("library:edit", args=[document.pk]),
        {"title": document.title, "kind": document.kind, "audience": "iedereen",
         "implements": ""},
    )  # fmt: skip
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.audience == "iedereen"
