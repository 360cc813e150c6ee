"""Celery tasks of professionalisation: thin, id-only, idempotent."""

from __future__ import annotations

import datetime as dt

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from . import notifications, rules
from .models import Registration, RegistrationStatus
from .services import certificate_run_execute, claim_reminder, policy_ensure


@shared_task
def send_meeting_reminders(day: str | None = None) -> int:
    """Daily: remind registered participants one week and one day before their meeting.
    Each reminder is claimed (its sent-marker set) before it is sent, so it goes out once."""
    today = dt.date.fromisoformat(day) if day else timezone.localdate()
    candidates = Registration.objects.filter(
        status=RegistrationStatus.REGISTERED,
        meeting__date__gt=today,
        meeting__date__lte=today + dt.timedelta(days=60),
        meeting__school_year__closed_at__isnull=True,  # never a reminder about a closed year
    ).select_related("meeting__school_year")
    policies: dict[int, tuple[int, int]] = {}
    sent = 0
    for registration in candidates.filter(day_reminder_sent_at__isnull=True):
        meeting = registration.meeting
        if meeting.school_year_id not in policies:
            policy = policy_ensure(year=meeting.school_year)
            policies[meeting.school_year_id] = (
                policy.first_reminder_days,
                policy.second_reminder_days,
            )
        week_days, day_days = policies[meeting.school_year_id]
        which = None
        if rules.reminder_due(
            meeting_date=meeting.date, today=today, days_before=day_days, already_sent=False
        ):
            which = "day"
        elif rules.reminder_due(
            meeting_date=meeting.date,
            today=today,
            days_before=week_days,
            already_sent=registration.week_reminder_sent_at is not None,
        ):
            which = "week"
        if which is None:
            continue
        with transaction.atomic():
            if claim_reminder(registration_id=registration.pk, which=which, day=today):
                registration_id, kind = registration.pk, which
                transaction.on_commit(
                    lambda rid=registration_id, k=kind: notifications.reminder(rid, k)
                )
                sent += 1
    return sent


@shared_task
def prepare_certificates(run_id: int) -> int:
    """The year-end round: every participant's certificate, and a link by e-mail."""
    return certificate_run_execute(run_id=run_id).done
