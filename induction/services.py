"""Writes of the induction register and programme. Every function checks the user's scope
itself (in the object's own year) and refuses a closed year before it starts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from bos import mail as bos_mail
from bos.closing import ensure_open
from bos.models import Person, Role, RoleAssignment, SchoolYear
from bos.permissions import can, get_scope
from governance import services as governance
from governance.models import Decision
from library.models import Document
from placements import services as placement_services
from placements.models import Student, Variant

from .models import (
    BlockState,
    BuildingBlock,
    BuildingBlockStatus,
    DevelopmentPlan,
    ExitInterview,
    InductionPolicy,
    IntroInvitation,
    IntroMeeting,
    LeavingReason,
    MeasureCheck,
    MeasureState,
    Starter,
    StarterKind,
    WorkloadMeasure,
)
from .selectors import (
    coaches_programme,
    editable_location_ids,
    runs_programme,
    starter_in_scope,
    visible_location_ids,
)


def _check(user: Any, location_id: int, year: SchoolYear | None = None) -> SchoolYear:
    if not can(user, "induction.edit", year):
        raise PermissionDenied
    scope = get_scope(user, year)
    allowed = editable_location_ids(scope)
    if allowed is not None and location_id not in allowed:
        raise ValidationError(
            {"location": "Je kunt alleen starters van je eigen school vastleggen."}
        )
    if scope.year is None:
        raise ValidationError("Er is geen schooljaar ingericht.")
    return scope.year


def _notify_so(starter: Starter, actor: Any) -> None:
    """An unqualified colleague was hired: the school's SO hears of it at once (bijlage 4,
    building block 12), so they can be registered as a zij-instromer student."""
    people = {
        assignment.person.email: assignment.person
        for assignment in RoleAssignment.objects.filter(
            role=Role.SO, school_year=starter.school_year, locations=starter.location_id
        ).select_related("person")
        if assignment.person.email and assignment.person.user_id != actor.pk
    }
    starter.so_notified_at = timezone.now()
    starter.save(update_fields=["so_notified_at"])
    for email in sorted(people):
        bos_mail.send(
            kind=bos_mail.Kind.INDUCTION_UNQUALIFIED_HIRE,
            subject=f"Onbevoegde collega aangenomen op {starter.location}",
            text=(
                f"{bos_mail.greeting(people[email].first_name)}\n\n"
                f"Op {starter.location} is een onbevoegde collega aangenomen: "
                f"{starter.full_name} ({starter.subject}), in dienst sinds "
                f"{starter.hired_on:%d-%m-%Y}.\n\n"
                "De schoolopleider is betrokken bij de begeleiding. Schrijf de collega zo nodig "
                "in als zij-instromer (student) via het inductieregister op het platform."
            ),
            to=[email],
        )


@transaction.atomic
def starter_register(
    *,
    user: Any,
    location_id: int,
    first_name: str,
    last_name: str,
    email: str,
    subject: str,
    kind: str,
    hired_on: dt.date,
    induction_year: int = 1,
    coach: Person | None = None,
    former_student: Student | None = None,
    year: SchoolYear | None = None,
) -> Starter:
    year = _check(user, location_id, year)
    errors: dict[str, list[str]] = {}
    if not first_name.strip() or not last_name.strip():
        errors["last_name"] = ["Vul de naam van de starter in."]
    if not subject.strip():
        errors["subject"] = ["Vul het vak in."]
    if kind not in StarterKind.values:
        errors["kind"] = ["Kies de soort starter."]
    if kind == StarterKind.FORMER_STUDENT and former_student is None:
        errors["former_student"] = ["Kies de oud-student."]
    if former_student is not None and not former_student.placements.exists():
        errors["former_student"] = [
            "Deze student heeft geen stage bij de opleidingsschool gelopen."
        ]
    if induction_year not in (1, 2, 3):
        errors["induction_year"] = ["Het inductiejaar is 1, 2 of 3."]
    if errors:
        raise ValidationError(errors)
    starter = Starter.objects.create(
        location_id=location_id,
        school_year=year,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        email=email.strip().lower(),
        subject=subject.strip(),
        kind=kind,
        former_student=former_student if kind == StarterKind.FORMER_STUDENT else None,
        coach=coach,
        induction_year=induction_year,
        hired_on=hired_on,
        created_by=user,
    )
    if kind == StarterKind.UNQUALIFIED:
        _notify_so(starter, user)
    return starter


@transaction.atomic
def starter_register_as_student(
    *,
    user: Any,
    starter_id: int,
    institute_id: int,
    student_number: str,
    programme: str = "",
) -> Student:
    """The SO registers an unqualified colleague as a zij-instromer student (through the
    placements app's own service)."""
    starter = Starter.objects.select_for_update().get(pk=starter_id)
    _check(user, starter.location_id, starter.school_year)
    if not can(user, "placement.edit"):
        raise PermissionDenied
    if starter.registered_student_id:
        raise ValidationError("Deze collega is al als zij-instromer ingeschreven.")
    student = placement_services.student_find_or_create(
        user=user,
        institute_id=institute_id,
        student_number=student_number,
        first_name=starter.first_name,
        last_name=starter.last_name,
        email=starter.email or f"{student_number.strip().lower()}@onbekend.invalid",
        programme=programme or starter.subject,
        variant=Variant.DT,
        is_zij_instromer=True,
    )
    if Starter.objects.filter(registered_student=student).exists():
        raise ValidationError({"student_number": "Deze student hoort al bij een andere starter."})
    # Without a placement yet, the colleague is in the school's student register by this.
    placement_services.students_register_at(
        user=user, student_ids=[student.pk], location_ids=[starter.location_id]
    )
    starter.registered_student = student
    starter.kind = StarterKind.ZIJ_INSTROMER
    starter.save(update_fields=["registered_student", "kind"])
    return student


@transaction.atomic
def block_set(
    *,
    user: Any,
    location_id: int,
    block: str,
    state: str,
    note: str = "",
    year: SchoolYear | None = None,
) -> BuildingBlockStatus:
    year = _check(user, location_id, year)
    if block not in BuildingBlock.values:
        raise ValidationError({"block": "Onbekende bouwsteen."})
    if state not in BlockState.values:
        raise ValidationError({"state": "Kies een status."})
    status, _ = BuildingBlockStatus.objects.update_or_create(
        location_id=location_id,
        school_year=year,
        block=block,
        defaults={"state": state, "note": note.strip()},
    )
    return status


# --- The programme around each starter ----------------------------------------------------

POLICY_FIELDS: tuple[str, ...] = (
    "reduction_first_year_pct",
    "reduction_second_year_pct",
    "coach_hours_first_year",
    "coach_hours_later_years",
)
MAX_TEXT = 4000


def _programme_starter(user: Any, starter_id: int, *, coaching: bool = False) -> Starter:
    """The starter, locked, when the user runs the programme at its school (the school's SO,
    the projectleider; for the coaching, `coaching`, also the school's lerarencoach): out of
    scope a 404 (DoesNotExist), in sight but not theirs a 403, a closed year refused."""
    starter = Starter.objects.select_for_update().select_related("school_year").get(pk=starter_id)
    scope = get_scope(user, starter.school_year)
    if not starter_in_scope(scope, starter):
        raise Starter.DoesNotExist
    allowed = coaches_programme if coaching else runs_programme
    if not allowed(scope, starter.location_id):
        raise PermissionDenied
    ensure_open(starter.school_year_id)
    return starter


def _text(value: str, field: str, label: str, *, required: bool = False) -> str:
    value = value.strip()
    if required and not value:
        raise ValidationError({field: f"Vul de {label} in."})
    if len(value) > MAX_TEXT:
        raise ValidationError({field: f"De {label} zijn te lang: maximaal {MAX_TEXT} tekens."})
    return value


@transaction.atomic
def policy_update(
    *,
    user: Any,
    year: SchoolYear,
    values: Mapping[str, Decimal],
    information_package: Document | None = None,
    decision: Decision | None = None,
) -> InductionPolicy:
    """The projectleider sets the year's induction policy; with a `decision`, each changed
    value is recorded as what that decision changes (old → new, governance)."""
    if not can(user, "policy.edit", year):
        raise PermissionDenied
    ensure_open(year)
    if information_package is not None and information_package.school_year_id != year.pk:
        raise ValidationError(
            {"information_package": "Kies een document uit de bibliotheek van dit schooljaar."}
        )
    governance.setting_update(
        user=user,
        instance=InductionPolicy.for_year(year),
        fields=(*POLICY_FIELDS, "information_package"),
        values={**values, "information_package": information_package},
        label=f"Inductiebeleid {year}",
        decision=decision,
    )
    return InductionPolicy.for_year(year)


@transaction.atomic
def plan_record(
    *,
    user: Any,
    starter_id: int,
    goals: str,
    agreements: str,
    review_on: dt.date,
) -> DevelopmentPlan:
    """A new version of the starter's development plan; earlier versions stay."""
    starter = _programme_starter(user, starter_id, coaching=True)
    goals = _text(goals, "goals", "leerdoelen", required=True)
    agreements = _text(agreements, "agreements", "afspraken")
    if not starter.school_year.start_date <= review_on <= starter.school_year.end_date:
        raise ValidationError(
            {"review_on": f"Kies een evaluatiedatum in schooljaar {starter.school_year}."}
        )
    latest = starter.plans.order_by("-version").values_list("version", flat=True).first()
    return DevelopmentPlan.objects.create(
        starter=starter,
        version=(latest or 0) + 1,
        goals=goals,
        agreements=agreements,
        review_on=review_on,
        recorded_by=user,
    )


@transaction.atomic
def measures_set(
    *,
    user: Any,
    starter_id: int,
    states: Mapping[str, str],
    notes: Mapping[str, str] | None = None,
) -> int:
    """Record the checklist of workload measures: per measure done, not applicable or
    still open. Returns how many measures changed."""
    starter = _programme_starter(user, starter_id, coaching=True)
    notes = notes or {}
    for measure, state in states.items():
        if measure not in WorkloadMeasure.values:
            raise ValidationError("Onbekende werkdrukmaatregel.")
        if state not in MeasureState.values:
            raise ValidationError("Kies per maatregel: gedaan, niet van toepassing of nog niet.")
    existing = {check.measure: check for check in starter.measures.all()}
    changed = 0
    for measure, state in states.items():
        note = notes.get(measure, "").strip()[:300]
        check = existing.get(measure)
        if check is None:
            if state == MeasureState.OPEN and not note:
                continue
            MeasureCheck.objects.create(
                starter=starter, measure=measure, state=state, note=note, updated_by=user
            )
            changed += 1
        elif check.state != state or (measure in notes and check.note != note):
            check.state = state
            if measure in notes:
                check.note = note
            check.updated_by = user
            check.save()
            changed += 1
    return changed


@transaction.atomic
def exit_record(
    *,
    user: Any,
    starter_id: int,
    left_on: dt.date,
    reason: str,
    notes: str = "",
) -> ExitInterview:
    """The exit interview with a starter who leaves: date, reason and notes."""
    starter = _programme_starter(user, starter_id)
    if reason not in LeavingReason.values:
        raise ValidationError({"reason": "Kies de reden van vertrek."})
    if left_on < starter.hired_on:
        raise ValidationError(
            {"left_on": "De vertrekdatum ligt vóór de datum van indiensttreding."}
        )
    notes = _text(notes, "notes", "aantekeningen")
    interview, _ = ExitInterview.objects.update_or_create(
        starter=starter,
        defaults={"left_on": left_on, "reason": reason, "notes": notes, "recorded_by": user},
    )
    return interview


@transaction.atomic
def intro_meeting_create(
    *,
    user: Any,
    location_id: int,
    date: dt.date,
    note: str = "",
    year: SchoolYear | None = None,
) -> IntroMeeting:
    """A school's introduction meeting; the school's starters of the year who have not left
    are invited."""
    scope = get_scope(user, year)
    if scope.year is None:
        raise ValidationError("Er is geen schooljaar ingericht.")
    if not runs_programme(scope, location_id):
        raise PermissionDenied
    ensure_open(scope.year)
    if not scope.year.start_date <= date <= scope.year.end_date:
        raise ValidationError({"date": f"Kies een datum in schooljaar {scope.year}."})
    meeting = IntroMeeting.objects.create(
        school_year=scope.year,
        location_id=location_id,
        date=date,
        note=note.strip()[:300],
        created_by=user,
    )
    starters = Starter.objects.filter(
        school_year=scope.year, location_id=location_id, exit_interview__isnull=True
    )
    IntroInvitation.objects.bulk_create(
        [IntroInvitation(meeting=meeting, starter=starter) for starter in starters]
    )
    return meeting


@transaction.atomic
def intro_attendance_set(*, user: Any, meeting_id: int, present: Mapping[int, bool | None]) -> int:
    """Record who of the invited starters was there (True), was not (False) or is not yet
    known (None). Returns how many changed."""
    meeting = IntroMeeting.objects.select_related("school_year").get(pk=meeting_id)
    scope = get_scope(user, meeting.school_year)
    visible = visible_location_ids(scope)
    if visible is not None and meeting.location_id not in visible:
        raise IntroMeeting.DoesNotExist
    if not runs_programme(scope, meeting.location_id):
        raise PermissionDenied
    ensure_open(meeting.school_year_id)
    invitations = {inv.starter_id: inv for inv in meeting.invitations.all()}
    unknown = set(present) - set(invitations)
    if unknown:
        raise ValidationError("Alleen uitgenodigde starters kunnen aanwezig zijn.")
    changed = []
    for starter_id, value in present.items():
        invitation = invitations[starter_id]
        if invitation.present != value:
            invitation.present = value
            changed.append(invitation)
    for invitation in changed:
        invitation.save(update_fields=["present"])
    return len(changed)


def policy_copy(*, source: SchoolYear, target: SchoolYear) -> InductionPolicy | None:
    """The new year's induction policy as a copy of the source year's numbers (the
    new-year wizard; its caller checks the user). The information package is a document of
    the source year, so it is not copied: the new year chooses its own. None when the
    target has a policy or the source has none."""
    ensure_open(target)
    if InductionPolicy.objects.filter(school_year=target).exists():
        return None
    previous = InductionPolicy.objects.filter(school_year=source).first()
    if previous is None:
        return None
    return InductionPolicy.objects.create(
        school_year=target, **{name: getattr(previous, name) for name in POLICY_FIELDS}
    )
