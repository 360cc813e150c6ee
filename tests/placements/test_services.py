"""Placement services: each validation, the version check and the status changes."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from bos.models import Role
from placements import services
from placements.models import ChecklistItem, ChecklistKind, Placement, PlacementStatus, Student
from tests.factories import PersonFactory, RoleAssignmentFactory, user_with_role
from tests.placements.factories import make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return make_world()


def test_create_sets_so_and_generates_the_checklist(world):
    placement = world.create()
    assert placement.so == world.so
    assert placement.status == PlacementStatus.PLANNED
    items = {item.kind: item for item in placement.checklist.all()}
    # Registered on Friday 21 August: three working days later is Wednesday 26 August.
    assert items[ChecklistKind.REPLY].due_date == dt.date(2020, 8, 26)
    assert ChecklistKind.VOG in items
    assert ChecklistKind.STIPEND_FORM not in items  # not a final placement
    assert items[ChecklistKind.AGREEMENT].responsible_role == "io"


def test_final_placement_gets_the_stipend_form(world):
    placement = world.create(is_final=True, level="VT4")
    assert placement.checklist.filter(kind=ChecklistKind.STIPEND_FORM).exists()


def test_location_outside_the_users_scope_is_refused(world):
    with pytest.raises(ValidationError) as info:
        world.create(location_id=world.other_location.pk, wpb=None, io=None)
    assert "eigen locaties" in str(info.value)
    assert not Placement.objects.filter(student=world.student).exists()


def test_period_must_lie_inside_the_school_year(world):
    with pytest.raises(ValidationError) as info:
        world.create(end_date=dt.date(2021, 8, 15))
    assert "binnen schooljaar 2020-2021" in str(info.value)
    assert not Placement.objects.filter(student=world.student).exists()


def test_wpb_must_work_at_this_location(world):
    stranger = PersonFactory()
    RoleAssignmentFactory(
        person=stranger, school_year=world.year, role=Role.WPB, locations=[world.other_location]
    )
    with pytest.raises(ValidationError) as info:
        world.create(wpb=stranger)
    assert "niet verbonden aan Testcollege" in str(info.value)
    assert not ChecklistItem.objects.filter(placement__student=world.student).exists()


def test_new_or_unqualified_wpb_gives_a_warning_not_a_block(world):
    newcomer = services.wpb_find_or_create(
        user=world.so_user,
        location_id=world.location.pk,
        email="Nieuw.Docent@School.example",
        first_name="Nieuw",
        last_name="Docent",
        subjects="Engels",
        qualification_grade=None,
        started_at_school=2020,
    )
    assert newcomer.email == "nieuw.docent@school.example"
    result = services.placement_create(
        user=world.so_user,
        location_id=world.location.pk,
        student=world.student,
        level="VT2",
        start_date=dt.date(2020, 9, 1),
        end_date=dt.date(2021, 7, 1),
        days_per_week=Decimal(2),
        wpb=newcomer,
    )
    assert result.placement.pk
    assert any("geen bevoegdheid" in w for w in result.warnings)
    assert any("korter dan 1 jaar" in w for w in result.warnings)


def test_four_eyes_rule_unless_an_exception_is_recorded(world):
    RoleAssignmentFactory(
        person=world.so,
        school_year=world.year,
        role=Role.WPB,
        locations=[world.location],
        qualification_grade=1,
        started_at_school=2010,
    )
    with pytest.raises(ValidationError) as info:
        world.create(wpb=world.so)
    assert "vier-ogenprincipe" in str(info.value)
    placement = world.create(wpb=world.so, four_eyes_exception="Kleine school; IO beoordeelt.")
    assert placement.pk


def test_no_overlapping_open_placement(world):
    world.create()
    with pytest.raises(ValidationError) as info:
        world.create(start_date=dt.date(2021, 2, 1))
    assert "al een lopende stage" in str(info.value)
    assert Placement.objects.filter(student=world.student).count() == 1


def test_io_must_work_for_the_students_institute_here(world):
    other_io = user_with_role(
        Role.IO, year=world.year, locations=[world.other_location], institute=world.institute
    )
    with pytest.raises(ValidationError):
        world.create(io=other_io.person)


def test_roles_without_edit_rights_cannot_create(world):
    with pytest.raises(PermissionDenied):
        world.create(user=world.io_user)


def test_student_find_or_create_matches_institute_and_number(world):
    found = services.student_find_or_create(
        user=world.so_user,
        institute_id=world.institute.pk,
        student_number=f" {world.student.student_number} ",
        first_name=world.student.first_name.upper(),
        last_name=f" {world.student.last_name} ",
        email=world.student.email.upper(),
        programme=world.student.programme,
        variant=world.student.variant,
    )
    assert found == world.student
    assert Student.objects.filter(institute=world.institute).count() == 1


def test_stale_version_is_refused_and_nothing_saved(world):
    placement = world.create()
    services.placement_mark_registered(
        user=world.so_user, placement_id=placement.pk, version=placement.version
    )
    with pytest.raises(ValidationError) as info:
        services.placement_stop(
            user=world.so_user,
            placement_id=placement.pk,
            version=placement.version,  # the version loaded before the other change
            stopped_on=dt.date(2020, 10, 1),
            reason="Ziek",
        )
    assert "intussen door iemand anders gewijzigd" in str(info.value)
    placement.refresh_from_db()
    assert placement.status == PlacementStatus.PLANNED
    assert placement.registered_in_institute_system
    assert placement.version == 2


def test_stop_needs_a_reason_and_sets_the_status(world):
    placement = world.create()
    with pytest.raises(ValidationError):
        services.placement_stop(
            user=world.so_user,
            placement_id=placement.pk,
            version=1,
            stopped_on=dt.date(2020, 10, 1),
            reason=" ",
        )
    stopped = services.placement_stop(
        user=world.so_user,
        placement_id=placement.pk,
        version=1,
        stopped_on=dt.date(2020, 10, 1),
        reason="Andere studie",
    )
    assert stopped.status == PlacementStatus.STOPPED
    assert stopped.stopped_on == dt.date(2020, 10, 1)


def test_another_schools_so_cannot_change_a_placement(world):
    placement = world.create()
    with pytest.raises(Placement.DoesNotExist):
        services.placement_mark_registered(
            user=world.other_so_user, placement_id=placement.pk, version=1
        )


def test_switch_ends_the_placement_and_starts_one_at_the_new_school(world):
    placement = world.create()
    new = services.placement_record_switch(
        user=world.so_user,
        placement_id=placement.pk,
        version=1,
        location_id=world.other_location.pk,
        switch_date=dt.date(2021, 2, 1),
    )
    placement.refresh_from_db()
    assert placement.status == PlacementStatus.COMPLETED
    assert placement.end_date == dt.date(2021, 1, 31)
    assert new.switched_from == placement
    assert new.location == world.other_location
    assert new.so == world.other_so_user.person
    assert new.checklist.exists()
    with pytest.raises(ValidationError):
        services.placement_record_switch(
            user=world.so_user,
            placement_id=placement.pk,
            version=2,
            location_id=world.other_location.pk,
            switch_date=dt.date(2021, 3, 1),
        )


def test_checklist_ticks_record_who_and_when(world):
    placement = world.create()
    reply = placement.checklist.get(kind=ChecklistKind.REPLY)
    agreement = placement.checklist.get(kind=ChecklistKind.AGREEMENT)
    item = services.checklist_item_set(user=world.so_user, item_id=reply.pk, done=True)
    assert item.done_at is not None
    assert item.done_by == world.so_user
    assert item.done_by_name == world.so.full_name
    # The IO ticks their own item, not the SO's.
    services.checklist_item_set(user=world.io_user, item_id=agreement.pk, done=True)
    with pytest.raises(PermissionDenied):
        services.checklist_item_set(user=world.io_user, item_id=reply.pk, done=False)
    # Another school's SO does not even see it.
    with pytest.raises(Placement.DoesNotExist):
        services.checklist_item_set(user=world.other_so_user, item_id=reply.pk, done=False)
    item = services.checklist_item_set(user=world.so_user, item_id=reply.pk, done=False)
    assert item.done_at is None
    assert item.done_by_name == ""


def test_no_vog_item_when_the_student_had_a_recent_bos_vog(world):
    first = world.create(end_date=dt.date(2021, 1, 29))
    vog = first.checklist.get(kind=ChecklistKind.VOG)
    services.checklist_item_set(user=world.so_user, item_id=vog.pk, done=True)
    # The clock runs years after the demo year: date the tick when it would have happened.
    ChecklistItem.objects.filter(pk=vog.pk).update(
        done_at=dt.datetime(2020, 8, 25, 10, tzinfo=dt.UTC)
    )
    services.placement_stop(
        user=world.so_user,
        placement_id=first.pk,
        version=1,
        stopped_on=dt.date(2021, 1, 29),
        reason="Periode voorbij",
    )
    second = world.create(start_date=dt.date(2021, 2, 1))
    assert not second.checklist.filter(kind=ChecklistKind.VOG).exists()
