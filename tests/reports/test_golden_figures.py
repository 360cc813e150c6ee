"""Golden tests: from the demo data, `report_figures` reproduces the 2020-2021 report."""

import csv
import json
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

DATA = Path(__file__).resolve().parents[2] / "bos" / "demo" / "data"
FIRST_YEAR_ALIASES = {
    "Mencia de Mendoza & Mencia Sandrode": ["Mencia de Mendoza", "Mencia Sandrode"]
}

pytestmark = pytest.mark.django_db


def rows(name):
    with (DATA / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def n(value):
    return None if value == "" else int(value)


@pytest.fixture(scope="module")
def figures(demo_db, django_db_blocker):
    with django_db_blocker.unblock():
        out = StringIO()
        call_command("report_figures", "--year", "2020-2021", stdout=out)
    return json.loads(out.getvalue())


def by_school(table):
    return {row["school"]: row for row in table["rows"]}


def test_school_names_are_the_demo_schools(figures):
    names = [row["school"] for row in rows("schools_2020_2021.csv")]
    for key in ("fig1", "fig7", "fig11", "fig12"):
        assert sorted(by_school(figures[key])) == sorted(names), key


def test_figure_1_first_years(figures):
    table = by_school(figures["fig1"])
    for row in rows("first_years_2020_2021.csv"):
        schools = FIRST_YEAR_ALIASES.get(row["school"], [row["school"]])
        for column, key in (("FLOT_PHP", "FLOT"), ("HR_N1", "HR"), ("ESoE_P1", "ESoE")):
            assert sum(table[s][key] for s in schools) == int(row[column]), (row["school"], key)
    assert figures["fig1"]["total"] | {"school": None} == {
        "school": None,
        "FLOT": 52,
        "HR": 10,
        "ESoE": 10,
        "total": 72,
    }


def test_figure_7_students_per_institute(figures):
    table = by_school(figures["fig7"])
    for row in rows("students_per_institute_2020_2021.csv"):
        got = table[row["school"]]
        for key in ("FLOT", "ESoE", "HR", "other"):
            assert got[key] == n(row[key]), (row["school"], key)
    total = figures["fig7"]["total"]
    assert (total["FLOT"], total["ESoE"], total["HR"], total["other"]) == (167, 14, 21, 44)
    assert total["total"] == 246
    assert figures["fig7"]["switched"] == 3
    assert figures["fig7"]["funding_count"] == 199


def test_figure_11_levels_partner_students_only(figures):
    table = by_school(figures["fig11"])
    columns = ["VT1", "VT2", "VT3", "VT4", "minor_P1", "minor_P2", "DT", "master", "kop"]
    for row in rows("stage_levels_2020_2021.csv"):
        for key in columns:
            assert table[row["school"]][key] == int(row[key]), (row["school"], key)
    assert table["Newmancollege"]["VT1"] == 15
    assert figures["fig11"]["total"]["total"] == 202


def test_figure_12_targets_with_the_total_quirk(figures):
    table = by_school(figures["fig12"])
    for row in rows("schools_2020_2021.csv"):
        got = table[row["school"]]
        assert got["pupils"] == int(row["pupils_on_2020_10_01"])
        assert got["streefaantal"] == int(row["streefaantal_reported"]), row["school"]
        assert got["students"] == n(row["students_total"]), row["school"]
        assert got["partner"] == n(row["students_partner"]), row["school"]
        assert got["other"] == n(row["students_other"]), row["school"]
    total = figures["fig12"]["total"]
    assert total["pupils"] == 13035
    assert total["streefaantal"] == 261
    assert sum(r["streefaantal"] for r in figures["fig12"]["rows"]) == 262
    assert (total["students"], total["partner"], total["other"]) == (246, 202, 44)


def test_bonus_per_school(figures):
    bonus = {row["school"]: row for row in figures["bonus"]["rows"]}
    expected = {
        "Koning Willem II College": 7,
        "Newmancollege": 11,
        "Mencia de Mendoza": 3,
        "Orion Lyceum": 4,
        "Tessenderlandt": 2,
    }
    assert {school: row["extra_students"] for school, row in bonus.items()} == expected
    assert bonus["Newmancollege"]["bonus_eur"] == "6160.00"
    assert figures["bonus"]["total_eur"] == "15120.00"


def test_figure_5_budget_to_the_cent(figures):
    fig5 = figures["fig5"]
    expected = rows("budget_2020_2021.csv")
    assert [(r["section"], r["line"]) for r in fig5["lines"]] == [
        (r["section"], r["line"]) for r in expected
    ]
    for got, row in zip(fig5["lines"], expected, strict=True):
        for key in ("budget_eur", "actual_eur"):
            want = Decimal(row[key]) if row[key] else None
            have = Decimal(got[key]) if got[key] is not None else None
            assert have == want, (row["line"], key)
    assert fig5["expenses"] == {"budget_eur": "269243.00", "actual_eur": "201892.05"}
    assert fig5["income_eur"] == "250000.00"
    assert fig5["result_eur"] == "48107.95"
    assert fig5["carried_in_eur"] == "160754.45"
    assert fig5["reserve_eur"] == "208862.40"


def test_unregistered_first_years_only_as_indicator(figures):
    assert "8 van 60 FLOT eerstejaars niet geregistreerd (13%)." in figures["warnings"]
    assert any("International School Breda" in w for w in figures["warnings"])


def test_figure_3_afternoons(figures):
    afternoons = figures["fig3"]
    expected = rows("verdiepingsmiddagen_2020_2021.csv")
    assert [a["date"] for a in afternoons] == [r["date"] for r in expected]
    assert afternoons[0]["themes"][0] == "Kennismaking met de BOS"


def test_unknown_year_is_a_dutch_message_and_exit_2(demo):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError) as info:
        call_command("report_figures", "--year", "1999-2000")
    assert "bestaat niet" in str(info.value)
    assert info.value.returncode == 2


def test_year_without_policy_is_a_dutch_message_and_exit_2(demo):
    from django.core.management.base import CommandError

    from bos.models import SchoolYear

    SchoolYear.objects.create(name="2030-2031", start_date="2030-08-01", end_date="2031-07-31")
    with pytest.raises(CommandError) as info:
        call_command("report_figures", "--year", "2030-2031")
    assert "geen beleid" in str(info.value)
    assert info.value.returncode == 2


def test_figure_6_staff_deployment_has_the_seed_s_columns_and_counts(figures):
    # The seed's figure 6 (l. 1223-1300), counted per partner; the projectleider first.
    fig6 = figures["fig6"]
    assert fig6["bodies"] == [
        "Projectleiding",
        "Stuurgroep",
        "Kernteam",
        "Ontwikkelteams",
        "Ondersteuning",
    ]
    seed = {
        "Sovot": (1, 3, 2, 2),
        "SKVOB": (1, 3, 2, 0),
        "FLOT": (1, 1, 3, 0),
        "ESoE": (0, 1, 0, 0),
        "HR": (1, 1, 1, 0),
    }
    rows = {row["partner"]: row for row in fig6["rows"]}
    for partner, counts in seed.items():
        got = tuple(rows[partner][body] for body in fig6["bodies"][1:])
        assert got == counts, partner
    assert fig6["total"] == {
        "Projectleiding": 1,
        "Stuurgroep": 4,
        "Kernteam": 9,
        "Ontwikkelteams": 8,
        "Ondersteuning": 2,
    }
