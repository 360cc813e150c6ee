"""Supervision during a placement (bijlage 10): the year's agreements per study phase, the
conversations (recorded by the placement's SO, IO or WPB, requested by the student), the
"development at risk" signal and stopping for lack of prospect. Writes and reads."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from bos import mail
from bos.models import Person, Role, SchoolYear
from bos.permissions import Scope

from . import rules, services
from .models import (
    Conversation,
    ConversationKind,
    ConversationStatus,
    DevelopmentSignal,
    Placement,
    SupervisionAgreement,
    SupervisionPolicy,
)
from .selectors import placement_get, scope_for_placement

SUPERVISOR_LABELS = {
    "so": "schoolopleider",
    "io": "instituutsopleider",
    "wpb": "werkplekbegeleider",
    "pl": "projectleider",
}


def policy_for(year: SchoolYear) -> SupervisionPolicy:
    """The year's supervision policy; a new year starts as a copy of the previous one."""
    policy = SupervisionPolicy.objects.filter(school_year=year).first()
    if policy is not None:
        return policy
    previous = (
        SupervisionPolicy.objects.filter(school_year__start_date__lt=year.start_date)
        .order_by("-school_year__start_date")
        .first()
    )
    values: dict[str, Any] = {}
    if previous is not None:
        values = {
            name: getattr(previous, name)
            for name in (
                "intake_within_days",
                "acquaintance_before_days",
                "final_before_days",
                "min_weeks_for_progress",
            )
        }
    if year.closed_at is not None:
        # A closed year is read as it was left: the copy is shown, not stored.
        return SupervisionPolicy(school_year=year, **values)
    policy, _ = SupervisionPolicy.objects.get_or_create(school_year=year, defaults=values)
    return policy


def agreements_for(year: SchoolYear) -> dict[str, SupervisionAgreement]:
    """The year's agreements per stage level; missing ones are copied from the latest
    earlier year, or else from bijlage 10's defaults."""
    existing = {a.level: a for a in SupervisionAgreement.objects.filter(school_year=year)}
    missing = [level for level in rules.SUPERVISION_DEFAULTS if level not in existing]
    if missing:
        previous: dict[str, SupervisionAgreement] = {}
        for agreement in SupervisionAgreement.objects.filter(
            school_year__start_date__lt=year.start_date, level__in=missing
        ).order_by("school_year__start_date"):
            previous[agreement.level] = agreement  # the latest year wins
        for level in missing:
            source = previous.get(level)
            defaults = rules.SUPERVISION_DEFAULTS[level]
            values = {
                "phase": source.phase if source else defaults.phase,
                "min_lessons": source.min_lessons if source else defaults.min_lessons,
                "wpb_presence": source.wpb_presence if source else defaults.wpb_presence,
                "progress_conversations": source.progress_conversations
                if source
                else defaults.progress_conversations,
                "agreements": source.agreements if source else defaults.agreements,
            }
            if year.closed_at is not None:
                # A closed year is read as it was left: the copy is shown, not stored.
                existing[level] = SupervisionAgreement(school_year=year, level=level, **values)
                continue
            existing[level], _ = SupervisionAgreement.objects.get_or_create(
                school_year=year, level=level, defaults=values
            )
    return existing


def supervisor_role(scope: Scope, placement: Placement) -> str | None:
    """The user's part in this placement's supervision, or None."""
    if placement.location_id in scope.so_location_ids:
        return "so"
    if (placement.student.institute_id, placement.location_id) in scope.io_pairs:
        return "io"
    if (
        scope.person_id
        and scope.has(Role.WPB)
        and (
            placement.wpb_id == scope.person_id
            or placement.co_wpbs.filter(pk=scope.person_id).exists()
        )
    ):
        return "wpb"
    if scope.sees_everything:
        return "pl"
    return None


def may_see_confidential(role: str | None) -> bool:
    """Confidential notes are for the SO and the IO only: not the WPB, not the student."""
    return role in ("so", "io")


def _placement_for(user: Any, placement_id: int) -> tuple[Placement, Scope]:
    placement = placement_get(user=user, pk=placement_id)  # DoesNotExist outside scope
    return placement, scope_for_placement(user, placement)


def _actor_name(user: Any) -> str:
    person = getattr(user, "person", None)
    return person.full_name if person else user.email


def _student_email(placement: Placement) -> str:
    student = placement.student
    return student.user.email if student.user_id and student.user else student.email


def placement_people(placement: Placement) -> list[Person]:
    """Who can take part in the placement's conversations."""
    people = [p for p in (placement.so, placement.io, placement.wpb) if p is not None]
    people += [p for p in placement.co_wpbs.all() if p not in people]
    return people


def _check_conversation(
    placement: Placement, kind: str, held_on: dt.date, participants: list[Person]
) -> None:
    errors: dict[str, list[str]] = {}
    if kind not in ConversationKind.values or kind == ConversationKind.STOP:
        errors.setdefault("kind", []).append("Kies de soort gesprek.")
    if held_on > timezone.localdate():
        errors.setdefault("held_on", []).append(
            "Leg een gesprek vast nadat het is gevoerd: de datum ligt in de toekomst."
        )
    allowed = {p.pk for p in placement_people(placement)}
    if any(p.pk not in allowed for p in participants):
        errors.setdefault("participants", []).append(
            "Kies alleen begeleiders van deze stage als deelnemer."
        )
    if not participants:
        errors.setdefault("participants", []).append("Kies wie aan het gesprek deelnamen.")
    if kind == ConversationKind.FINAL:
        if placement.io_id is None:
            errors.setdefault("participants", []).append(
                "Bij het eindgesprek is de instituutsopleider altijd aanwezig; leg eerst de "
                "instituutsopleider van deze stage vast."
            )
        elif placement.io_id not in {p.pk for p in participants}:
            errors.setdefault("participants", []).append(
                "Bij het eindgesprek is de instituutsopleider altijd aanwezig."
            )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def conversation_record(
    *,
    user: Any,
    placement_id: int,
    kind: str,
    held_on: dt.date,
    participants: list[Person],
    notes: str,
    confidential_notes: str = "",
    student_present: bool = True,
    request_id: int | None = None,
) -> Conversation:
    """The SO, IO or WPB of the placement records a held conversation (answering the
    student's request when `request_id` is given)."""
    placement, scope = _placement_for(user, placement_id)
    role = supervisor_role(scope, placement)
    if role not in ("so", "io", "wpb"):
        raise PermissionDenied
    _check_conversation(placement, kind, held_on, participants)
    if confidential_notes.strip() and not may_see_confidential(role):
        raise ValidationError(
            {
                "confidential_notes": (
                    "Alleen de SO en de IO leggen vertrouwelijke aantekeningen vast."
                )
            }
        )
    if request_id is not None:
        conversation = (
            Conversation.objects.select_for_update()
            .filter(pk=request_id, placement=placement, status=ConversationStatus.REQUESTED)
            .first()
        )
        if conversation is None:
            raise ValidationError("Deze aanvraag is al afgehandeld.")
    else:
        conversation = Conversation(placement=placement)
    conversation.kind = kind
    conversation.status = ConversationStatus.HELD
    conversation.held_on = held_on
    conversation.student_present = student_present
    conversation.notes = notes.strip()
    conversation.confidential_notes = confidential_notes.strip()
    conversation.recorded_by = user
    conversation.recorded_by_name = f"{_actor_name(user)} ({SUPERVISOR_LABELS[role]})"
    conversation.save()
    conversation.participants.set(participants)
    return conversation


@transaction.atomic
def conversation_request(*, user: Any, placement_id: int, kind: str, text: str) -> Conversation:
    """The student asks for a conversation (the initiative for the formal ones is theirs)."""
    placement, scope = _placement_for(user, placement_id)
    if scope.student_id is None or placement.student_id != scope.student_id:
        raise PermissionDenied
    if kind not in ConversationKind.values or kind == ConversationKind.STOP:
        raise ValidationError({"kind": "Kies de soort gesprek."})
    if not text.strip():
        raise ValidationError({"text": "Schrijf kort waarover je het gesprek wilt voeren."})
    conversation = Conversation.objects.create(
        placement=placement,
        kind=kind,
        status=ConversationStatus.REQUESTED,
        request_text=text.strip(),
        requested_at=timezone.now(),
    )
    # One mail per supervisor, each greeted by name; they leave once the request is saved.
    student_name = mail.header_text(placement.student.full_name)
    for person in placement_people(placement):
        mail.send(
            kind=mail.Kind.CONVERSATION_REQUEST,
            subject=f"Gespreksaanvraag van {student_name}",
            text=(
                f"{mail.greeting(person.first_name)}\n\n"
                f"{student_name} vraagt een {conversation.get_kind_display().lower()} "
                f"aan voor de stage op {placement.location}.\n\n"
                f"Vraag: {conversation.request_text}"
            ),
            to=[person.email],
        )
    return conversation


@transaction.atomic
def signal_raise(
    *, user: Any, placement_id: int, areas: str, review_on: dt.date | None = None
) -> DevelopmentSignal:
    """ "Development at risk": the WPB, SO or IO tells the student in writing what to
    develop; the e-mail goes out when the signal is saved."""
    placement, scope = _placement_for(user, placement_id)
    role = supervisor_role(scope, placement)
    if role not in ("so", "io", "wpb"):
        raise PermissionDenied
    if not placement.is_open:
        raise ValidationError("Alleen bij een geplande of lopende stage.")
    if not areas.strip():
        raise ValidationError({"areas": "Beschrijf waarin de student zich moet ontwikkelen."})
    today = timezone.localdate()
    if review_on is not None and review_on < today:
        raise ValidationError({"review_on": "De datum om opnieuw te kijken ligt in het verleden."})
    to = _student_email(placement)
    signal = DevelopmentSignal.objects.create(
        placement=placement,
        raised_on=today,
        raised_by=user,
        raised_by_name=_actor_name(user),
        raised_by_role=SUPERVISOR_LABELS[role],
        areas=areas.strip(),
        review_on=review_on,
        letter_sent_at=timezone.now(),
        letter_sent_to=to,
    )
    review = (
        f"\nWe bekijken je ontwikkeling opnieuw op {date_format(review_on, 'j F Y')}."
        if review_on
        else ""
    )
    mail.send(
        kind=mail.Kind.DEVELOPMENT_SIGNAL,
        subject="Je ontwikkeling in je stage: waar je aan moet werken",
        text=(
            f"{mail.greeting(placement.student.first_name)}\n\n"
            f"Je {SUPERVISOR_LABELS[role]} ziet dat je ontwikkeling in je stage op "
            f"{placement.location} dreigt te stagneren. Je moet je op deze punten "
            f"ontwikkelen:\n\n{signal.areas}\n{review}\n\n"
            "Bespreek met je begeleiders hoe je dit aanpakt.\n\n"
            f"Met vriendelijke groet,\n{signal.raised_by_name}"
        ),
        to=[to],
    )
    return signal


@transaction.atomic
def stop_for_lack_of_prospect(
    *,
    user: Any,
    placement_id: int,
    version: int,
    held_on: dt.date,
    participants: list[Person],
    notes: str,
    decided_by: Person,
    decision: str,
) -> Conversation:
    """Stop a placement with no prospect of a sufficient result: the conversation with the
    student is recorded with who decided, and the placement stops on that day."""
    placement, scope = _placement_for(user, placement_id)
    if supervisor_role(scope, placement) not in ("so", "pl"):
        raise PermissionDenied
    people = {p.pk for p in placement_people(placement)}
    errors: dict[str, list[str]] = {}
    if decided_by.pk not in people:
        errors["decided_by"] = ["Kies een begeleider van deze stage."]
    if not decision.strip():
        errors["decision"] = ["Leg het besluit en de reden vast."]
    if errors:
        raise ValidationError(errors)
    _check_conversation(placement, ConversationKind.PROGRESS, held_on, participants)
    stopped = services.placement_stop(
        user=user,
        placement_id=placement.pk,
        version=version,
        stopped_on=held_on,
        reason=f"Geen perspectief op een voldoende afronding: {decision.strip()}",
    )
    conversation = Conversation.objects.create(
        placement=stopped,
        kind=ConversationKind.STOP,
        status=ConversationStatus.HELD,
        held_on=held_on,
        notes=notes.strip(),
        decided_by=decided_by,
        decision=decision.strip(),
        recorded_by=user,
        recorded_by_name=_actor_name(user),
    )
    conversation.participants.set(participants)
    return conversation


@transaction.atomic
def second_teacher_add(
    *,
    user: Any,
    placement_id: int,
    email: str,
    first_name: str,
    last_name: str,
    subjects: str = "",
) -> Person:
    """Name a colleague who supervises part of the lessons. The placement's WPB stays the
    one formally responsible."""
    placement, scope = _placement_for(user, placement_id)
    if supervisor_role(scope, placement) not in ("so", "pl"):
        raise PermissionDenied
    person = services.wpb_find_or_create(
        user=user,
        location_id=placement.location_id,
        email=email,
        first_name=first_name,
        last_name=last_name,
        subjects=subjects,
        qualification_grade=None,
        started_at_school=None,
        year=placement.school_year,
    )
    if person.pk == placement.wpb_id:
        raise ValidationError({"email": "Dit is de werkplekbegeleider zelf."})
    placement.co_wpbs.add(person)
    return person


# --- Reads -------------------------------------------------------------------------------


@dataclass
class SupervisionView:
    placement: Placement
    role: str | None
    agreement: SupervisionAgreement | None
    due: list[rules.DueConversation]
    conversations: list[Conversation]
    requests: list[Conversation]
    signals: list[DevelopmentSignal]
    people: list[Person]
    today: dt.date
    show_confidential: bool
    overdue: list[rules.DueConversation] = field(default_factory=list)


def due_for(
    placement: Placement, held: Counter[str] | dict[str, int]
) -> list[rules.DueConversation]:
    policy = policy_for(placement.school_year)
    agreement = agreements_for(placement.school_year).get(placement.level)
    return rules.conversations_due(
        start_date=placement.start_date,
        end_date=placement.end_date,
        is_taster=placement.is_taster,
        progress_conversations=agreement.progress_conversations if agreement else 1,
        held=dict(held),
        intake_within_days=policy.intake_within_days,
        acquaintance_before_days=policy.acquaintance_before_days,
        final_before_days=policy.final_before_days,
        min_weeks_for_progress=policy.min_weeks_for_progress,
    )


def supervision_for(*, user: Any, placement_id: int) -> SupervisionView:
    placement, scope = _placement_for(user, placement_id)
    role = supervisor_role(scope, placement)
    if role is None and placement.student_id != scope.student_id:
        raise Placement.DoesNotExist
    conversations = list(
        placement.conversations.prefetch_related("participants").select_related("decided_by")
    )
    held = Counter(c.kind for c in conversations if c.status == ConversationStatus.HELD)
    due = due_for(placement, held)
    today = timezone.localdate()
    return SupervisionView(
        placement=placement,
        role=role,
        agreement=agreements_for(placement.school_year).get(placement.level),
        due=due,
        conversations=[c for c in conversations if c.status == ConversationStatus.HELD],
        requests=[c for c in conversations if c.status == ConversationStatus.REQUESTED],
        signals=list(placement.signals.all()),
        people=placement_people(placement),
        today=today,
        show_confidential=may_see_confidential(role),
        overdue=[d for d in due if d.is_overdue(today)],
    )


@transaction.atomic
def agreement_save(
    *,
    user: Any,
    year: SchoolYear,
    level: str,
    phase: str,
    min_lessons: int,
    wpb_presence: str,
    progress_conversations: int,
    agreements: str,
) -> SupervisionAgreement:
    """The projectleider changes a phase's supervision agreements for a year."""
    from bos.permissions import can

    if not can(user, "policy.edit"):
        raise PermissionDenied
    agreements_for(year)
    agreement = SupervisionAgreement.objects.select_for_update().get(school_year=year, level=level)
    if not phase.strip():
        raise ValidationError({"phase": "Vul de studiefase in."})
    agreement.phase = phase.strip()
    agreement.min_lessons = min_lessons
    agreement.wpb_presence = wpb_presence
    agreement.progress_conversations = progress_conversations
    agreement.agreements = agreements.strip()
    agreement.full_clean()
    agreement.save()
    return agreement
