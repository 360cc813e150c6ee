"""The professionalisation plan's themes in the report (figure 4, issue #26): the year's
themes in plan order with their kind and audience, in the professionalisation chapter of the
PDF, the web report, the workbook and the report page, kept in the closed year's snapshot,
with a draft sentence that names its sources."""

from __future__ import annotations

import html
from io import BytesIO

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from bos.models import SchoolYear, User
from professionalization.plan import PLAN_THEMES
from reports.document import closed_report
from reports.drafts import draft_for, plan_themes_sentence
from reports.figures import figure_4
from reports.renderers.excel import report_workbook
from reports.renderers.pdf import document_context, render_html

SEED = "2020-2021"


def theme(number: int, level: str) -> dict:
    return {
        "number": number,
        "title": f"Thema {number}",
        "level": level,
        "level_label": level,
        "audience": "WPB",
        "requires_experience": False,
    }


def test_figure_4_keeps_plan_order_and_counts_each_kind():
    fig = figure_4([theme(1, "basic"), theme(2, "basic"), theme(3, "deepening")])
    assert [row["number"] for row in fig["themes"]] == [1, 2, 3]
    assert (fig["basic"], fig["deepening"]) == (2, 1)
    assert figure_4([]) == {"themes": [], "basic": 0, "deepening": 0, "evaluation": ""}


@pytest.mark.parametrize(
    ("levels", "text"),
    [
        (["basic"] * 6 + ["deepening"] * 5,
         "Het professionaliseringsplan noemt 11 thema's: 6 basisthema's en 5 verdiepende "
         "thema's."),
        (["basic", "deepening"],
         "Het professionaliseringsplan noemt 2 thema's: 1 basisthema en 1 verdiepend thema."),
        ([], "Voor dit jaar zijn geen thema's van het professionaliseringsplan vastgelegd."),
    ],
)  # fmt: skip
def test_the_plan_themes_sentence_gives_its_worked_example(levels, text):
    sentence = plan_themes_sentence([theme(i + 1, level) for i, level in enumerate(levels)])
    assert sentence.text == text
    assert sentence.source == "figuur 4"
    sourced = sentence.sourced(themes="figures.fig4.themes")
    if levels:
        assert [value.ref for value in sourced.values] == [
            "#figures.fig4.themes",
            "#figures.fig4.themes[level='basic']",
            "#figures.fig4.themes[level='deepening']",
        ]


@pytest.fixture
def seed(demo):
    return closed_report(SchoolYear.objects.get(name=SEED))


def test_the_closed_years_snapshot_holds_the_seeds_figure_4(seed):
    kept = seed.figures["fig4"]
    assert [(r["number"], r["title"], r["level"]) for r in kept["themes"]] == [
        (number, title, level) for number, title, level, _audience, _exp in PLAN_THEMES
    ]
    assert (kept["basic"], kept["deepening"]) == (6, 5)
    assert draft_for("professionalisation", seed)[0].text == (
        "Het professionaliseringsplan noemt 11 thema's: 6 basisthema's en 5 verdiepende thema's."
    )


def test_figure_4_in_the_pdf_workbook_and_report_page(seed):
    context = document_context(seed)
    by_key = {item["chapter"].key: item for item in context["chapters"]}
    professionalisation = by_key["professionalisation"]
    # The demo's chapter text places figure 4 itself: it is not repeated below the text.
    assert 4 in professionalisation["chapter"].figures
    assert "reports/sections/fig4.html" not in professionalisation["sections"]
    printed = html.unescape(render_html(seed))
    assert printed.count("Beroepsregistratie Velon") == 1
    assert "6 basisthema's (vooral voor WPB" in printed
    sheet = load_workbook(BytesIO(report_workbook(seed)))["Fig 4 thema's"]
    rows = list(sheet.values)
    assert rows[0] == ("Nr.", "Thema", "Soort", "Doelgroep")
    assert rows[1][:3] == (1, "Wie ben ik als lerende?", "basisthema")
    assert len(rows) == 12
    client = Client()
    client.force_login(User.objects.get(email="projectleider@demo.bos.example"))
    page = client.get(reverse("reports:report"), {"jaar": SEED}).content.decode()
    assert 'id="fig4"' in page and 'href="#fig4"' in page
