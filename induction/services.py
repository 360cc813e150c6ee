"""Writes of the induction register. Every function checks the user's scope itself."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from bos import mail as bos_mail
from bos.models import Person, Role, RoleAssignment, SchoolYear
from bos.permissions import can, get_scope
from placements import services as placement_services
from placements.models import Student, Variant

from .models import BlockState, BuildingBlock, BuildingBlockStatus, Starter, StarterKind
from .selectors import editable_location_ids


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
