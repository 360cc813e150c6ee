"""Writes of students: registering at a location, adding, changing, and finding one again by
institute and student number. Every function checks the user's scope itself."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from bos import audit, limits
from bos.models import (
    SchoolLocation,
)
from bos.permissions import Scope, can, get_scope

from .. import rules
from ..models import (
    Placement,
    Student,
    StudentSchool,
)
from ._common import BATCH_CHUNK, _chunks, _require_edit, editable_location_ids

KNOWN_UNDER_OTHER_NAME = "Dit studentnummer is bekend bij het instituut onder een andere naam."
KNOWN_UNDER_OTHER_EMAIL = "Dit studentnummer is bekend bij het instituut met een ander e-mailadres."
KNOWN_WITH_OTHER_DATA = (
    "Wijkt af van wat bij dit studentnummer al is vastgelegd; alleen een school waar de "
    "student stage loopt kan dit aanvullen."
)


def same_text(stored: str, typed: str) -> bool:
    return " ".join(stored.split()).casefold() == " ".join(typed.split()).casefold()


def student_in_scope(scope: Scope, student: Student, location_id: int | None = None) -> bool:
    """Whether the user's school works with this student: the student has, or is now getting
    (at `location_id`), a placement at one of the user's locations, or the user's school
    registered the student first (and so holds their data)."""
    allowed = editable_location_ids(scope)
    if allowed is None:
        return True
    if location_id is not None and location_id in allowed:
        return True
    return (
        student.placements.filter(location_id__in=allowed).exists()
        or student.schools.filter(location_id__in=allowed, is_owner=True).exists()
    )


def student_wanted(
    *, first_name: str, last_name: str, email: str, programme: str, variant: str
) -> dict[str, str]:
    """A student's typed data as it is stored (trimmed, e-mail address in lower case)."""
    return {
        "first_name": first_name.strip(),
        "last_name": last_name.strip(),
        "email": email.strip().lower(),
        "programme": programme.strip(),
        "variant": variant,
    }


def student_changes(
    existing: Student, wanted: dict[str, str], *, in_scope: bool
) -> tuple[dict[str, str], dict[str, list[str]]]:
    """What registering `wanted` for a stored student changes, and what it refuses (see
    `student_register`). Pure: the bulk import decides with it too."""
    errors: dict[str, list[str]] = {}
    names = (existing.first_name, wanted["first_name"]), (existing.last_name, wanted["last_name"])
    if any(stored and not same_text(stored, typed) for stored, typed in names):
        errors["last_name"] = [KNOWN_UNDER_OTHER_NAME]
    if existing.email and not same_text(existing.email, wanted["email"]):
        errors["email"] = [KNOWN_UNDER_OTHER_EMAIL]
    changes: dict[str, str] = {}
    for key, value in wanted.items():
        stored = getattr(existing, key)
        if not stored and value:
            if in_scope:
                changes[key] = value
        elif key in {"programme", "variant"} and value and not same_text(stored, value):
            if in_scope:
                changes[key] = value
            else:
                errors[key] = [KNOWN_WITH_OTHER_DATA]
    return changes, errors


@transaction.atomic
def student_register(
    *,
    user: Any,
    institute_id: int,
    student_number: str,
    first_name: str,
    last_name: str,
    email: str,
    programme: str,
    variant: str,
    is_zij_instromer: bool = False,
    location_id: int | None = None,
) -> tuple[Student, str]:
    """The student with this number at this institute, created when new ("nieuw").

    A student who already exists is never overwritten: the institute's number identifies
    them, and other schools may work with them. A name or e-mail address that differs from
    the stored one is an error (never silently replaced, never silently used). Empty fields,
    and the programme and variant, are filled in only by a school where the student has or is
    getting a placement (`location_id`); elsewhere a difference is an error."""
    scope = _require_edit(user)
    student_number = student_number.strip()
    if not student_number:
        raise ValidationError({"student_number": "Vul het studentnummer in."})
    wanted = student_wanted(
        first_name=first_name,
        last_name=last_name,
        email=email,
        programme=programme,
        variant=variant,
    )
    existing = (
        Student.objects.select_for_update()
        .filter(institute_id=institute_id, student_number=student_number)
        .first()
    )
    if existing is None:
        ensure_student_email_free(wanted["email"])
        student = Student(
            institute_id=institute_id,
            student_number=student_number,
            is_zij_instromer=is_zij_instromer,
            **wanted,
        )
        student.full_clean()
        student.save()
        if location_id is not None:
            # The school that places a new student registered them first: it holds their data.
            students_register_at(user=user, student_ids=[student.pk], location_ids=[location_id])
        return student, "nieuw"
    in_scope = student_in_scope(scope, existing, location_id)
    changes, errors = student_changes(existing, wanted, in_scope=in_scope)
    if errors:
        raise ValidationError(errors)
    if not changes:
        return existing, "ongewijzigd"
    for key, value in changes.items():
        setattr(existing, key, value)
    existing.full_clean(validate_unique=False)
    existing.save(update_fields=list(changes))
    return existing, "bijgewerkt"


def ensure_student_email_free(email: str, *, exclude_id: int | None = None) -> None:
    """Students log in with their institute's address: two students never share one."""
    others = Student.objects.filter(email__iexact=email.strip())
    if exclude_id is not None:
        others = others.exclude(pk=exclude_id)
    if email.strip() and others.exists():
        raise ValidationError({"email": limits.STUDENT_EMAIL_TAKEN})


def student_find_or_create(**kwargs: Any) -> Student:
    """`student_register` without the status (the registration form's use)."""
    return student_register(**kwargs)[0]


NOT_YOUR_LOCATION = "Je kunt alleen studenten op je eigen locaties registreren."


@transaction.atomic
def students_register_at(
    *, user: Any, student_ids: list[int], location_ids: list[int] | None = None
) -> list[StudentSchool]:
    """Record that the user's school registered (or imported) these students, so that they
    are in its register with or without a placement. `location_ids` default to all the
    user's own locations (an import file names none); whoever sees every location records
    nothing unless locations are given. A student nobody holds the data of yet (no earlier
    registration, no placement) is the registering school's own (`is_owner`); a student
    known elsewhere is only linked. A registration already recorded, or a student already
    placed at the location, stays as it is."""
    scope = _require_edit(user)
    allowed = editable_location_ids(scope)
    locations = sorted(set(location_ids if location_ids is not None else allowed or ()))
    if allowed is not None and not set(locations) <= allowed:
        raise ValidationError({"location": NOT_YOUR_LOCATION})
    if not locations or not student_ids:
        return []
    if SchoolLocation.objects.filter(pk__in=locations).count() != len(locations):
        raise ValidationError({"location": "Onbekende schoollocatie."})
    held: set[int] = set()
    recorded: set[tuple[int, int]] = set()
    for chunk in _chunks(sorted(set(student_ids))):
        held |= set(
            StudentSchool.objects.filter(student_id__in=chunk, is_owner=True).values_list(
                "student_id", flat=True
            )
        )
        held |= set(
            Placement.objects.filter(student_id__in=chunk).values_list("student_id", flat=True)
        )
        recorded |= set(
            StudentSchool.objects.filter(
                student_id__in=chunk, location_id__in=locations
            ).values_list("student_id", "location_id")
        )
        # A student placed at the location is in its register already: no row (so that
        # importing an exported file again changes nothing).
        recorded |= set(
            Placement.objects.filter(student_id__in=chunk, location_id__in=locations)
            .order_by()
            .values_list("student_id", "location_id")
            .distinct()
        )
    rows = [
        StudentSchool(
            student_id=student_id,
            location_id=location_id,
            is_owner=student_id not in held,
            registered_by=user if getattr(user, "pk", None) else None,
        )
        for student_id in sorted(set(student_ids))
        for location_id in locations
        if (student_id, location_id) not in recorded
    ]
    created = StudentSchool.objects.bulk_create(rows, batch_size=BATCH_CHUNK)
    audit.record_bulk(StudentSchool, created)
    return created


@transaction.atomic
def student_add(
    *,
    user: Any,
    location_id: int,
    institute_id: int,
    student_number: str,
    first_name: str,
    last_name: str,
    email: str,
    programme: str,
    variant: str,
    is_zij_instromer: bool = False,
) -> tuple[Student, str]:
    """A student in the register of the user's school, without a placement (yet): created
    when new, else found by institute and number with the same rules as a registration
    (a different name or e-mail address is refused, nothing of another school's data is
    changed), and linked to the location."""
    scope = _require_edit(user)
    allowed = editable_location_ids(scope)
    if allowed is not None and location_id not in allowed:
        raise ValidationError({"location": NOT_YOUR_LOCATION})
    # No `location_id` here: registering a student without a placement gives no right to
    # fill in another school's data.
    student, status = student_register(
        user=user,
        institute_id=institute_id,
        student_number=student_number,
        first_name=first_name,
        last_name=last_name,
        email=email,
        programme=programme,
        variant=variant,
        is_zij_instromer=is_zij_instromer,
    )
    students_register_at(user=user, student_ids=[student.pk], location_ids=[location_id])
    return student, status


def student_owner_ids(student: Student) -> tuple[set[int], set[int]]:
    """The locations that registered the student first, and those where they have a
    placement (any year): what `rules.may_change_student` decides with."""
    owners = set(student.schools.filter(is_owner=True).values_list("location_id", flat=True))
    placed = set(student.placements.values_list("location_id", flat=True))
    return owners, placed


def may_change_student(user: Any, student: Student) -> bool:
    if not can(user, "student.edit"):
        return False
    owners, placed = student_owner_ids(student)
    return rules.may_change_student(
        user_location_ids=editable_location_ids(get_scope(user)),
        owner_location_ids=owners,
        placement_location_ids=placed,
    )


@transaction.atomic
def student_update(
    *,
    user: Any,
    student_id: int,
    first_name: str,
    last_name: str,
    email: str,
    programme: str,
    variant: str,
    is_zij_instromer: bool,
) -> Student:
    """Change a student's data: only the school that holds it (`rules.may_change_student`)
    or the projectleider. The institute and student number identify the student across
    schools and imports and do not change here."""
    student = Student.objects.select_for_update().get(pk=student_id)
    if not may_change_student(user, student):
        raise PermissionDenied
    wanted = student_wanted(
        first_name=first_name,
        last_name=last_name,
        email=email,
        programme=programme,
        variant=variant,
    )
    if not same_text(student.email, wanted["email"]):
        ensure_student_email_free(wanted["email"], exclude_id=student.pk)
    for key, value in {**wanted, "is_zij_instromer": is_zij_instromer}.items():
        setattr(student, key, value)
    student.full_clean(validate_unique=False, validate_constraints=False)
    student.save(update_fields=[*wanted, "is_zij_instromer"])
    return student
