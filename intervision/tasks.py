"""The SO's weekly intervision digest: one mail per SO with the students who missed their
cadence or were absent too often in a row; nothing when nobody is due; sent once a week.

Task arguments carry ids and ISO dates only."""

from __future__ import annotations

import datetime as dt

from celery import shared_task
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from bos import mail
from bos.models import Person, Role, RoleAssignment, SchoolYear

from . import selectors
from .models import CadenceDigest


def week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


@shared_task
def send_weekly_cadence_digests(day: str | None = None) -> int:
    """Queue one digest task per SO of the running year; each sends only when due."""
    today = dt.date.fromisoformat(day) if day else timezone.localdate()
    year = SchoolYear.objects.containing(today)
    if year is None:
        return 0
    person_ids = sorted(
        set(
            RoleAssignment.objects.filter(school_year=year, role=Role.SO).values_list(
                "person_id", flat=True
            )
        )
    )
    for person_id in person_ids:
        send_cadence_digest.delay(person_id, year.pk, today.isoformat())
    return len(person_ids)


@shared_task
def send_cadence_digest(person_id: int, year_id: int, day: str) -> bool:
    """Send one SO's digest for the week of `day`, at most once, and only when due."""
    today = dt.date.fromisoformat(day)
    week = week_start(today)
    if CadenceDigest.objects.filter(person_id=person_id, week_start=week).exists():
        return False
    person = Person.objects.get(pk=person_id)
    year = SchoolYear.objects.get(pk=year_id)
    rows = selectors.so_attention(person_id=person_id, year=year, today=today)
    if not rows:
        return False
    text = render_to_string(
        "intervision/mail/digest.txt",
        {
            "greeting": mail.greeting(person.first_name),
            "person": person,
            "rows": rows,
            "day": today,
            "url": mail.site_url() + reverse("intervision:overview"),
        },
    )
    subject = f"{len(rows)} student{'en' if len(rows) != 1 else ''} opvolgen bij intervisie"
    try:
        with transaction.atomic():
            CadenceDigest.objects.create(person=person, week_start=week, item_count=len(rows))
            mail.send(
                kind=mail.Kind.INTERVISION_DIGEST, subject=subject, text=text, to=[person.email]
            )
    except IntegrityError:
        return False  # sent this week already
    return True
