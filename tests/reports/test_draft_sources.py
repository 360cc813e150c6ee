"""Every number of the demo's drafts read back from the figure its sentence names (issue #27).

Each sentence of a draft keeps the values it prints and where each comes from in the year's
document (`reports.drafts.Value`). Here the references are followed again, by a reader of
their own, and every number parsed out of the text must be, in order, the value found
there: a template that prints a wrong number, a count made differently from what it claims,
or a value taken from another figure than the sentence names fails. The running year
(2026-2027) and the seed year (2020-2021) are checked, chapter by chapter; the seed year's
drafts hold the numbers of the seed's report, and the running year's PDF and web report have
a draft in every chapter."""

from __future__ import annotations

import html
import re
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from bos import partnership
from bos.models import SchoolYear, User
from reports import drafts, services
from reports.document import whole_report
from reports.models import ChapterStatus, ChapterText, TextChapter
from reports.renderers.pdf import document_context, render_html
from reports.renderers.public import pages_of, publication
from tests.demo_years import RUNNING_YEAR
from tests.matrix import ROLE_EMAILS

SEED = "2020-2021"
NUMBER = re.compile(r"\d[\d.]*(?:,\d+)?")

# The tables each named source may take its numbers from.
SOURCE_TABLES = {
    "figuur 1": {"fig1"},
    "figuur 2": {"fig2"},
    "figuur 3": {"fig3"},
    "figuur 4": {"fig4"},
    "figuur 5": {"budget"},
    "figuur 6": {"fig6"},
    "figuur 7": {"fig7"},
    "figuur 12": {"fig12"},
    "figuur 13": {"fig13"},
    "figuur 14": {"fig14"},
    "bonustabel": {"bonus"},
    "indicatoren": {"indicators"},
    "kerncijfers": {"afternoons"},
    "intervisietabel": {"intervision"},
    "tabel professionalisering": {"professionalization"},
    "tabel inductie": {"induction"},
}


def number(text: str) -> Decimal:
    return Decimal(text.replace(".", "").replace(",", "."))


def numbers_in(value: Any) -> list[Decimal]:
    """The numbers a value shows in a sentence, in order: a number without its sign (the
    words around it say which way), the numbers written in a text or in a list of texts."""
    if isinstance(value, int | Decimal) and not isinstance(value, bool):
        return [abs(Decimal(value))]
    if isinstance(value, str):
        return [number(found) for found in NUMBER.findall(value)]
    return [found for item in value for found in numbers_in(item)]


# --- Following a reference (see reports.drafts.Value) ----------------------------------------

SEGMENT = re.compile(r"([^.\[]*)((?:\[[^\]]*\])*)")
# A dot between two segments: not one inside a filter's brackets.
DOT = re.compile(r"\.(?![^\[]*\])")
FILTER = re.compile(r"\[([^\]]*)\]")
CONDITION = re.compile(r"^(\w*)(!=|=|<|>)(.+)$")


def _step(value: Any, name: str) -> Any:
    if isinstance(value, list):
        if name.isdigit():
            return value[int(name)]
        mapped = [_step(item, name) for item in value]
        return (
            [inner for item in mapped for inner in item]
            if all(isinstance(item, list) for item in mapped) and mapped
            else mapped
        )
    return _field(value, name)


def _field(item: Any, name: str) -> Any:
    return item[name] if isinstance(item, dict) else getattr(item, name)


def _operand(item: Any, text: str) -> Any:
    if text.startswith("'"):
        return text.strip("'")
    if text in ("true", "false", "null"):
        return {"true": True, "false": False, "null": None}[text]
    if re.fullmatch(r"-?\d+(\.\d+)?", text):
        return Decimal(text)
    return _field(item, text)


def _keeps(item: Any, condition: str) -> bool:
    field, op, right = CONDITION.match(condition).groups()
    left = _field(item, field) if field else item
    right = _operand(item, right)
    if op in ("=", "!="):
        # true, false and null are themselves: 1 is not true.
        same = left is right if isinstance(right, bool) or right is None else left == right
        return same if op == "=" else not same
    if left is None or right is None:
        return False
    return left < right if op == "<" else left > right


def _filtered(value: list[Any], filters: str) -> list[Any]:
    for condition in FILTER.findall(filters):
        if condition == "distinct":
            value = list(dict.fromkeys(value))
        else:
            value = [item for item in value if _keeps(item, condition)]
    return value


def follow(report: Any, ref: str) -> Any:
    """The value at `ref` in the year's document, read without the drafts' code."""
    if " - " in ref:
        left, right = ref.split(" - ", 1)
        return follow(report, left) - follow(report, right)
    if ref.startswith("'"):
        return ref.strip("'")
    total = ref[:1] if ref[:1] in ("#", "+") else ""
    value: Any = None
    for index, segment in enumerate(DOT.split(ref.removeprefix(total))):
        name, filters = SEGMENT.fullmatch(segment).groups()
        if index == 0:
            if name == "partnership":
                value = partnership.current().name
            else:
                value = str(report.year) if name == "year" else getattr(report, name)
        elif name:
            value = _step(value, name)
        if filters:
            value = _filtered(value, filters)
    if total == "#":
        return len(value)
    if total == "+":
        return sum((item or 0 for item in value), Decimal(0))
    return value


def table_of(ref: str) -> str | None:
    """The figure or table a ref reads from; None for the year, the partnership's name and
    a word of the template."""
    parts = DOT.split(ref.lstrip("#+"))
    if parts[0] in ("figures", "changes", "key_values"):
        return SEGMENT.fullmatch(parts[1]).group(1)
    if parts[0].startswith("comparison"):
        return "kerncijfers"
    if parts[0] in ("budget", "indicators"):
        return parts[0]
    return None


def check_sentence(report: Any, chapter: str, sentence: drafts.Sentence) -> None:
    where = f"{chapter}: {sentence.text!r}"
    expected = [found for value in sentence.values for found in numbers_in(value.value)]
    assert numbers_in(sentence.text) == expected, where
    for value in sentence.values:
        found = follow(report, value.ref)
        if isinstance(value.value, tuple):
            assert list(value.value) == sorted(found), (where, value.ref)
        elif isinstance(value.value, str):
            assert value.value == found, (where, value.ref)
        else:
            assert Decimal(str(value.value)) == Decimal(str(found)), (where, value.ref, found)
        for part in value.ref.split(" - "):
            table = table_of(part)
            if table is not None and not part.startswith(("changes", "comparison")):
                assert table in SOURCE_TABLES[sentence.source], (where, value.ref)


# --- The demo's drafts ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def reports(demo_db, django_db_blocker):
    with django_db_blocker.unblock():
        return {
            name: whole_report(SchoolYear.objects.get(name=name)) for name in (SEED, RUNNING_YEAR)
        }


@pytest.mark.django_db
@pytest.mark.parametrize("year_name", [SEED, RUNNING_YEAR])
def test_every_number_of_every_draft_is_the_value_of_the_figure_it_names(reports, year_name):
    report = reports[year_name]
    name = partnership.current().name
    checked = 0
    for chapter in TextChapter.values:
        sentences = drafts.draft_for(chapter, report, partnership=name)
        assert sentences, f"{year_name}: no draft for {chapter}"
        for sentence in sentences:
            check_sentence(report, chapter, sentence)
            checked += len(numbers_in(sentence.text))
    assert checked > 60


def test_a_wrong_number_in_a_sentence_is_found():
    """The check itself: a number printed beside what was kept, or kept from elsewhere."""
    report = type("R", (), {"year": "2020-2021", "figures": {"fig7": {"total": {"total": 246}}}})
    good = drafts.Sentence(
        "246 studenten.", "figuur 7", (drafts.Value(246, "figures.fig7.total.total"),)
    )
    check_sentence(report, "placements", good)
    for wrong in (
        drafts.Sentence("247 studenten.", "figuur 7", good.values),
        drafts.Sentence("246 studenten.", "figuur 7", (drafts.Value(245, good.values[0].ref),)),
        drafts.Sentence("246 studenten, 3 meer.", "figuur 7", good.values),
        drafts.Sentence("246 studenten.", "figuur 12", good.values),
    ):
        with pytest.raises(AssertionError):
            check_sentence(report, "placements", wrong)


def test_a_sentence_names_its_values_by_where_they_come_from():
    sentence = drafts.students_sentence(students=246, schools=16, previous=234)
    assert [(value.value, value.ref) for value in sentence.values] == [
        (246, "students"),
        (16, "schools"),
        (12, "students - previous"),
    ]
    sourced = sentence.sourced(
        students="figures.fig7.total.total",
        schools="#figures.fig7.rows",
        previous="changes.fig7.total.previous",
    )
    assert [value.ref for value in sourced.values] == [
        "figures.fig7.total.total",
        "#figures.fig7.rows",
        "figures.fig7.total.total - changes.fig7.total.previous",
    ]
    below = drafts.streefaantal_sentences([{"school": "Zuid", "students": 10, "streefaantal": 12}])[
        1
    ].sourced(rows="figures.fig12.rows")
    assert below.values[0].ref == (
        "figures.fig12.rows[students!=null][streefaantal>0][students<streefaantal].school"
    )


@pytest.mark.django_db
def test_the_seed_years_drafts_hold_the_seeds_numbers(reports):
    """The numbers of the 2020-2021 report (the seed), in the drafts shown beside its
    written chapters."""
    report = reports[SEED]

    def text(chapter: str) -> str:
        """The chapter's draft, its amounts' non-breaking spaces as plain ones."""
        draft = drafts.markdown(drafts.draft_for(chapter, report))
        return draft.replace("\N{NO-BREAK SPACE}", " ")

    placements = text("placements")
    assert placements.startswith("246 studenten liepen stage op 16 scholen.")
    assert (
        "72 eerstejaars van de partnerinstituten liepen stage (10 ESoE, 52 FLOT en 10 HR)."
        in placements
    )
    assert "202 van hen kwamen van een partnerinstituut en 44 van een ander instituut." in (
        placements
    )
    assert "dat gaf € 15.120,00 bonus." in placements
    assert "Niet geregistreerde eerstejaars FLOT: 8 van 60 (13%)" in placements
    assert text("teams").startswith("4 ontwikkelteams")
    assert text("programme").startswith(
        "Er waren 2 verdiepingsmiddagen, samen 4 keer gehouden voor verschillende groepen"
    )
    assert "de 12 bouwstenen van het inductiebeleid" in text("induction")
    assert text("policy").startswith(
        "Bij 13.035 leerlingen op 1 oktober was het streefaantal 261 studenten"
    )
    finance = text("finance")
    for amount in ("250.000,00", "201.892,05", "269.243,00", "48.107,95", "160.754,45"):
        assert f"€ {amount}" in finance
    assert "gaat de reserve van € 160.754,45 naar € 208.862,40." in finance
    assert "995,4 uur voor Projectleiding" in finance


def projectleider() -> User:
    return User.objects.get(email=ROLE_EMAILS["projectleider"])


@pytest.mark.django_db
def test_the_chapter_page_of_a_closed_year_shows_its_draft_beside_the_written_text(demo):
    client = Client()
    client.force_login(projectleider())
    text = ChapterText.objects.get(school_year__name=SEED, chapter="placements")
    response = client.get(reverse("reports:chapter", args=[SEED, "placements"]))
    assert response.status_code == 200
    assert response.context["chapter"].sections  # the written text, as it was approved
    assert text.status == ChapterStatus.APPROVED
    page = html.unescape(response.content.decode())
    assert "Concept uit de cijfers" in page
    assert "246 studenten liepen stage op 16 scholen." in page


# --- The running year's PDF and web report --------------------------------------------------


@pytest.mark.django_db
def test_the_running_years_pdf_and_web_report_have_a_draft_in_every_chapter(demo):
    year = SchoolYear.objects.get(name=RUNNING_YEAR)
    assert not ChapterText.objects.filter(school_year=year).exists()
    report = whole_report(year)
    context = document_context(report)
    chapters = [context["foreword"], context["summary"]]
    chapters += [item["chapter"] for item in context["chapters"]]
    assert sorted(chapter.key for chapter in chapters) == sorted(TextChapter.values)
    assert all(chapter.draft for chapter in chapters)
    html = render_html(report)
    assert "Er is nog geen tekst" not in html
    assert html.count("Concept uit de cijfers") == len(TextChapter.values)

    # Published, every page of the web report opens for a visitor, without that line; the
    # drafts are the PDF's, counted from the whole report (the page shows no person).
    services.report_publish(year=year, user=projectleider())
    public = publication(report)
    pages = pages_of(public)
    by_key = {page.chapter.key: page.chapter.draft for page in pages if page.chapter}
    assert {key: [s.text for s in draft] for key, draft in by_key.items()} == {
        chapter.key: [s.text for s in chapter.draft] for chapter in chapters
    }
    client = Client()
    for page in pages:
        response = client.get(reverse("reports:public_chapter", args=[RUNNING_YEAR, page.slug]))
        assert response.status_code == 200, page.slug
        content = response.content.decode()
        assert "Er is nog geen tekst" not in content, page.slug
        if page.chapter:
            assert "Concept uit de cijfers" in content, page.slug
