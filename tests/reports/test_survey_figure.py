"""The year's surveys in the report (figure 14, issue #26 and #27): each opened survey with
its response and the counts of its closed questions, shown in the chapter its template
belongs to, in the PDF, the web report, the workbook and the report page; a draft sentence
per survey; no free text and no person anywhere."""

from __future__ import annotations

import html
from decimal import Decimal
from io import BytesIO

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from bos.models import SchoolYear, User
from reports.document import closed_report
from reports.drafts import draft_for, survey_response_sentence
from reports.figures import figure_14, survey_chapter
from reports.renderers.excel import report_workbook
from reports.renderers.pdf import document_context, render_html
from surveys.demo import OPEN_ANSWERS
from surveys.models import Answer, Survey
from surveys.report import year_results, year_surveys
from tests.demo_years import running_year

SEED = "2020-2021"


# --- Pure: the figure and the sentence -------------------------------------------------------


def test_figure_14_places_each_survey_by_its_template_and_keeps_counts_only():
    survey = {
        "id": 1,
        "title": "Behoeftepeiling SO",
        "template": "behoeftepeiling_so",
        "anonymous": True,
        "invited": 11,
        "responded": 8,
        "percent": Decimal("72.7"),
        "responses": 8,
        "questions": [
            {
                "text": "Hoe competent voel je je?",
                "kind": "scale",
                "answered": 8,
                "mean": Decimal("3.9"),
                "bars": [{"label": "4 zeer", "count": 6, "percent": Decimal("75.0")}],
            },
            {"text": "Nog iets?", "kind": "open", "answered": 3, "mean": None, "bars": []},
        ],
    }
    (row,) = figure_14([survey])
    assert row["chapter"] == "professionalisation"
    assert (row["invited"], row["responded"], row["percent"]) == (11, 8, Decimal("72.7"))
    assert [(q["open"], q["answered"]) for q in row["questions"]] == [(False, 8), (True, 3)]
    assert "texts" not in row["questions"][1]
    assert [survey_chapter(key) for key in ("evaluatie_intervisie", "startersvragenlijst")] == [
        "intervision",
        "induction",
    ]
    assert survey_chapter("") == survey_chapter("onbekend") == "policy"


@pytest.mark.parametrize(
    ("values", "text"),
    [
        (
            {"template": "behoeftepeiling_so", "responded": 8, "invited": 11,
             "percent": Decimal("72.7")},
            "De behoeftepeiling onder schoolopleiders werd door 8 van de 11 genodigden "
            "ingevuld (72,7%).",
        ),
        (
            {"template": "evaluatie_intervisie", "responded": 1, "invited": 1,
             "percent": Decimal("100.0")},
            "De evaluatie van de intervisie werd door 1 van de 1 genodigde ingevuld (100%).",
        ),
        (
            {"template": "", "title": "Peiling 2021", "responded": 0, "invited": 4,
             "percent": Decimal("0.0")},
            "De vragenlijst ‘Peiling 2021’ werd door 0 van de 4 genodigden ingevuld (0%).",
        ),
        (
            {"template": "startersvragenlijst", "responded": 0, "invited": 0, "percent": None},
            "De vragenlijst voor startende leraren had geen genodigden.",
        ),
        (
            {"template": "onderzoek_wpb_facilitering", "responded": 5, "invited": 22,
             "percent": Decimal("22.7"), "still_open": True},
            "Het onderzoek naar de facilitering van werkplekbegeleiders staat nog open; tot nu "
            "toe reageerden 5 van de 22 genodigden (22,7%).",
        ),
    ],
)  # fmt: skip
def test_the_survey_sentence_gives_its_worked_example(values, text):
    sentence = survey_response_sentence(**{"title": "Vragenlijst", **values})
    assert sentence.text == text
    assert sentence.source == "figuur 14"


def test_two_surveys_of_one_template_are_named_by_their_title():
    sentence = survey_response_sentence(
        template="behoeftepeiling_so",
        title="Behoeftepeiling SO voorjaar",
        responded=3,
        invited=4,
        percent=Decimal("75.0"),
        by_title=True,
    )
    assert sentence.text.startswith("De vragenlijst ‘Behoeftepeiling SO voorjaar’ werd door 3")
    assert [value.ref for value in sentence.values] == ["title", "responded", "invited", "percent"]


# --- The demo's closed year: its snapshot ------------------------------------------------------


@pytest.fixture
def seed(demo):
    return closed_report(SchoolYear.objects.get(name=SEED))


def test_the_closed_years_snapshot_holds_every_opened_survey_as_the_survey_counts_it(seed):
    year = SchoolYear.objects.get(name=SEED)
    kept = seed.figures["fig14"]
    live = year_surveys(year)
    assert [(r["title"], r["invited"], r["responded"]) for r in kept] == [
        (r["title"], r["invited"], r["responded"]) for r in live
    ]
    assert {r["template"]: r["chapter"] for r in kept} == {
        "behoeftepeiling_so": "professionalisation",
        "behoeftepeiling_wpb": "professionalisation",
        "startersvragenlijst": "induction",
        "evaluatie_intervisie": "intervision",
        "evaluatief_gesprek_locatie": "policy",
    }
    # Counts per answer add up to those who answered a single-choice question.
    needs = kept[0]
    first = needs["questions"][0]
    assert sum(bar["count"] for bar in first["bars"]) == first["answered"] <= needs["responded"]


def test_each_chapter_shows_its_surveys_and_the_pdf_prints_no_free_text(seed):
    context = document_context(seed)
    by_key = {item["chapter"].key: item for item in context["chapters"]}
    # The professionalisation chapter's text references figure 14: its part is shown there
    # (the needs surveys only), and not repeated below the text.
    professionalisation = by_key["professionalisation"]
    assert 14 in professionalisation["chapter"].figures
    text = "".join(str(html) for _label, html in professionalisation["chapter"].sections)
    assert "Behoeftepeiling professionalisering SO 2021" in text
    assert "Evaluatie intervisie" not in text
    assert "reports/sections/fig14.html" not in professionalisation["sections"]
    for key in ("intervision", "induction", "policy"):
        assert "reports/sections/fig14.html" in by_key[key]["sections"], key
    printed = html.unescape(render_html(seed))
    assert printed.count("Figuur 14: resultaten vragenlijsten") == 4
    assert 'id="fig14-intervision"' in printed and 'id="fig14-induction"' in printed
    # Chapters without a survey show no empty figure.
    assert 'id="fig14-placements"' not in printed
    written = {text for texts in OPEN_ANSWERS.values() for text in texts}
    assert written & set(Answer.objects.exclude(text="").values_list("text", flat=True))
    assert not [text for text in written if text in printed]


def test_the_drafts_name_each_surveys_response(seed):
    sentences = [s.text for s in draft_for("professionalisation", seed)]
    needs = seed.figures["fig14"][0]
    assert (
        f"De behoeftepeiling onder schoolopleiders werd door {needs['responded']} van de "
        f"{needs['invited']} genodigden ingevuld" in " ".join(sentences)
    )
    assert any(s.startswith("De evaluatie van de intervisie") for s in
               [s.text for s in draft_for("intervision", seed)])  # fmt: skip


def test_the_workbook_and_the_report_page_show_figure_14(seed):
    sheet = load_workbook(BytesIO(report_workbook(seed)))["Fig 14 vragenlijsten"]
    rows = list(sheet.values)
    assert rows[0][:5] == ("Vragenlijst", "Hoofdstuk", "Genodigden", "Ingevuld", "Respons (%)")
    assert {row[0] for row in rows[1:]} == {r["title"] for r in seed.figures["fig14"]}
    client = Client()
    client.force_login(User.objects.get(email="projectleider@demo.bos.example"))
    page = client.get(reverse("reports:report"), {"jaar": SEED}).content.decode()
    assert 'id="fig14"' in page and 'href="#fig14"' in page


def test_the_public_chapter_shows_the_counts_of_a_named_survey(seed):
    named = Survey.objects.get(school_year__name=SEED, template="evaluatief_gesprek_locatie")
    assert not named.anonymous
    page = html.unescape(
        Client().get(reverse("reports:public_chapter", args=[SEED, "beleid"])).content.decode()
    )
    assert named.title in page and 'id="fig14-policy"' in page
    # No respondent's name: test_publication checks every person on every public page.
    assert not [name for name in named.invitations.values_list("name", flat=True) if name in page]


def test_the_surveys_results_cost_a_fixed_number_of_queries(demo):
    counts = []
    for year in (SchoolYear.objects.get(name=SEED), running_year()):
        with CaptureQueriesContext(connection) as queries:
            found = year_results(year)
        counts.append((len(found), len(queries)))
    assert counts[0][0] > counts[1][0]
    assert counts[0][1] == counts[1][1], counts
