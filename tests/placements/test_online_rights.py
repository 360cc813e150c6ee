"""Online rights by the decision's table (Besluit online rechten voor studenten, december
2020; annual report 2020-2021, bijlage 7): worked examples, one per row of the decision, and
properties of the rule; the table is a parameter of each school year's placement policy."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from placements import online_rights, selectors
from placements.models import OnlineRightsGroup, Placement, PlacementPolicy, StageLevel
from placements.models.placements import default_online_rights_table
from tests.factories import PlacementFactory, SchoolYearFactory
from tests.placements.factories import make_world

NONE, LIMITED, TEACHER = (
    OnlineRightsGroup.NONE,
    OnlineRightsGroup.LIMITED,
    OnlineRightsGroup.TEACHER,
)
DECISION = online_rights.parse_online_rights_table(default_online_rights_table())


def _judge(level: str, *, taster: bool = False, final: bool = False, institute: str = "FLOT"):
    return online_rights.online_rights_group(
        level=level, is_taster=taster, is_final=final, institute=institute, table=DECISION
    )


# One case per row of the decision's table, as the seed words it. The expected group is read
# from the seed, not from the stored table.
WORKED_EXAMPLES = [
    pytest.param(
        "VT1", True, False, NONE, id="voetnoot 1: m.u.v. de 3-daagse snuffelstage eerstejaars"
    ),
    pytest.param("VT1", False, False, LIMITED, id="groep 1.1: 1e jaars stage bachelor"),
    pytest.param("VT2", False, False, LIMITED, id="groep 1.1: 2e jaars stage bachelor"),
    # Part-time and kop record no study year: a stage that is not the final one counts as
    # year 1-2. Before the table, these got teacher rights (the over-grant).
    pytest.param("DT", False, False, LIMITED, id="groep 1.1: 1e-2e jaars bachelor, deeltijd"),
    pytest.param("kop", False, False, LIMITED, id="groep 1.1: 1e-2e jaars bachelor, kop"),
    pytest.param(
        "minor_P1", False, False, LIMITED, id="groep 1.2: orienterende stage, educatieve minor P1"
    ),
    pytest.param("VT3", False, False, TEACHER, id="groep 2.1: 3e jaars stage bachelor"),
    pytest.param("VT4", False, True, TEACHER, id="groep 2.1: 4e jaars stage bachelor"),
    pytest.param("DT", False, True, TEACHER, id="groep 2.1: 3e-4e jaars bachelor, deeltijd"),
    pytest.param(
        "minor_P2", False, True, TEACHER, id="groep 2.2: verdiepende (= afrondende) stage, P2"
    ),
    pytest.param("master", False, False, TEACHER, id="groep 2.3: master-stage, 1e-graads"),
    pytest.param("", False, False, LIMITED, id="voorstel 1 en 3: overige stagiairs, rol stagiair"),
]


@pytest.mark.parametrize(("level", "taster", "final", "expected"), WORKED_EXAMPLES)
def test_worked_examples_from_the_decision(level, taster, final, expected):
    group, why = _judge(level, taster=taster, final=final)
    assert group == expected
    # The explanation quotes the row it applied.
    assert any(f"“{row.row}”" in why for row in DECISION)


def test_part_time_explanation_names_the_missing_study_year():
    _, why = _judge("DT")
    assert "studiejaar wordt niet vastgelegd" in why


levels = st.sampled_from([level.value for level in StageLevel] + [""])
institutes = st.sampled_from(["FLOT", "HR", "ESoE", "FHK", "ALO"])


@given(level=levels, taster=st.booleans(), final=st.booleans(), institute=institutes)
def test_group_2_only_where_the_decision_grants_it(level, taster, final, institute):
    group, _ = _judge(level, taster=taster, final=final, institute=institute)
    if group == TEACHER:
        assert not taster
        assert any(r.group == TEACHER and level in r.levels for r in DECISION)
    if level in (StageLevel.VT1, StageLevel.VT2, StageLevel.MINOR_P1) or taster:
        assert group != TEACHER


@given(level=levels, taster=st.booleans(), final=st.booleans(), institute=institutes)
def test_the_table_is_a_parameter_not_a_literal(level, taster, final, institute):
    facts = {"level": level, "is_taster": taster, "is_final": final, "institute": institute}
    # A year that swaps groups 1 and 2 swaps every such placement's result.
    swapped = default_online_rights_table()
    for row in swapped:
        row["group"] = {1: 2, 2: 1}.get(row["group"], row["group"])
    before, _ = online_rights.online_rights_group(**facts, table=DECISION)
    after, _ = online_rights.online_rights_group(
        **facts, table=online_rights.parse_online_rights_table(swapped)
    )
    assert after == {LIMITED: TEACHER, TEACHER: LIMITED}.get(before, before)
    # A table that names one institute only judges that institute's placements by it.
    only_esoe = [{"row": "alleen ESoE", "levels": [], "institutes": ["ESoE"], "group": 2}]
    group, why = online_rights.online_rights_by_policy(**facts, table=only_esoe)
    assert group == (TEACHER if institute == "ESoE" else NONE)
    assert "alleen ESoE" in why or "Geen regel" in why


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ([{"row": " ", "group": 1}], "tekst van het besluit ontbreekt"),
        ([{"row": "x", "levels": ["VT9"], "group": 1}], "onbekend stageniveau VT9"),
        ([{"row": "x", "levels": [], "group": 3}], "rechtengroep is 0, 1 of 2"),
        ([{"row": "x", "group": 1, "jaar": 3}], "onbekend veld jaar"),
    ],
)
def test_a_table_the_rule_cannot_read_is_refused_in_dutch(table, message):
    with pytest.raises(ValidationError, match=message):
        PlacementPolicy._meta.get_field("online_rights_table").run_validators(table)
    group, why = online_rights.online_rights_by_policy(
        level="VT3", is_taster=False, is_final=False, institute="FLOT", table=table
    )
    assert group == NONE and message in why


@pytest.mark.django_db
def test_each_placement_is_judged_by_its_own_years_table_in_one_query():
    # Not the demo's years, which a test process may hold with their policies.
    year = SchoolYearFactory(
        name="2019-2020", start_date=dt.date(2019, 8, 1), end_date=dt.date(2020, 7, 31)
    )
    later = SchoolYearFactory(
        name="2021-2022", start_date=dt.date(2021, 8, 1), end_date=dt.date(2022, 7, 31)
    )
    # The later year decided that masters get limited rights; the first has no policy row
    # yet and reads the default (December 2020) table.
    table = default_online_rights_table()
    for row in table:
        if row["levels"] == [StageLevel.MASTER.value]:
            row["group"] = OnlineRightsGroup.LIMITED.value
    PlacementPolicy.objects.create(school_year=later, online_rights_table=table)
    placements = [
        PlacementFactory(school_year=y, level=StageLevel.MASTER) for y in (year, later)
    ] + [PlacementFactory(school_year=year, level=StageLevel.DT)]
    fresh = list(
        Placement.objects.filter(pk__in=[p.pk for p in placements])
        .select_related("student__institute")
        .order_by("pk")
    )
    with CaptureQueriesContext(connection) as queries:
        selectors.attach_online_rights(fresh)
        groups = [p.online_rights_group for p in fresh]
    assert len(queries) == 1
    assert groups == [TEACHER, LIMITED, LIMITED]
    assert not PlacementPolicy.objects.filter(school_year=year).exists()
    # One placement alone reads its year's table itself.
    assert Placement.objects.get(pk=placements[1].pk).online_rights_group == LIMITED


@pytest.mark.django_db
def test_ict_list_gives_a_part_time_first_stage_limited_rights_and_shows_the_table():
    world = make_world()
    world.student.variant = "dt"
    world.student.save()
    world.create(level=StageLevel.DT, institute_label="DT")
    client = Client()
    client.force_login(world.so_user)
    response = client.get(reverse("placements:ict"))
    assert [p.online_rights_group for p in response.context["placements"]] == [LIMITED]
    html = response.content.decode()
    assert "groep 1: beperkt (stagiairrol)" in html
    assert "Bron: Besluit online rechten voor studenten" in html and "december 2020" in html


def test_demo_years_hold_the_decisions_table(demo):
    from tests.demo_years import SEED_YEAR, running_year

    for year_name in (SEED_YEAR, running_year().name):
        policy = PlacementPolicy.objects.get(school_year__name=year_name)
        assert policy.online_rights_table == default_online_rights_table()
    seed = selectors.attach_online_rights(
        Placement.objects.filter(school_year__name=SEED_YEAR, is_taster=False).select_related(
            "student__institute"
        )
    )
    by_level: dict[str, set[OnlineRightsGroup]] = {}
    for p in seed:
        by_level.setdefault(p.level, set()).add(p.online_rights_group)
    assert by_level[StageLevel.VT2] == {LIMITED}
    assert by_level[StageLevel.VT3] == {TEACHER}
    assert by_level[StageLevel.MASTER] == {TEACHER}
    # No part-time or kop placement of the seed year is a final one: none has teacher rights.
    assert by_level[StageLevel.DT] | by_level[StageLevel.KOP] == {LIMITED}
