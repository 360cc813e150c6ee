"""Mail of the surveys: the invitation when a survey opens, a reminder round to who has not
answered, and the daily round that closes surveys past their closing day and sends the
automatic reminder. Tasks take ids only and are idempotent: an invitation remembers that its
mail went out (`sent_at`) and the last reminder round it got (`reminded_round`), set in the
same transaction as the sending."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from celery import shared_task
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from bos import mail

from . import rules, services
from .models import Invitation, Survey, SurveyPolicy, SurveyStatus


def _site(path: str) -> str:
    return f"{mail.site_url()}{path}"


def login_url(survey: Survey) -> str:
    answer = reverse("surveys:answer", args=[survey.pk])
    return _site(f"{reverse('account_request_login_code')}?next={answer}")


def _first_name(invitation: Invitation) -> str:
    """The invitee's first name from their person or student record; an address-only
    invitee is greeted in general."""
    user = invitation.user
    for related in ("person", "student"):
        owner = getattr(user, related, None) if hasattr(user, related) else None
        if owner is not None and owner.first_name:
            return owner.first_name
    return ""


def _text(template: str, invitation: Invitation) -> str:
    survey = invitation.survey
    context = {
        "greeting": mail.greeting(_first_name(invitation)),
        "survey": survey,
        "login_url": login_url(survey),
        "login_email": invitation.email,
        "page_url": _site(reverse("surveys:answer", args=[survey.pk])),
    }
    return render_to_string(f"surveys/mail/{template}.txt", context)


def _each(
    ids: list[int], claim: Callable[[Invitation], bool], send: Callable[[Invitation], None],
    mark: Callable[[Invitation], list[str]],
) -> int:  # fmt: skip
    sent = 0
    for invitation_id in ids:
        with transaction.atomic():
            invitation = (
                Invitation.objects.select_for_update(of=("self",))
                .select_related("survey", "user__person", "user__student")
                .filter(pk=invitation_id)
                .first()
            )
            if invitation is None or not claim(invitation):
                continue  # answered, or sent by an earlier run
            send(invitation)
            invitation.save(update_fields=mark(invitation))
            sent += 1
    return sent


def _invitation_mail(invitation: Invitation) -> None:
    mail.send(
        kind=mail.Kind.SURVEY_INVITATION,
        subject=f"Vragenlijst: {invitation.survey.title}",
        text=_text("invitation", invitation),
        to=[invitation.email],
    )


def _reminder_mail(invitation: Invitation) -> None:
    mail.send(
        kind=mail.Kind.SURVEY_REMINDER,
        subject=f"Herinnering vragenlijst: {invitation.survey.title}",
        text=_text("reminder", invitation),
        to=[invitation.email],
    )


def _open(survey_id: int) -> Survey | None:
    return Survey.objects.filter(
        pk=survey_id, status=SurveyStatus.OPEN, school_year__closed_at__isnull=True
    ).first()


@shared_task
def send_invitations(survey_id: int) -> int:
    if _open(survey_id) is None:
        return 0
    ids = list(
        Invitation.objects.filter(survey_id=survey_id, sent_at__isnull=True).values_list(
            "pk", flat=True
        )
    )

    def claim(invitation: Invitation) -> bool:
        if invitation.sent_at is not None:
            return False
        invitation.sent_at = timezone.now()
        return True

    return _each(ids, claim, _invitation_mail, lambda _: ["sent_at"])


@shared_task
def send_reminders(survey_id: int) -> int:
    """This round's reminder to every invitee who has not answered and has not had it."""
    survey = _open(survey_id)
    if survey is None or survey.reminder_round == 0:
        return 0
    round_ = survey.reminder_round
    ids = list(
        Invitation.objects.filter(
            survey_id=survey_id, has_responded=False, reminded_round__lt=round_
        ).values_list("pk", flat=True)
    )

    def claim(invitation: Invitation) -> bool:
        if invitation.has_responded or invitation.reminded_round >= round_:
            return False
        invitation.reminded_round = round_
        return True

    return _each(ids, claim, _reminder_mail, lambda _: ["reminded_round"])


@shared_task
def daily(day: str | None = None) -> dict[str, int]:
    """Close the open surveys past their closing day, and start the automatic reminder of
    the surveys whose closing day is near (the year's policy), once per survey."""
    today = dt.date.fromisoformat(day) if day else timezone.localdate()
    surveys = Survey.objects.filter(status=SurveyStatus.OPEN, school_year__closed_at__isnull=True)
    days = dict(SurveyPolicy.objects.values_list("school_year_id", "reminder_days_before_close"))
    default_days = SurveyPolicy._meta.get_field("reminder_days_before_close").default
    closed = reminded = 0
    for survey in surveys:
        if survey.closes_on < today:
            services.survey_close(actor=None, survey=survey)
            closed += 1
            continue
        before = days.get(survey.school_year_id, default_days)
        if (
            survey.reminder_round == 0
            and survey.opens_on <= today
            and rules.reminder_due(survey.closes_on, before, today)
            and survey.invitations.filter(has_responded=False).exists()
        ):
            services.survey_remind(actor=None, survey=survey)
            reminded += 1
    return {"closed": closed, "reminded": reminded}
