"""The quality framework: standards with evidence, the ones without flagged, the
peer-review PDF, bad input, closed years and the query count."""

import shutil
import subprocess

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bos.models import SchoolYear, User
from bos.yearbound import YearClosed
from reports import services
from reports.models import Evidence, EvidenceKind, Goal, QualityStandard
from reports.renderers.pdf import peer_review_pdf
from reports.selectors import standard_rows_for
from tests.demo_years import RUNNING_YEAR

DOMAIN = "demo.bos.example"


def client_for(local: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(email=f"{local}@{DOMAIN}"))
    return client


@pytest.fixture
def seed(demo):
    SchoolYear.objects.filter(name="2020-2021").update(closed_at=None)
    return SchoolYear.objects.get(name="2020-2021")


def test_standard_without_evidence_is_flagged(demo):
    year = SchoolYear.objects.get(name="2020-2021")
    rows = {row.code: row for row in standard_rows_for(year=year)}
    assert rows["5"].lacks_evidence
    assert not rows["1"].lacks_evidence
    # The library's documents are linked too (they load after the reports demo).
    assert "Besluit online rechten voor studenten" in [e.text for e in rows["1"].evidence]
    page = client_for("bc.sovot").get(reverse("reports:standards", args=["2020-2021"]))
    text = page.content.decode()
    assert "1 van 5 standaarden zonder bewijs." in text
    assert "zonder bewijs</small>" in text


def test_adding_evidence_removes_the_flag(seed):
    standard = QualityStandard.objects.get(school_year=seed, code="5")
    response = client_for("projectleider").post(
        reverse("reports:evidence_new", args=[standard.pk]),
        {"kind": "figure", "figure": "indicators", "note": "Jaarlijkse evaluatie"},
    )
    assert response.status_code == 302
    rows = {row.code: row for row in standard_rows_for(year=seed)}
    assert not rows["5"].lacks_evidence
    assert rows["5"].evidence[0].text == "Indicatoren"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": "figure"}, "Kies een figuur."),
        ({"kind": "document"}, "Kies een document."),
        ({"kind": "goal"}, "Kies een doel."),
        ({"kind": "figure", "figure": "fig99"}, "Selecteer een geldige keuze"),
        ({"kind": "goal", "goal": "99999999999999999999"}, "Selecteer een geldige keuze"),
        ({"kind": "iets"}, "Selecteer een geldige keuze"),
    ],
)
def test_bad_evidence_input_gives_dutch_message(seed, data, message):
    standard = QualityStandard.objects.get(school_year=seed, code="5")
    response = client_for("projectleider").post(
        reverse("reports:evidence_new", args=[standard.pk]), data
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not standard.evidence.exists()


def test_goal_of_another_year_is_refused_as_evidence(seed):
    standard = QualityStandard.objects.get(school_year=seed, code="5")
    other = Goal.objects.filter(school_year__name=RUNNING_YEAR).first()
    with pytest.raises(Exception, match="hetzelfde schooljaar"):
        services.evidence_add(standard=standard, kind=EvidenceKind.GOAL, goal=other)


def test_duplicate_code_gives_dutch_message(seed):
    response = client_for("projectleider").post(
        reverse("reports:standard_new", args=["2020-2021"]),
        {"code": "1", "title": "Nog een visie"},
    )
    assert response.status_code == 200
    assert "Deze code bestaat al in dit schooljaar." in response.content.decode()


def test_closed_year_refuses_standard_and_evidence_writes(demo):
    year = SchoolYear.objects.get(name="2020-2021")
    standard = QualityStandard.objects.get(school_year=year, code="1")
    with pytest.raises(YearClosed):
        services.standard_save(year=year, code="9", title="Nieuw")
    with pytest.raises(YearClosed):
        services.evidence_add(standard=standard, kind=EvidenceKind.FIGURE, figure="fig7")
    evidence = standard.evidence.first()
    response = client_for("projectleider").post(
        reverse("reports:evidence_delete", args=[evidence.pk]), follow=True
    )
    assert "is afgesloten" in response.content.decode()
    assert Evidence.objects.filter(pk=evidence.pk).exists()


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


def test_standards_page_query_count_does_not_grow(seed):
    client = client_for("projectleider")
    url = reverse("reports:standards", args=["2020-2021"])
    _queries(client, url)
    before = _queries(client, url)
    goal = Goal.objects.filter(school_year=seed).first()
    for number in range(10):
        standard = services.standard_save(year=seed, code=f"X{number}", title=f"Extra {number}")
        services.evidence_add(standard=standard, kind=EvidenceKind.FIGURE, figure="fig1")
        services.evidence_add(standard=standard, kind=EvidenceKind.GOAL, goal=goal)
    assert _queries(client, url) == before


def test_peer_review_pdf_contains_standards_and_evidence(demo, tmp_path):
    assert shutil.which("pdftotext"), "apt-get install -y poppler-utils"
    response = client_for("projectleider").get(reverse("reports:standards_pdf", args=["2020-2021"]))
    assert response["Content-Type"] == "application/pdf"
    source = tmp_path / "visitatie.pdf"
    source.write_bytes(response.content)
    text = subprocess.run(  # noqa: S603 - fixed arguments, our own file
        [shutil.which("pdftotext"), str(source), "-"], capture_output=True, check=True, text=True
    ).stdout
    text = " ".join(text.split())  # titles wrap over lines
    assert "Kwaliteitskader Samen Opleiden & Inductie" in text
    assert "1 Gedeelde visie" in text and "5 Kwaliteitszorg" in text
    assert "Besluit online rechten voor studenten" in text
    assert "Figuur 7: studenten per school" in text
    assert "Nog geen bewijs." in text
    assert "1 standaard zonder bewijs." in text


def test_peer_review_pdf_fetches_only_project_files(demo):
    from reports.renderers.pdf import make_url_fetcher

    fetcher = make_url_fetcher()
    year = SchoolYear.objects.get(name="2020-2021")
    peer_review_pdf(year=year, rows=standard_rows_for(year=year), fetcher=fetcher)
    assert fetcher.refused == []
