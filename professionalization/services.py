"""Writes of professionalisation: themes, meetings, registration with a waiting list,
attendance, evaluation, reflective conversations and certificates.

Every function checks the user's scope itself; the seats of a meeting are counted under a
row lock on the meeting, so two registrations at once can never overbook it."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from bos.models import Person, Role, RoleAssignment, SchoolLocation, SchoolYear
from bos.permissions import Scope, get_scope
from bos.queue import enqueue_on_commit
from governance import services as governance
from governance.models import Decision

from . import notifications, rules
from .models import (
    Certificate,
    CertificateRun,
    ConversationKind,
    Meeting,
    MeetingKind,
    ProfessionalizationPolicy,
    ReflectiveConversation,
    Registration,
    RegistrationStatus,
    RunStatus,
    Theme,
)
from .plan import PLAN_THEMES

logger = logging.getLogger(__name__)

PARTICIPANT_ROLES = (Role.SO, Role.IO, Role.WPB)
OPLEIDER_ROLES = (Role.SO, Role.IO)


def _planner(user: Any, year: SchoolYear) -> Scope:
    scope = get_scope(user, year)
    if not scope.sees_everything:
        raise PermissionDenied
    return scope


# Policy and themes ---------------------------------------------------------------------------


@transaction.atomic
def policy_ensure(*, year: SchoolYear) -> ProfessionalizationPolicy:
    """The year's policy; a new year starts as a copy of the most recent earlier one."""
    existing = ProfessionalizationPolicy.objects.filter(school_year=year).first()
    if existing is not None:
        return existing
    previous = (
        ProfessionalizationPolicy.objects.filter(school_year__start_date__lt=year.start_date)
        .order_by("-school_year__start_date")
        .first()
    )
    policy = ProfessionalizationPolicy(school_year=year)
    if previous is not None:
        # The outcome of last year's evaluation is the new year's own to write down.
        for model_field in ProfessionalizationPolicy._meta.concrete_fields:
            if model_field.name not in {"id", "school_year", "previous_evaluation"}:
                setattr(policy, model_field.attname, getattr(previous, model_field.attname))
    policy.save()
    return policy


@transaction.atomic
def policy_update(
    *, user: Any, year: SchoolYear, decision: Decision | None = None, **fields: Any
) -> ProfessionalizationPolicy:
    """The projectleider changes the year's numbers (audited like every model change); with
    a `decision`, each changed value is recorded as what that decision changes (old → new,
    governance)."""
    _planner(user, year)
    policy = policy_ensure(year=year)
    policy = ProfessionalizationPolicy.objects.select_for_update().get(pk=policy.pk)
    before = {name: getattr(policy, name) for name in fields}
    for name, value in fields.items():
        setattr(policy, name, value)
    policy.full_clean()
    policy.save()
    if decision is not None:
        governance.record_changes(
            user=user,
            decision=decision,
            changes=governance.value_changes(
                before=before, after=policy, label=f"Afspraken professionalisering {year}"
            ),
        )
    return policy


@transaction.atomic
def themes_ensure(*, year: SchoolYear) -> list[Theme]:
    """The year's themes; a year without any starts from the previous year's, or the plan's."""
    themes = list(Theme.objects.filter(school_year=year))
    if themes:
        return themes
    previous = (
        Theme.objects.filter(school_year__start_date__lt=year.start_date)
        .order_by("-school_year__start_date")
        .values_list("school_year_id", flat=True)
        .first()
    )
    if previous is not None:
        source = [
            (t.number, t.title, t.level, t.audience, t.requires_experience, t.description)
            for t in Theme.objects.filter(school_year_id=previous)
        ]
    else:
        source = [(*item, "") for item in PLAN_THEMES]
    return Theme.objects.bulk_create(
        Theme(
            school_year=year,
            number=number,
            title=title,
            level=level,
            audience=audience,
            requires_experience=experienced,
            description=description,
        )
        for number, title, level, audience, experienced, description in source
    )


@transaction.atomic
def theme_update(*, user: Any, theme_id: int, **fields: Any) -> Theme:
    theme = (
        Theme.objects.select_for_update(of=("self",)).select_related("school_year").get(pk=theme_id)
    )
    _planner(user, theme.school_year)
    for name, value in fields.items():
        setattr(theme, name, value)
    theme.full_clean()
    theme.save()
    return theme


# Meetings ------------------------------------------------------------------------------------


def _check_meeting(meeting: Meeting) -> None:
    if not meeting.school_year.contains(meeting.date):
        raise ValidationError({"date": f"De datum ligt niet in schooljaar {meeting.school_year}."})
    if meeting.theme_id and meeting.theme.school_year_id != meeting.school_year_id:
        raise ValidationError({"theme": "Dit thema hoort bij een ander schooljaar."})
    if meeting.pk:
        taken = meeting.registrations.filter(status=RegistrationStatus.REGISTERED).count()
        if meeting.capacity < taken:
            raise ValidationError(
                {"capacity": f"Er zijn al {taken} aanmeldingen; verlaag niet onder dat aantal."}
            )
    meeting.full_clean()


@transaction.atomic
def save_meeting(*, meeting: Meeting) -> Meeting:
    """Validate and store a meeting built by a caller that checked who may plan it."""
    _check_meeting(meeting)
    meeting.save()
    return meeting


@transaction.atomic
def meeting_save(
    *, user: Any, year: SchoolYear, meeting_id: int | None = None, **fields: Any
) -> Meeting:
    """Plan or change a professionalisation meeting (projectleider)."""
    _planner(user, year)
    if meeting_id is None:
        meeting = Meeting(school_year=year, kind=MeetingKind.THEME)
    else:
        meeting = Meeting.objects.select_for_update(of=("self",)).get(
            pk=meeting_id, school_year=year, kind=MeetingKind.THEME
        )
    for name, value in fields.items():
        setattr(meeting, name, value)
    _check_meeting(meeting)
    meeting.save()
    return meeting


def start_meeting_locations(scope: Scope) -> set[int]:
    """Schools whose start meeting the user organises: an SO's or IO's own locations."""
    return set(scope.so_location_ids) | {loc for _, loc in scope.io_pairs}


@transaction.atomic
def start_meeting_save(
    *,
    user: Any,
    year: SchoolYear,
    location_id: int,
    meeting_id: int | None = None,
    **fields: Any,
) -> Meeting:
    """Set a school's start meeting for its WPBs; organised by its SO and IO."""
    scope = get_scope(user, year)
    if not scope.sees_everything and location_id not in start_meeting_locations(scope):
        raise PermissionDenied
    location = SchoolLocation.objects.get(pk=location_id)
    if meeting_id is None:
        if Meeting.objects.filter(
            school_year=year, kind=MeetingKind.START, location=location
        ).exists():
            raise ValidationError(f"{location} heeft al een startbijeenkomst in {year}.")
        meeting = Meeting(school_year=year, kind=MeetingKind.START, location=location)
    else:
        meeting = Meeting.objects.select_for_update(of=("self",)).get(
            pk=meeting_id, school_year=year, kind=MeetingKind.START, location=location
        )
    for name, value in fields.items():
        setattr(meeting, name, value)
    if meeting.leader_id is None:
        so = (
            RoleAssignment.objects.filter(role=Role.SO, school_year=year, locations=location)
            .order_by("pk")
            .first()
        )
        if so is None:
            raise ValidationError(f"{location} heeft geen schoolopleider in {year}.")
        meeting.leader_id = so.person_id
    _check_meeting(meeting)
    meeting.save()
    return meeting


# Registration --------------------------------------------------------------------------------


def participant_role(person_id: int, year: SchoolYear) -> str | None:
    """The role someone takes part in (SO before IO before WPB), or None."""
    roles = set(
        RoleAssignment.objects.filter(
            person_id=person_id, school_year=year, role__in=PARTICIPANT_ROLES
        ).values_list("role", flat=True)
    )
    return next((role for role in PARTICIPANT_ROLES if role in roles), None)


def velon_check(person_id: int, year: SchoolYear, min_years: int) -> rules.Eligibility:
    """The Velon rule against the person's role history over the school years."""
    start_years = [
        start.year
        for start in RoleAssignment.objects.filter(
            person_id=person_id, role__in=OPLEIDER_ROLES
        ).values_list("school_year__start_date", flat=True)
    ]
    return rules.velon_eligibility(
        role_start_years=start_years, current_start_year=year.start_year, min_years=min_years
    )


def _check_audience(meeting: Meeting, person_id: int, role: str) -> None:
    if meeting.kind == MeetingKind.START:
        at_school = RoleAssignment.objects.filter(
            person_id=person_id,
            school_year=meeting.school_year,
            role__in=PARTICIPANT_ROLES,
            locations=meeting.location,
        ).exists()
        if not at_school:
            raise ValidationError(
                f"De startbijeenkomst van {meeting.location} is voor de WPB van die school."
            )
        return
    if meeting.theme.requires_experience:
        if role not in OPLEIDER_ROLES:
            raise ValidationError(f"“{meeting.theme.title}” is alleen voor SO en IO.")
        policy = policy_ensure(year=meeting.school_year)
        result = velon_check(person_id, meeting.school_year, policy.velon_min_years)
        if not result.eligible:
            raise ValidationError(" ".join(result.explanation))


@dataclass
class RegistrationResult:
    registration: Registration
    message: str


@transaction.atomic
def register(*, user: Any, meeting_id: int) -> RegistrationResult:
    """Register the user for a meeting: a seat while there is one, else the waiting list."""
    year_id = Meeting.objects.values_list("school_year_id", flat=True).get(pk=meeting_id)
    scope = get_scope(user, SchoolYear.objects.get(pk=year_id))
    if scope.person_id is None:
        raise PermissionDenied
    return enrol(meeting_id=meeting_id, person_id=scope.person_id, today=timezone.localdate())


@transaction.atomic
def enrol(*, meeting_id: int, person_id: int, today: dt.date) -> RegistrationResult:
    """Register a person after the caller checked who may ask (`register` after the scope
    check, the demo loader with a date of its choosing); checks audience and seats."""
    # The lock on the meeting row serialises every registration and cancellation of this
    # meeting, so the count below cannot be stale when the seat is taken.
    meeting = (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("school_year", "theme", "location")
        .get(pk=meeting_id)
    )
    role = participant_role(person_id, meeting.school_year)
    if role is None:
        raise ValidationError(
            f"Aanmelden kan voor WPB, SO en IO met een rol in schooljaar {meeting.school_year}."
        )
    if meeting.date < today:
        raise ValidationError("Deze bijeenkomst is al geweest; aanmelden kan niet meer.")
    _check_audience(meeting, person_id, role)
    existing = Registration.objects.filter(meeting=meeting, person_id=person_id).first()
    if existing is not None and existing.status != RegistrationStatus.CANCELLED:
        label = (
            "aangemeld" if existing.status == RegistrationStatus.REGISTERED else "op de wachtlijst"
        )
        raise ValidationError(f"Je staat al {label} voor deze bijeenkomst.")
    taken = Registration.objects.filter(
        meeting=meeting, status=RegistrationStatus.REGISTERED
    ).count()
    place = rules.place_for(capacity=meeting.capacity, taken=taken)
    registration = existing or Registration(meeting=meeting, person_id=person_id)
    registration.role = role
    registration.status = place.status
    registration.queued_at = timezone.now() if place.status == RegistrationStatus.WAITING else None
    registration.week_reminder_sent_at = None
    registration.day_reminder_sent_at = None
    registration.save()
    if place.status == RegistrationStatus.REGISTERED:
        message = f"Je bent aangemeld voor {meeting.title}."
    else:
        ahead = Registration.objects.filter(
            meeting=meeting, status=RegistrationStatus.WAITING
        ).count()
        message = (
            f"{meeting.title} is vol: je staat op de wachtlijst (nummer {ahead}). "
            "Komt er een plaats vrij, dan krijg je een e-mail."
        )
    return RegistrationResult(registration, message)


@transaction.atomic
def cancel(*, user: Any, registration_id: int) -> Registration | None:
    """Cancel the user's own registration (or waiting-list place). When a seat frees up,
    the first on the waiting list moves up and is told by e-mail. Returns who moved up."""
    meeting_id = Registration.objects.values_list("meeting_id", flat=True).get(pk=registration_id)
    meeting = (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("school_year")
        .get(pk=meeting_id)
    )
    registration = Registration.objects.select_for_update(of=("self",)).get(pk=registration_id)
    scope = get_scope(user, meeting.school_year)
    if registration.person_id != scope.person_id:
        raise Registration.DoesNotExist
    if registration.status == RegistrationStatus.CANCELLED:
        raise ValidationError("Je bent al afgemeld.")
    if meeting.date < timezone.localdate():
        raise ValidationError("Deze bijeenkomst is al geweest; afmelden kan niet meer.")
    freed = registration.status == RegistrationStatus.REGISTERED
    registration.status = RegistrationStatus.CANCELLED
    registration.queued_at = None
    registration.save(update_fields=["status", "queued_at"])
    if freed:
        return _promote(meeting)
    return None


def _promote(meeting: Meeting) -> Registration | None:
    """Fill free seats from the waiting list, first come first served (meeting row locked)."""
    taken = Registration.objects.filter(
        meeting=meeting, status=RegistrationStatus.REGISTERED
    ).count()
    if taken >= meeting.capacity:
        return None
    first = (
        Registration.objects.select_for_update(of=("self",))
        .filter(meeting=meeting, status=RegistrationStatus.WAITING)
        .order_by("queued_at", "pk")
        .first()
    )
    if first is None:
        return None
    first.status = RegistrationStatus.REGISTERED
    first.queued_at = None
    first.save(update_fields=["status", "queued_at"])
    registration_id = first.pk
    transaction.on_commit(lambda: notifications.moved_up(registration_id))
    return first


# Attendance and evaluation ---------------------------------------------------------------------


def may_lead(scope: Scope, meeting: Meeting) -> bool:
    if scope.sees_everything:
        return True
    return scope.person_id is not None and scope.person_id in {
        meeting.leader_id,
        meeting.co_leader_id,
    }


def leads_any(scope: Scope) -> bool:
    """Whether the scope may record attendance of some meeting of its year."""
    if scope.sees_everything:
        return True
    if scope.person_id is None:
        return False
    return (
        Meeting.objects.filter(school_year=scope.year)
        .filter(Q(leader_id=scope.person_id) | Q(co_leader_id=scope.person_id))
        .exists()
    )


@transaction.atomic
def record_attendance(*, user: Any, meeting_id: int, present_ids: set[int]) -> int:
    """The leader marks who came (registration ids); hours follow from the meeting's times.
    Returns the number present."""
    meeting = (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("school_year")
        .get(pk=meeting_id)
    )
    scope = get_scope(user, meeting.school_year)
    if not may_lead(scope, meeting):
        raise PermissionDenied
    return mark_attendance(meeting=meeting, present_ids=present_ids, today=timezone.localdate())


def mark_attendance(*, meeting: Meeting, present_ids: set[int], today: dt.date) -> int:
    """Attendance of a meeting the caller locked (`record_attendance`, the demo loader)."""
    if meeting.date > today:
        raise ValidationError("Aanwezigheid vastleggen kan vanaf de dag van de bijeenkomst.")
    registrations = list(
        Registration.objects.select_for_update(of=("self",)).filter(
            meeting=meeting, status=RegistrationStatus.REGISTERED
        )
    )
    unknown = present_ids - {r.pk for r in registrations}
    if unknown:
        raise ValidationError("Onbekende deelnemer in de aanwezigheidslijst.")
    hours = rules.meeting_hours(meeting.start_time, meeting.end_time)
    for registration in registrations:
        registration.attended = registration.pk in present_ids
        registration.hours = hours if registration.attended else Decimal(0)
    Registration.objects.bulk_update(registrations, ["attended", "hours"])
    return sum(1 for r in registrations if r.attended)


@transaction.atomic
def evaluate(*, user: Any, registration_id: int, score: int, comment: str) -> Registration:
    registration = (
        Registration.objects.select_for_update(of=("self",))
        .select_related("meeting__school_year")
        .get(pk=registration_id)
    )
    scope = get_scope(user, registration.meeting.school_year)
    if registration.person_id != scope.person_id:
        raise Registration.DoesNotExist
    return give_evaluation(registration=registration, score=score, comment=comment)


def give_evaluation(*, registration: Registration, score: int, comment: str) -> Registration:
    """An evaluation of a registration the caller locked (`evaluate`, the demo loader)."""
    if not registration.attended:
        raise ValidationError("Evalueren kan na een bijeenkomst waarbij je aanwezig was.")
    if not 1 <= score <= 5:
        raise ValidationError({"score": "Kies een waardering van 1 tot en met 5."})
    registration.score = score
    registration.comment = comment.strip()[:2000]
    registration.evaluated_at = timezone.now()
    registration.save(update_fields=["score", "comment", "evaluated_at"])
    return registration


# Reminders -------------------------------------------------------------------------------------


def claim_reminder(*, registration_id: int, which: str, day: dt.date) -> bool:
    """Mark a reminder as sent, exactly once: the conditional update is the sent-marker, so
    two beat runs (or a retried task) never send it twice."""
    field_name = "week_reminder_sent_at" if which == "week" else "day_reminder_sent_at"
    updates: dict[str, Any] = {field_name: timezone.now()}
    if which == "day":
        # A late registration gets only the nearer reminder.
        updates["week_reminder_sent_at"] = timezone.now()
    claimed = Registration.objects.filter(
        pk=registration_id,
        status=RegistrationStatus.REGISTERED,
        meeting__date__gt=day,
        **{f"{field_name}__isnull": True},
    ).update(**updates)
    return claimed == 1


# Reflective conversations ----------------------------------------------------------------------


def _conversation_partner_ok(
    kind: str, conductor_scope: Scope, participant: Person, year: SchoolYear
) -> SchoolLocation | None:
    """Check that the conductor is the right partner for the participant; returns the school
    the conversation counts for (None for an IO–IC conversation)."""
    assignments = RoleAssignment.objects.filter(person=participant, school_year=year)
    if kind == ConversationKind.WPB_SO:
        wpb = assignments.filter(
            role=Role.WPB, locations__in=conductor_scope.so_location_ids
        ).first()
        if wpb is None or not conductor_scope.has(Role.SO):
            raise ValidationError("Dit gesprek voert de SO met een WPB van de eigen school.")
        return wpb.locations.filter(pk__in=conductor_scope.so_location_ids).first()
    if kind == ConversationKind.SO_BC:
        so = assignments.filter(role=Role.SO).first()
        if so is None or not conductor_scope.has(Role.BC):
            raise ValidationError("Dit gesprek voert een BC met een SO.")
        return so.locations.order_by("name").first()
    if kind == ConversationKind.IO_IC:
        io = assignments.filter(
            role=Role.IO, institute_id__in=conductor_scope.ic_institute_ids
        ).first()
        if io is None or not conductor_scope.has(Role.IC):
            raise ValidationError("Dit gesprek voert de IC met een IO van het eigen instituut.")
        return io.locations.order_by("name").first()
    raise ValidationError("Onbekende soort gesprek.")


@transaction.atomic
def conversation_plan(
    *, user: Any, year: SchoolYear, kind: str, participant_id: int, planned_on: dt.date
) -> ReflectiveConversation:
    """The conductor (SO, BC or IC) plans a colleague's yearly conversation."""
    scope = get_scope(user, year)
    if scope.person_id is None:
        raise PermissionDenied
    participant = Person.objects.get(pk=participant_id)
    if participant.pk == scope.person_id:
        raise ValidationError("Een reflectief gesprek voer je met een ander.")
    location = _conversation_partner_ok(kind, scope, participant, year)
    if not year.contains(planned_on):
        raise ValidationError({"planned_on": f"De datum ligt niet in schooljaar {year}."})
    if ReflectiveConversation.objects.filter(
        school_year=year, kind=kind, participant=participant
    ).exists():
        raise ValidationError(f"Voor {participant} is dit gesprek in {year} al gepland.")
    return ReflectiveConversation.objects.create(
        school_year=year,
        kind=kind,
        participant=participant,
        conductor_id=scope.person_id,
        location=location,
        planned_on=planned_on,
    )


@transaction.atomic
def conversation_record(
    *,
    user: Any,
    conversation_id: int,
    planned_on: dt.date,
    held_on: dt.date | None,
    notes: str,
) -> ReflectiveConversation:
    """Either of the two people records the date, that it was held, and the notes."""
    conversation = (
        ReflectiveConversation.objects.select_for_update(of=("self",))
        .select_related("school_year")
        .get(pk=conversation_id)
    )
    scope = get_scope(user, conversation.school_year)
    if scope.person_id not in {conversation.participant_id, conversation.conductor_id}:
        raise ReflectiveConversation.DoesNotExist
    if held_on is not None and held_on > timezone.localdate():
        raise ValidationError({"held_on": "Een gesprek kan niet in de toekomst gehouden zijn."})
    if not conversation.school_year.contains(planned_on):
        raise ValidationError({"planned_on": "De datum ligt niet in het schooljaar."})
    conversation.planned_on = planned_on
    conversation.held_on = held_on
    conversation.notes = notes.strip()
    conversation.full_clean()
    conversation.save()
    return conversation


# Certificates ----------------------------------------------------------------------------------


def certificate_prepare(*, person: Person, year: SchoolYear) -> Certificate | None:
    """Create or refresh a person's certificate of a year; None when they attended nothing."""
    total = sum(
        Registration.objects.filter(
            person=person, meeting__school_year=year, attended=True
        ).values_list("hours", flat=True),
        Decimal(0),
    )
    if not total:
        return None
    certificate, created = Certificate.objects.get_or_create(
        person=person,
        school_year=year,
        defaults={"name": person.full_name, "total_hours": total},
    )
    if not created and (certificate.total_hours != total or certificate.name != person.full_name):
        certificate.total_hours = total
        certificate.name = person.full_name
        certificate.save(update_fields=["total_hours", "name", "issued_at"])
    return certificate


@transaction.atomic
def certificate_for_user(*, user: Any, year: SchoolYear) -> Certificate | None:
    scope = get_scope(user, year)
    if scope.person_id is None:
        raise PermissionDenied
    return certificate_prepare(person=Person.objects.get(pk=scope.person_id), year=year)


@transaction.atomic
def certificate_run_request(*, user: Any, year: SchoolYear) -> CertificateRun:
    """Queue the year-end preparation; the task starts after the commit."""
    _planner(user, year)
    if CertificateRun.objects.filter(
        school_year=year, status__in=[RunStatus.QUEUED, RunStatus.RUNNING]
    ).exists():
        raise ValidationError("Er loopt al een ronde voor dit schooljaar.")
    run = CertificateRun.objects.create(school_year=year, requested_by=user)
    enqueue_on_commit("professionalization.tasks.prepare_certificates", run.pk)
    return run


def certificate_run_execute(*, run_id: int) -> CertificateRun:
    """Prepare every participant's certificate and mail each a link once (idempotent)."""
    run = CertificateRun.objects.select_related("school_year").get(pk=run_id)
    if run.status == RunStatus.DONE:
        return run
    year = run.school_year
    person_ids = sorted(
        set(
            Registration.objects.filter(meeting__school_year=year, attended=True).values_list(
                "person_id", flat=True
            )
        )
    )
    CertificateRun.objects.filter(pk=run.pk).update(
        status=RunStatus.RUNNING, total=len(person_ids), done=0
    )
    mailed = 0
    try:
        for index, person in enumerate(Person.objects.filter(pk__in=person_ids).order_by("pk")):
            with transaction.atomic():
                certificate = certificate_prepare(person=person, year=year)
                if certificate is not None:
                    claimed = Certificate.objects.filter(
                        pk=certificate.pk, mailed_at__isnull=True
                    ).update(mailed_at=timezone.now())
                    if claimed:
                        certificate_id = certificate.pk
                        transaction.on_commit(
                            lambda cid=certificate_id: notifications.certificate_ready(cid)
                        )
                        mailed += 1
            CertificateRun.objects.filter(pk=run.pk).update(done=index + 1, mailed=mailed)
    except Exception as exc:
        logger.exception("Certificaten %s mislukt", year)
        CertificateRun.objects.filter(pk=run.pk).update(
            status=RunStatus.FAILED, error=str(exc)[:2000], finished_at=timezone.now()
        )
        run.refresh_from_db()
        return run
    CertificateRun.objects.filter(pk=run.pk).update(
        status=RunStatus.DONE, finished_at=timezone.now()
    )
    run.refresh_from_db()
    return run
