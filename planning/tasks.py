"""Reminder e-mails one week and one day before a date, for the people it concerns.

One digest per person per day, never one mail per event: the beat task finds who has dates
coming up and queues one task per person with only ids and an ISO date; the person's task
sends at most once per day (a `ReminderDigest` row is the sent-marker)."""

from __future__ import annotations

import datetime as dt

from celery import shared_task
from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from bos import mail
from bos.models import Person

from .models import ReminderDigest
from .selectors import reminders_by_person


def lead_days() -> tuple[int, ...]:
    return tuple(getattr(settings, "PLANNING_REMINDER_LEAD_DAYS", (7, 1)))


@shared_task
def send_reminders(day: str | None = None) -> int:
    """Queue one digest per person with dates a week or a day ahead; returns how many."""
    today = dt.date.fromisoformat(day) if day else timezone.localdate()
    already = set(ReminderDigest.objects.filter(day=today).values_list("person_id", flat=True))
    person_ids = sorted(set(reminders_by_person(today, lead_days())) - already)
    for person_id in person_ids:
        transaction.on_commit(
            lambda person_id=person_id: send_digest.delay(person_id, today.isoformat())
        )
    return len(person_ids)


@shared_task
def send_digest(person_id: int, day: str) -> bool:
    """Send one person's digest for a day, at most once."""
    today = dt.date.fromisoformat(day)
    person = Person.objects.filter(pk=person_id).first()
    if person is None or not person.email:
        return False
    pairs = reminders_by_person(today, lead_days()).get(person_id, [])
    if not pairs:
        return False
    context = {
        "greeting": mail.greeting(person.first_name),
        "person": person,
        "day": today,
        "pairs": pairs,
        "site_url": mail.site_url(),
    }
    noun = "datum" if len(pairs) == 1 else "data"
    try:
        with transaction.atomic():
            ReminderDigest.objects.create(person=person, day=today, event_count=len(pairs))
            mail.send(
                kind=mail.Kind.PLANNING_DIGEST,
                subject=f"Planning: {len(pairs)} {noun} binnenkort",
                text=render_to_string("planning/email/digest.txt", context),
                to=[person.email],
            )
    except IntegrityError:
        return False  # already sent today
    return True
