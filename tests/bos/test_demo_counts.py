"""The demo year holds exactly the 2020-2021 numbers of the annual report (domain §3, §6)."""

import csv
from collections import Counter
from pathlib import Path

import pytest
from django.core.management import call_command

from bos.models import LocationYear, SchoolLocation
from placements.models import Placement, PlacementStatus, Student

DATA = Path(__file__).resolve().parents[2] / "bos" / "demo" / "data"
PARTNERS = ("FLOT", "ESoE", "HR")

pytestmark = pytest.mark.django_db


def rows(name):
    with (DATA / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def n(value):
    return int(value) if value else 0


def reported():
    return Placement.objects.filter(school_year__name="2020-2021").reported()


def test_placement_records(demo):
    all_records = Placement.objects.filter(school_year__name="2020-2021")
    assert all_records.count() == 254
    assert reported().count() == 246
    unregistered = all_records.filter(registered_in_institute_system=False)
    assert unregistered.count() == 8
    assert set(unregistered.values_list("status", flat=True)) == {PlacementStatus.STOPPED}
    assert all(p.is_first_year for p in unregistered.select_related("student__institute"))


def test_institute_totals(demo):
    by_institute = Counter(reported().values_list("student__institute__short_name", flat=True))
    partner = {code: by_institute.pop(code) for code in PARTNERS}
    assert partner == {"FLOT": 167, "ESoE": 14, "HR": 21}
    assert sum(by_institute.values()) == 44
    assert by_institute["FHK"] == 9
    assert by_institute["ALO"] == 8


def test_figure_7_per_school(demo):
    counts = Counter(reported().values_list("location__name", "student__institute__short_name"))
    for row in rows("students_per_institute_2020_2021.csv"):
        school = row["school"]
        for code in PARTNERS:
            assert counts[(school, code)] == n(row[code]), (school, code)
        other = sum(c for (s, code), c in counts.items() if s == school and code not in PARTNERS)
        assert other == n(row["other"]), school


def test_figure_11_levels_of_partner_students(demo):
    counts = Counter(
        reported()
        .filter(student__institute__short_name__in=PARTNERS)
        .values_list("location__name", "level")
    )
    total = 0
    for row in rows("stage_levels_2020_2021.csv"):
        for level in ("VT1", "VT2", "VT3", "VT4", "minor_P1", "minor_P2", "DT", "master", "kop"):
            assert counts[(row["school"], level)] == n(row[level]), (row["school"], level)
            total += n(row[level])
    assert total == 202


def test_figure_1_first_years(demo):
    placements = reported().select_related("student__institute", "location")
    counts = Counter(
        (p.location.name, p.student.institute.short_name) for p in placements if p.is_first_year
    )
    alias = {"Mencia de Mendoza & Mencia Sandrode": ("Mencia de Mendoza", "Mencia Sandrode")}
    totals = Counter()
    for row in rows("first_years_2020_2021.csv"):
        schools = alias.get(row["school"], (row["school"],))
        for code, column in (("FLOT", "FLOT_PHP"), ("HR", "HR_N1"), ("ESoE", "ESoE_P1")):
            got = sum(counts[(school, code)] for school in schools)
            assert got == n(row[column]), (row["school"], code)
            totals[code] += got
    assert totals == {"FLOT": 52, "HR": 10, "ESoE": 10}


def test_figure_12_per_school(demo):
    counts = Counter(reported().values_list("location__name", flat=True))
    pupils = dict(
        LocationYear.objects.filter(school_year__name="2020-2021").values_list(
            "location__name", "pupils"
        )
    )
    for row in rows("schools_2020_2021.csv"):
        assert counts[row["school"]] == n(row["students_total"]), row["school"]
        assert pupils[row["school"]] == n(row["pupils_on_2020_10_01"])
    assert sum(pupils.values()) == 13035
    assert SchoolLocation.objects.count() == 16


def test_switches_and_funding_count(demo):
    switched = reported().filter(switched_from__isnull=False)
    assert switched.count() == 3
    for placement in switched.select_related("switched_from"):
        assert placement.switched_from.student_id == placement.student_id
        assert placement.switched_from.location_id != placement.location_id
    students = set(reported().values_list("student_id", flat=True))
    assert len(students) == 243
    funding = (
        reported()
        .filter(student__institute__short_name__in=PARTNERS, registered_in_institute_system=True)
        .values("student_id")
        .distinct()
        .count()
    )
    assert funding == 199


def test_reload_is_idempotent(demo):
    before = (Placement.objects.count(), Student.objects.count())
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert (Placement.objects.count(), Student.objects.count()) == before
