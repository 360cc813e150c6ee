"""The written chapters: sanitised Markdown, figure references, who may edit, approval,
versions, closed years and the chapters in the PDF."""

from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from bos.models import Role, SchoolYear, User
from bos.yearbound import YearClosed
from reports import services
from reports.document import whole_report
from reports.models import ChapterStatus, ChapterText, ChapterVersion
from reports.renderers.chapters import render_text, sanitise
from reports.renderers.pdf import render_pdf
from tests.demo_years import RUNNING_YEAR
from tests.factories import user_with_role
from tests.reports.test_pdf import pdf_text

pytestmark = pytest.mark.django_db
DOMAIN = "demo.bos.example"
RUNNING = RUNNING_YEAR


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def projectleider() -> User:
    return User.objects.get(email=f"projectleider@{DOMAIN}")


# --- Sanitising -----------------------------------------------------------------------


def test_markdown_keeps_the_allowed_markup():
    html = sanitise("## Kop\n\n**vet** en *schuin* [site](https://voorbeeld.nl)\n\n- een\n- twee")
    assert "<h4>Kop</h4>" in html
    assert "<strong>vet</strong>" in html and "<em>schuin</em>" in html
    assert '<a href="https://voorbeeld.nl"' in html
    assert "<ul>" in html and "<li>een</li>" in html


@pytest.mark.parametrize(
    ("text", "forbidden"),
    [
        ("<script>alert('x')</script>", ["<script", "alert"]),
        ('<iframe src="https://elders.example/"></iframe>', ["<iframe", "elders.example"]),
        ("[klik](javascript:alert(1))", ["<a", "href"]),
        ('<a href="javascript:alert(1)">klik</a>', ["javascript:"]),
        ('<img src="https://elders.example/x.png">', ["<img", "elders.example"]),
        ("![plaatje](https://elders.example/x.png)", ["<img", "elders.example"]),
        ('<div class="x" onclick="y()">ruw</div>', ["<div", "onclick", "class="]),
        ('<a href="data:text/html,x">d</a>', ["data:"]),
        ("| a |\n|:-:|\n| 1 |", ["style="]),
    ],
)
def test_sanitising_removes_what_is_not_allowed(text, forbidden):
    html = sanitise(text)
    for fragment in forbidden:
        assert fragment not in html


def test_raw_html_loses_its_tags_but_keeps_plain_words():
    assert "ruw" in sanitise("<div>ruw</div>")
    assert "<div" not in sanitise("<div>ruw</div>")


# --- Figure references ----------------------------------------------------------------


def test_figure_reference_renders_the_figures_numbers(demo):
    year = SchoolYear.objects.get(name="2020-2021")
    client = client_for(projectleider())
    # The demo summary holds [[figuur:7]]: figure 7's total row is on the page.
    html = client.get(reverse("reports:chapter", args=[year.name, "samenvatting"])).content
    # The rendered text (the version history below it shows the Markdown as written).
    html = html.decode().split('<article class="chapter-text">')[1].split("</article>")[0]
    assert "Figuur 7: studenten per instituut per school" in html
    assert "[[figuur:7]]" not in html
    assert "<caption>Aantal studenten 2020-2021 per partner" in html


def test_unknown_figure_is_flagged_on_save_and_shown(demo):
    client = client_for(projectleider())
    url = reverse("reports:chapter_edit", args=[RUNNING, "induction"])
    response = client.post(url, {"introduction": "Zie hieronder.\n\n[[figuur:99]]"}, follow=True)
    html = response.content.decode()
    assert "figuur 99 bestaat niet" in html
    assert "Let op: figuur 99 bestaat niet" in html
    preview = client.post(url, {"introduction": "[[figuur:42]]", "voorbeeld": "1"})
    assert "Figuur 42 bestaat niet in het jaarverslag." in preview.content.decode()


def test_preview_shows_the_sanitised_text_without_saving(demo):
    client = client_for(projectleider())
    url = reverse("reports:chapter_edit", args=[RUNNING, "policy"])
    response = client.post(
        url, {"introduction": "**Nieuw** beleid <script>x()</script>", "voorbeeld": "1"}
    )
    html = response.content.decode()
    assert "Voorbeeld (niet opgeslagen)" in html
    assert "<strong>Nieuw</strong> beleid" in html
    assert "<script>x()" not in html
    assert not ChapterText.objects.filter(school_year__name=RUNNING, chapter="policy").exists()


# --- Who may edit, approval, versions, closed years ----------------------------------


def test_kernteam_member_edits_own_chapter_and_gets_403_on_another(demo):
    year = SchoolYear.objects.get(name=RUNNING)
    writer = user_with_role(Role.KERNTEAM, year=year)
    services.chapter_save(
        year=year,
        chapter="intervision",
        user=projectleider(),
        introduction="Opzet.",
        author=writer.person,
        set_author=True,
    )
    client = client_for(writer)
    own = reverse("reports:chapter_edit", args=[RUNNING, "intervision"])
    assert client.get(own).status_code == 200
    response = client.post(own, {"introduction": "Eigen tekst.", "went_well": "Veel."})
    assert response.status_code == 302
    assert ChapterText.objects.get(school_year=year, chapter="intervision").went_well == "Veel."
    other = reverse("reports:chapter_edit", args=[RUNNING, "induction"])
    assert client.get(other).status_code == 403
    assert client.post(other, {"introduction": "Niet van mij."}).status_code == 403
    # The service refuses too, whoever calls it.
    with pytest.raises(PermissionDenied):
        services.chapter_save(year=year, chapter="induction", user=writer, introduction="x")
    # A kernteam member cannot make themself the author of another chapter.
    with pytest.raises(PermissionDenied):
        services.chapter_save(
            year=year,
            chapter="intervision",
            user=writer,
            introduction="x",
            author=writer.person,
            set_author=True,
        )
    # Nor approve.
    status = reverse("reports:chapter_status", args=[RUNNING, "intervision"])
    assert client.post(status, {"status": "approved"}).status_code == 403


def test_approval_flow_and_editing_puts_an_approved_chapter_back_to_concept(demo):
    year = SchoolYear.objects.get(name=RUNNING)
    writer = user_with_role(Role.KERNTEAM, year=year)
    pl = projectleider()
    text = services.chapter_save(
        year=year,
        chapter="programme",
        user=pl,
        introduction="Begin.",
        author=writer.person,
        set_author=True,
    )
    assert text.status == ChapterStatus.CONCEPT
    services.chapter_set_status(text=text, user=writer, status=ChapterStatus.REVIEW)
    assert text.status == ChapterStatus.REVIEW
    with pytest.raises(PermissionDenied):
        services.chapter_set_status(text=text, user=writer, status=ChapterStatus.APPROVED)
    client = client_for(pl)
    url = reverse("reports:chapter_status", args=[RUNNING, "programme"])
    assert client.post(url, {"status": "approved"}).status_code == 302
    text.refresh_from_db()
    assert text.status == ChapterStatus.APPROVED
    services.chapter_save(year=year, chapter="programme", user=writer, introduction="Anders.")
    text.refresh_from_db()
    assert text.status == ChapterStatus.CONCEPT
    # Returned from review by the projectleider.
    services.chapter_set_status(text=text, user=writer, status=ChapterStatus.REVIEW)
    client.post(url, {"status": "concept"})
    text.refresh_from_db()
    assert text.status == ChapterStatus.CONCEPT


def test_every_save_keeps_a_version_shown_on_the_page(demo):
    year = SchoolYear.objects.get(name=RUNNING)
    pl = projectleider()
    for words in ("Eerste versie.", "Tweede versie."):
        text = services.chapter_save(year=year, chapter="teams", user=pl, introduction=words)
    versions = list(ChapterVersion.objects.filter(text=text))
    assert [v.introduction for v in versions] == ["Tweede versie.", "Eerste versie."]
    assert all(v.saved_by == pl for v in versions)
    html = client_for(pl).get(reverse("reports:chapter", args=[RUNNING, "teams"])).content
    assert "Eerste versie." in html.decode() and "Versies" in html.decode()


def test_closed_year_refuses_edits(demo):
    year = SchoolYear.objects.get(name="2020-2021")
    assert year.closed_at is not None
    with pytest.raises(YearClosed):
        services.chapter_save(
            year=year, chapter="placements", user=projectleider(), introduction="x"
        )
    text = ChapterText.objects.get(school_year=year, chapter="placements")
    with pytest.raises(YearClosed):
        services.chapter_set_status(text=text, user=projectleider(), status="concept")
    client = client_for(projectleider())
    url = reverse("reports:chapter_edit", args=[year.name, "placements"])
    client.post(url, {"introduction": "Overschreven."})
    assert "Overschreven." not in ChapterText.objects.get(pk=text.pk).introduction


def test_overview_lists_every_chapter_with_status(demo):
    html = client_for(projectleider()).get(reverse("reports:chapters", args=["2020-2021"]))
    text = html.content.decode()
    for label in ("Voorwoord", "Samenvatting", "Stages", "Financiën"):
        assert label in text
    assert text.count("goedgekeurd") >= 10


# --- The PDF --------------------------------------------------------------------------


def test_pdf_holds_the_chapters_their_figures_and_the_contents(demo, tmp_path):
    pdf = render_pdf(SchoolYear.objects.get(name="2020-2021"))
    # Tagged (PDF/UA-1) with its language and title.
    root = PdfReader(BytesIO(pdf)).trailer["/Root"]
    assert root["/Lang"] == "nl"
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert PdfReader(BytesIO(pdf)).metadata.title.startswith("Jaarverslag 2020-2021 · ")
    text = pdf_text(pdf, tmp_path)
    flat = " ".join(text.split())
    # The table of contents with page numbers, in the seed's order.
    assert "Inhoud" in text
    assert flat.index("Voorwoord") < flat.index("Samenvatting") < flat.index("1. Stages")
    assert "Bijlage 1: Begroting en realisatie" in flat
    # A chapter's text and the summary's figure 7 with its numbers.
    assert "eerste volledige jaar als aspirant-opleidingsschool" in flat
    assert "Figuur 7: studenten per instituut per school" in flat
    assert "[[figuur" not in flat
    assert "13.035" in flat
    # Running header and page count.
    assert "Pagina 3 van" in text


def test_a_reference_within_a_sentence_names_the_figure_and_unknown_ones_are_flagged(demo):
    report = whole_report(SchoolYear.objects.get(name="2020-2021"))
    html = render_text("Zie [[figuur:7]] en [[figuur:99]].", report, {})
    assert "Zie figuur 7 en" in html
    assert "<table" not in html
    assert "figuur 99 bestaat niet" in html
    assert "<table" in render_text("[[figuur:12]]", report, {})
    assert "13.035" in render_text("[[figuur:12]]", report, {})


def test_overview_query_count_does_not_grow_with_the_texts(demo):
    year = SchoolYear.objects.get(name=RUNNING)
    client = client_for(projectleider())
    url = reverse("reports:chapters", args=[RUNNING])
    client.get(url)
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    for chapter in ("teams", "policy", "finance"):
        services.chapter_save(
            year=year, chapter=chapter, user=projectleider(), introduction="Tekst."
        )
    with CaptureQueriesContext(connection) as after:
        client.get(url)
    assert len(after) == len(before)
