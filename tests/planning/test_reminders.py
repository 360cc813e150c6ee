"""Reminder digests: one per person per day, a week and a day before."""

import datetime as dt

import pytest
from django.core import mail

from bos.models import Role
from planning import services
from planning.models import ReminderDigest
from planning.tasks import send_digest, send_reminders
from tests.factories import user_with_role
from tests.placements.factories import make_world
from tests.planning.helpers import add_event

pytestmark = pytest.mark.django_db


def test_one_digest_per_person_per_day(django_capture_on_commit_callbacks):
    world = make_world()
    member = user_with_role(Role.STUURGROEP, year=world.year)
    day = dt.date(world.year.start_year, 9, 14)
    add_event(world.year, title="Stuurgroep A", date=day + dt.timedelta(days=7))
    add_event(world.year, title="Stuurgroep B", date=day + dt.timedelta(days=7),
              start=dt.time(19, 0), end=None)  # fmt: skip
    add_event(world.year, title="Stuurgroep C", date=day + dt.timedelta(days=1))
    add_event(world.year, title="Ver weg", date=day + dt.timedelta(days=3))
    cancelled = add_event(world.year, title="Vervallen", date=day + dt.timedelta(days=1))
    services.set_cancelled(user=None, event=cancelled)

    with django_capture_on_commit_callbacks(execute=True):
        queued = send_reminders(day.isoformat())
    assert queued >= 1  # the member, and the demo's stuurgroep when it is loaded
    to_member = [m for m in mail.outbox if m.to == [member.person.email]]
    assert len(to_member) == 1
    message = to_member[0]
    assert "Stuurgroep A" in message.body and "Stuurgroep B" in message.body
    assert "Stuurgroep C" in message.body and "Morgen" in message.body
    assert "Ver weg" not in message.body and "Vervallen" not in message.body
    assert message.alternatives and message.alternatives[0][1] == "text/html"
    # Not for people the meetings do not concern.
    assert not [m for m in mail.outbox if m.to == [world.so.email]]

    # A second beat run and a retried task on the same day send nothing.
    with django_capture_on_commit_callbacks(execute=True):
        assert send_reminders(day.isoformat()) == 0
    assert send_digest(member.person.pk, day.isoformat()) is False
    assert len([m for m in mail.outbox if m.to == [member.person.email]]) == 1
    assert ReminderDigest.objects.filter(person=member.person, day=day).count() == 1


def test_named_person_gets_their_reply_deadline_reminder(django_capture_on_commit_callbacks):
    world = make_world()
    placement = world.create()  # reply due 26 August 2020
    due = placement.checklist.get(kind="reply").due_date
    with django_capture_on_commit_callbacks(execute=True):
        send_reminders((due - dt.timedelta(days=1)).isoformat())
    to_so = [m for m in mail.outbox if m.to == [world.so.email]]
    assert len(to_so) == 1
    assert world.student.last_name in to_so[0].body


def test_task_arguments_are_ids_and_dates():
    world = make_world()
    assert send_digest(world.so.pk, "2020-09-01") is False  # nothing ahead: no mail
    assert mail.outbox == []
