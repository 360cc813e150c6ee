"""The data migration: an afternoon's semicolon-separated themes and its form become
workshops, so figure 3 reads the same afterwards; and back."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("intervision", "0002_school_groups_meetings_reports")]
AFTER = [("intervision", "0005_afternoon_themes_live_in_workshops")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_themes_become_workshops_and_figure_3_reads_the_same():
    try:
        old = _migrate(BEFORE)
        SchoolYear = old.get_model("bos", "SchoolYear")
        Afternoon = old.get_model("intervision", "DeepeningAfternoon")
        year = SchoolYear.objects.create(
            name="2040-2041", start_date=dt.date(2040, 8, 1), end_date=dt.date(2041, 7, 31)
        )
        Afternoon.objects.create(
            school_year=year,
            number=1,
            themes="Kennismaking met de BOS; Reflecteren en de eerste stappen",
            date=dt.date(2040, 11, 19),
            audience="Eerstejaars FLOT",
            mode="online",
        )
        new = _migrate(AFTER)
        afternoon = new.get_model("intervision", "DeepeningAfternoon").objects.get(
            school_year__name="2040-2041"
        )
        workshops = list(afternoon.workshops.order_by("order"))
        assert [w.theme for w in workshops] == [
            "Kennismaking met de BOS",
            "Reflecteren en de eerste stappen",
        ]
        assert {w.mode for w in workshops} == {"online"}
        assert afternoon.audience == "Eerstejaars FLOT"
        # And back: the themes text is rebuilt from the workshops.
        back = _migrate(BEFORE)
        restored = back.get_model("intervision", "DeepeningAfternoon").objects.get(
            school_year__name="2040-2041"
        )
        assert restored.themes == "Kennismaking met de BOS; Reflecteren en de eerste stappen"
        assert restored.mode == "online"
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
