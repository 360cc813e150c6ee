import datetime as dt

import pytest
from django.core import mail

from placements import services
from placements.models import ChecklistKind, ReminderDigest
from placements.tasks import send_daily_reminders, send_so_digest
from tests.placements.factories import make_world

pytestmark = pytest.mark.django_db


def test_one_digest_per_so_per_day(django_capture_on_commit_callbacks):
    world = make_world()
    placement = world.create()  # registered 21 August, reply due 26 August
    second_student = world.student.__class__.objects.create(
        first_name="Twee",
        last_name="Tweede",
        email="twee@student.example",
        institute=world.institute,
        programme="Duits",
        variant="vt",
        student_number="T2",
    )
    world.create(student=second_student)
    reply = placement.checklist.get(kind=ChecklistKind.REPLY)
    services.checklist_item_set(user=world.so_user, item_id=reply.pk, done=True)

    with django_capture_on_commit_callbacks(execute=True):
        queued = send_daily_reminders("2020-09-10")
    assert queued >= 1
    to_so = [m for m in mail.outbox if m.to == [world.so.email]]
    assert len(to_so) == 1
    body = to_so[0].body
    assert "Aanmeldingen zonder reactie:" in body
    assert "Twee Tweede" in body  # the unanswered registration
    assert "Te late checklistpunten:" in body
    assert "10 september 2020" in body

    # The beat running twice the same day sends nothing new; ids only in the arguments.
    with django_capture_on_commit_callbacks(execute=True):
        send_daily_reminders("2020-09-10")
    assert len([m for m in mail.outbox if m.to == [world.so.email]]) == 1
    assert ReminderDigest.objects.get(person=world.so, day=dt.date(2020, 9, 10)).item_count > 1


def test_no_digest_when_nothing_is_overdue():
    world = make_world()
    world.create()
    assert send_so_digest(world.so.pk, "2020-08-22") is False
    assert not [m for m in mail.outbox if m.to == [world.so.email]]
