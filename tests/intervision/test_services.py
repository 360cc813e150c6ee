"""Groups, members, meetings, attendance and reports through the services, with scope."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from intervision import selectors, services
from intervision.models import IntervisionGroup, Meeting, Membership, Reflection
from placements.models import PlacementStatus
from tests.intervision.factories import at, make_world

pytestmark = pytest.mark.django_db


def test_the_suggestion_becomes_groups_and_nobody_is_left():
    world = make_world()
    for _ in range(7):
        world.place("VT1")
    for _ in range(12):
        world.place("VT3")
    world.place("VT2", location=world.other)  # not the SO's school
    suggested = selectors.suggestion(user=world.so)
    assert sorted(len(item["placements"]) for item in suggested) == [6, 6, 7]
    groups = services.groups_from_suggestion(user=world.so)
    assert len(groups) == 3
    assert Membership.objects.filter(group__in=groups, left_on__isnull=True).count() == 19
    assert not [u for u in selectors.needs_group(user=world.so) if u.reason == "no_group"]
    with pytest.raises(ValidationError):
        services.groups_from_suggestion(user=world.so)  # nothing left to suggest


def test_students_join_their_own_schools_groups_or_an_online_group():
    world = make_world()
    own = services.group_create(
        user=world.so, name="Eigen", band="junior", location_ids=[world.school.pk]
    )
    other = services.group_create(
        user=world.other_so, name="Ander", band="senior", location_ids=[world.other.pk]
    )
    regular = world.place("VT2")
    part_timer = world.place("DT")
    with pytest.raises(IntervisionGroup.DoesNotExist):
        services.member_add(user=world.so, group_id=other.pk, placement_id=regular.pk)
    membership = services.member_add(user=world.so, group_id=own.pk, placement_id=regular.pk)
    with pytest.raises(ValidationError, match="zit al in een intervisiegroep"):
        services.member_add(user=world.so, group_id=own.pk, placement_id=regular.pk)
    with pytest.raises(ValidationError, match="eigen locaties of een online groep"):
        services.member_move(user=world.so, membership_id=membership.pk, group_id=other.pk)
    other.is_online = True
    other.save()
    moved = services.member_move(user=world.so, membership_id=membership.pk, group_id=other.pk)
    assert moved.group == other
    # A part-time student may join the seniors' group as well as the juniors'.
    services.member_add(user=world.so, group_id=own.pk, placement_id=part_timer.pk)
    stranger = world.place("VT2", location=world.other)
    with pytest.raises(IntervisionGroup.DoesNotExist):
        services.member_add(user=world.other_so, group_id=own.pk, placement_id=stranger.pk)


def test_an_so_cannot_touch_another_schools_students():
    world = make_world()
    group = services.group_create(
        user=world.so, name="Eigen", band="junior", location_ids=[world.school.pk]
    )
    stranger = world.place("VT2", location=world.other)
    with pytest.raises(ValidationError, match="eigen locaties"):
        services.member_add(user=world.so, group_id=group.pk, placement_id=stranger.pk)
    with pytest.raises(ValidationError):
        services.group_create(user=world.so, name="X", band="junior", location_ids=[world.other.pk])
    with pytest.raises(PermissionDenied):
        services.group_create(
            user=world.io, name="X", band="junior", location_ids=[world.school.pk]
        )


def test_a_stopped_placement_shows_as_left_until_the_so_acts():
    world = make_world()
    placement = world.place("VT2")
    group = services.group_create(
        user=world.so, name="Eigen", band="junior", location_ids=[world.school.pk]
    )
    membership = services.member_add(user=world.so, group_id=group.pk, placement_id=placement.pk)
    placement.status = PlacementStatus.STOPPED
    placement.stopped_on = dt.date(2020, 11, 1)
    placement.save()
    reasons = [(u.placement.pk, u.reason) for u in selectors.needs_group(user=world.so)]
    assert reasons == [(placement.pk, "left")]
    services.member_remove(user=world.so, membership_id=membership.pk)
    assert selectors.needs_group(user=world.so) == []


def test_meeting_leaders():
    world = make_world()
    group = services.group_create(
        user=world.so, name="Eigen", band="senior", location_ids=[world.school.pk]
    )
    final = world.place("VT4")
    second = world.place("VT2")
    base = {"user": world.so, "group_id": group.pk, "starts_at": at(dt.date(2020, 10, 8))}
    with pytest.raises(ValidationError, match="plaats"):
        services.meeting_plan(**base, leader_kind="so", leader_id=world.so.person.pk)
    base["place"] = "Lokaal 12"
    meeting = services.meeting_plan(**base, leader_kind="so", leader_id=world.so.person.pk)
    assert meeting.leader_name == world.so.person.full_name
    with pytest.raises(ValidationError):
        services.meeting_plan(**base, leader_kind="so", leader_id=world.other_so.person.pk)
    with pytest.raises(ValidationError, match="afstudeer"):
        services.meeting_plan(
            **base,
            leader_kind="student",
            leader_student_id=second.student_id,
            backup_id=world.so.person.pk,
        )
    with pytest.raises(ValidationError, match="achtervang"):
        services.meeting_plan(**base, leader_kind="student", leader_student_id=final.student_id)
    led = services.meeting_plan(
        **base,
        leader_kind="student",
        leader_student_id=final.student_id,
        backup_id=world.io.person.pk,
    )
    assert led.backup == world.io.person
    services.meeting_plan(**base, leader_kind="wpb", leader_id=world.wpb.person.pk)
    with pytest.raises(ValidationError, match="schooljaar"):
        services.meeting_plan(
            **(base | {"starts_at": at(dt.date(2022, 1, 1))}),
            leader_kind="so",
            leader_id=world.so.person.pk,
        )


def plan(world, group, day):
    return services.meeting_plan(
        user=world.so,
        group_id=group.pk,
        starts_at=at(day),
        place="Aula",
        leader_kind="so",
        leader_id=world.so.person.pk,
    )


def test_attendance_and_the_cadence_list():
    world = make_world()
    steady = world.place("VT3")
    missing = world.place("VT3")
    group = services.group_create(
        user=world.so, name="Eigen", band="senior", location_ids=[world.school.pk]
    )
    for placement in (steady, missing):
        services.member_add(user=world.so, group_id=group.pk, placement_id=placement.pk)
    first = plan(world, group, dt.date(2020, 9, 10))
    second = plan(world, group, dt.date(2020, 10, 8))
    with pytest.raises(ValidationError, match="Kies aanwezig"):
        services.attendance_record(
            user=world.so, meeting_id=first.pk, statuses={steady.pk: "present"}
        )
    for meeting in (first, second):
        services.attendance_record(
            user=world.so,
            meeting_id=meeting.pk,
            statuses={steady.pk: "present", missing.pk: "absent"},
        )
    with pytest.raises(Meeting.DoesNotExist):
        services.attendance_record(
            user=world.other_so, meeting_id=first.pk, statuses={steady.pk: "present"}
        )
    rows = selectors.attention_list(user=world.so, today=dt.date(2020, 10, 20))
    assert [row.placement.pk for row in rows] == [missing.pk]
    assert rows[0].result.too_many_absences
    # Five weeks after the last meeting, both are overdue; the IO sees the same.
    late = selectors.attention_list(user=world.io, today=dt.date(2020, 11, 13))
    assert {row.placement.pk for row in late} == {steady.pk, missing.pk}
    assert selectors.attention_list(user=world.other_so, today=dt.date(2020, 11, 13)) == []


def test_cadence_list_has_a_fixed_number_of_queries():
    world = make_world()
    group = services.group_create(
        user=world.so, name="Eigen", band="senior", location_ids=[world.school.pk]
    )

    def grow(n):
        for _ in range(n):
            placement = world.place("VT3")
            services.member_add(user=world.so, group_id=group.pk, placement_id=placement.pk)
        meeting = plan(world, group, dt.date(2020, 9, 10) + dt.timedelta(days=n))
        services.attendance_record(
            user=world.so,
            meeting_id=meeting.pk,
            statuses={m.placement_id: "present" for m in selectors.members_of(group)},
        )

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    grow(2)
    selectors.cadence_rows(user=world.so)  # the year's policy row is made on first use
    with CaptureQueriesContext(connection) as small:
        selectors.cadence_rows(user=world.so, today=dt.date(2020, 11, 1))
    grow(15)
    with CaptureQueriesContext(connection) as large:
        selectors.cadence_rows(user=world.so, today=dt.date(2020, 11, 1))
    assert len(small) == len(large)


def test_report_privacy():
    world = make_world()
    placement = world.place("VT3")
    group = services.group_create(
        user=world.so, name="Eigen", band="senior", location_ids=[world.school.pk]
    )
    services.member_add(user=world.so, group_id=group.pk, placement_id=placement.pk)
    meeting = plan(world, group, dt.date(2020, 9, 10))
    student = world.student_user(placement)
    other_student = world.student_user(world.place("VT3"))
    with pytest.raises(ValidationError, match="leeg"):
        services.reflection_save(user=student, meeting_id=meeting.pk, text="  ")
    report = services.reflection_save(user=student, meeting_id=meeting.pk, text="Ik leerde veel.")
    with pytest.raises(Meeting.DoesNotExist):
        services.reflection_save(user=other_student, meeting_id=meeting.pk, text="Niet van mij")

    def readers():
        result = set()
        for name in ("so", "other_so", "io", "wpb", "projectleider"):
            try:
                selectors.reflection_get(user=getattr(world, name), pk=report.pk)
                result.add(name)
            except Reflection.DoesNotExist:
                pass
        for name, user in (("student", student), ("other_student", other_student)):
            try:
                selectors.reflection_get(user=user, pk=report.pk)
                result.add(name)
            except Reflection.DoesNotExist:
                pass
        return result

    assert readers() == {"student"}
    with pytest.raises(Reflection.DoesNotExist):
        services.reflection_share(user=other_student, reflection_id=report.pk)
    services.reflection_share(user=student, reflection_id=report.pk)
    assert readers() == {"student", "so", "io"}
    assert list(selectors.shared_reflections(user=world.io)) == [report]
    assert list(selectors.shared_reflections(user=world.wpb)) == []
    review = services.reflection_save(user=student, text="Mijn jaar.")
    assert review.kind == "year_review"
    again = services.reflection_save(user=student, text="Mijn jaar, herschreven.")
    assert again.pk == review.pk


def test_methods_and_policy():
    world = make_world()
    services.ensure_methods(world.year)
    names = set(selectors.methods_for(world.year).values_list("name", flat=True))
    assert {"Incidentmethode", "Roddelmethode", "Socratisch gesprek"} <= names
    added = services.method_add(user=world.so, name="  Walt  Disney-methode ", kind="model")
    assert added.name == "Walt Disney-methode" and added.added_by == world.so.person
    with pytest.raises(ValidationError, match="staat al"):
        services.method_add(user=world.so, name="walt disney-methode", kind="model")
    with pytest.raises(PermissionDenied):
        services.policy_update(user=world.so, year=world.year, values={"weeks_between_meetings": 3})
    policy = services.policy_update(
        user=world.projectleider, year=world.year, values={"weeks_between_meetings": 3}
    )
    assert policy.weeks_between_meetings == 3
    with pytest.raises(ValidationError):
        services.policy_update(
            user=world.projectleider, year=world.year, values={"min_group_size": 12}
        )


def test_a_group_that_has_not_met_can_be_deleted():
    world = make_world()
    placement = world.place("VT3")
    group = services.group_create(
        user=world.so, name="Eigen", band="senior", location_ids=[world.school.pk]
    )
    services.member_add(user=world.so, group_id=group.pk, placement_id=placement.pk)
    meeting = plan(world, group, dt.date(2020, 9, 10))
    services.attendance_record(
        user=world.so, meeting_id=meeting.pk, statuses={placement.pk: "present"}
    )
    with pytest.raises(ValidationError, match="blijft bewaard"):
        services.group_delete(user=world.so, group_id=group.pk)
    with pytest.raises(IntervisionGroup.DoesNotExist):
        services.group_delete(user=world.other_so, group_id=group.pk)
    empty = services.group_create(
        user=world.so, name="Nog niet", band="junior", location_ids=[world.school.pk]
    )
    plan(world, empty, dt.date(2020, 9, 17))  # planned, not held
    assert services.group_delete(user=world.so, group_id=empty.pk) == "Nog niet"
    assert not IntervisionGroup.objects.filter(pk=empty.pk).exists()


def test_two_small_schools_of_different_sos_are_combined_and_both_see_the_group():
    world = make_world(start_year=2031)
    own = [world.place("VT1") for _ in range(3)]
    theirs = [world.place("VT2", location=world.other) for _ in range(4)]
    suggested = selectors.suggestion(user=world.so)
    assert len(suggested) == 1
    assert suggested[0]["group"].is_combined
    assert "Testcollege" in suggested[0]["name"] and "Andere school" in suggested[0]["name"]
    (group,) = services.groups_from_suggestion(user=world.so)
    members = {m.placement_id for m in selectors.members_of(group)}
    assert members == {p.pk for p in own + theirs}
    assert list(selectors.group_list(user=world.other_so)) == [group]
    assert selectors.suggestion(user=world.other_so) == []
