"""A closed year's policy, budget, actuals, placements and stipend applications are
read-only: every write service refuses with a Dutch message, whoever calls it."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from bos.closing import ensure_open
from bos.models import Role
from bos.yearbound import YearClosed, closed_message
from facilitation import services as policy_services
from facilitation.models import Policy
from placements import offers
from placements import services as placement_services
from placements.models import ChecklistItem, StageLevel
from reports import services as report_services
from reports.budget_import import import_budget
from reports.models import ActualEntry, Budget, BudgetLine, BudgetSection, LineKind
from stipend import services as stipend_services
from tests.factories import (
    PersonFactory,
    PlacementFactory,
    SchoolLocationFactory,
    SchoolYearFactory,
    StudentFactory,
    user_with_role,
)
from tests.stipend.factories import make_world, submitted_application

pytestmark = pytest.mark.django_db


def _close(year):
    year.closed_at = timezone.now()
    year.save(update_fields=["closed_at"])


@pytest.fixture
def year():
    # A year of its own: the demo (loaded once per session) may hold 2020-2022.
    return SchoolYearFactory(
        name="2030-2031", start_date=dt.date(2030, 8, 1), end_date=dt.date(2031, 7, 31)
    )


@pytest.fixture
def closed(year):
    _close(year)
    return year


def _refused(call):
    with pytest.raises(YearClosed) as info:
        call()
    message = info.value.messages[0]
    assert re.match(r"Schooljaar \d{4}-\d{4} is afgesloten op ", message)
    assert "kunnen niet meer worden gewijzigd" in message
    return info.value


def test_the_refusal_is_a_validation_error_with_a_dutch_message(closed):
    error = _refused(lambda: ensure_open(closed))
    assert isinstance(error, ValidationError)
    assert closed_message(closed) == error.messages[0]


def test_an_open_year_passes(year):
    ensure_open(year)
    ensure_open(None)


def test_closed_elsewhere_is_refused_even_with_a_stale_object(year):
    stale = type(year).objects.get(pk=year.pk)
    _close(year)
    assert stale.closed_at is None
    _refused(lambda: ensure_open(stale))


# Policy (facilitation) ------------------------------------------------------------------


def test_policy_update_refused(year):
    policy = Policy.objects.create(school_year=year)
    _close(year)
    _refused(
        lambda: policy_services.update_policy(
            policy=policy, values={"bonus_hours_per_extra_student": Decimal(10)}, user=None
        )
    )
    policy.refresh_from_db()
    assert policy.bonus_hours_per_extra_student == Decimal(8)


def test_policy_create_refused(closed):
    _refused(lambda: policy_services.create_policy(year=closed))
    assert not Policy.objects.filter(school_year=closed).exists()


def test_granted_hours_refused(closed):
    so = PersonFactory()
    _refused(lambda: policy_services.set_granted_hours(year=closed, so=so, hours=Decimal(100)))


def test_count_basis_refused(closed):
    location = SchoolLocationFactory()
    _refused(
        lambda: policy_services.set_count_basis(year=closed, location=location, basis="actual")
    )


# Budget and actuals (reports) -------------------------------------------------------------


@pytest.fixture
def budget_line(year):
    budget = Budget.objects.create(school_year=year)
    section = BudgetSection.objects.create(budget=budget, name="Overhead")
    return BudgetLine.objects.create(
        section=section, name="Projectleider", kind=LineKind.AMOUNT, amount=Decimal(1000)
    )


def test_budget_update_refused(budget_line, year):
    _close(year)
    budget = budget_line.section.budget
    _refused(
        lambda: report_services.budget_update(
            budget=budget, income_label="x", income_amount=Decimal(1), reserve_carried_in=None
        )
    )


def test_budget_create_refused(closed):
    _refused(lambda: report_services.budget_ensure(year=closed))


def test_budget_line_save_refused(budget_line, year):
    _close(year)
    _refused(
        lambda: report_services.budget_line_save(
            budget=budget_line.section.budget,
            section_name="Overhead",
            line=budget_line,
            amount=Decimal(5),
        )
    )
    budget_line.refresh_from_db()
    assert budget_line.amount == Decimal(1000)


def test_actual_entry_add_and_delete_refused(budget_line, year):
    entry = ActualEntry.objects.create(
        line=budget_line, date=year.end_date, description="x", amount=Decimal(10)
    )
    _close(year)
    _refused(
        lambda: report_services.actual_entry_add(
            line=budget_line,
            date=year.end_date,
            description="y",
            hours=None,
            amount=Decimal(5),
            rate_kind="standard",
        )
    )
    _refused(lambda: report_services.actual_entry_delete(entry=entry))
    assert ActualEntry.objects.filter(pk=entry.pk).exists()


def test_budget_import_refused_before_reading_the_file(budget_line, year):
    _close(year)
    _refused(lambda: import_budget(budget=budget_line.section.budget, content=b"not a workbook"))


# Placements ---------------------------------------------------------------------------------


@pytest.fixture
def so_world(year):
    location = SchoolLocationFactory()
    so = user_with_role(Role.SO, year=year, locations=[location])
    placement = PlacementFactory(
        location=location,
        school_year=year,
        so=so.person,
        start_date=dt.date(2030, 9, 1),
        end_date=dt.date(2031, 7, 1),
    )
    return so, location, placement


def test_placement_create_refused(so_world, year):
    so, location, _ = so_world
    _close(year)
    _refused(
        lambda: placement_services.placement_create(
            user=so,
            location_id=location.pk,
            student=StudentFactory(),
            level=StageLevel.VT2,
            start_date=dt.date(2030, 9, 1),
            end_date=dt.date(2031, 6, 1),
            days_per_week=Decimal(2),
            wpb=None,
            year=year,
        )
    )


def test_placement_update_stop_switch_register_refused(so_world, year):
    so, _, placement = so_world
    _close(year)
    common = {"user": so, "placement_id": placement.pk, "version": placement.version}
    _refused(
        lambda: placement_services.placement_stop(
            **common, stopped_on=dt.date(2030, 11, 1), reason="ziek"
        )
    )
    _refused(lambda: placement_services.placement_mark_registered(**common))
    _refused(
        lambda: placement_services.placement_record_switch(
            **common, location_id=SchoolLocationFactory().pk, switch_date=dt.date(2031, 2, 1)
        )
    )
    _refused(
        lambda: placement_services.placement_update(
            **common,
            level=StageLevel.VT3,
            institute_label="",
            start_date=placement.start_date,
            end_date=placement.end_date,
            days_per_week=Decimal(2),
            wpb=None,
            io=None,
            is_final=False,
            four_eyes_exception="",
        )
    )
    placement.refresh_from_db()
    assert placement.status == "active"


def test_checklist_tick_refused(so_world, year):
    so, _, placement = so_world
    item = ChecklistItem.objects.create(
        placement=placement, kind="agreement", position=0, due_date=dt.date(2030, 9, 1)
    )
    _close(year)
    _refused(lambda: placement_services.checklist_item_set(user=so, item_id=item.pk, done=True))
    item.refresh_from_db()
    assert item.done_at is None


def test_place_offer_refused(so_world, year):
    so, location, _ = so_world
    _close(year)
    _refused(
        lambda: offers.offer_save(
            user=so,
            location_id=location.pk,
            subject="Engels",
            level=StageLevel.VT2,
            places=2,
            first_year_reserved=0,
            year=year,
        )
    )


# Stipend ------------------------------------------------------------------------------------


def test_stipend_start_and_accept_refused():
    world = make_world()
    application = submitted_application(world)
    other = PlacementFactory(
        student=StudentFactory(),
        location=world.placement.location,
        school_year=world.year,
        level=StageLevel.VT4,
        is_final=True,
        so=world.so.person,
    )
    _close(world.year)
    with pytest.raises(YearClosed):
        stipend_services.accept(application=application, actor=world.hr)
    application.refresh_from_db()
    assert application.status == "submitted"
    with pytest.raises(YearClosed):
        stipend_services.start_application(placement=other, actor=world.so)
