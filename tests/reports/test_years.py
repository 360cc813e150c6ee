"""The years side by side (issue #27): each total and headline figure beside the previous
year's ("vorig jaar: 234 (+12)"), a closed previous year read from its snapshot and a first
year without one; the series over every year as charts with their text alternative; and a
report page whose queries do not grow with the number of years."""

import copy
import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bos.models import LocationYear, SchoolYear, User
from reports import charts, comparison
from reports.document import build_report
from reports.models import ReportSnapshot
from reports.templatetags.report_format import delta, prev
from tests.demo_years import running_year
from tests.page_cost import page_cost

DOMAIN = "demo.bos.example"

# --- Worked examples -------------------------------------------------------------------


def _plain(html: str) -> str:
    return re.sub(r"<[^>]+>", "", str(html))


def test_a_change_is_written_with_its_sign_and_unit():
    assert _plain(prev({"previous": 234, "change": 12, "unit": "count"})) == "234 (+12)"
    assert _plain(prev({"previous": 246, "change": -63, "unit": "count"})) == "246 (−63)"
    assert _plain(prev({"previous": 199, "change": 0, "unit": "count"})) == "199 (±0)"
    assert _plain(prev({"previous": 1250, "change": None, "unit": "count"})) == "1.250"
    money = prev({"previous": Decimal("208862.40"), "change": Decimal("252357.00"), "unit": "eur"})
    assert _plain(money) == "€ 208.862,40 (+€ 252.357,00)"
    # A line breaks between the value and its change only, never inside either.
    assert str(money) == (
        '<span class="amount">€ 208.862,40</span> <span class="amount">(+€ 252.357,00)</span>'
    )
    percent = prev({"previous": Decimal("85"), "change": Decimal("2.5"), "unit": "percent"})
    assert _plain(percent) == "85,0% (+2,5 %-punt)"
    # A value the previous year did not have.
    assert prev(None) == "–"
    assert delta(Decimal("-8400.00"), "eur") == "−€ 8.400,00"


def test_key_values_and_their_changes_against_the_previous_year():
    current = {
        "fig7": {
            "columns": ["FLOT", "FHK", "other"],
            "rows": [],
            "total": {"school": "Totaal", "FLOT": 150, "FHK": 4, "other": 40, "total": 194},
            "funding_count": 160,
            "switched": 2,
        },
        "bonus": {"rows": [], "extra_students": 3, "total_eur": Decimal("1680.00")},
    }
    before = {
        "fig7": {
            "columns": ["FLOT", "HR", "other"],
            "rows": [],
            "total": {"school": "Totaal", "FLOT": 167, "HR": 21, "other": 44, "total": 232},
            "funding_count": 199,
            "switched": 2,
        },
        "bonus": {"rows": [], "extra_students": 18, "total_eur": Decimal("10080.00")},
    }
    found = comparison.changes(comparison.key_values(current), comparison.key_values(before))
    assert found["fig7"]["total"] == {"previous": 232, "change": -38, "unit": "count"}
    assert found["fig7"]["funding_count"] == {"previous": 199, "change": -39, "unit": "count"}
    assert found["fig7"]["switched"]["change"] == 0
    # A partner that is new this year has no previous value; one that left is not shown.
    assert "FHK" not in found["fig7"] and "HR" not in found["fig7"]
    assert found["bonus"]["total_eur"] == {
        "previous": Decimal("10080.00"),
        "change": Decimal("-8400.00"),
        "unit": "eur",
    }
    # A table the previous year lacks (an SO's part, an old snapshot) has no changes.
    assert "fig5" not in found
    rows = {
        row["label"]: row
        for row in comparison.comparison_rows(
            comparison.key_values(current), comparison.key_values(before)
        )
    }
    assert rows["Bekostigingsaantal"]["change"] == -39
    assert "Reserve aan het eind van het jaar" not in rows


def test_the_indicator_a_key_value_measures():
    assert comparison.indicator_value("Studenten van partnerinstituten") == ("fig12", "partner")
    assert comparison.indicator_value("Aandeel VT2 (VT bachelor)") == ("fig10", "VT2")
    assert comparison.indicator_value("Niet geregistreerde eerstejaars FLOT") == (
        "unregistered",
        "FLOT",
    )
    assert comparison.indicator_value("Iets anders") is None


def test_a_year_without_values_is_a_gap_not_a_zero():
    years = [
        comparison.YearValues("2019-2020", None, comparison.NO_DATA),
        comparison.YearValues("2020-2021", {"fig7": {"total": 246}, "fig12": {"partner": 202}}),
        comparison.YearValues("2021-2022", None, comparison.NOT_CLOSED),
        comparison.YearValues("2022-2023", {"fig7": {"total": 0}, "fig12": {"partner": 0}}),
    ]
    charts_ = {chart["key"]: chart for chart in comparison.trend(years)}
    # Charts without a single value (money, attendance, ...) are left out.
    assert set(charts_) == {"students"}
    rows = charts_["students"]["rows"]
    assert [row["values"] for row in rows] == [None, [246, 202, None], None, [0, 0, None]]
    assert [row["note"] for row in rows] == ["geen gegevens", "", "nog niet afgesloten", ""]
    svg = str(charts.trend_chart(charts_["students"]))
    assert 'role="img"' in svg and "<title" in svg and "<desc" in svg
    desc = re.search(r"<desc[^>]*>(.*)</desc>", svg).group(1)
    assert "2019-2020: geen gegevens" in desc
    assert (
        "2020-2021: Studenten (stages) 246, Van partnerinstituten 202, Bekostigingsaantal –" in desc
    )
    # Bars for the two years with values (zero is a bar of no height, drawn), none for gaps.
    assert svg.count("<rect") == 3 + 2 + 2  # the legend's three, and two bars a year


# --- The demo: a closed previous year from its snapshot, a first year without one ---------


def _client(local: str = "projectleider") -> Client:
    client = Client()
    client.force_login(User.objects.get(email=f"{local}@{DOMAIN}"))
    return client


@pytest.mark.django_db
def test_the_running_year_reads_the_closed_previous_year_from_its_snapshot(demo):
    year = running_year()
    report = build_report(year)
    assert report.previous_year.name == "2020-2021"
    students = report.figures["fig7"]["total"]["total"]
    assert report.changes["fig7"]["total"] == {
        "previous": 246,
        "change": students - 246,
        "unit": "count",
    }
    assert report.changes["fig5"]["reserve"]["previous"] == Decimal("208862.40")
    assert report.changes["induction"]["starters"]["previous"] == 5
    assert report.changes["indicators"]["Studenten van partnerinstituten"]["previous"] == 202
    # The snapshot is what counts, not the live data of 2020-2021: change what it keeps.
    snapshot = ReportSnapshot.objects.get(school_year__name="2020-2021")
    data = copy.deepcopy(snapshot.data)
    data["key_values"]["fig7"]["total"] = 300
    ReportSnapshot.objects.filter(pk=snapshot.pk).update(data=data)
    assert build_report(year).changes["fig7"]["total"]["previous"] == 300


@pytest.mark.django_db
def test_a_snapshot_from_before_the_key_values_still_gives_its_totals(demo):
    snapshot = ReportSnapshot.objects.get(school_year__name="2020-2021")
    data = {key: value for key, value in snapshot.data.items() if key != "key_values"}
    ReportSnapshot.objects.filter(pk=snapshot.pk).update(data=data)
    changes = build_report(running_year()).changes
    assert changes["fig7"]["total"]["previous"] == 246
    assert changes["fig12"]["pupils"]["previous"] == 13035
    # The reserve it kept in its own column.
    assert changes["fig5"]["reserve"]["previous"] == Decimal("208862.40")
    assert "induction" not in changes


@pytest.mark.django_db
def test_an_open_previous_year_is_read_live_once(demo):
    """Reopened, 2020-2021 is compared from its live data: its placements, the other apps'
    tables and the budget the carried reserve is computed from."""
    snapshot = ReportSnapshot.objects.get(school_year__name="2020-2021")
    data = copy.deepcopy(snapshot.data)
    data["key_values"]["fig7"]["total"] = 300
    ReportSnapshot.objects.filter(pk=snapshot.pk).update(data=data)
    SchoolYear.objects.filter(name="2020-2021").update(closed_at=None)
    report = build_report(running_year())
    # Not what the snapshot of an earlier closing keeps: the live figures.
    assert report.changes["fig7"]["total"]["previous"] == 246
    assert report.changes["fig7"]["funding_count"]["previous"] == 199
    assert report.changes["induction"]["starters"]["previous"] == 5
    assert report.changes["fig5"]["reserve"]["previous"] == Decimal("208862.40")
    assert report.budget.carried_in == Decimal("208862.40")


@pytest.mark.django_db
def test_the_first_year_has_no_previous_year(demo):
    seed = SchoolYear.objects.get(name="2020-2021")
    report = build_report(seed)
    assert report.previous_year is None
    assert report.changes == {} and report.comparison == []
    # The only year: no series either.
    assert report.trend == []
    html = _client().get(reverse("reports:report"), {"jaar": "2020-2021"}).content.decode()
    assert "vorig jaar" not in html.lower()
    assert 'id="trend"' not in html


@pytest.mark.django_db
def test_the_page_shows_last_years_values_and_the_series_over_the_years(demo):
    year = running_year()
    response = _client().get(reverse("reports:report"), {"jaar": year.name})
    html = response.content.decode()
    report = response.context["report"]
    students = report.figures["fig7"]["total"]["total"]
    row = f'<span class="amount">246</span> <span class="amount">({delta(students - 246)})</span>'
    # Figure 7's total row has the previous year's total beside it.
    fig7 = html[html.index('id="fig7"') : html.index('id="fig8"')]
    assert "Vorig jaar (2020-2021)" in fig7 and row in fig7
    # The reserve in figure 5, and an indicator.
    assert 'vorig jaar: <span class="amount">€ 208.862,40</span>' in html
    indicators = html[html.index('id="indicatoren"') : html.index('id="vergelijking"')]
    assert "Vorig jaar (2020-2021)" in indicators
    assert '<span class="amount">202</span>' in indicators
    # The series over the years: each chart with its text alternative and its data table.
    trend = html[html.index('id="trend"') : html.index('id="fig1"')]
    for key in ("students", "levels", "money"):
        figure = trend[trend.index(f'id="trend-{key}"') :]
        figure = figure[: figure.index("</figure>")]
        assert "<figcaption>" in figure
        assert 'role="img"' in figure and "<title" in figure and "<desc" in figure
        assert "<caption>" in figure and '<th scope="col">Schooljaar</th>' in figure
        assert '<th scope="row">2020-2021</th>' in figure
        assert f'<th scope="row">{year.name}</th>' in figure
    assert "€ 461.219,40" in trend


def _add_years() -> None:
    """Two years before the seed: one closed with a kept report, one open with schools."""
    seed = ReportSnapshot.objects.get(school_year__name="2020-2021")
    older = []
    for start in (2018, 2019):
        begin, end = SchoolYear.bounds_for(start)
        older.append(
            SchoolYear.objects.create(
                name=SchoolYear.name_for(start), start_date=begin, end_date=end
            )
        )
    data = copy.deepcopy(seed.data)
    data["key_values"]["fig7"]["total"] = 180
    ReportSnapshot.objects.create(school_year=older[0], data=data, reserve=Decimal(1000))
    SchoolYear.objects.filter(pk=older[0].pk).update(closed_at=timezone.now())
    location = LocationYear.objects.filter(school_year__name="2020-2021").first().location
    LocationYear.objects.create(location=location, school_year=older[1], is_member=True)


@pytest.mark.django_db
def test_the_report_page_costs_the_same_queries_whatever_the_number_of_years(demo):
    client = _client()
    url = reverse("reports:report")
    name = running_year().name
    before = page_cost(client, url, {"jaar": name})
    _add_years()
    after = page_cost(client, url, {"jaar": name})
    assert after.queries == before.queries, "\n".join(after.sql)
    trend = after.html[after.html.index('id="trend-students"') :]
    trend = trend[: trend.index("</figure>")]
    # The closed year from its snapshot, the open year without a rebuild as a gap.
    assert '<th scope="row">2018-2019</th><td class="num">180</td>' in trend
    assert '<th scope="row">2019-2020</th><td colspan="3" class="gap">nog niet afgesloten' in trend


@pytest.mark.django_db
def test_a_closed_year_keeps_its_changes_and_series_in_its_snapshot(demo):
    """Closing the running year keeps what its page shows beside last year's."""
    from reports.document import report_from_data
    from reports.renderers.snapshot import report_to_data

    year = running_year()
    report = build_report(year)
    kept = report_from_data(report_to_data(report), year)
    assert kept.changes == report.changes
    assert kept.key_values == report.key_values
    assert kept.trend == report.trend
    assert kept.charts["trend_students"] == report.charts["trend_students"]


@pytest.mark.django_db
def test_induction_figures_of_the_seed_year(demo):
    report = build_report(SchoolYear.objects.get(name="2020-2021"))
    table = report.figures["induction"]
    # The demo registers 5 starters at Beatrix College (3) and Newmancollege (2), two of them
    # former students, and the two schools' building blocks.
    by_school = {row["school"]: row for row in table["rows"]}
    assert by_school["Beatrix College"]["starters"] == 3
    assert by_school["Newmancollege"]["starters"] == 2
    assert by_school["Beatrix College"]["blocks_in_place"] == 8
    assert table["total"]["starters"] == 5
    assert table["total"]["former_students"] == 2
    assert table["total"]["schools_with_blocks"] == 2
    assert table["blocks"] == 12
    assert sum(board["starters"] for board in table["boards"]) == 5
