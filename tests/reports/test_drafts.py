"""The draft of a chapter from the year's figures (reports/drafts.py): each sentence with its
worked example, properties of the comparisons, and the draft on the chapter page and in the
edit form. Every number of the demo's drafts against its source: test_draft_sources.py."""

import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from bos.models import SchoolYear, User
from reports import drafts
from reports.document import whole_report
from reports.models import ChapterText
from tests.demo_years import RUNNING_YEAR

DOMAIN = "demo.bos.example"

# --- Worked examples -------------------------------------------------------------------


def test_students_with_the_change_from_last_year():
    sentence = drafts.students_sentence(students=246, schools=16, previous=234)
    assert sentence.text == "246 studenten liepen stage op 16 scholen, 12 meer dan vorig jaar."
    assert sentence.source == "figuur 7"


def test_one_student_at_one_school_and_no_previous_year():
    sentence = drafts.students_sentence(students=1, schools=1, previous=None)
    assert sentence.text == "1 student liep stage op 1 school."


@pytest.mark.parametrize(
    ("now", "before", "what", "phrase"),
    [
        (246, 234, "", ", 12 meer dan vorig jaar"),
        (230, 246, "", ", 16 minder dan vorig jaar"),
        (246, 246, "", ", evenveel als vorig jaar"),
        (246, None, "", ""),
        (1250, 0, "", ", 1.250 meer dan vorig jaar"),
        (Decimal("87.5"), Decimal("85"), "procentpunt", ", 2,5 procentpunt meer dan vorig jaar"),
    ],
)
def test_change_from_last_year(now, before, what, phrase):
    assert drafts.change_phrase(now, before, what) == phrase


def test_the_first_years_per_institute():
    sentence = drafts.first_years_sentence(
        columns=["ESoE", "FLOT", "HR"],
        total={"ESoE": 10, "FLOT": 52, "HR": 10, "total": 72},
        previous=None,
    )
    assert sentence.text == (
        "72 eerstejaars van de partnerinstituten liepen stage (10 ESoE, 52 FLOT en 10 HR)."
    )
    assert sentence.source == "figuur 1"
    one = drafts.first_years_sentence(
        columns=["ESoE", "FLOT"], total={"ESoE": 0, "FLOT": 52, "total": 52}, previous=72
    )
    assert one.text == (
        "52 eerstejaars van de partnerinstituten liepen stage (allen van FLOT), 20 minder dan "
        "vorig jaar."
    )
    none = drafts.first_years_sentence(columns=["FLOT"], total={"FLOT": 0, "total": 0}, previous=3)
    assert none.text == (
        "Er liepen geen eerstejaars van de partnerinstituten stage, 3 minder dan vorig jaar."
    )


def test_partner_students_and_the_others():
    sentence = drafts.partner_sentence(partner=202, other=44)
    assert sentence.text == (
        "202 van hen kwamen van een partnerinstituut en 44 van een ander instituut."
    )
    assert sentence.source == "figuur 12"


def _rows(*rows):
    return [
        {"school": school, "students": students, "streefaantal": target}
        for school, students, target in rows
    ]


def test_schools_at_above_and_below_their_streefaantal():
    rows = _rows(("Zuid", 10, 12), ("Noord", 20, 15), ("Oost", 8, 8), ("West", 3, 9))
    # Unknown students or no streefaantal: not counted.
    rows += _rows(("Breda", None, 4), ("Nieuw", 3, 0))
    first, second = drafts.streefaantal_sentences(rows)
    assert first.text == (
        "Van de 4 scholen met een streefaantal zaten er 1 op, 1 boven en 2 onder hun streefaantal."
    )
    assert second.text == "Onder hun streefaantal: West en Zuid."
    assert drafts.streefaantal_sentences(_rows(("Oost", 8, 8)))[0].text == (
        "Van de 1 school met een streefaantal zat 1 op, 0 boven en 0 onder hun streefaantal."
    )
    assert drafts.streefaantal_sentences([]) == []


def plain(sentence: drafts.Sentence) -> str:
    """The text with its amounts' non-breaking spaces ("€ 1.234,56" on one line) plain."""
    return sentence.text.replace("\N{NO-BREAK SPACE}", " ")


def test_bonus_for_students_above_the_streefaantal():
    sentence = drafts.bonus_sentence(schools=4, extra_students=23, total_eur=Decimal("11500"))
    assert "€\N{NO-BREAK SPACE}11.500,00" in sentence.text
    assert plain(sentence) == (
        "4 scholen hadden samen 23 studenten boven het streefaantal; dat gaf € 11.500,00 bonus."
    )
    assert drafts.bonus_sentence(schools=0, extra_students=0, total_eur=Decimal(0)) is None


@pytest.mark.parametrize(
    ("met", "verdict"), [(True, "gehaald"), (False, "niet gehaald"), (None, "niet te beoordelen")]
)
def test_an_indicator_against_its_target(met, verdict):
    sentence = drafts.indicator_sentence(
        label="Studenten van partnerinstituten", value="202", target="≥ 200", met=met
    )
    assert sentence.text == f"Studenten van partnerinstituten: 202, doel ≥ 200: {verdict}."
    assert sentence.source == "indicatoren"


def test_the_indicators_reached_of_those_that_can_be_judged():
    assert drafts.indicators_summary([True, False, None, True]).text == (
        "2 van de 3 indicatoren zijn gehaald."
    )
    assert drafts.indicators_summary([True]).text == "1 van de 1 indicator is gehaald."
    assert drafts.indicators_summary([None]) is None


def test_money_income_spending_and_the_reserve():
    income, spent, result = drafts.finance_sentences(
        income_label="subsidie",
        income=Decimal("250000.00"),
        budget_expenses=Decimal("240000.00"),
        actual_expenses=Decimal("231137.60"),
        result=Decimal("18862.40"),
        carried_in=Decimal("190000.00"),
        reserve=Decimal("208862.40"),
    )
    assert plain(income) == "De inkomsten uit ‘subsidie’ waren € 250.000,00."
    assert plain(spent) == (
        "Uitgegeven is € 231.137,60, € 8.862,40 minder dan de € 240.000,00 die begroot was."
    )
    assert plain(result) == (
        "Met een overschot van € 18.862,40 gaat de reserve van € 190.000,00 naar € 208.862,40."
    )
    _, spent, result = drafts.finance_sentences(
        income_label="subsidie",
        income=Decimal(100),
        budget_expenses=Decimal(100),
        actual_expenses=Decimal(100),
        result=Decimal(-5),
        carried_in=Decimal(10),
        reserve=Decimal(5),
    )
    assert plain(spent) == "Uitgegeven is € 100,00, precies wat begroot was."
    assert plain(result) == "Met een tekort van € 5,00 gaat de reserve van € 10,00 naar € 5,00."


def test_spending_against_the_budget_per_section():
    from types import SimpleNamespace as Line

    sentence = drafts.budget_sections_sentence(
        [
            Line(section="Kernteam", budget_eur=Decimal(11613), actual_eur=Decimal(11613)),
            Line(section="Kernteam", budget_eur=Decimal(28000), actual_eur=None),
            Line(section="Ontwikkelteams", budget_eur=Decimal(70000), actual_eur=None),
            Line(section="Ontwikkelteams", budget_eur=None, actual_eur=Decimal("4480.50")),
            Line(section="Leeg", budget_eur=None, actual_eur=None),
            Line(section="Onvoorzien", budget_eur=None, actual_eur=Decimal(15120)),
        ]
    )
    assert plain(sentence) == (
        "Per onderdeel is uitgegeven: Kernteam € 11.613,00 van € 39.613,00 begroot, "
        "Ontwikkelteams € 4.480,50 van € 70.000,00 begroot en Onvoorzien € 15.120,00 zonder "
        "begroting."
    )
    assert sentence.source == "figuur 5"
    assert drafts.budget_sections_sentence([]) is None


def test_a_percentage_with_its_change_and_none_without_a_value():
    sentence = drafts.percentage_sentence(
        what="De aanwezigheid", percent=Decimal("87.5"), previous=None, source="intervisietabel"
    )
    assert sentence.text == "De aanwezigheid was 87,5%."
    assert drafts.percentage_sentence(what="X", percent=None, previous=None, source="y") is None


def test_the_teams_and_their_members():
    assert drafts.teams_sentence(teams=4, members=23, kartrekkers=4).text == (
        "4 ontwikkelteams telden samen 23 leden, van wie 4 kartrekker."
    )
    assert drafts.teams_sentence(teams=1, members=1, kartrekkers=0).text == (
        "1 ontwikkelteam telde 1 lid."
    )
    assert drafts.teams_sentence(teams=0, members=0, kartrekkers=0) is None


def test_the_hours_per_body():
    sentence = drafts.deployment_sentence(
        bodies=["Projectleiding", "Kernteam", "Leeg"],
        hours={"Projectleiding": Decimal(600), "Kernteam": Decimal("412.5")},
    )
    assert sentence.text == "De inzet was 600 uur voor Projectleiding en 412,5 uur voor Kernteam."
    assert sentence.source == "figuur 6"
    assert drafts.deployment_sentence(bodies=["Kernteam"], hours={"Kernteam": 0}) is None


def test_the_afternoons_of_the_year():
    def sessions(*numbers):
        return [{"number": number} for number in numbers]

    assert drafts.afternoons_sentence(sessions(1, 2, 3, 4)).text == (
        "Er waren 4 verdiepingsmiddagen."
    )
    # An afternoon held for each cohort apart is one afternoon, in several sessions.
    assert drafts.afternoons_sentence(sessions(1, 1, 2, 2)).text == (
        "Er waren 2 verdiepingsmiddagen, samen 4 keer gehouden voor verschillende groepen "
        "studenten."
    )
    assert drafts.afternoons_sentence(sessions(1, 1)).text == (
        "Er was 1 verdiepingsmiddag, 2 keer gehouden voor verschillende groepen studenten."
    )
    assert drafts.afternoons_sentence(sessions(1)).text == "Er was 1 verdiepingsmiddag."
    assert drafts.afternoons_sentence([]) is None


def test_professionalisation_participants_hours_and_meetings():
    people, meetings = drafts.professionalisation_sentences(
        rows=[
            {"label": label, "participants": count}
            for label, count in [("IO", 5), ("SO", 12), ("WPB", 45), ("leeg", 0)]
        ],
        participants=62,
        hours=Decimal("320.5"),
        basic=10,
        deepening=1,
    )
    assert people.text == (
        "Aan de professionalisering namen 62 mensen deel (5 IO, 12 SO en 45 WPB), samen 320,5 uur."
    )
    assert meetings.text == "Er waren 10 basisbijeenkomsten en 1 verdiepende bijeenkomst."
    assert (
        drafts.professionalisation_sentences(
            rows=[], participants=0, hours=Decimal(0), basic=0, deepening=0
        )
        == []
    )


def test_the_foreword_names_the_year_and_the_partnership():
    sentence = drafts.foreword_sentence(
        partnership="Brabantse Opleidingsschool", year="2020-2021", students=246, schools=16
    )
    assert sentence.text == (
        "In 2020-2021 liepen 246 studenten stage op de 16 scholen van onze opleidingsschool "
        "(Brabantse Opleidingsschool)."
    )
    assert drafts.foreword_sentence(
        partnership="", year="2030-2031", students=1, schools=1
    ).text == ("In 2030-2031 liep 1 student stage op de school van onze opleidingsschool.")


def test_the_streefaantal_of_the_whole_partnership():
    sentence = drafts.streefaantal_total_sentence(
        pupils=13035, streefaantal=261, students=246, previous_pupils=None
    )
    assert sentence.text == (
        "Bij 13.035 leerlingen op 1 oktober was het streefaantal 261 studenten; er liepen er "
        "246 stage."
    )
    assert sentence.source == "figuur 12"
    changed = drafts.streefaantal_total_sentence(
        pupils=13100, streefaantal=262, students=250, previous_pupils=13035
    )
    assert changed.text.startswith(
        "Bij 13.100 leerlingen op 1 oktober (65 leerlingen meer dan vorig jaar) was het "
    )


def test_the_starters_and_building_blocks_of_induction():
    starters, former, blocks = drafts.induction_sentences(
        starters=5,
        schools=2,
        former_students=2,
        previous=2,
        schools_with_blocks=2,
        blocks_in_place=13,
        blocks_developing=7,
        blocks=12,
    )
    assert (
        starters.text
        == "Op 2 scholen zijn 5 startende leraren geregistreerd, 3 meer dan vorig jaar."
    )
    assert starters.source == "tabel inductie"
    assert former.text == "2 van hen zijn oud-studenten van de opleidingsschool."
    assert blocks.text == (
        "2 scholen legden de stand van de 12 bouwstenen van het inductiebeleid vast: samen 13 "
        "aanwezig en 7 in ontwikkeling."
    )
    one = drafts.induction_sentences(
        starters=1,
        schools=1,
        former_students=0,
        previous=None,
        schools_with_blocks=1,
        blocks_in_place=8,
        blocks_developing=3,
        blocks=12,
    )
    assert [sentence.text for sentence in one] == [
        "Op 1 school is 1 startende leraar geregistreerd.",
        "1 school legde de stand van de 12 bouwstenen van het inductiebeleid vast: 8 aanwezig "
        "en 3 in ontwikkeling.",
    ]
    none = drafts.induction_sentences(
        starters=0,
        schools=0,
        former_students=0,
        previous=0,
        schools_with_blocks=0,
        blocks_in_place=0,
        blocks_developing=0,
        blocks=12,
    )
    assert [sentence.text for sentence in none] == [
        "Er zijn geen startende leraren geregistreerd, evenveel als vorig jaar.",
        "Nog geen school legde de stand van de 12 bouwstenen van het inductiebeleid vast.",
    ]


def test_the_draft_is_one_paragraph_of_its_sentences():
    sentences = [drafts.Sentence("Een.", "a"), drafts.Sentence("Twee.", "b")]
    assert drafts.markdown(sentences) == "Een. Twee."


# --- Properties ------------------------------------------------------------------------

NUMBER = re.compile(r"\d[\d.]*(?:,\d+)?")


def _value(text: str) -> Decimal:
    return Decimal(text.replace(".", "").replace(",", "."))


@given(st.integers(0, 100_000), st.integers(0, 100_000))
def test_the_change_says_the_difference_and_its_direction(now, before):
    phrase = drafts.change_phrase(now, before)
    if now == before:
        assert phrase == ", evenveel als vorig jaar"
        return
    assert ("meer" in phrase) == (now > before)
    assert ("minder" in phrase) == (now < before)
    assert [_value(n) for n in NUMBER.findall(phrase)] == [abs(now - before)]


@given(
    st.lists(
        st.tuples(
            st.text("abcdefgh", min_size=1, max_size=6), st.integers(0, 60), st.integers(1, 60)
        ),
        max_size=30,
    )
)
def test_every_school_is_at_above_or_below_its_streefaantal(rows):
    rows = _rows(*rows)
    sentences = drafts.streefaantal_sentences(rows)
    if not rows:
        assert sentences == []
        return
    numbers = [_value(n) for n in NUMBER.findall(sentences[0].text)]
    total, at, above, below = numbers
    assert total == len(rows) == at + above + below
    assert below == sum(1 for row in rows if row["students"] < row["streefaantal"])
    assert (len(sentences) == 2) == (below > 0)


# --- The demo's drafts (every number against its source: test_draft_sources.py) ----------


def test_no_report_no_draft():
    assert drafts.draft_for("placements", None) == []


@pytest.mark.django_db
def test_the_induction_draft_of_the_demo_years(demo):
    """The seed year registered 5 starters at 2 schools, with the Beatrix College starters'
    programme; the running year 4, which its draft compares with the 5 kept in the seed
    year's snapshot."""
    seed = drafts.draft_for("induction", whole_report(SchoolYear.objects.get(name="2020-2021")))
    assert [sentence.text for sentence in seed] == [
        "Op 2 scholen zijn 5 startende leraren geregistreerd.",
        "2 van hen zijn oud-studenten van de opleidingsschool.",
        "2 scholen legden de stand van de 12 bouwstenen van het inductiebeleid vast: samen "
        "13 aanwezig en 7 in ontwikkeling.",
        "Voor 3 starters is een ontwikkelplan vastgelegd en 10 werkdrukmaatregelen zijn "
        "genomen; bij de introductiebijeenkomst waren 2 van de 3 uitgenodigde starters.",
        # The starters' questionnaire (figure 14).
        "De vragenlijst voor startende leraren werd door 4 van de 9 genodigden ingevuld (44,4%).",
    ]
    running = drafts.draft_for("induction", whole_report(SchoolYear.objects.get(name=RUNNING_YEAR)))
    assert running[0].text == (
        "Op 2 scholen zijn 4 startende leraren geregistreerd, 1 minder dan vorig jaar."
    )


# --- On the chapter page ---------------------------------------------------------------


def _projectleider() -> Client:
    client = Client()
    client.force_login(User.objects.get(email=f"projectleider@{DOMAIN}"))
    return client


@pytest.mark.django_db
def test_the_chapter_page_shows_the_draft_with_its_sources(demo):
    client = _projectleider()
    year = SchoolYear.objects.get(name=RUNNING_YEAR)
    ChapterText.objects.filter(school_year=year, chapter="placements").delete()
    response = client.get(reverse("reports:chapter", args=[RUNNING_YEAR, "placements"]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Concept uit de cijfers" in page
    expected = drafts.draft_for("placements", whole_report(year))
    assert expected
    for sentence in expected:
        assert sentence.text in page.replace("&amp;", "&")
    assert "(bron: figuur 7)" in page


@pytest.mark.django_db
def test_an_unwritten_chapter_starts_from_its_draft_and_a_written_one_keeps_its_text(demo):
    client = _projectleider()
    year = SchoolYear.objects.get(name=RUNNING_YEAR)
    ChapterText.objects.filter(school_year=year, chapter__in=["placements", "finance"]).delete()
    url = reverse("reports:chapter_edit", args=[RUNNING_YEAR, "placements"])
    form = client.get(url).context["form"]
    assert form.initial["introduction"] == drafts.markdown(
        drafts.draft_for("placements", whole_report(year))
    )
    # Saved as it is, the draft is the author's text; the page still offers the draft beside.
    response = client.post(url, {"introduction": "Eigen woorden over de stages."})
    assert response.status_code == 302
    assert client.get(url).context["form"].initial["introduction"] == (
        "Eigen woorden over de stages."
    )


# --- In the PDF ------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_pdf_prints_the_draft_of_an_unwritten_chapter_and_a_written_text_as_it_is(
    demo, tmp_path
):
    from reports.renderers.pdf import render_pdf
    from tests.reports.test_pdf import pdf_text

    year = SchoolYear.objects.get(name=RUNNING_YEAR)
    ChapterText.objects.filter(school_year=year).delete()
    ChapterText.objects.create(
        school_year=year, chapter="finance", introduction="Een eigen tekst over het geld."
    )
    flat = " ".join(pdf_text(render_pdf(year), tmp_path).split())
    students = drafts.draft_for("placements", whole_report(year))[0].text
    assert students in flat
    assert "Concept uit de cijfers; nog niet door een auteur geschreven." in flat
    # The written chapter prints its text, not the draft of its figures.
    assert "Een eigen tekst over het geld." in flat
    assert "Uitgegeven is €" not in flat


@pytest.mark.django_db
def test_a_changed_figure_is_marked_and_the_written_text_stays_as_it_was(demo):
    from reports.models import ChapterStatus, ReportTargets

    client = _projectleider()
    year = SchoolYear.objects.get(name=RUNNING_YEAR)
    ChapterText.objects.filter(school_year=year, chapter="placements").delete()
    edit = reverse("reports:chapter_edit", args=[RUNNING_YEAR, "placements"])
    page = reverse("reports:chapter", args=[RUNNING_YEAR, "placements"])
    client.post(edit, {"introduction": "Onze eigen woorden."})
    text = ChapterText.objects.get(school_year=year, chapter="placements")
    assert text.draft_at_save == [
        sentence.text for sentence in drafts.draft_for("placements", whole_report(year))
    ]
    assert "Gewijzigd:" not in client.get(page).content.decode()
    text.status = ChapterStatus.APPROVED
    text.save()

    # The target moves: the indicator's sentence says something else now.
    targets = ReportTargets.objects.get(school_year=year)
    ReportTargets.objects.filter(pk=targets.pk).update(
        min_partner_students=targets.min_partner_students + 7
    )
    response = client.get(page)
    html = response.content.decode()
    assert html.count("Gewijzigd:") == 1
    assert "1 zin is veranderd" in html
    changed = next(iter(response.context["changed"]))
    assert changed.startswith("Studenten van partnerinstituten:")
    assert f"≥ {targets.min_partner_students + 7}" in changed
    # The approved text did not change by itself.
    text.refresh_from_db()
    assert (text.introduction, text.status) == ("Onze eigen woorden.", ChapterStatus.APPROVED)
