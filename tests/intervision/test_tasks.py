"""The weekly digest: one mail per SO, nothing when nothing is due, sent once a week."""

import datetime as dt

import pytest
from django.core import mail

from intervision import services
from intervision.models import CadenceDigest
from intervision.tasks import send_cadence_digest, send_weekly_cadence_digests
from tests.intervision.factories import at, make_world

pytestmark = pytest.mark.django_db


def setup_group(world):
    placements = [world.place("VT3"), world.place("VT3")]
    group = services.group_create(
        user=world.so, name="Bovenbouw", band="senior", location_ids=[world.school.pk]
    )
    for placement in placements:
        services.member_add(user=world.so, group_id=group.pk, placement_id=placement.pk)
    meeting = services.meeting_plan(
        user=world.so,
        group_id=group.pk,
        starts_at=at(dt.date(2020, 9, 10)),
        place="Aula",
        leader_kind="so",
        leader_id=world.so.person.pk,
    )
    services.attendance_record(
        user=world.so,
        meeting_id=meeting.pk,
        statuses={placements[0].pk: "present", placements[1].pk: "present"},
    )
    return placements


def so_mails(world):
    return [m for m in mail.outbox if m.to == [world.so.person.email]]


def test_digest_is_sent_once_a_week_to_each_so_with_students_due(
    django_capture_on_commit_callbacks,
):
    world = make_world()
    placements = setup_group(world)
    # Thursday 15 October: five weeks after the meeting of 10 September.
    with django_capture_on_commit_callbacks(execute=True):
        queued = send_weekly_cadence_digests("2020-10-15")
    assert queued >= 2  # every SO of the year is asked; only those with students due get mail
    sent = so_mails(world)
    assert len(sent) == 1
    body = sent[0].body
    assert placements[0].student.full_name in body
    assert "geen bijeenkomst volgens het ritme" in body
    html, kind = sent[0].alternatives[0]
    assert kind == "text/html" and placements[0].student.full_name in html
    assert not [m for m in mail.outbox if m.to == [world.other_so.person.email]]
    # A second run in the same week (Monday to Sunday) sends nothing new.
    with django_capture_on_commit_callbacks(execute=True):
        send_weekly_cadence_digests("2020-10-18")
        assert send_cadence_digest(world.so.person.pk, world.year.pk, "2020-10-16") is False
    assert len(so_mails(world)) == 1
    digest = CadenceDigest.objects.get(person=world.so.person)
    assert digest.week_start == dt.date(2020, 10, 12) and digest.item_count == 2
    # The next week, when still due, a new digest.
    with django_capture_on_commit_callbacks(execute=True):
        send_weekly_cadence_digests("2020-10-19")
    assert len(so_mails(world)) == 2


def test_nothing_is_sent_when_nothing_is_due():
    world = make_world()
    setup_group(world)
    assert send_cadence_digest(world.so.person.pk, world.year.pk, "2020-10-01") is False
    assert so_mails(world) == []
    assert not CadenceDigest.objects.filter(person=world.so.person).exists()


def test_no_year_no_digest():
    assert send_weekly_cadence_digests("1999-01-04") == 0
