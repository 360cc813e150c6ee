"""The report on the web (issue #27): a published year's report at a public address, one
page per chapter, made from the PDF's source, without a person's name; published and taken
off the web by the projectleider alone, also in a closed year."""

from __future__ import annotations

import datetime as dt
import html
import re
from urllib.parse import urlparse

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import Resolver404, resolve, reverse

from bos.models import AuditEntry, Person, SchoolYear, User
from bos.yearbound import closed_year_writes
from placements.models import Student
from reports import selectors, services
from reports.document import closed_report, whole_report
from reports.drafts import draft_for
from reports.models import ChapterText, ReportPublication
from reports.renderers.pdf import document_context
from reports.renderers.public import pages_of, publication
from reports.templatetags.report_format import eur, num
from tests.demo_years import running_year
from tests.factories import SchoolYearFactory
from tests.logins import client_for
from tests.matrix import ROLE_EMAILS

pytestmark = pytest.mark.django_db
SEED = "2020-2021"


def seed_year() -> SchoolYear:
    return SchoolYear.objects.get(name=SEED)


def user(role: str) -> User:
    return User.objects.get(email=ROLE_EMAILS[role])


def fold(text: str) -> str:
    """White space (the non-breaking space of "€ 1.234,56" too) as single spaces."""
    return " ".join(text.split())


def text_of(response) -> str:
    """The page's text: tags dropped, entities read, white space folded."""
    return fold(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())))


def public_urls(client: Client, year: str) -> list[str]:
    """The contents page and every page it links to, as a visitor finds them."""
    contents = reverse("reports:public", kwargs={"year": year})
    response = client.get(contents)
    assert response.status_code == 200
    links = re.findall(r'href="([^"#]+)"', response.content.decode())
    chapters = [link for link in links if link.startswith(contents) and link != contents]
    return [contents, *dict.fromkeys(chapters)]


# --- The pages ------------------------------------------------------------------------------


def test_the_demo_publishes_its_closed_year(demo):
    publication_row = ReportPublication.objects.get(school_year__name=SEED)
    assert publication_row.is_published
    assert seed_year().closed_at is not None


def test_every_page_opens_without_login_and_shows_what_the_pdf_shows(demo):
    year = seed_year()
    source = document_context(closed_report(year))
    client = Client()
    urls = public_urls(client, SEED)
    # The contents: the PDF's pages, in the PDF's order, each a page of its own.
    expected = [source["foreword"].label, source["summary"].label]
    expected += ["Kerncijfers"] if source["has_key_figures"] else []
    expected += [item["chapter"].label for item in source["chapters"]]
    expected += ["Aantallen studenten"] + [item["title"] for item in source["appendices"]]
    contents = text_of(client.get(urls[0]))
    positions = [contents.index(title) for title in expected]
    assert positions == sorted(positions), contents
    assert len(urls) == 1 + len(expected)
    pages = {}
    for url in urls[1:]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert '<html lang="nl">' in response.content.decode()
        pages[urlparse(url).path.rstrip("/").rsplit("/", 1)[1]] = text_of(response)
    # Each chapter's written text, as the PDF prints it.
    texts = ChapterText.objects.filter(school_year=year)
    slugs = {page.slug: page for page in pages_of(publication(closed_report(year)))}
    for text in texts:
        slug = next(
            slug
            for slug, page in slugs.items()
            if page.chapter and page.chapter.key == text.chapter
        )
        first_sentence = text.introduction.split(". ")[0]
        assert first_sentence in pages[slug], (slug, first_sentence)
    # The figures' numbers, from the PDF's source.
    figs = source["report"].figures
    assert f"Totaal {fold(num(figs['fig12']['total']['pupils']))}" in pages["studenten"]
    assert fold(eur(figs["bonus"]["total_eur"])) in pages["studenten"]
    assert fold(eur(source["report"].budget.reserve)) in pages["begroting"]
    assert f"{num(figs['fig1']['total']['total'])}" in pages["stages"]
    assert f"van {num(figs['fig8']['total'])}" in pages["studenten"]
    for indicator in source["report"].indicators:
        assert fold(f"{indicator['label']} {indicator['value']}") in pages["kerncijfers"]
    for team in figs["fig2"]:
        assert f"{team['team']} {len(team['members'])}" in pages["ontwikkelteams"]


def test_a_chapter_without_text_shows_its_draft_as_the_pdf_does(demo):
    year = seed_year()
    with closed_year_writes("test: a chapter without text"):
        ChapterText.objects.filter(school_year=year, chapter="placements").delete()
    report = closed_report(year)
    draft = draft_for(
        "placements", report, partnership=document_context(report)["partnership_name"]
    )
    assert draft
    page = text_of(Client().get(reverse("reports:public_chapter", args=[SEED, "stages"])))
    assert "Concept uit de cijfers; nog niet door een auteur geschreven." in page
    for sentence in draft:
        assert fold(sentence.text) in page


@pytest.mark.parametrize("year_name", [SEED, "running"])
def test_no_person_appears_on_any_public_page(demo, year_name):
    """The closed year, and the running year published before anyone wrote its text (its
    chapters are drafts from the figures)."""
    year = seed_year() if year_name == SEED else running_year()
    if year_name != SEED:
        services.report_publish(year=year, user=user("projectleider"))
    names = {
        f"{first} {last}".strip()
        for model in (Person, Student)
        for first, last in model.objects.values_list("first_name", "last_name")
    }
    emails = set(Person.objects.values_list("email", flat=True))
    emails |= set(Student.objects.values_list("email", flat=True))
    emails |= set(User.objects.values_list("email", flat=True))
    # The PDF's source does name people (figure 2's members, figure 6, the SOs' hours), so
    # the check below is not empty-handed.
    source = document_context(whole_report(year))
    assert any(row["name"] in names for row in source["report"].so_overview)
    client = Client()
    found = []
    for url in public_urls(client, year.name):
        content = html.unescape(client.get(url).content.decode())
        found += [(url, name) for name in names | emails if name and name in content]
    assert not found


def test_an_unpublished_year_and_an_unknown_page_are_not_found(demo):
    client = Client()
    running = running_year().name
    assert client.get(reverse("reports:public", args=[running])).status_code == 404
    assert (
        client.get(reverse("reports:public_chapter", args=[running, "stages"])).status_code == 404
    )
    assert client.get(reverse("reports:public_chapter", args=[SEED, "onbekend"])).status_code == 404
    assert client.get("/jaarverslag/1999-2000/").status_code == 404


def test_the_public_address_shadows_no_page_of_the_application(demo):
    """Every page's address resolves to the publication; the application's own pages under
    /jaarverslag/ keep theirs, and the publication links to nothing behind a login."""
    pages = pages_of(publication(closed_report(seed_year())))
    for page in pages:
        assert resolve(f"/jaarverslag/{SEED}/{page.slug}/").url_name == "public_chapter"
    for name in ("excel", "pdf_request"):
        assert resolve(reverse(f"reports:{name}", args=[SEED])).url_name == name
    assert resolve(reverse("reports:table", args=[SEED, "fig7"])).url_name == "table"
    allowed = {"public", "public_chapter", "brand_css", "brand_logo"}
    client = Client()
    for url in public_urls(client, SEED):
        for link in re.findall(r'(?:href|src)="([^"]+)"', client.get(url).content.decode()):
            parts = urlparse(link)
            if parts.scheme or link.startswith("#") or parts.path.startswith("/static/"):
                continue
            try:
                assert resolve(parts.path).url_name in allowed, (url, link)
            except Resolver404:
                pytest.fail(f"{url} links to {link}")


def test_a_page_costs_a_fixed_number_of_queries(demo):
    client = Client()
    client.get(reverse("reports:public_chapter", args=[SEED, "stages"]))
    counts = []
    for slug in ("stages", "studenten", "begroting"):
        with CaptureQueriesContext(connection) as queries:
            assert (
                client.get(reverse("reports:public_chapter", args=[SEED, slug])).status_code == 200
            )
        counts.append(len(queries))
    assert len(set(counts)) == 1 and counts[0] <= 12, counts


# --- Publishing ------------------------------------------------------------------------------


def test_the_projectleider_publishes_and_withdraws_a_closed_year(demo):
    """A closed year's report is final: exactly what gets published. Publishing writes no
    data of the year, so the closed-year guard lets it through, and the year stays closed."""
    year = seed_year()
    assert year.closed_at is not None
    projectleider = user("projectleider")
    url = reverse("reports:public", args=[SEED])
    before = AuditEntry.objects.filter(model="reports.reportpublication").count()

    services.report_unpublish(year=year, user=projectleider)
    assert Client().get(url).status_code == 404
    assert selectors.published_year(name=SEED) is None

    publication_row = services.report_publish(year=year, user=projectleider)
    assert publication_row.is_published and publication_row.published_by == projectleider
    assert Client().get(url).status_code == 200
    # Publishing again changes nothing.
    published_at = publication_row.published_at
    assert services.report_publish(year=year, user=projectleider).published_at == published_at
    year.refresh_from_db()
    assert year.closed_at is not None
    # Both writes are in the audit trail.
    assert AuditEntry.objects.filter(model="reports.reportpublication").count() == before + 2


@pytest.mark.parametrize("role", ["kernteam", "so", "admin", "io", "student"])
def test_only_the_projectleider_publishes(demo, role):
    year = seed_year()
    with pytest.raises(PermissionDenied):
        services.report_unpublish(year=year, user=user(role))
    with pytest.raises(PermissionDenied):
        services.report_publish(year=year, user=user(role))
    response = client_for(ROLE_EMAILS[role]).post(reverse("reports:unpublish", args=[SEED]))
    assert response.status_code == 403
    assert ReportPublication.objects.get(school_year=year).is_published


def test_a_year_without_a_report_is_not_published(demo):
    empty = SchoolYearFactory(
        name="2040-2041", start_date=dt.date(2040, 8, 1), end_date=dt.date(2041, 7, 31)
    )
    with pytest.raises(ValidationError):
        services.report_publish(year=empty, user=user("projectleider"))
    assert not ReportPublication.objects.filter(school_year=empty).exists()


def test_the_report_page_shows_the_state_and_the_actions(demo):
    page_url = f"{reverse('reports:report')}?jaar={SEED}"
    public = reverse("reports:public", args=[SEED])
    leader = client_for(ROLE_EMAILS["projectleider"])
    content = leader.get(page_url).content.decode()
    assert "Gepubliceerd op" in content and f'href="{public}"' in content
    assert reverse("reports:unpublish", args=[SEED]) in content
    # The kernteam reads the state, without the button.
    content = client_for(ROLE_EMAILS["kernteam"]).get(page_url).content.decode()
    assert "Gepubliceerd op" in content
    assert reverse("reports:unpublish", args=[SEED]) not in content
    # Withdrawn through the page's button, published again through the other.
    response = leader.post(reverse("reports:unpublish", args=[SEED]))
    assert response.status_code == 302
    assert Client().get(public).status_code == 404
    content = leader.get(page_url).content.decode()
    assert "is niet openbaar" in content and reverse("reports:publish", args=[SEED]) in content
    leader.post(reverse("reports:publish", args=[SEED]))
    assert Client().get(public).status_code == 200


def test_every_page_is_a_labelled_document(demo):
    """A skip link to the main landmark, the chapters' navigation, every table with a
    caption and header cells, every chart with a title and a description."""
    client = Client()
    charts = 0
    for url in public_urls(client, SEED):
        content = client.get(url).content.decode()
        assert '<a class="bos-skip-link" href="#main">' in content
        assert '<main id="main"' in content and "<header" in content and "<footer" in content
        tables = re.findall(r"<table\b.*?</table>", content, flags=re.S)
        for table in tables:
            assert "<caption" in table and '<th scope="col"' in table, (url, table[:200])
        for svg in re.findall(r"<svg\b.*?</svg>", content, flags=re.S):
            charts += 1
            assert 'role="img"' in svg and "<title" in svg and "<desc" in svg, url
        if url.rstrip("/").endswith(SEED):
            assert 'aria-labelledby="inhoud"' in content
        else:
            assert 'aria-label="Hoofdstukken"' in content
            assert 'aria-label="Vorige en volgende pagina"' in content
    assert charts >= 1
