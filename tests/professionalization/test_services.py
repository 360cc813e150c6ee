"""Registration with capacity and waiting list, the Velon rule against role history,
attendance, evaluation, reminders, certificates and reflective conversations."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from bos.models import Role
from professionalization import services
from professionalization.models import (
    Certificate,
    CertificateRun,
    ConversationKind,
    MeetingKind,
    Registration,
    RegistrationStatus,
    RunStatus,
)
from professionalization.tasks import send_meeting_reminders
from tests.factories import RoleAssignmentFactory, SchoolYearFactory, user_with_role

from .factories import make_meeting, make_world

pytestmark = pytest.mark.django_db


def _status(world, user):
    return Registration.objects.get(meeting=world.meeting, person=user.person).status


def test_full_meeting_puts_the_next_on_the_waiting_list(django_capture_on_commit_callbacks):
    world = make_world(capacity=2, wpbs=4)
    first, second, third, fourth = world.wpbs
    for user in (first, second):
        result = services.register(user=user, meeting_id=world.meeting.pk)
        assert result.registration.status == RegistrationStatus.REGISTERED
    result = services.register(user=third, meeting_id=world.meeting.pk)
    assert result.registration.status == RegistrationStatus.WAITING
    assert "wachtlijst (nummer 1)" in result.message
    services.register(user=fourth, meeting_id=world.meeting.pk)
    assert Registration.objects.filter(meeting=world.meeting, status="registered").count() == 2

    mail.outbox.clear()
    mine = Registration.objects.get(meeting=world.meeting, person=first.person)
    with django_capture_on_commit_callbacks(execute=True):
        moved = services.cancel(user=first, registration_id=mine.pk)
    # The first on the list (not the last) moves up and is told by e-mail.
    assert moved.person == third.person
    assert _status(world, third) == RegistrationStatus.REGISTERED
    assert _status(world, fourth) == RegistrationStatus.WAITING
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [third.person.email]
    assert "plaats vrijgekomen" in message.subject
    assert message.alternatives and message.alternatives[0][1] == "text/html"
    assert Registration.objects.filter(meeting=world.meeting, status="registered").count() == 2


def test_cancelling_from_the_waiting_list_moves_nobody_up():
    world = make_world(capacity=1, wpbs=3)
    a, b, c = world.wpbs
    for user in (a, b, c):
        services.register(user=user, meeting_id=world.meeting.pk)
    waiting = Registration.objects.get(meeting=world.meeting, person=b.person)
    assert services.cancel(user=b, registration_id=waiting.pk) is None
    assert _status(world, c) == RegistrationStatus.WAITING


def test_registering_twice_is_refused_and_re_registering_joins_the_end():
    world = make_world(capacity=1, wpbs=3)
    a, b, c = world.wpbs
    services.register(user=a, meeting_id=world.meeting.pk)
    with pytest.raises(ValidationError, match="al aangemeld"):
        services.register(user=a, meeting_id=world.meeting.pk)
    services.register(user=b, meeting_id=world.meeting.pk)
    services.register(user=c, meeting_id=world.meeting.pk)
    mine = Registration.objects.get(meeting=world.meeting, person=b.person)
    services.cancel(user=b, registration_id=mine.pk)
    services.register(user=b, meeting_id=world.meeting.pk)
    seat = Registration.objects.get(meeting=world.meeting, person=a.person)
    assert services.cancel(user=a, registration_id=seat.pk).person == c.person


def test_only_the_owner_cancels():
    world = make_world()
    a, b, _ = world.wpbs
    services.register(user=a, meeting_id=world.meeting.pk)
    mine = Registration.objects.get(meeting=world.meeting, person=a.person)
    with pytest.raises(Registration.DoesNotExist):
        services.cancel(user=b, registration_id=mine.pk)


def test_past_meetings_take_no_registrations():
    world = make_world(days_ahead=-3)
    if world.meeting.date >= dt.date.today():
        pytest.fail("The test world's meeting should lie in the past.")
    with pytest.raises(ValidationError, match="al geweest"):
        services.register(user=world.wpbs[0], meeting_id=world.meeting.pk)


def test_people_without_a_participant_role_cannot_register():
    world = make_world()
    with pytest.raises(ValidationError, match="WPB, SO en IO"):
        services.register(user=world.pl, meeting_id=world.meeting.pk)


def test_start_meeting_is_for_the_schools_own_people():
    world = make_world()
    start = services.start_meeting_save(
        user=world.so,
        year=world.year,
        location_id=world.school.pk,
        date=world.meeting.date,
        start_time=dt.time(15, 30),
        end_time=dt.time(17, 0),
        capacity=30,
        co_leader=world.io.person,
    )
    assert start.kind == MeetingKind.START
    assert start.leader == world.so.person
    services.register(user=world.wpbs[0], meeting_id=start.pk)
    with pytest.raises(ValidationError, match="startbijeenkomst"):
        services.register(user=world.other_wpb, meeting_id=start.pk)
    # An SO sets the start meeting of their own school only.
    with pytest.raises(PermissionDenied):
        services.start_meeting_save(
            user=world.so,
            year=world.year,
            location_id=world.other_school.pk,
            date=world.meeting.date,
            start_time=dt.time(15, 30),
            end_time=dt.time(17, 0),
            capacity=30,
        )


# The Velon rule against role history ---------------------------------------------------------


def _previous_years(world, count):
    years = []
    for back in range(1, count + 1):
        start = world.year.start_year - back
        years.append(
            SchoolYearFactory(
                name=f"{start}-{start + 1}",
                start_date=dt.date(start, 8, 1),
                end_date=dt.date(start + 1, 7, 31),
            )
        )
    return years


def test_velon_open_to_an_so_with_two_earlier_years(django_capture_on_commit_callbacks):
    world = make_world()
    velon = make_meeting(world.year, world.themes[11], world.school, world.so)
    experienced = user_with_role(Role.SO, year=world.year, locations=[world.school])
    for year in _previous_years(world, 2):
        RoleAssignmentFactory(
            person=experienced.person,
            school_year=year,
            role=Role.IO,
            institute=world.io.person.roles.first().institute,
        )
    result = services.register(user=experienced, meeting_id=velon.pk)
    assert result.registration.status == RegistrationStatus.REGISTERED


def test_velon_closed_to_an_so_with_one_earlier_year_and_to_wpbs():
    world = make_world()
    velon = make_meeting(world.year, world.themes[11], world.school, world.so)
    newcomer = user_with_role(Role.SO, year=world.year, locations=[world.school])
    (last_year,) = _previous_years(world, 1)
    RoleAssignmentFactory(person=newcomer.person, school_year=last_year, role=Role.SO)
    # A WPB role in an earlier year is no experience as opleider.
    (older,) = [y for y in _previous_years(world, 2) if y != last_year]
    RoleAssignmentFactory(person=newcomer.person, school_year=older, role=Role.WPB)
    with pytest.raises(ValidationError, match="minimaal 2 jaar"):
        services.register(user=newcomer, meeting_id=velon.pk)
    with pytest.raises(ValidationError, match="alleen voor SO en IO"):
        services.register(user=world.wpbs[0], meeting_id=velon.pk)
    assert not Registration.objects.filter(meeting=velon).exists()


# Attendance and evaluation -------------------------------------------------------------------


def test_leader_records_attendance_and_hours_follow():
    world = make_world(days_ahead=0, capacity=5)
    _only_the_worlds_meetings(world)
    a, b, c = world.wpbs
    for user in (a, b, c):
        services.register(user=user, meeting_id=world.meeting.pk)
    regs = {r.person_id: r for r in Registration.objects.filter(meeting=world.meeting)}
    with pytest.raises(PermissionDenied):
        services.record_attendance(user=a, meeting_id=world.meeting.pk, present_ids=set())
    present = services.record_attendance(
        user=world.so,
        meeting_id=world.meeting.pk,
        present_ids={regs[a.person.pk].pk, regs[b.person.pk].pk},
    )
    assert present == 2
    hours = dict(Registration.objects.values_list("person_id", "hours"))
    assert hours[a.person.pk] == Decimal("2.50")
    assert hours[c.person.pk] == Decimal("0")
    with pytest.raises(ValidationError, match="Onbekende deelnemer"):
        services.record_attendance(user=world.pl, meeting_id=world.meeting.pk, present_ids={-1})

    services.evaluate(user=a, registration_id=regs[a.person.pk].pk, score=4, comment=" Goed ")
    assert Registration.objects.get(pk=regs[a.person.pk].pk).comment == "Goed"
    with pytest.raises(ValidationError, match="aanwezig"):
        services.evaluate(user=c, registration_id=regs[c.person.pk].pk, score=4, comment="")
    with pytest.raises(ValidationError):
        services.evaluate(user=b, registration_id=regs[b.person.pk].pk, score=9, comment="")
    with pytest.raises(Registration.DoesNotExist):
        services.evaluate(user=b, registration_id=regs[a.person.pk].pk, score=1, comment="")


def test_attendance_waits_for_the_day():
    world = make_world(days_ahead=5)
    with pytest.raises(ValidationError, match="vanaf de dag"):
        services.record_attendance(user=world.so, meeting_id=world.meeting.pk, present_ids=set())


# Reminders ------------------------------------------------------------------------------------


def _only_the_worlds_meetings(world) -> None:
    """The world's year is today's, which the demo (loaded by other tests in this process)
    may fill too; a round over the whole year counts the world's people only when the
    year holds nothing else (rolled back with the test)."""
    Registration.objects.filter(meeting__school_year=world.year).exclude(
        meeting=world.meeting
    ).delete()


def test_reminders_go_once_a_week_and_once_a_day_before(django_capture_on_commit_callbacks):
    world = make_world(days_ahead=20, capacity=5)
    _only_the_worlds_meetings(world)
    a, b, _ = world.wpbs
    services.register(user=a, meeting_id=world.meeting.pk)
    services.register(user=b, meeting_id=world.meeting.pk)
    day = world.meeting.date
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert send_meeting_reminders((day - dt.timedelta(days=8)).isoformat()) == 0
        assert send_meeting_reminders((day - dt.timedelta(days=7)).isoformat()) == 2
        assert send_meeting_reminders((day - dt.timedelta(days=7)).isoformat()) == 0
        assert send_meeting_reminders((day - dt.timedelta(days=3)).isoformat()) == 0
        assert send_meeting_reminders((day - dt.timedelta(days=1)).isoformat()) == 2
        assert send_meeting_reminders((day - dt.timedelta(days=1)).isoformat()) == 0
    subjects = [m.subject for m in mail.outbox]
    assert len(subjects) == 4
    assert sum("over een week" in m.body for m in mail.outbox) == 2
    assert sum("morgen" in m.body for m in mail.outbox) == 2


# Certificates --------------------------------------------------------------------------------


def test_year_end_round_prepares_certificates_and_mails_each_once(
    django_capture_on_commit_callbacks,
):
    world = make_world(days_ahead=0, capacity=5)
    _only_the_worlds_meetings(world)
    a, b, c = world.wpbs
    for user in (a, b, c):
        services.register(user=user, meeting_id=world.meeting.pk)
    regs = Registration.objects.filter(meeting=world.meeting, person__in=[a.person, b.person])
    services.record_attendance(
        user=world.so, meeting_id=world.meeting.pk, present_ids={r.pk for r in regs}
    )
    with pytest.raises(PermissionDenied):
        services.certificate_run_request(user=world.so, year=world.year)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        run = services.certificate_run_request(user=world.pl, year=world.year)
    run.refresh_from_db()
    assert (run.status, run.total, run.done, run.mailed) == (RunStatus.DONE, 2, 2, 2)
    assert run.percent == 100
    assert sorted(m.to[0] for m in mail.outbox) == sorted([a.person.email, b.person.email])
    assert "/professionalisering/certificaat/" in mail.outbox[0].body
    codes = set(Certificate.objects.filter(school_year=world.year).values_list("code", flat=True))
    assert len(codes) == 2 and all(len(code) >= 20 for code in codes)
    with django_capture_on_commit_callbacks(execute=True):
        again = services.certificate_run_request(user=world.pl, year=world.year)
    again.refresh_from_db()
    assert again.mailed == 0 and len(mail.outbox) == 2
    assert (
        set(Certificate.objects.filter(school_year=world.year).values_list("code", flat=True))
        == codes
    )
    assert CertificateRun.objects.filter(school_year=world.year).count() == 2


# Reflective conversations --------------------------------------------------------------------


def test_conversations_are_planned_by_the_right_partner_and_noted_by_the_two():
    world = make_world()
    wpb = world.wpbs[0]
    conversation = services.conversation_plan(
        user=world.so,
        year=world.year,
        kind=ConversationKind.WPB_SO,
        participant_id=wpb.person.pk,
        planned_on=world.meeting.date,
    )
    assert conversation.location == world.school
    with pytest.raises(ValidationError, match="eigen school"):
        services.conversation_plan(
            user=world.so,
            year=world.year,
            kind=ConversationKind.WPB_SO,
            participant_id=world.other_wpb.person.pk,
            planned_on=world.meeting.date,
        )
    with pytest.raises(ValidationError, match="al gepland"):
        services.conversation_plan(
            user=world.so,
            year=world.year,
            kind=ConversationKind.WPB_SO,
            participant_id=wpb.person.pk,
            planned_on=world.meeting.date,
        )
    services.conversation_record(
        user=wpb,
        conversation_id=conversation.pk,
        planned_on=world.year.start_date,
        held_on=world.year.start_date,
        notes="Mijn doelen",
    )
    with pytest.raises(type(conversation).DoesNotExist):
        services.conversation_record(
            user=world.wpbs[1],
            conversation_id=conversation.pk,
            planned_on=world.year.start_date,
            held_on=None,
            notes="",
        )
    with pytest.raises(type(conversation).DoesNotExist):
        services.conversation_record(
            user=world.pl,
            conversation_id=conversation.pk,
            planned_on=world.year.start_date,
            held_on=None,
            notes="",
        )


def test_reminders_are_scheduled_daily():
    from django.conf import settings

    entry = settings.CELERY_BEAT_SCHEDULE["professionalization-reminders"]
    assert entry["task"] == "professionalization.tasks.send_meeting_reminders"


def test_hours_per_participant_feed_the_facilitation_view():
    from professionalization.selectors import hours_per_person

    world = make_world(days_ahead=0, capacity=5)
    services.register(user=world.so, meeting_id=world.meeting.pk)
    seat = Registration.objects.get(person=world.so.person)
    services.record_attendance(user=world.pl, meeting_id=world.meeting.pk, present_ids={seat.pk})
    assert hours_per_person(world.year, [world.so.person.pk, world.io.person.pk]) == {
        world.so.person.pk: Decimal("2.50")
    }


def test_projectleider_changes_the_years_numbers_and_the_rules_follow():
    world = make_world()
    with pytest.raises(PermissionDenied):
        services.policy_update(user=world.so, year=world.year, velon_min_years=1)
    services.policy_update(user=world.pl, year=world.year, velon_min_years=0)
    velon = make_meeting(world.year, world.themes[11], world.school, world.so)
    result = services.register(user=world.so, meeting_id=velon.pk)
    assert result.registration.status == RegistrationStatus.REGISTERED
