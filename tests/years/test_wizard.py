"""The new-year wizard on the demo: the year after the running year from the running year, or
a chosen later one. Preview without writing, one transaction, idempotent, audited; roles
kept, changed or dropped per the review list."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from bos.models import (
    AuditEntry,
    InstitutePartnership,
    LocationYear,
    Role,
    RoleAssignment,
    SchoolLocation,
    SchoolYear,
    SchoolYearEvent,
    User,
    YearEventKind,
)
from facilitation.models import Policy
from placements.models import PlacementPolicy
from reports.document import build_report
from reports.models import ActualEntry, Budget, BudgetLine, ReportTargets
from tests.demo_years import NEXT_YEAR, running_year
from years.models import DevelopmentTeamYear
from years.wizard import Decision, RoleChoice, plan_new_year, start_new_year

pytestmark = pytest.mark.django_db
DOMAIN = "demo.bos.example"


@pytest.fixture
def pl(demo):
    return User.objects.get(email=f"projectleider@{DOMAIN}")


@pytest.fixture
def source(demo):
    return running_year()


def _counts(year_name: str) -> tuple[int, ...]:
    return (
        LocationYear.objects.filter(school_year__name=year_name).count(),
        InstitutePartnership.objects.filter(school_year__name=year_name).count(),
        Policy.objects.filter(school_year__name=year_name).count(),
        BudgetLine.objects.filter(section__budget__school_year__name=year_name).count(),
        ActualEntry.objects.filter(line__section__budget__school_year__name=year_name).count(),
        ReportTargets.objects.filter(school_year__name=year_name).count(),
        RoleAssignment.objects.filter(school_year__name=year_name).count(),
        DevelopmentTeamYear.objects.filter(school_year__name=year_name).count(),
    )


def _so(location_name: str, year: SchoolYear) -> RoleAssignment:
    return RoleAssignment.objects.get(school_year=year, role=Role.SO, locations__name=location_name)


def test_preview_writes_nothing(source):
    before = _counts(NEXT_YEAR)
    plan = plan_new_year(source=source)
    assert plan.name == NEXT_YEAR
    steps = {step.key: step for step in plan.steps}
    assert (
        steps["locations"].to_create
        == LocationYear.objects.filter(school_year=source, is_member=True).count()
    )
    # The seed's 22 lines and the running year's school compensation.
    assert steps["budget"].to_create == 23
    assert steps["roles"].to_create == RoleAssignment.objects.filter(school_year=source).count()
    assert _counts(NEXT_YEAR) == before


def test_start_copies_every_step_and_is_idempotent(source, pl):
    beatrix = _so("Beatrix College", source)
    newman = _so("Newmancollege", source)
    reeshof = _so("Reeshofcollege", source)
    other = SchoolLocation.objects.get(name="Koning Willem II College")
    choices = {
        beatrix.pk: RoleChoice(Decision.KEEP),
        newman.pk: RoleChoice(Decision.DROP),
        reeshof.pk: RoleChoice(Decision.CHANGE, (other.pk,)),
    }
    # The running year decided on its own online-rights table: the new year inherits it.
    rights = PlacementPolicy.objects.get(school_year=source)
    rights.online_rights_table = [{"row": "Alle stagiairs", "levels": [], "group": 1}]
    rights.save()
    target, plan = start_new_year(source=source, user=pl, choices=choices)
    assert target.name == NEXT_YEAR
    assert (
        PlacementPolicy.objects.get(school_year=target).online_rights_table
        == rights.online_rights_table
    )
    assert (target.start_date, target.end_date) == SchoolYear.bounds_for(source.start_year + 1)
    first = _counts(NEXT_YEAR)
    roles = RoleAssignment.objects.filter(school_year=source).count()
    # Locations, partnerships, policy, 23 budget lines without actuals (the seed's 22 and the
    # school compensation), targets, every role but the dropped one, the teams.
    assert first[2:6] == (1, 23, 0, 1)
    assert first[6] == roles - 1
    assert first[7] == DevelopmentTeamYear.objects.filter(school_year=source).count()
    # Pupils are entered afterwards; the kartrekker flags come along.
    copied = LocationYear.objects.filter(school_year=target)
    assert not copied.filter(pupils__isnull=False).exists()
    assert (
        copied.filter(is_kartrekker=True).count()
        == LocationYear.objects.filter(
            school_year=source, is_kartrekker=True, is_member=True
        ).count()
    )
    # The review list: kept, dropped, changed.
    assert _so("Beatrix College", target).person_id == beatrix.person_id
    assert not RoleAssignment.objects.filter(
        school_year=target, role=Role.SO, person_id=newman.person_id
    ).exists()
    changed = RoleAssignment.objects.get(
        school_year=target, role=Role.SO, person_id=reeshof.person_id
    )
    assert list(changed.locations.values_list("name", flat=True)) == [other.name]
    # Every step is recorded and the copied rows are in the audit trail.
    steps = set(
        SchoolYearEvent.objects.filter(school_year=target, kind=YearEventKind.STEP).values_list(
            "step", flat=True
        )
    )
    assert {"locations", "partnerships", "budget", "targets", "roles", "teams"} <= steps
    assert AuditEntry.objects.filter(model="bos.locationyear", action="create").exists()
    events = SchoolYearEvent.objects.count()
    # Running it again changes nothing.
    again, plan = start_new_year(source=source, user=pl, choices=choices)
    assert again == target
    assert plan.changes == 0
    assert _counts(NEXT_YEAR) == first
    assert SchoolYearEvent.objects.count() == events


def test_new_year_budget_has_no_actuals_and_carries_the_reserve(source, pl):
    target, _ = start_new_year(source=source, user=pl)
    budget = Budget.objects.get(school_year=target)
    assert budget.income_amount is None and budget.reserve_carried_in is None
    report = build_report(source)
    assert build_report(target).budget.carried_in == report.budget.reserve


def test_a_chosen_later_year_starts_from_the_given_year(source, pl):
    # A partnership that skipped years (or the demo, starting today's year from its seed).
    later = source.start_year + 3
    plan = plan_new_year(source=source, start_year=later)
    assert (plan.name, plan.start_date) == (SchoolYear.name_for(later), dt.date(later, 8, 1))
    target, _ = start_new_year(source=source, user=pl, start_year=later)
    assert target.name == SchoolYear.name_for(later)
    assert _counts(target.name)[6] == RoleAssignment.objects.filter(school_year=source).count()
    assert Budget.objects.filter(school_year=target).exists()
    event = SchoolYearEvent.objects.get(school_year=target, kind=YearEventKind.OPENED)
    assert event.detail == f"Aangemaakt vanuit {source}."


def test_a_new_year_must_start_after_its_source(source):
    with pytest.raises(ValidationError, match="na het bronjaar"):
        plan_new_year(source=source, start_year=source.start_year)


def test_only_the_projectleider_starts_a_year(source, demo):
    so = User.objects.get(email=f"so.beatrix@{DOMAIN}")
    with pytest.raises(PermissionDenied):
        start_new_year(source=source, user=so)


def test_demo_running_year_is_in_progress(source):
    from placements.models import Placement
    from stipend.models import StipendApplication

    placements = Placement.objects.filter(school_year=source)
    statuses = set(placements.values_list("status", flat=True))
    assert {"active", "stopped", "completed"} <= statuses
    assert placements.filter(switched_from__isnull=False).count() == 2
    assert placements.filter(level="VT1", student__student_number__startswith="FL2021").exists()
    assert not LocationYear.objects.filter(
        school_year=source, is_member=True, pupils__isnull=True
    ).exists()
    assert set(
        StipendApplication.objects.filter(placement__school_year=source).values_list(
            "status", flat=True
        )
    ) >= {"concept", "signed", "so_approved", "submitted", "returned", "accepted", "rejected"}
    assert build_report(source).budget.income == Decimal("290045.00")


def test_goals_moved_on_before_the_year_existed_land_in_it(source, pl):
    from reports import services as report_services
    from reports.models import Goal, GoalStatus

    goal = report_services.goal_save(
        year=source, chapter="induction", description="Coaches opleiden", status=""
    )
    report_services.goal_set_status(
        goal=goal, status=GoalStatus.MOVED, explanation="Volgend jaar verder."
    )
    # The demo's next year already exists, so the goal was carried at once; take the copy
    # away to stand for a goal moved on before its next year was started.
    Goal.objects.filter(carried_from=goal).delete()
    target, _ = start_new_year(source=source, user=pl)
    copy = Goal.objects.get(carried_from=goal)
    assert copy.school_year == target and copy.status == ""
    assert SchoolYearEvent.objects.filter(school_year=target, step="goals").count() == 1
    start_new_year(source=source, user=pl)  # again: no second copy, no second event
    assert Goal.objects.filter(carried_from=goal).count() == 1
    assert SchoolYearEvent.objects.filter(school_year=target, step="goals").count() == 1


def _review(client, source, **params):
    from django.urls import reverse

    response = client.get(reverse("years:wizard", args=[source.name]), params)
    assert response.status_code == 200
    return response


def _row_pks(response) -> list[int]:
    return [row["assignment"].pk for row in response.context["rows"]]


def test_the_role_review_is_paged_and_filtered_by_school_and_role(client, source, pl):
    client.force_login(pl)
    total = RoleAssignment.objects.filter(school_year=source).count()
    assert total > 50
    first = _review(client, source)
    assert len(first.context["rows"]) == 25
    assert first.context["page"].paginator.num_pages == -(-total // 25)
    html = first.content.decode()
    assert 'rel="next"' in html
    assert "multiple" not in html  # no tall multi-selects any more
    last = _review(client, source, pagina=first.context["page"].paginator.num_pages)
    assert len(last.context["rows"]) == total - 25 * (last.context["page"].number - 1)

    beatrix = SchoolLocation.objects.get(name="Beatrix College")
    at_beatrix = _review(client, source, school=beatrix.pk)
    expected = set(
        RoleAssignment.objects.filter(school_year=source, locations=beatrix).values_list(
            "pk", flat=True
        )
    )
    assert at_beatrix.context["matching_count"] == len(expected) > 25
    second = _review(client, source, school=beatrix.pk, pagina=2)
    assert set(_row_pks(at_beatrix)) | set(_row_pks(second)) == expected

    wpbs_at_beatrix = _review(client, source, school=beatrix.pk, rol=Role.WPB)
    assert set(_row_pks(wpbs_at_beatrix)) == set(
        RoleAssignment.objects.filter(
            school_year=source, locations=beatrix, role=Role.WPB
        ).values_list("pk", flat=True)
    )
    assert all(row["assignment"].role == Role.WPB for row in wpbs_at_beatrix.context["rows"])
    # Nonsense in the filters is ignored, not a 500.
    assert len(_review(client, source, school="x" * 30, rol="nope", pagina="-3").context["rows"])


def test_bulk_choices_are_kept_between_pages_and_carried_out(client, source, pl):
    from django.urls import reverse

    client.force_login(pl)
    url = reverse("years:wizard", args=[source.name])
    first_page = _row_pks(_review(client, source))
    second_page = _row_pks(_review(client, source, pagina=2))
    # Drop the whole first page, then keep two of them again.
    # Nonsense among the boxes is ignored, not a 500.
    response = client.post(url, {"action": "drop", "kies": [*first_page, "9" * 30, "x"]})
    assert response.status_code == 302
    response = client.post(url, {"action": "keep", "kies": first_page[:2]})
    assert response.status_code == 302
    # A decision on page 2 is kept while the first page's bulk choices stay.
    response = client.post(
        f"{url}?pagina=2",
        {
            "action": "save",
            f"role-{second_page[0]}": Decision.DROP.value,
            f"locations-{second_page[0]}": ["9" * 30, "-1"],
        },
    )
    assert response.status_code == 302
    page = _review(client, source)
    choices = {row["assignment"].pk: row["choice"] for row in page.context["rows"]}
    assert [choices[pk] for pk in first_page[:2]] == ["keep", "keep"]
    assert {choices[pk] for pk in first_page[2:]} == {"drop"}
    plan = page.context["plan"]
    roles = next(step for step in plan.steps if step.key == "roles")
    total = RoleAssignment.objects.filter(school_year=source).count()
    assert roles.to_create == total - (len(first_page) - 2) - 1

    response = client.post(url, {"action": "start"})
    assert response.status_code == 302
    target = SchoolYear.objects.get(name=NEXT_YEAR)
    copied = RoleAssignment.objects.filter(school_year=target).count()
    assert copied == total - (len(first_page) - 2) - 1
