"""Induction as a programme (issue #26): the year's induction policy, the development plan,
the workload measures, the introduction meeting, the exit interview, the coach's hours in
the facilitation overview and the report's numbers."""

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bos.models import Role, SchoolYear
from bos.permissions import get_scope
from bos.yearbound import YearClosed
from induction import report, rules, selectors, services
from induction.models import (
    DevelopmentPlan,
    InductionPolicy,
    LeavingReason,
    MeasureState,
    Starter,
    StarterKind,
    WorkloadMeasure,
)
from tests.factories import user_with_role
from tests.placements.factories import make_world

PARAMS = SimpleNamespace(
    reduction_first_year_pct=Decimal(20),
    reduction_second_year_pct=Decimal(10),
    coach_hours_first_year=Decimal(40),
    coach_hours_later_years=Decimal(20),
)


# --- Rules ---------------------------------------------------------------------------------


def test_the_cao_reduction_by_induction_year_from_the_policy():
    assert rules.teaching_reduction(PARAMS, 1, "starter").percent == Decimal(20)
    assert rules.teaching_reduction(PARAMS, 2, "starter").lines == [
        "Inductiejaar 2: 10 % reductie van de lesgevende taak."
    ]
    third = rules.teaching_reduction(PARAMS, 3, "starter")
    assert not third.applies and third.percent == 0
    # Another year's policy, another percentage: never a literal.
    other = SimpleNamespace(**{**vars(PARAMS), "reduction_first_year_pct": Decimal("12.5")})
    assert (
        rules.teaching_reduction(other, 1, "starter").lines[0].startswith("Inductiejaar 1: 12,5 %")
    )
    unqualified = rules.teaching_reduction(PARAMS, 1, "unqualified")
    assert "formeel niet" in unqualified.lines[1]


def test_mentor_role_and_coach_hours():
    assert [rules.mentor_allowed(year) for year in (1, 2, 3)] == [
        "geen mentor",
        "duo-mentoraat",
        "zelfstandig mentor",
    ]
    hours = rules.coach_hours(PARAMS, [1, 1, 3])
    assert hours.hours == Decimal(100) and hours.starters == 3
    assert hours.lines == ["2 × 40 uur (eerste jaar)", "1 × 20 uur (tweede/derde jaar)"]
    count = rules.checklist_count(["done", "n_a", "open", "done"], 19)
    assert (count.done, count.not_applicable, count.open) == (2, 1, 16)


def test_the_checklist_is_the_cao_reduction_and_the_seed_s_eighteen_measures():
    assert len(WorkloadMeasure) == 19
    assert WorkloadMeasure.NO_MENTOR.label == "3. In het eerste jaar geen mentor"


# --- Services ------------------------------------------------------------------------------


@pytest.fixture
def world(db):
    world = make_world()
    world.starter = services.starter_register(
        user=world.so_user,
        location_id=world.location.pk,
        first_name="Sanne",
        last_name="Starter",
        email="",
        subject="Engels",
        kind=StarterKind.STARTER,
        hired_on=dt.date(2020, 8, 1),
        coach=world.wpb,
        year=world.year,
    )
    return world


def _plan(world, user=None, **overrides):
    kwargs = dict(
        user=user or world.so_user,
        starter_id=world.starter.pk,
        goals="Klassenmanagement",
        agreements="Elke twee weken met de coach",
        review_on=dt.date(2021, 1, 29),
    )
    kwargs.update(overrides)
    return services.plan_record(**kwargs)


def test_the_so_records_plan_versions_dated_and_attributed(world):
    first = _plan(world)
    second = _plan(world, goals="Differentiëren")
    assert (first.version, second.version) == (1, 2)
    assert second.recorded_by == world.so_user and second.recorded_at is not None
    assert DevelopmentPlan.objects.filter(starter=world.starter).count() == 2
    with pytest.raises(ValidationError, match="leerdoelen"):
        _plan(world, goals="  ")
    with pytest.raises(ValidationError, match="evaluatiedatum"):
        _plan(world, review_on=dt.date(2022, 1, 1))


def test_scope_other_school_404_director_403(world):
    with pytest.raises(Starter.DoesNotExist):
        _plan(world, user=world.other_so_user)
    with pytest.raises(Starter.DoesNotExist):
        _plan(world, user=world.io_user)
    director = user_with_role(Role.DIRECTOR, year=world.year, locations=[world.location])
    with pytest.raises(PermissionDenied):
        services.measures_set(user=director, starter_id=world.starter.pk, states={})
    pl = user_with_role(Role.PROJECTLEIDER, year=world.year)
    assert _plan(world, user=pl).recorded_by == pl


def test_measures_are_done_or_not_applicable(world):
    changed = services.measures_set(
        user=world.so_user,
        starter_id=world.starter.pk,
        states={"cao_reduction": "done", "no_mentor": "done", "switch_class": "n_a"},
    )
    assert changed == 3
    programme = selectors.programme_of(world.starter)
    assert (programme.count.done, programme.count.not_applicable, programme.count.open) == (
        2,
        1,
        16,
    )
    assert programme.checklist[0].explanation == [
        "Inductiejaar 1: 20 % reductie van de lesgevende taak."
    ]
    with pytest.raises(ValidationError):
        services.measures_set(
            user=world.so_user, starter_id=world.starter.pk, states={"cao_reduction": "half"}
        )
    with pytest.raises(ValidationError):
        services.measures_set(
            user=world.so_user, starter_id=world.starter.pk, states={"nonsense": "done"}
        )


def test_intro_meeting_attendance_exit_interview_and_the_report(world):
    meeting = services.intro_meeting_create(
        user=world.so_user, location_id=world.location.pk, date=dt.date(2020, 9, 2)
    )
    assert [inv.starter for inv in meeting.invitations.all()] == [world.starter]
    services.intro_attendance_set(
        user=world.so_user, meeting_id=meeting.pk, present={world.starter.pk: True}
    )
    with pytest.raises(PermissionDenied):
        services.intro_meeting_create(
            user=world.so_user, location_id=world.other_location.pk, date=dt.date(2020, 9, 2)
        )
    _plan(world)
    services.measures_set(
        user=world.so_user, starter_id=world.starter.pk, states={"spread": "done"}
    )
    with pytest.raises(ValidationError, match="vóór"):
        services.exit_record(
            user=world.so_user,
            starter_id=world.starter.pk,
            left_on=dt.date(2020, 1, 1),
            reason=LeavingReason.WORKLOAD,
        )
    services.exit_record(
        user=world.so_user,
        starter_id=world.starter.pk,
        left_on=dt.date(2021, 3, 1),
        reason=LeavingReason.WORKLOAD,
        notes="Te veel klassen",
    )
    counts = report.school_counts(world.year, [world.location.pk])["schools"][world.location.pk]
    assert {key: counts[key] for key in report.PROGRAMME_KEYS} == {
        "with_plan": 1,
        "measures_done": 1,
        "measures_not_applicable": 0,
        "coaches": 1,
        "intro_invited": 1,
        "intro_present": 1,
        "exits": 1,
    }


def test_a_closed_year_refuses_every_programme_write(world):
    meeting = services.intro_meeting_create(
        user=world.so_user, location_id=world.location.pk, date=dt.date(2020, 9, 2)
    )
    pl = user_with_role(Role.PROJECTLEIDER, year=world.year)
    SchoolYear.objects.filter(pk=world.year.pk).update(closed_at=timezone.now())
    writes = [
        lambda: _plan(world),
        lambda: services.measures_set(
            user=world.so_user, starter_id=world.starter.pk, states={"spread": "done"}
        ),
        lambda: services.exit_record(
            user=world.so_user,
            starter_id=world.starter.pk,
            left_on=dt.date(2021, 3, 1),
            reason=LeavingReason.OTHER,
        ),
        lambda: services.intro_meeting_create(
            user=world.so_user,
            location_id=world.location.pk,
            date=dt.date(2020, 9, 3),
            year=world.year,
        ),
        lambda: services.intro_attendance_set(
            user=world.so_user, meeting_id=meeting.pk, present={world.starter.pk: False}
        ),
        lambda: services.policy_update(user=pl, year=world.year, values={}),
    ]
    for write in writes:
        with pytest.raises(YearClosed):
            write()


def test_the_policy_is_the_year_s_and_the_wizard_copies_its_numbers(world):
    pl = user_with_role(Role.PROJECTLEIDER, year=world.year)
    with pytest.raises(PermissionDenied):
        services.policy_update(user=world.so_user, year=world.year, values={})
    services.policy_update(
        user=pl, year=world.year, values={"reduction_first_year_pct": Decimal(25)}
    )
    target = SchoolYear.objects.create(
        name="2099-2100", start_date=dt.date(2099, 8, 1), end_date=dt.date(2100, 7, 31)
    )
    copy = services.policy_copy(source=world.year, target=target)
    assert copy.reduction_first_year_pct == Decimal(25)
    assert services.policy_copy(source=world.year, target=target) is None
    from years.wizard import COPIERS

    assert "induction_policy" in COPIERS


def test_the_coach_s_hours_count_in_the_facilitation_overview(world):
    # The year may be the demo's, which has its policy already.
    InductionPolicy.objects.update_or_create(
        school_year=world.year, defaults={"coach_hours_first_year": Decimal(30)}
    )
    from facilitation import contributions

    tasks = contributions.tasks_for(world.year, get_scope(world.so_user, world.year))
    coaches = next(task for task in tasks if task.title == "Coaches van startende leraren")
    assert [(row.school, row.people, row.hours) for row in coaches.rows] == [
        ("Testcollege", 1, Decimal(30))
    ]
    assert (
        contributions.tasks_for(world.year, get_scope(world.other_so_user, world.year))[0].rows
        == []
    )
    # Limited to the schools an overview's page shows: another school's coaches are left out.
    projectleider = get_scope(user_with_role(Role.PROJECTLEIDER, year=world.year), world.year)
    everywhere = contributions.tasks_for(world.year, projectleider)[0].rows
    assert "Testcollege" in [row.school for row in everywhere]
    assert contributions.tasks_for(world.year, projectleider, frozenset())[0].rows == []
    shown = contributions.tasks_for(world.year, projectleider, frozenset({world.location.pk}))
    assert [row.school for row in shown[0].rows] == ["Testcollege"]


# --- The starter's page --------------------------------------------------------------------


def test_the_starter_page_records_a_plan_and_shows_errors_in_dutch(world):
    client = Client()
    client.force_login(world.so_user)
    url = reverse("induction:starter", args=[world.starter.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "3. In het eerste jaar geen mentor" in page.content.decode()
    bad = client.post(reverse("induction:plan", args=[world.starter.pk]), {"goals": ""})
    assert bad.status_code == 400 and "Dit veld is verplicht" in bad.content.decode()
    ok = client.post(
        reverse("induction:plan", args=[world.starter.pk]),
        {"goals": "Klassenmanagement", "agreements": "", "review_on": "2021-01-29"},
    )
    assert ok.status_code == 302
    measures = {f"m_{m.value}": MeasureState.OPEN for m in WorkloadMeasure}
    measures["m_no_mentor"] = MeasureState.DONE
    assert (
        client.post(reverse("induction:measures", args=[world.starter.pk]), measures).status_code
        == 302
    )
    page = client.get(url).content.decode()
    assert "Klassenmanagement" in page and "1 gedaan" in page


def test_the_report_s_sentence_on_the_programme():
    from reports import drafts

    sentences = drafts.induction_sentences(
        starters=3,
        schools=1,
        former_students=0,
        previous=None,
        schools_with_blocks=0,
        blocks_in_place=0,
        blocks_developing=0,
        blocks=12,
        with_plan=1,
        measures_done=1,
    )
    assert sentences[-1].text == (
        "Voor 1 starter is een ontwikkelplan vastgelegd en 1 werkdrukmaatregel is genomen."
    )
    assert {value.ref for value in sentences[-1].values} == {"with_plan", "measures_done"}


def test_the_projectleider_sets_the_policy_the_dutch_way(world):
    pl = user_with_role(Role.PROJECTLEIDER, year=world.year)
    client = Client()
    client.force_login(pl)
    url = reverse("induction:policy") + f"?jaar={world.year.name}"
    data = {
        "reduction_first_year_pct": "12,5",
        "reduction_second_year_pct": "10",
        "coach_hours_first_year": "40",
        "coach_hours_later_years": "20",
        "information_package": "",
    }
    assert client.post(url, data).status_code == 302
    assert InductionPolicy.for_year(world.year).reduction_first_year_pct == Decimal("12.5")
    bad = client.post(url, {**data, "reduction_first_year_pct": "150"})
    assert bad.status_code == 400
    assert InductionPolicy.for_year(world.year).reduction_first_year_pct == Decimal("12.5")


def test_a_policy_change_names_its_decision_and_the_log_holds_old_and_new(world):
    from governance import services as governance
    from governance.models import Body

    pl = user_with_role(Role.PROJECTLEIDER, year=world.year)
    decision = governance.decision_create(
        user=pl,
        year=world.year,
        values={
            "decided_on": world.year.start_date + dt.timedelta(days=40),
            "body": Body.STUURGROEP,
            "title": "Meer uren voor coaches",
            "text": "De coach krijgt 50 uur per eerstejaars starter.",
        },
    )
    client = Client()
    client.force_login(pl)
    url = reverse("induction:policy") + f"?jaar={world.year.name}"
    old = InductionPolicy.for_year(world.year).coach_hours_first_year
    data = {
        "reduction_first_year_pct": "10",
        "reduction_second_year_pct": "5",
        "coach_hours_first_year": "50",
        "coach_hours_later_years": "20",
        "information_package": "",
        "besluit": decision.pk,
    }
    assert client.post(url, data).status_code == 302
    changes = {c.field_name: (c.old_value, c.new_value) for c in decision.changes.all()}
    assert changes["coach_hours_first_year"] == (str(old), "50")
    assert "Meer uren voor coaches" in client.get(url).content.decode()
