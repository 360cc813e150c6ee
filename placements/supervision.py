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
from bos.models import Institute, Person, Role, SchoolYear
from bos.permissions import Scope
from governance import services as governance

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


GENERIC = {"institute__isnull": True, "special_group": ""}


def agreements_for(year: SchoolYear) -> dict[str, SupervisionAgreement]:
    """The year's agreements per stage level for every institute; missing ones are copied
    from the latest earlier year, or else from bijlage 10's defaults. A year that had no
    agreements at all also gets the agreements for one institute or special group
    (`all_agreements`)."""
    rows = list(SupervisionAgreement.objects.filter(school_year=year))
    existing = {a.level: a for a in rows if a.institute_id is None and not a.special_group}
    missing = [level for level in rules.SUPERVISION_DEFAULTS if level not in existing]
    if missing:
        previous: dict[str, SupervisionAgreement] = {}
        for agreement in SupervisionAgreement.objects.filter(
            school_year__start_date__lt=year.start_date, level__in=missing, **GENERIC
        ).order_by("school_year__start_date"):
            previous[agreement.level] = agreement  # the latest year wins
        for level in missing:
            source = previous.get(level)
            values = _values_of(source or rules.SUPERVISION_DEFAULTS[level])
            if year.closed_at is not None:
                # A closed year is read as it was left: the copy is shown, not stored.
                existing[level] = SupervisionAgreement(school_year=year, level=level, **values)
                continue
            existing[level], _ = SupervisionAgreement.objects.get_or_create(
                school_year=year, level=level, institute=None, special_group="", defaults=values
            )
    if not rows and year.closed_at is None:
        _special_copied(year)
    return existing


def _values_of(source: Any) -> dict[str, Any]:
    return {
        name: getattr(source, name)
        for name in ("phase", "min_lessons", "wpb_presence", "progress_conversations", "agreements")
    }


def _special_copied(year: SchoolYear) -> None:
    """The agreements for one institute or special group of the latest earlier year that
    has any, or else bijlage 10's (for the institutes that exist)."""
    specific = SupervisionAgreement.objects.exclude(**GENERIC).select_related("institute")
    latest = (
        specific.filter(school_year__start_date__lt=year.start_date)
        .order_by("-school_year__start_date")
        .values_list("school_year", flat=True)
        .first()
    )
    if latest is not None:
        for source in specific.filter(school_year=latest):
            SupervisionAgreement.objects.get_or_create(
                school_year=year,
                institute=source.institute,
                level=source.level,
                special_group=source.special_group,
                defaults=_values_of(source),
            )
        return
    institutes = {i.short_name: i for i in Institute.objects.all()}
    for (code, level, group), defaults in rules.SUPERVISION_SPECIAL_DEFAULTS.items():
        if code and code not in institutes:
            continue
        SupervisionAgreement.objects.get_or_create(
            school_year=year,
            institute=institutes.get(code) if code else None,
            level=level,
            special_group=group,
            defaults=_values_of(defaults),
        )


def all_agreements(year: SchoolYear) -> list[SupervisionAgreement]:
    """Every agreement of the year: per level, then per institute and special group."""
    generic = agreements_for(year)
    stored = [
        a
        for a in SupervisionAgreement.objects.filter(school_year=year).select_related("institute")
        if a.institute_id is not None or a.special_group
    ]
    return sorted(
        [*generic.values(), *stored],
        key=lambda a: (a.level, a.institute.short_name if a.institute else "", a.special_group),
    )


def agreement_for_placement(placement: Placement) -> SupervisionAgreement | None:
    """The agreement a placement follows: its institute's for its level, a special group's
    it belongs to, or the level's for every institute (`rules.supervision_agreement_key`)."""
    rows = {a.key: a for a in all_agreements(placement.school_year)}
    key, _ = rules.supervision_agreement_key(
        rows,
        institute=placement.student.institute.short_name,
        level=placement.level,
        employed=placement.student.is_zij_instromer,
    )
    return rows.get(key) if key else None


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
    agreement = agreement_for_placement(placement)
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
        agreement=agreement_for_placement(placement),
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
    copies = agreements_for(year)
    if level not in copies:
        raise ValidationError({"level": "Kies een studiefase uit de lijst."})
    agreement = copies[level]
    if agreement.pk is not None:
        agreement = SupervisionAgreement.objects.select_for_update().get(pk=agreement.pk)
    # A closed year's agreements are only shown copies (no pk): saving one is refused by the
    # closed-year guard like any other write to that year.
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


AGREEMENT_FIELDS = (
    "institute",
    "level",
    "special_group",
    "phase",
    "min_lessons",
    "wpb_presence",
    "progress_conversations",
    "agreements",
)


def agreement_label(agreement: SupervisionAgreement) -> str:
    """'master, FLOT' or 'elk niveau, studenten met een aanstelling'."""
    parts = [
        agreement.get_level_display() if agreement.level else "elk niveau",
        agreement.institute.short_name if agreement.institute_id else "elk instituut",
    ]
    if agreement.special_group:
        parts.append(str(agreement.get_special_group_display()))
    return ", ".join(str(part) for part in parts)


@transaction.atomic
def agreement_update(
    *,
    user: Any,
    year: SchoolYear,
    agreement: SupervisionAgreement | None,
    values: dict[str, Any],
    decision: Any = None,
) -> list[Any]:
    """The projectleider changes one of the year's agreements, or adds one for an institute
    or special group (`agreement` None); with a `decision`, old → new is recorded with it
    (governance). Only the projectleider, in an open year."""
    if agreement is not None and agreement.school_year_id != year.pk:
        raise SupervisionAgreement.DoesNotExist
    row = agreement or SupervisionAgreement(school_year=year)
    label_row = SupervisionAgreement(
        school_year=year,
        **{name: values.get(name, getattr(row, name)) for name in AGREEMENT_FIELDS},
    )
    if not str(values.get("phase", row.phase)).strip():
        raise ValidationError({"phase": "Vul de studiefase in."})
    return governance.setting_update(
        user=user,
        instance=row,
        fields=AGREEMENT_FIELDS,
        values=values,
        label=f"Begeleidingsafspraken {year} ({agreement_label(label_row)})",
        decision=decision,
    )
