"""The demo: figure 3 of 2020-2021 comes from afternoons and workshops made by the services,
loading again changes nothing, and the running year (when it has placements) holds a whole
cycle with attendance and evaluations."""

import pytest

from afternoons import report
from afternoons.demo import running_year
from afternoons.models import (
    DeepeningAfternoon,
    Evaluation,
    Invitation,
    Workshop,
    WorkshopAssignment,
)
from bos.models import SchoolYear
from demo.loader import load_demo

pytestmark = pytest.mark.django_db


def test_figure_3_of_2020_2021_from_the_workshops(demo):
    year = SchoolYear.objects.get(name="2020-2021")
    rows = report.figure_3(year)
    assert [(r["number"], r["date"].isoformat(), r["audience"], r["mode"]) for r in rows] == [
        (1, "2020-11-19", "Eerstejaars FLOT", "online"),
        (1, "2021-02-08", "Eerstejaars HR en minorstudenten ESoE", "online"),
        (2, "2021-01-07", "Eerstejaars FLOT", "online"),
        (2, "2021-02-25", "Eerstejaars HR en minorstudenten ESoE", "online"),
    ]
    assert rows[0]["themes"] == [
        "Kennismaking met de BOS",
        "Reflecteren en de eerste stappen in het onderwijs",
    ]
    flot = DeepeningAfternoon.objects.get(school_year=year, number=1, audience="Eerstejaars FLOT")
    assert [i.short_name for i in flot.institutes.all()] == ["FLOT"]
    assert flot.levels == ["VT1"]
    # The historic afternoons invited nobody through the system: nobody recorded who came.
    assert not Invitation.objects.filter(afternoon__school_year=year).exists()


def test_loading_again_changes_nothing(demo):
    counts = (
        DeepeningAfternoon.objects.count(),
        Workshop.objects.count(),
        WorkshopAssignment.objects.count(),
        Evaluation.objects.count(),
    )
    load_demo()
    assert (
        DeepeningAfternoon.objects.count(),
        Workshop.objects.count(),
        WorkshopAssignment.objects.count(),
        Evaluation.objects.count(),
    ) == counts


def test_the_running_year_has_attendance_when_it_has_placements(demo):
    year = running_year(SchoolYear.objects.get(name="2020-2021"))
    if year is None:
        # No later year with placements yet: only figure 3 of 2020-2021 is in the demo.
        assert not DeepeningAfternoon.objects.exclude(school_year__name="2020-2021").exists()
        return
    figs = report.figures(year)
    [row] = figs["afternoon_attendance"]
    assert 0 < row["present"] < row["expected"]
    assert figs["afternoon_scores"]["responses"] > 0


def test_the_demo_cycle_runs_through_the_services_once(db):
    from afternoons.demo import load_cycle
    from tests.afternoons.world import make_world

    world = make_world(students_per_school=6)
    afternoon = load_cycle(world.year, world.planner)
    assert afternoon.published_at is not None
    assignments = WorkshopAssignment.objects.filter(afternoon=afternoon)
    assert 0 < assignments.count() <= afternoon.invitations.count()
    assert assignments.filter(attended=True).exists()
    assert assignments.filter(attended=False).exists()
    assert Evaluation.objects.filter(afternoon=afternoon).exists()
    before = (assignments.count(), Evaluation.objects.count())
    assert load_cycle(world.year, world.planner).pk == afternoon.pk
    assert (assignments.count(), Evaluation.objects.count()) == before
