"""Mail of the verdiepingsmiddagen: invitations, one reminder before the deadline and the
assignment once published. Tasks take ids only and are idempotent: each mail has a
sent-marker on the invitation, set in the same transaction as the sending."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from celery import shared_task
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from bos import mail

from .models import AfternoonPolicy, DeepeningAfternoon, Invitation, Preference


def _site(path: str) -> str:
    return f"{mail.site_url()}{path}"


def login_url() -> str:
    return _site(f"{reverse('account_request_login_code')}?next={reverse('afternoons:mine')}")


def _text(template: str, invitation: Invitation, **context: object) -> str:
    student = invitation.student
    afternoon = invitation.afternoon
    context = {
        "greeting": mail.greeting(student.first_name),
        "student": student,
        "afternoon": afternoon,
        "themes": afternoon.theme_list,
        "login_url": login_url(),
        "login_email": student.user.email if student.user_id else invitation.email,
        "page_url": _site(reverse("afternoons:mine")),
        **context,
    }
    return render_to_string(f"afternoons/mail/{template}.txt", context)


def _invitation(invitation: Invitation) -> None:
    mail.send(
        kind=mail.Kind.AFTERNOON_INVITATION,
        subject=f"Uitnodiging verdiepingsmiddag {invitation.afternoon.number}",
        text=_text("invitation", invitation),
        to=[invitation.email],
    )


def _reminder(invitation: Invitation) -> None:
    mail.send(
        kind=mail.Kind.AFTERNOON_REMINDER,
        subject=(
            f"Herinnering: kies je thema voor verdiepingsmiddag {invitation.afternoon.number}"
        ),
        text=_text("reminder", invitation),
        to=[invitation.email],
    )


def _each_unsent(
    invitations: list[int], marker: str, send: Callable[[Invitation], bool | None]
) -> int:
    sent = 0
    for invitation_id in invitations:
        with transaction.atomic():
            invitation = (
                Invitation.objects.select_for_update(of=("self",))
                .select_related("student__user", "afternoon")
                .filter(pk=invitation_id, **{f"{marker}__isnull": True})
                .first()
            )
            if invitation is None:
                continue  # sent by an earlier run
            if send(invitation) is False:
                continue
            setattr(invitation, marker, timezone.now())
            invitation.save(update_fields=[marker])
            sent += 1
    return sent


@shared_task
def send_invitation_mails(afternoon_id: int) -> int:
    ids = list(
        Invitation.objects.filter(afternoon_id=afternoon_id, sent_at__isnull=True).values_list(
            "pk", flat=True
        )
    )
    return _each_unsent(ids, "sent_at", _invitation)


def reminder_due(afternoon: DeepeningAfternoon, days_before: int, today: dt.date) -> bool:
    deadline = afternoon.choice_deadline
    return (
        deadline is not None
        and afternoon.assigned_at is None
        and deadline - dt.timedelta(days=days_before) <= today <= deadline
    )


@shared_task
def send_reminders(day: str | None = None) -> int:
    """Daily: one reminder to invited students who have not chosen, a set number of days
    (the year's policy) before the deadline."""
    today = dt.date.fromisoformat(day) if day else timezone.localdate()
    sent = 0
    afternoons = DeepeningAfternoon.objects.filter(
        invitations_sent_at__isnull=False,
        assigned_at__isnull=True,
        choice_deadline__gte=today,
        school_year__closed_at__isnull=True,  # never a reminder about a closed year
    )
    days = dict(AfternoonPolicy.objects.values_list("school_year_id", "reminder_days_before"))
    for afternoon in afternoons:
        if not reminder_due(afternoon, days.get(afternoon.school_year_id, 2), today):
            continue
        chosen = Preference.objects.filter(
            afternoon_id=afternoon.pk, student_id=OuterRef("student_id")
        )
        ids = list(
            Invitation.objects.filter(
                afternoon=afternoon, sent_at__isnull=False, reminder_sent_at__isnull=True
            )
            .exclude(Exists(chosen))
            .values_list("pk", flat=True)
        )
        sent += _each_unsent(ids, "reminder_sent_at", _reminder)
    return sent


@shared_task
def send_publication_mails(afternoon_id: int) -> int:
    afternoon = DeepeningAfternoon.objects.filter(
        pk=afternoon_id, published_at__isnull=False
    ).first()
    if afternoon is None:
        return 0
    workshops = {
        a.student_id: a.workshop for a in afternoon.assignments.select_related("workshop__leader")
    }
    ids = list(
        afternoon.invitations.filter(
            publication_sent_at__isnull=True, student_id__in=list(workshops)
        ).values_list("pk", flat=True)
    )

    def send(invitation: Invitation) -> None:
        mail.send(
            kind=mail.Kind.AFTERNOON_PUBLICATION,
            subject=f"Jouw workshop op verdiepingsmiddag {afternoon.number}",
            text=_text("publication", invitation, workshop=workshops[invitation.student_id]),
            to=[invitation.email],
        )

    return _each_unsent(ids, "publication_sent_at", send)
