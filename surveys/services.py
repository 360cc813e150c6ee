"""Writes of the survey instrument. Every function checks the actor's right itself, runs in
one transaction and locks what a concurrent request could change. A closed year refuses
every write on the way to the database (bos.yearbound); mails and tasks leave on commit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone

from bos import events
from bos.closing import ensure_open
from bos.models import Institute, SchoolLocation, SchoolYear, User
from bos.objectyear import year_of_object
from bos.permissions import can
from bos.queue import enqueue_on_commit
from bos.yearbound import YearBound
from governance import services as governance
from governance.models import Decision

from . import audience, catalogue, rules
from .models import (
    SCALE,
    Answer,
    Invitation,
    Question,
    QuestionKind,
    Response,
    Survey,
    SurveyPage,
    SurveyPolicy,
    SurveyStatus,
)

MAX_TEXT = 5000
MAX_OPTIONS = 20
ANONYMITY_FIXED = "Anoniem of op naam ligt vast zodra de vragenlijst open is."
ONLY_CONCEPT = "De vragen kunnen alleen veranderen zolang de vragenlijst een concept is."


def _require_manager(actor: User, year: SchoolYear) -> None:
    """The actor manages surveys in the year, and the year is open: a closed year refuses
    even a write that would change nothing."""
    if not can(actor, "survey.manage", year):
        raise PermissionDenied
    ensure_open(year)


def _lock(survey: Survey) -> Survey:
    return Survey.objects.select_for_update().get(pk=survey.pk)


# --- The year's rules ----------------------------------------------------------------------


def policy_for(year: SchoolYear) -> SurveyPolicy:
    """The year's rules; the defaults (unsaved) while none are stored, so a read never
    writes (a closed year's page can still be read)."""
    return SurveyPolicy.objects.filter(school_year=year).first() or SurveyPolicy(school_year=year)


@transaction.atomic
def policy_save(
    *,
    actor: User,
    year: SchoolYear,
    min_group_for_open_answers: int,
    reminder_days_before_close: int,
    decision: Decision | None = None,
) -> SurveyPolicy:
    """The year's survey rules; with a `decision`, each changed value is recorded as what
    that decision changes (old → new, governance)."""
    _require_manager(actor, year)
    errors = {}
    if not 2 <= min_group_for_open_answers <= 50:
        errors["min_group_for_open_answers"] = "Kies een groep van 2 tot en met 50 mensen."
    if not 0 <= reminder_days_before_close <= 60:
        errors["reminder_days_before_close"] = "Kies 0 tot en met 60 dagen."
    if errors:
        raise ValidationError(errors)
    values = {
        "min_group_for_open_answers": min_group_for_open_answers,
        "reminder_days_before_close": reminder_days_before_close,
    }
    stored = SurveyPolicy.objects.filter(school_year=year).first() or SurveyPolicy(school_year=year)
    before = {name: getattr(stored, name) for name in values}
    policy, _ = SurveyPolicy.objects.update_or_create(school_year=year, defaults=values)
    if decision is not None:
        governance.record_changes(
            user=actor,
            decision=decision,
            changes=governance.value_changes(
                before=before, after=policy, label=f"Regels vragenlijsten {year}"
            ),
        )
    return policy


# --- Making a survey -----------------------------------------------------------------------


def _check_dates(year: SchoolYear, opens_on: dt.date, closes_on: dt.date) -> dict[str, str]:
    errors = {}
    if not year.contains(opens_on):
        errors["opens_on"] = f"De openingsdatum valt niet in schooljaar {year}."
    if not year.contains(closes_on):
        errors["closes_on"] = f"De sluitdatum valt niet in schooljaar {year}."
    if closes_on < opens_on:
        errors["closes_on"] = "De sluitdatum ligt vóór de openingsdatum."
    return errors


def _audience_errors(
    roles: Sequence[str], extra_emails: Sequence[str], event: models.Model | None
) -> dict[str, str]:
    known = {value for value, _ in audience.ROLE_CHOICES}
    if set(roles) - known:
        return {"audience_roles": "Kies rollen uit de lijst."}
    if not roles and not extra_emails and event is None:
        return {"audience_roles": "Kies minstens één rol, of voeg genodigden toe op e-mailadres."}
    return {}


def _event_fields(event: models.Model | None, year: SchoolYear) -> dict[str, Any]:
    if event is None:
        return {"event_type": None, "event_id": None, "event_label": ""}
    if not isinstance(event, YearBound) or event.pk is None:
        raise ValidationError("Een vragenlijst kan alleen aan iets van een schooljaar hangen.")
    if year_of_object(event) != year:
        raise ValidationError(f"Dit hoort niet bij schooljaar {year}.")
    return {
        "event_type": ContentType.objects.get_for_model(type(event)),
        "event_id": event.pk,
        "event_label": f"{type(event)._meta.verbose_name}: {event}"[:300],
    }


def _require_visible(actor: User, event: models.Model | None) -> None:
    """An event whose app names its people may be linked only by who may see it."""
    kind = events.kind_for(event)
    if kind is None or event is None:
        return
    try:
        kind.get(user=actor, pk=event.pk)
    except type(event).DoesNotExist as exc:
        raise PermissionDenied from exc


def _copy_template(survey: Survey, key: str) -> None:
    template = catalogue.TEMPLATES[key]
    for page_order, page in enumerate(template.pages):
        stored = SurveyPage.objects.create(
            survey=survey, order=page_order, title=page.title, intro=page.intro
        )
        Question.objects.bulk_create(
            Question(
                page=stored,
                order=order,
                kind=question.kind,
                text=question.text,
                help_text=question.help_text,
                required=question.required,
                options=list(question.options),
            )
            for order, question in enumerate(page.questions)
        )


@transaction.atomic
def survey_create(
    *,
    actor: User,
    year: SchoolYear,
    title: str,
    opens_on: dt.date,
    closes_on: dt.date,
    intro: str = "",
    anonymous: bool = True,
    audience_roles: Sequence[str] = (),
    audience_locations: Iterable[SchoolLocation] = (),
    audience_institutes: Iterable[Institute] = (),
    extra_emails: Sequence[str] = (),
    template: str = "",
    event: models.Model | None = None,
) -> Survey:
    """A new survey as a concept, empty or with a template's pages and questions."""
    _require_manager(actor, year)
    _require_visible(actor, event)
    title = title.strip()
    errors = _check_dates(year, opens_on, closes_on)
    if not title:
        errors["title"] = "Geef de vragenlijst een titel."
    if template and template not in catalogue.TEMPLATES:
        errors["template"] = "Dit sjabloon bestaat niet."
    errors.update(_audience_errors(audience_roles, extra_emails, event))
    if errors:
        raise ValidationError(errors)
    survey = Survey.objects.create(
        school_year=year,
        title=title[:200],
        intro=intro.strip(),
        anonymous=anonymous,
        opens_on=opens_on,
        closes_on=closes_on,
        audience_roles=sorted(set(audience_roles)),
        extra_emails=list(extra_emails),
        template=template,
        owner=actor,
        **_event_fields(event, year),
    )
    survey.audience_locations.set(list(audience_locations))
    survey.audience_institutes.set(list(audience_institutes))
    if template:
        _copy_template(survey, template)
    return survey


@transaction.atomic
def survey_update(
    *,
    actor: User,
    survey: Survey,
    title: str,
    intro: str,
    anonymous: bool,
    opens_on: dt.date,
    closes_on: dt.date,
    audience_roles: Sequence[str],
    audience_locations: Iterable[SchoolLocation],
    audience_institutes: Iterable[Institute],
    extra_emails: Sequence[str],
    today: dt.date | None = None,
) -> Survey:
    """Change a survey. A concept changes freely; once open only the title, the
    introduction and the closing day (not before today) may change: anonymity, the audience
    and the opening day are fixed."""
    survey = _lock(survey)
    _require_manager(actor, survey.school_year)
    today = today or timezone.localdate()
    title = title.strip()
    errors = _check_dates(survey.school_year, opens_on, closes_on)
    if not title:
        errors["title"] = "Geef de vragenlijst een titel."
    if survey.is_concept:
        errors.update(_audience_errors(audience_roles, extra_emails, survey.event))
    else:
        if anonymous != survey.anonymous:
            errors["anonymous"] = ANONYMITY_FIXED
        if opens_on != survey.opens_on:
            errors["opens_on"] = "De openingsdatum ligt vast zodra de vragenlijst open is."
        if survey.status == SurveyStatus.OPEN and closes_on < today:
            errors["closes_on"] = "Een open vragenlijst kan niet in het verleden sluiten."
        if survey.status == SurveyStatus.CLOSED:
            errors["closes_on"] = "Deze vragenlijst is gesloten."
    if errors:
        raise ValidationError(errors)
    survey.title = title[:200]
    survey.intro = intro.strip()
    survey.closes_on = closes_on
    fields = ["title", "intro", "closes_on"]
    if survey.is_concept:
        survey.anonymous = anonymous
        survey.opens_on = opens_on
        survey.audience_roles = sorted(set(audience_roles))
        survey.extra_emails = list(extra_emails)
        fields += ["anonymous", "opens_on", "audience_roles", "extra_emails"]
    survey.save(update_fields=fields)
    if survey.is_concept:
        survey.audience_locations.set(list(audience_locations))
        survey.audience_institutes.set(list(audience_institutes))
    return survey


def _require_concept(survey: Survey) -> None:
    if not survey.is_concept:
        raise ValidationError(ONLY_CONCEPT)


@transaction.atomic
def page_add(*, actor: User, survey: Survey, title: str, intro: str = "") -> SurveyPage:
    survey = _lock(survey)
    _require_manager(actor, survey.school_year)
    _require_concept(survey)
    title = title.strip()
    if not title:
        raise ValidationError({"title": "Geef de pagina een titel."})
    order = survey.pages.count()
    return SurveyPage.objects.create(
        survey=survey, order=order, title=title[:200], intro=intro.strip()
    )


def _clean_options(kind: str, options: Sequence[str]) -> list[str]:
    cleaned = [option.strip()[:200] for option in options if option.strip()]
    if kind == QuestionKind.SCALE:
        if cleaned and len(cleaned) != len(SCALE):
            raise ValidationError(
                {"options": "Een schaal heeft vijf labels (voor 1 tot en met 5), of geen."}
            )
        return cleaned
    if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        if len(cleaned) < 2:
            raise ValidationError({"options": "Geef minstens twee keuzes, elk op een eigen regel."})
        if len(cleaned) > MAX_OPTIONS:
            raise ValidationError({"options": f"Geef hoogstens {MAX_OPTIONS} keuzes."})
        if len(set(cleaned)) != len(cleaned):
            raise ValidationError({"options": "Elke keuze mag maar één keer voorkomen."})
        return cleaned
    return []


@transaction.atomic
def question_save(
    *,
    actor: User,
    page: SurveyPage,
    kind: str,
    text: str,
    help_text: str = "",
    required: bool = False,
    options: Sequence[str] = (),
    question: Question | None = None,
) -> Question:
    """Add a question to a page of a concept survey, or change one."""
    survey = _lock(page.survey)
    _require_manager(actor, survey.school_year)
    _require_concept(survey)
    if question is not None and question.page_id != page.pk:
        raise PermissionDenied
    if kind not in QuestionKind.values:
        raise ValidationError({"kind": "Kies een soort vraag."})
    text = text.strip()
    if not text:
        raise ValidationError({"text": "Vul de vraag in."})
    values = {
        "kind": kind,
        "text": text[:500],
        "help_text": help_text.strip()[:300],
        "required": required,
        "options": _clean_options(kind, options),
    }
    if question is None:
        return Question.objects.create(page=page, order=page.questions.count(), **values)
    for name, value in values.items():
        setattr(question, name, value)
    question.save()
    return question


@transaction.atomic
def question_delete(*, actor: User, question: Question) -> None:
    survey = _lock(question.page.survey)
    _require_manager(actor, survey.school_year)
    _require_concept(survey)
    question.delete()


# --- Opening, closing, reminding -----------------------------------------------------------


def _account_for(invitee: audience.Invitee) -> User | None:
    """The login an invitee answers with. Someone without one gets an account at their
    address without a password: they log in with a code sent by e-mail (as students and
    WPBs do). An address that is another person's login is left alone (None)."""
    owner = invitee.person or invitee.student
    if owner is not None and owner.user_id is not None:
        return owner.user
    user = (
        User.objects.filter(email__iexact=invitee.email).select_related("person", "student").first()
    )
    if user is None:
        user = User.objects.create_user(email=invitee.email)
    elif owner is not None and (hasattr(user, "person") or hasattr(user, "student")):
        return None
    if owner is not None:
        owner.user = user
        owner.save(update_fields=["user"])
    return user


def _invite(survey: Survey) -> int:
    """Invite everyone in the audience who is not invited yet; returns how many."""
    known = set(survey.invitations.values_list("user_id", flat=True))
    new: list[Invitation] = []
    for invitee in audience.invitees(survey):
        user = _account_for(invitee)
        if user is None or user.pk in known or not user.is_active:
            continue
        known.add(user.pk)
        new.append(Invitation(survey=survey, user=user, email=user.email, name=invitee.name[:300]))
    Invitation.objects.bulk_create(new)
    if new:
        enqueue_on_commit("surveys.tasks.send_invitations", survey.pk)
    return len(new)


@transaction.atomic
def survey_open(*, actor: User, survey: Survey, today: dt.date | None = None) -> int:
    """Open a concept survey: anonymity is fixed from now on, everyone in the audience is
    invited and mailed. Returns the number of invitees."""
    survey = _lock(survey)
    _require_manager(actor, survey.school_year)
    today = today or timezone.localdate()
    if not survey.is_concept:
        raise ValidationError("Deze vragenlijst is al geopend.")
    if not Question.objects.filter(page__survey=survey).exists():
        raise ValidationError("Voeg eerst vragen toe.")
    if survey.closes_on < today:
        raise ValidationError("De sluitdatum is al voorbij; kies eerst een nieuwe.")
    survey.status = SurveyStatus.OPEN
    survey.opened_at = timezone.now()
    survey.save(update_fields=["status", "opened_at"])
    invited = _invite(survey)
    if not invited:
        raise ValidationError("Niemand in de doelgroep heeft een e-mailadres om uit te nodigen.")
    return invited


@transaction.atomic
def survey_invite_new(*, actor: User, survey: Survey) -> int:
    """While open: invite who joined the audience since (a new WPB, a new student)."""
    survey = _lock(survey)
    _require_manager(actor, survey.school_year)
    if survey.status != SurveyStatus.OPEN:
        raise ValidationError("Alleen een open vragenlijst nodigt nieuwe mensen uit.")
    return _invite(survey)


@transaction.atomic
def survey_close(*, actor: User | None, survey: Survey) -> Survey:
    """Close an open survey (by the projectleider, or by the daily task after the closing
    day: actor None)."""
    survey = _lock(survey)
    if actor is not None:
        _require_manager(actor, survey.school_year)
    ensure_open(survey.school_year_id)
    if survey.status != SurveyStatus.OPEN:
        raise ValidationError("Alleen een open vragenlijst kan sluiten.")
    survey.status = SurveyStatus.CLOSED
    survey.closed_at = timezone.now()
    survey.save(update_fields=["status", "closed_at"])
    return survey


@transaction.atomic
def survey_remind(*, actor: User | None, survey: Survey) -> int:
    """A reminder round: who has not answered gets one mail (the task is idempotent per
    round). Returns how many are still to answer."""
    survey = _lock(survey)
    if actor is not None:
        _require_manager(actor, survey.school_year)
    ensure_open(survey.school_year_id)
    if survey.status != SurveyStatus.OPEN:
        raise ValidationError("Alleen bij een open vragenlijst gaat een herinnering uit.")
    waiting = survey.invitations.filter(has_responded=False).count()
    if not waiting:
        raise ValidationError("Iedereen heeft al gereageerd.")
    survey.reminder_round += 1
    survey.save(update_fields=["reminder_round"])
    enqueue_on_commit("surveys.tasks.send_reminders", survey.pk)
    return waiting


# --- Answering -----------------------------------------------------------------------------

AnswerValue = int | list[int] | str | None


def _answers_for(question: Question, value: AnswerValue) -> list[tuple[int | None, str]]:
    """(value, text) rows for one answer, or a ValidationError naming the question."""
    empty = value in (None, "", [])
    if empty:
        if question.required:
            raise ValidationError({f"q{question.pk}": "Deze vraag is verplicht."})
        return []
    if question.kind == QuestionKind.OPEN:
        text = str(value).strip()
        if len(text) > MAX_TEXT:
            raise ValidationError({f"q{question.pk}": f"Gebruik hoogstens {MAX_TEXT} tekens."})
        if not text:
            return _answers_for(question, None)
        return [(None, text)]
    allowed = range(
        1, (len(SCALE) if question.kind == QuestionKind.SCALE else len(question.options)) + 1
    )
    values = value if isinstance(value, list) else [value]
    if question.kind != QuestionKind.MULTIPLE and len(values) != 1:
        raise ValidationError({f"q{question.pk}": "Kies één antwoord."})
    chosen = []
    for item in values:
        if not isinstance(item, int) or item not in allowed:
            raise ValidationError({f"q{question.pk}": "Kies een antwoord uit de lijst."})
        if item not in chosen:
            chosen.append(item)
    return [(item, "") for item in sorted(chosen)]


@transaction.atomic
def submit_response(
    *,
    actor: User,
    survey: Survey,
    answers: Mapping[int, AnswerValue],
    today: dt.date | None = None,
) -> Response:
    """Store an invitee's answers, once. The invitation only learns that its person has
    answered; for an anonymous survey the response carries no person and no moment, and
    its rows have random keys, so nothing stored ties the answers to the invitation."""
    today = today or timezone.localdate()
    invitation = (
        Invitation.objects.select_for_update()
        .select_related("survey")
        .filter(survey_id=survey.pk, user_id=actor.pk)
        .first()
    )
    if invitation is None:
        raise PermissionDenied
    survey = invitation.survey
    ensure_open(survey.school_year_id)
    if invitation.has_responded:
        raise ValidationError("Je hebt deze vragenlijst al ingevuld.")
    if not rules.answerable(survey.status, survey.opens_on, survey.closes_on, today):
        raise ValidationError("Deze vragenlijst is niet (meer) open.")
    questions = list(
        Question.objects.filter(page__survey=survey).order_by("page__order", "order", "pk")
    )
    rows: list[tuple[Question, int | None, str]] = []
    errors: dict[str, list[str]] = {}
    for question in questions:
        try:
            rows.extend(
                (question, v, t) for v, t in _answers_for(question, answers.get(question.pk))
            )
        except ValidationError as error:
            for key, messages in error.message_dict.items():
                errors.setdefault(key, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    if not rows:
        raise ValidationError("Beantwoord minstens één vraag.")
    named = not survey.anonymous
    response = Response.objects.create(
        survey=survey,
        respondent=actor if named else None,
        respondent_name=(invitation.name or actor.email) if named else "",
        submitted_on=today if named else None,
    )
    Answer.objects.bulk_create(
        Answer(response=response, question=question, value=value, text=text)
        for question, value, text in rows
    )
    invitation.has_responded = True
    invitation.save(update_fields=["has_responded"])
    return response
