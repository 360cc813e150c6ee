"""The year's decisions in the report's policy chapter (figure 13, referenced like every
other figure) and in the demo: the seed's decisions with their dates and the values they set."""

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from bos.models import SchoolYear, User
from facilitation.models import Policy
from governance.models import Decision
from reports.document import closed_report
from reports.drafts import decisions_sentence
from reports.figures import figure_13
from reports.renderers.pdf import document_context

pytestmark = pytest.mark.django_db
SEED = "2020-2021"


def test_figure_13_lists_each_decision_with_what_it_changes():
    rows = figure_13(
        [
            {
                "date": dt.date(2021, 4, 28),
                "date_display": "28 april 2021",
                "body": "Stuurgroep",
                "title": "Richtlijnen facilitering SO",
                "changes": [
                    {"label": "Beleid: uren per student", "old": "7", "new": "8"},
                    {"label": "Beleid: basisuren intervisie", "old": "", "new": "50"},
                ],
            }
        ]
    )
    assert rows[0]["changes"] == [
        "Beleid: uren per student: 7 → 8",
        "Beleid: basisuren intervisie: 50",
    ]


def test_the_policy_chapter_s_draft_counts_the_decisions_by_body():
    sentence = decisions_sentence(["Stuurgroep", "Rectoren en directeuren", "Stuurgroep"])
    assert sentence.text == (
        "Er zijn 3 besluiten vastgelegd: 2 van de stuurgroep en 1 van de rectoren en directeuren."
    )
    assert sentence.source == "figuur 13"
    assert (
        decisions_sentence(["Kernteam"]).text == "Er is 1 besluit vastgelegd: 1 van het kernteam."
    )


def test_the_demo_holds_the_seed_s_decisions_and_the_values_they_set(demo):
    year = SchoolYear.objects.get(name=SEED)
    decisions = {d.title: d for d in Decision.objects.filter(school_year=year)}
    assert {title: (d.date_display, d.body) for title, d in decisions.items()} == {
        "Begroting 2020-2021 en uitgangspunten verdeling middelen": (
            "datum onbekend",
            "stuurgroep",
        ),
        "Online rechten voor studenten": ("december 2020", "directies"),
        "Stagevergoeding afrondende stage vanaf 2021-2022": ("april 2021", "directies"),
        "Richtlijnen facilitering schoolopleiders 2021-2022": ("28 april 2021", "stuurgroep"),
    }
    policy = Policy.objects.get(school_year=year)
    guideline = decisions["Richtlijnen facilitering schoolopleiders 2021-2022"]
    values = {c.field_name: c.new_value for c in guideline.changes.all()}
    assert len(values) == 13
    for name, value in values.items():
        assert Decimal(value) == getattr(policy, name), name
    assert values["hours_per_student"] == "8"
    budget = decisions["Begroting 2020-2021 en uitgangspunten verdeling middelen"]
    assert {c.label: c.new_value for c in budget.changes.all()}.items() >= {
        "Beleid 2020-2021: uurtarief (€)": "70",
        "Beleid 2020-2021: vast subsidiebedrag (€)": "250000",
        "Begroting 2020-2021": "vastgesteld: lasten € 269.243,00, baten € 250.000,00",
    }.items()
    rights = decisions["Online rechten voor studenten"]
    assert [d.title for d in rights.attachments.all()] == ["Besluit online rechten voor studenten"]
    table = rights.changes.get(field_name="online_rights_table").new_value
    assert "master: groep 2: docentrechten eigen klassen" in table
    stipend = decisions["Stagevergoeding afrondende stage vanaf 2021-2022"]
    assert "≥ 3 dag(en): € 375,00" in stipend.changes.get(field_name="stipend_day_rates").new_value


def test_the_closed_year_s_policy_chapter_lists_its_decisions_as_figure_13(demo):
    year = SchoolYear.objects.get(name=SEED)
    report = closed_report(year)
    assert [row["title"] for row in report.figures["fig13"]] == [
        "Begroting 2020-2021 en uitgangspunten verdeling middelen",
        "Online rechten voor studenten",
        "Stagevergoeding afrondende stage vanaf 2021-2022",
        "Richtlijnen facilitering schoolopleiders 2021-2022",
    ]
    (policy,) = [c for c in document_context(report)["chapters"] if c["chapter"].key == "policy"]
    # The chapter's text references the figure, so it is shown there and not repeated.
    assert 13 in policy["chapter"].figures
    html = "".join(str(text) for _label, text in policy["chapter"].sections)
    assert "Figuur 13: besluiten van het schooljaar" in html
    assert html.index("december 2020") < html.index("28 april 2021")
    assert "Beleid 2020-2021: uren per student: 8" in html
    assert "reports/sections/fig13.html" not in policy["sections"]


def test_the_report_page_and_the_year_s_history_show_the_decisions(demo):
    client = Client()
    client.force_login(User.objects.get(email="projectleider@demo.bos.example"))
    page = client.get(reverse("reports:report"), {"jaar": SEED}).content.decode()
    assert 'id="fig13"' in page and "Online rechten voor studenten" in page
    history = client.get(reverse("years:history", args=[SEED])).content.decode()
    assert "Richtlijnen facilitering schoolopleiders 2021-2022" in history
    assert "december 2020" in history
