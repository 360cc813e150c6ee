"""Writes for students, mentors, placements and the intake checklist.

Every function checks the user's scope itself: callers may pass ids straight from a form."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.formats import date_format

from bos import audit, limits
from bos.closing import ensure_open
from bos.models import (
    Institute,
    LocationYear,
    Person,
    Role,
    RoleAssignment,
    SchoolLocation,
    SchoolYear,
)
from bos.permissions import CAPABILITIES, Scope, can, get_scope, scope_for_year

from . import rules
from .models import (
    OPEN_STATUSES,
    ChecklistItem,
    ChecklistKind,
    Placement,
    PlacementPolicy,
    PlacementStatus,
    Student,
    StudentSchool,
)

STALE_MESSAGE = (
    "Deze stage is intussen door iemand anders gewijzigd. Laad de pagina opnieuw en "
    "controleer de gegevens; er is niets opgeslagen."
)


@dataclass
class PlacementResult:
    placement: Placement
    warnings: list[str] = field(default_factory=list)


def _long_date(day: dt.date) -> str:
    return date_format(day, "j F Y")


def _require_edit(user: Any, year: SchoolYear | None = None) -> Scope:
    """The scope a new placement is judged in: its own year's (the header's year when none
    is given), whatever the header holds; next year's before its roles are assigned borrows
    the current roles (`scope_for_year`)."""
    scope = scope_for_year(user, year) if year is not None else get_scope(user)
    if not scope.roles & CAPABILITIES["placement.edit"]:
        raise PermissionDenied
    return scope


def editable_location_ids(scope: Scope) -> frozenset[int] | None:
    """Locations whose placements the user may change; None means all."""
    if scope.sees_everything:
        return None
    return scope.so_location_ids


def _check_location(scope: Scope, location_id: int) -> SchoolLocation:
    allowed = editable_location_ids(scope)
    if allowed is not None and location_id not in allowed:
        raise ValidationError(
            {"location": "Je kunt alleen stages op je eigen locaties vastleggen."}
        )
    try:
        return SchoolLocation.objects.get(pk=location_id)
    except SchoolLocation.DoesNotExist as exc:
        raise ValidationError({"location": "Onbekende schoollocatie."}) from exc


def _locked_placement(user: Any, placement_id: int, version: int) -> Placement:
    """The placement, locked for the transaction, if the user may change it and nobody
    changed it since the user loaded it."""
    placement = (
        Placement.objects.select_for_update()
        .select_related("student__institute", "school_year", "location")
        .get(pk=placement_id)
    )
    scope = get_scope(user, placement.school_year)
    if not (scope.roles & {Role.SO, Role.PROJECTLEIDER, "admin"}):
        raise PermissionDenied
    allowed = editable_location_ids(scope)
    if allowed is not None and placement.location_id not in allowed:
        raise Placement.DoesNotExist
    if placement.version != version:
        raise ValidationError(STALE_MESSAGE)
    ensure_open(placement.school_year_id)
    return placement


def so_of_location(location: SchoolLocation, year: SchoolYear) -> Person | None:
    assignment = (
        RoleAssignment.objects.filter(role=Role.SO, school_year=year, locations=location)
        .select_related("person")
        .order_by("pk")
        .first()
    )
    return assignment.person if assignment else None


def io_of(institute_id: int, location: SchoolLocation, year: SchoolYear) -> Person | None:
    assignment = (
        RoleAssignment.objects.filter(
            role=Role.IO, school_year=year, institute_id=institute_id, locations=location
        )
        .select_related("person")
        .order_by("pk")
        .first()
    )
    return assignment.person if assignment else None


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


STAFF_NEEDS_CONFIRMATION = (
    "Dit e-mailadres hoort bij een medewerker die al een andere rol in de opleidingsschool "
    "heeft. Bevestig "
    "dat deze medewerker ook werkplekbegeleider op jouw school wordt."
)


def wpb_needs_confirmation(*, email: str, year: SchoolYear) -> bool:
    """Whether making this e-mail address a mentor in the year gives an existing staff member
    (any role other than WPB, or a staff account) a new WPB role."""
    person = Person.objects.filter(email__iexact=email.strip()).select_related("user").first()
    if person is None:
        return False
    if RoleAssignment.objects.filter(person=person, school_year=year, role=Role.WPB).exists():
        return False
    user = person.user
    has_other_role = RoleAssignment.objects.filter(person=person).exclude(role=Role.WPB).exists()
    return has_other_role or bool(user and (user.is_staff or user.is_superuser))


@transaction.atomic
def wpb_find_or_create(
    *,
    user: Any,
    location_id: int,
    email: str,
    first_name: str,
    last_name: str,
    subjects: str,
    qualification_grade: int | None,
    started_at_school: int | None,
    year: SchoolYear | None = None,
    confirm_staff: bool = False,
) -> Person:
    """A mentor (WPB) at this location in the year, found by e-mail or created.

    A person who already exists is linked to the location, never changed: their name stays,
    and their subjects, qualification and start year change only when they mentor at the
    user's own locations alone. Giving an existing staff member a WPB role needs
    `confirm_staff`."""
    scope = _require_edit(user)
    year = year or scope.year
    location = _check_location(scope, location_id)
    email = email.strip().lower()
    if not email:
        raise ValidationError({"wpb_email": "Vul het e-mailadres van de werkplekbegeleider in."})
    person = Person.objects.select_for_update().filter(email__iexact=email).first()
    if person is None:
        person = Person(email=email, first_name=first_name.strip(), last_name=last_name.strip())
        person.full_clean()
        person.save()
    assignment = (
        RoleAssignment.objects.select_for_update()
        .filter(person=person, school_year=year, role=Role.WPB, team="")
        .first()
    )
    may_change = True
    if assignment is None:
        if not confirm_staff and wpb_needs_confirmation(email=email, year=year):
            raise ValidationError({"wpb_email": STAFF_NEEDS_CONFIRMATION})
        assignment = RoleAssignment.objects.create(
            person=person, school_year=year, role=Role.WPB, team=""
        )
    else:
        allowed = editable_location_ids(scope)
        elsewhere = assignment.locations.exclude(pk__in=allowed or ()).exists()
        may_change = allowed is None or not elsewhere
    if may_change:
        if subjects:
            assignment.subjects = subjects
        if qualification_grade is not None:
            assignment.qualification_grade = qualification_grade
        if started_at_school is not None:
            assignment.started_at_school = started_at_school
        assignment.save()
    assignment.locations.add(location)
    return person


def mentor_known(*, email: str, year: SchoolYear | None) -> bool:
    """Whether the e-mail address is a mentor's in the year already (at any school)."""
    return RoleAssignment.objects.filter(
        person__email__iexact=email.strip(), school_year=year, role=Role.WPB
    ).exists()


def mentor_assignment_get(*, user: Any, pk: int) -> RoleAssignment:
    """A WPB role of a year at one of the user's locations (any, for the projectleider);
    RoleAssignment.DoesNotExist otherwise."""
    assignment = RoleAssignment.objects.select_related("person", "school_year").get(
        pk=pk, role=Role.WPB
    )
    allowed = editable_location_ids(get_scope(user, assignment.school_year))
    if allowed is not None and not assignment.locations.filter(pk__in=allowed).exists():
        raise RoleAssignment.DoesNotExist
    return assignment


def may_change_mentor(user: Any, assignment: RoleAssignment) -> bool:
    scope = get_scope(user, assignment.school_year)
    if not scope.roles & CAPABILITIES["placement.edit"]:
        return False
    return rules.may_change_mentor(
        user_location_ids=editable_location_ids(scope),
        mentor_location_ids=assignment.locations.values_list("pk", flat=True),
    )


def may_rename_mentor(user: Any, assignment: RoleAssignment) -> bool:
    """A mentor's name is theirs across years and roles: a school renames only a person who
    is nothing but a mentor at its own locations, with no account of staff."""
    if not may_change_mentor(user, assignment):
        return False
    if editable_location_ids(get_scope(user, assignment.school_year)) is None:
        return True
    person = assignment.person
    other_roles = RoleAssignment.objects.filter(person=person).exclude(role=Role.WPB).exists()
    staff = person.user_id is not None and (person.user.is_staff or person.user.is_superuser)
    return not other_roles and not staff


MENTOR_NOT_YOURS = (
    "Deze werkplekbegeleider werkt ook op een andere school; alleen de projectleider kan de "
    "gegevens wijzigen."
)
MENTOR_NAME_NOT_YOURS = (
    "De naam van deze medewerker hoort bij een andere rol in de opleidingsschool; alleen de "
    "projectleider kan die wijzigen."
)


@transaction.atomic
def mentor_update(
    *,
    user: Any,
    assignment_id: int,
    first_name: str,
    last_name: str,
    subjects: str,
    qualification_grade: int | None,
    started_at_school: int | None,
) -> RoleAssignment:
    """Change a mentor's data of a year: what the import sets (subjects, qualification,
    start year), and the name when the school may rename them (`may_rename_mentor`). The
    e-mail address identifies the person across imports and does not change here."""
    assignment = mentor_assignment_get(user=user, pk=assignment_id)
    assignment = (
        RoleAssignment.objects.select_for_update().select_related("person").get(pk=assignment.pk)
    )
    if not may_change_mentor(user, assignment):
        raise PermissionDenied
    ensure_open(assignment.school_year_id)
    person = assignment.person
    names = {"first_name": first_name.strip(), "last_name": last_name.strip()}
    if any(getattr(person, key) != value for key, value in names.items()):
        if not may_rename_mentor(user, assignment):
            raise ValidationError({"last_name": MENTOR_NAME_NOT_YOURS})
        for key, value in names.items():
            setattr(person, key, value)
        person.full_clean(validate_unique=False)
        person.save(update_fields=list(names))
    assignment.subjects = subjects.strip()
    assignment.qualification_grade = qualification_grade
    assignment.started_at_school = started_at_school
    assignment.full_clean(validate_unique=False, validate_constraints=False)
    assignment.save(update_fields=["subjects", "qualification_grade", "started_at_school"])
    return assignment


OVERLAP_ELSEWHERE = (
    "De student heeft al een geplande of lopende stage die deze periode overlapt. Gaat de "
    "student over naar jouw school? Vraag dan de schoolopleider van de huidige school de "
    "overstap naar een andere school van de opleidingsschool vast te leggen; de stage op jouw "
    "school volgt daaruit."
)


@dataclass
class PlacementFacts:
    """What validating a placement reads from the database, fetched by `_placement_facts`
    for one placement or by `_batch_facts` for many at once."""

    wpb_assignment: RoleAssignment | None = None
    io_ok: bool = True
    overlap: Placement | None = None


def _placement_facts(placement: Placement) -> PlacementFacts:
    year = placement.school_year
    facts = PlacementFacts()
    if placement.wpb_id:
        facts.wpb_assignment = (
            RoleAssignment.objects.filter(
                person_id=placement.wpb_id,
                role=Role.WPB,
                school_year=year,
                locations=placement.location_id,
            )
            .order_by("pk")
            .first()
        )
    if placement.io_id:
        facts.io_ok = RoleAssignment.objects.filter(
            person_id=placement.io_id,
            role=Role.IO,
            school_year=year,
            institute_id=placement.student.institute_id,
            locations=placement.location_id,
        ).exists()
    if placement.status in OPEN_STATUSES:
        facts.overlap = (
            Placement.objects.filter(
                student_id=placement.student_id,
                status__in=OPEN_STATUSES,
                start_date__lte=placement.end_date,
                end_date__gte=placement.start_date,
            )
            .exclude(pk=placement.pk)
            .select_related("location")
            .first()
        )
    return facts


def _placement_problems(
    *, placement: Placement, policy: PlacementPolicy, scope: Scope | None, facts: PlacementFacts
) -> tuple[dict[str, list[str]], list[str]]:
    """The blocking errors and the warnings for a placement, given what the database says."""
    errors: dict[str, list[str]] = {}
    year = placement.school_year
    if placement.end_date < placement.start_date:
        errors.setdefault("end_date", []).append("De einddatum ligt vóór de begindatum.")
    if not (year.contains(placement.start_date) and year.contains(placement.end_date)):
        errors.setdefault("start_date", []).append(
            f"De periode moet binnen schooljaar {year} liggen "
            f"({_long_date(year.start_date)} – {_long_date(year.end_date)})."
        )
    if placement._state.adding and placement.registered_on is not None:
        # A new placement is registered within its own year (a stored one keeps its date).
        try:
            limits.validate_in_year(placement.registered_on, year)
        except ValidationError as error:
            errors.setdefault("registered_on", []).extend(error.messages)
    if not (Decimal(0) < placement.days_per_week <= Decimal(5)):
        errors.setdefault("days_per_week", []).append(
            "Het aantal dagen per week ligt tussen 0,5 en 5."
        )
    warnings: list[str] = []
    if placement.wpb_id:
        assignment = facts.wpb_assignment
        if assignment is None:
            errors.setdefault("wpb", []).append(
                f"Deze werkplekbegeleider is in {year} niet verbonden aan {placement.location}."
            )
        else:
            warnings += rules.wpb_warnings(
                qualification_grade=assignment.qualification_grade,
                started_at_school=assignment.started_at_school,
                year_start=year.start_year,
                min_years=policy.wpb_min_years_at_school,
            )
        if placement.wpb_id == placement.so_id and not placement.four_eyes_exception.strip():
            errors.setdefault("four_eyes_exception", []).append(
                "De schoolopleider mag niet ook de werkplekbegeleider zijn (vier-ogenprincipe), "
                "tenzij je de uitzondering met reden en rolverdeling vastlegt."
            )
    if placement.io_id and not facts.io_ok:
        errors.setdefault("io", []).append(
            "Deze instituutsopleider werkt in dit schooljaar niet voor het instituut van de "
            "student op deze locatie."
        )
    overlap = facts.overlap if placement.status in OPEN_STATUSES else None
    if overlap is not None:
        allowed = editable_location_ids(scope) if scope is not None else frozenset()
        if allowed is None or overlap.location_id in allowed:
            errors.setdefault("start_date", []).append(
                f"De student heeft al een lopende stage op {overlap.location} van "
                f"{_long_date(overlap.start_date)} tot {_long_date(overlap.end_date)}."
            )
        else:
            # Another school's placement: neither its school nor its period is ours to see.
            errors.setdefault("start_date", []).append(OVERLAP_ELSEWHERE)
    return errors, warnings


def _validate_placement(
    *,
    placement: Placement,
    policy: PlacementPolicy,
    scope: Scope | None = None,
) -> list[str]:
    """Raise ValidationError for what blocks; return warnings for what does not."""
    errors, warnings = _placement_problems(
        placement=placement, policy=policy, scope=scope, facts=_placement_facts(placement)
    )
    if errors:
        raise ValidationError(errors)
    return warnings


def previous_vog_on(student_id: int, exclude_placement_id: int | None = None) -> dt.date | None:
    item = (
        ChecklistItem.objects.filter(
            placement__student_id=student_id, kind=ChecklistKind.VOG, done_at__isnull=False
        )
        .exclude(placement_id=exclude_placement_id)
        .order_by("-done_at")
        .first()
    )
    return timezone.localdate(item.done_at) if item else None


def checklist_items_for(
    placement: Placement, policy: PlacementPolicy, vog_on: dt.date | None
) -> list[ChecklistItem]:
    """Unsaved checklist items for a placement (also used by the demo loader)."""
    needs_vog, _ = rules.vog_needed(
        start_date=placement.start_date, previous_vog_on=vog_on, valid_days=policy.vog_valid_days
    )
    plan = rules.checklist_plan(
        registered_on=placement.registered_on or placement.start_date,
        start_date=placement.start_date,
        level=placement.level,
        is_first_year=placement.is_first_year,
        is_final=placement.is_final,
        is_taster=placement.is_taster,
        needs_vog=needs_vog,
        reply_working_days=policy.reply_working_days,
        preparation_days=policy.preparation_days,
    )
    return [
        ChecklistItem(
            placement=placement,
            kind=item.kind,
            position=position,
            responsible_role=item.responsible_role,
            due_date=item.due_date,
        )
        for position, item in enumerate(plan)
    ]


@transaction.atomic
def placement_create(
    *,
    user: Any,
    location_id: int,
    student: Student,
    level: str,
    start_date: dt.date,
    end_date: dt.date,
    days_per_week: Decimal,
    wpb: Person | None,
    io: Person | None = None,
    institute_label: str = "",
    is_final: bool = False,
    is_taster: bool = False,
    registered_on: dt.date | None = None,
    four_eyes_exception: str = "",
    year: SchoolYear | None = None,
) -> PlacementResult:
    """Register a placement at one of the user's locations and generate its checklist."""
    year = year or get_scope(user).year
    if year is None:
        raise ValidationError("Er is geen schooljaar ingericht.")
    scope = _require_edit(user, year)
    ensure_open(year)
    location = _check_location(scope, location_id)
    own_person_is_so = scope.person_id is not None and location_id in scope.so_location_ids
    so = Person.objects.get(pk=scope.person_id) if own_person_is_so else None
    so = so or so_of_location(location, year)
    policy = PlacementPolicy.for_year(year)
    placement = Placement(
        student=student,
        location=location,
        school_year=year,
        level=level,
        institute_label=institute_label,
        start_date=start_date,
        end_date=end_date,
        days_per_week=days_per_week,
        so=so,
        io=io,
        wpb=wpb,
        four_eyes_exception=four_eyes_exception.strip(),
        is_final=is_final,
        is_taster=is_taster,
        registered_on=registered_on or limits.day_in_year(year),
        status=PlacementStatus.PLANNED,
    )
    warnings = _validate_placement(placement=placement, policy=policy, scope=scope)
    placement.save()
    ChecklistItem.objects.bulk_create(
        checklist_items_for(placement, policy, previous_vog_on(student.pk))
    )
    return PlacementResult(placement, warnings)


@transaction.atomic
def placement_update(
    *,
    user: Any,
    placement_id: int,
    version: int,
    level: str,
    institute_label: str,
    start_date: dt.date,
    end_date: dt.date,
    days_per_week: Decimal,
    wpb: Person | None,
    io: Person | None,
    is_final: bool,
    four_eyes_exception: str,
) -> PlacementResult:
    """Change a placement's details; refused when someone else changed it in between."""
    placement = _locked_placement(user, placement_id, version)
    placement.level = level
    placement.institute_label = institute_label
    placement.start_date = start_date
    placement.end_date = end_date
    placement.days_per_week = days_per_week
    placement.wpb = wpb
    placement.io = io
    placement.is_final = is_final
    placement.four_eyes_exception = four_eyes_exception.strip()
    warnings = _validate_placement(
        placement=placement,
        policy=PlacementPolicy.for_year(placement.school_year),
        scope=get_scope(user, placement.school_year),
    )
    placement.version += 1
    placement.save()
    return PlacementResult(placement, warnings)


@transaction.atomic
def placement_stop(
    *, user: Any, placement_id: int, version: int, stopped_on: dt.date, reason: str
) -> Placement:
    placement = _locked_placement(user, placement_id, version)
    if not placement.is_open:
        raise ValidationError("Alleen een geplande of lopende stage kan worden gestopt.")
    if not reason.strip():
        raise ValidationError({"reason": "Geef de reden van het stoppen op."})
    if not placement.school_year.contains(stopped_on):
        raise ValidationError({"stopped_on": "De stopdatum valt buiten het schooljaar."})
    placement.status = PlacementStatus.STOPPED
    placement.stopped_on = stopped_on
    placement.stop_reason = reason.strip()
    placement.stopped_at = timezone.now()
    placement.version += 1
    placement.save()
    return placement


def reopen_deadline(placement: Placement) -> dt.datetime | None:
    """Until when a stopped placement may be reopened (the year's policy), or None."""
    if placement.status != PlacementStatus.STOPPED or placement.stopped_at is None:
        return None
    days = PlacementPolicy.for_year(placement.school_year).reopen_days
    return placement.stopped_at + dt.timedelta(days=days)


@transaction.atomic
def placement_reopen(*, user: Any, placement_id: int, version: int) -> Placement:
    """Undo a stop made by mistake: the placement is open again as it was before. Allowed
    only within the policy's number of days after the stop was recorded; the audit trail
    keeps both changes."""
    placement = _locked_placement(user, placement_id, version)
    deadline = reopen_deadline(placement)
    if deadline is None:
        raise ValidationError("Alleen een gestopte stage kan worden heropend.")
    if timezone.now() > deadline:
        raise ValidationError(
            "De termijn om deze stop ongedaan te maken is verlopen "
            f"({deadline.astimezone(timezone.get_current_timezone()):%d-%m-%Y}). "
            "Meld de student opnieuw aan."
        )
    today = timezone.localdate()
    placement.status = (
        PlacementStatus.ACTIVE if placement.start_date <= today else PlacementStatus.PLANNED
    )
    placement.stopped_on = None
    placement.stop_reason = ""
    placement.stopped_at = None
    placement.version += 1
    try:
        with transaction.atomic():
            placement.save()
    except IntegrityError as exc:
        raise ValidationError(
            "De student heeft inmiddels een andere open stage in deze periode; "
            "deze stage kan daarom niet worden heropend."
        ) from exc
    return placement


@transaction.atomic
def placement_mark_registered(*, user: Any, placement_id: int, version: int) -> Placement:
    placement = _locked_placement(user, placement_id, version)
    placement.registered_in_institute_system = True
    placement.version += 1
    placement.save()
    return placement


@transaction.atomic
def placement_record_switch(
    *,
    user: Any,
    placement_id: int,
    version: int,
    location_id: int,
    switch_date: dt.date,
) -> Placement:
    """The student continues at another BOS school: the current placement ends the day
    before, a new one starts there and points back, so the student counts once."""
    placement = _locked_placement(user, placement_id, version)
    year = placement.school_year
    if not placement.is_open:
        raise ValidationError("Alleen een geplande of lopende stage kan worden overgezet.")
    if Placement.objects.filter(switched_from=placement).exists():
        raise ValidationError("Voor deze stage is al een overstap vastgelegd.")
    if location_id == placement.location_id:
        raise ValidationError({"location": "Kies een andere school dan de huidige."})
    if not LocationYear.objects.filter(
        location_id=location_id, school_year=year, is_member=True
    ).exists():
        raise ValidationError(
            {"location": f"Deze school hoort in {year} niet bij de opleidingsschool."}
        )
    if not (placement.start_date < switch_date <= placement.end_date):
        raise ValidationError(
            {
                "switch_date": (
                    "De overstapdatum ligt na de begindatum en uiterlijk op de einddatum "
                    f"({_long_date(placement.end_date)})."
                )
            }
        )
    new_location = SchoolLocation.objects.get(pk=location_id)
    new_end = placement.end_date
    placement.end_date = switch_date - dt.timedelta(days=1)
    placement.status = PlacementStatus.COMPLETED
    placement.version += 1
    placement.save()
    new = Placement(
        student=placement.student,
        location=new_location,
        school_year=year,
        level=placement.level,
        institute_label=placement.institute_label,
        start_date=switch_date,
        end_date=new_end,
        days_per_week=placement.days_per_week,
        so=so_of_location(new_location, year),
        io=io_of(placement.student.institute_id, new_location, year),
        is_final=placement.is_final,
        registered_in_institute_system=placement.registered_in_institute_system,
        registered_on=switch_date,
        switched_from=placement,
        status=PlacementStatus.ACTIVE,
    )
    policy = PlacementPolicy.for_year(year)
    _validate_placement(placement=new, policy=policy)
    new.save()
    ChecklistItem.objects.bulk_create(
        checklist_items_for(new, policy, previous_vog_on(new.student_id))
    )
    return new


@transaction.atomic
def checklist_item_set(*, user: Any, item_id: int, done: bool) -> ChecklistItem:
    """Tick or untick an item. SOs (and the projectleider) tick every item of their
    locations; an IO only the items the IO is responsible for."""
    from .selectors import placement_get

    item = ChecklistItem.objects.select_for_update().get(pk=item_id)
    placement = placement_get(user=user, pk=item.placement_id)  # DoesNotExist outside scope
    scope = get_scope(user, placement.school_year)
    allowed = editable_location_ids(scope)
    may_tick = scope.has(Role.SO, Role.PROJECTLEIDER, "admin") and (
        allowed is None or placement.location_id in allowed
    )
    if not may_tick and item.responsible_role == "io":
        may_tick = (placement.student.institute_id, placement.location_id) in scope.io_pairs
    if not may_tick:
        raise PermissionDenied
    ensure_open(placement.school_year_id)
    if done and item.done_at is None:
        item.done_at = timezone.now()
        item.done_by = user
        person = getattr(user, "person", None)
        item.done_by_name = person.full_name if person else user.email
    elif not done:
        item.done_at = None
        item.done_by = None
        item.done_by_name = ""
    item.save()
    return item


# Bulk writes (the Excel import) ------------------------------------------------------------
#
# The same rules as the single-row services above, read from the database once per batch
# rather than once per row. A batch is all or nothing: every row is checked, and any error
# raises `BatchErrors` with each failing row's ValidationError before anything is written.

BATCH_CHUNK = 500


class BatchErrors(Exception):
    """Per row (its position in the batch) the ValidationError the single-row service would
    have raised; nothing of the batch was written."""

    def __init__(self, errors: dict[int, ValidationError]) -> None:
        super().__init__(f"{len(errors)} rijen met fouten")
        self.errors = errors


def _chunks(values: list[Any]) -> list[list[Any]]:
    return [values[i : i + BATCH_CHUNK] for i in range(0, len(values), BATCH_CHUNK)]


@dataclass(frozen=True)
class NewStudent:
    institute_id: int
    student_number: str
    first_name: str
    last_name: str
    email: str
    programme: str
    variant: str
    is_zij_instromer: bool = False


@transaction.atomic
def students_create_bulk(*, user: Any, items: list[NewStudent]) -> list[Student]:
    """Create new students at once (what `student_register` does for a number it does not
    know). A number that exists already, or twice in the batch, is refused."""
    _require_edit(user)
    keys = [(item.institute_id, item.student_number.strip()) for item in items]
    existing: set[tuple[int, str]] = set()
    for chunk in _chunks(sorted({number for _institute, number in keys})):
        existing |= set(
            Student.objects.filter(student_number__in=chunk).values_list(
                "institute_id", "student_number"
            )
        )
    # The institutes once for the batch, so neither the check nor the audit entry's
    # description reads one per row.
    institutes = Institute.objects.in_bulk(sorted({item.institute_id for item in items}))
    # Addresses already taken, read in chunks for the whole batch (students log in by them).
    emails = sorted({limits.normalise_email(item.email) for item in items if item.email})
    taken: set[str] = set()
    for chunk in _chunks(emails):
        taken |= {
            email.lower()
            for email in Student.objects.annotate(email_lower=Lower("email"))
            .filter(email_lower__in=chunk)
            .values_list("email", flat=True)
        }
    errors: dict[int, ValidationError] = {}
    students: list[Student] = []
    for position, (item, key) in enumerate(zip(items, keys, strict=True)):
        email = limits.normalise_email(item.email)
        if email and email in taken:
            errors[position] = ValidationError({"email": limits.STUDENT_EMAIL_TAKEN})
            continue
        if item.institute_id not in institutes:
            errors[position] = ValidationError({"institute": "Onbekend instituut."})
            continue
        if not key[1]:
            errors[position] = ValidationError({"student_number": "Vul het studentnummer in."})
            continue
        if key in existing:
            errors[position] = ValidationError(
                {"student_number": "Dit studentnummer bestaat al bij dit instituut."}
            )
            continue
        existing.add(key)
        taken.add(email)
        student = Student(
            institute=institutes[item.institute_id],
            student_number=key[1],
            is_zij_instromer=item.is_zij_instromer,
            **student_wanted(
                first_name=item.first_name,
                last_name=item.last_name,
                email=item.email,
                programme=item.programme,
                variant=item.variant,
            ),
        )
        try:
            # Uniqueness is checked above for the whole batch, not with a query per row.
            student.full_clean(
                exclude=["institute"], validate_unique=False, validate_constraints=False
            )
        except ValidationError as error:
            errors[position] = error
            continue
        students.append(student)
    if errors:
        raise BatchErrors(errors)
    created = Student.objects.bulk_create(students, batch_size=BATCH_CHUNK)
    audit.record_bulk(Student, created)
    return created


@dataclass(frozen=True)
class NewPlacement:
    student: Student
    location_id: int
    level: str
    start_date: dt.date
    end_date: dt.date
    days_per_week: Decimal
    wpb: Person | None = None
    io: Person | None = None
    institute_label: str = ""
    is_final: bool = False
    is_taster: bool = False
    registered_on: dt.date | None = None
    four_eyes_exception: str = ""


@dataclass(frozen=True)
class PlacementChange:
    """New values for a stored placement (the fields `placement_update` takes), checked
    against the version the caller read."""

    placement_id: int
    version: int
    values: dict[str, Any]


def _same_placement(one: Placement, other: Placement) -> bool:
    return one is other or (one.pk is not None and one.pk == other.pk)


def _batch_problems(
    placements: list[Placement], policy: PlacementPolicy, scope: Scope, year: SchoolYear
) -> list[tuple[dict[str, list[str]], list[str]]]:
    """`_placement_problems` for each placement, in order, as if they were saved one after
    the other: a placement overlaps the stored ones and the batch's earlier valid ones."""
    wpb_ids = sorted({p.wpb_id for p in placements if p.wpb_id})
    io_ids = sorted({p.io_id for p in placements if p.io_id})
    student_ids = sorted({p.student_id for p in placements})
    wpb_assignments: dict[tuple[int, int], RoleAssignment] = {}
    for chunk in _chunks(wpb_ids):
        for assignment in (
            RoleAssignment.objects.filter(person_id__in=chunk, role=Role.WPB, school_year=year)
            .prefetch_related("locations")
            .order_by("pk")
        ):
            for location in assignment.locations.all():
                wpb_assignments.setdefault((assignment.person_id, location.pk), assignment)
    io_pairs: set[tuple[int, int, int]] = set()
    for chunk in _chunks(io_ids):
        io_pairs |= {
            (person_id, institute_id, location_id)
            for person_id, institute_id, location_id in RoleAssignment.objects.filter(
                person_id__in=chunk, role=Role.IO, school_year=year
            ).values_list("person_id", "institute_id", "locations")
        }
    # The stored open placements of these students, in the order `.first()` would pick.
    open_by_student: dict[int, list[Placement]] = {}
    for chunk in _chunks(student_ids):
        for stored in (
            Placement.objects.filter(student_id__in=chunk, status__in=OPEN_STATUSES)
            .select_related("location", "school_year", "student")
            .order_by(*Placement._meta.ordering, "pk")
        ):
            open_by_student.setdefault(stored.student_id, []).append(stored)
    results = []
    for placement in placements:
        facts = PlacementFacts(
            wpb_assignment=wpb_assignments.get((placement.wpb_id, placement.location_id))
            if placement.wpb_id
            else None,
            io_ok=(placement.io_id, placement.student.institute_id, placement.location_id)
            in io_pairs,
            overlap=next(
                (
                    other
                    for other in open_by_student.get(placement.student_id, [])
                    if not _same_placement(other, placement)
                    and other.start_date <= placement.end_date
                    and other.end_date >= placement.start_date
                ),
                None,
            ),
        )
        errors, warnings = _placement_problems(
            placement=placement, policy=policy, scope=scope, facts=facts
        )
        results.append((errors, warnings))
        if not errors:
            # Saved, as far as the later rows are concerned: it replaces its stored self.
            others = open_by_student.setdefault(placement.student_id, [])
            others[:] = [other for other in others if not _same_placement(other, placement)]
            if placement.status in OPEN_STATUSES:
                others.append(placement)
    return results


@transaction.atomic
def placements_create_bulk(
    *, user: Any, items: list[NewPlacement], year: SchoolYear | None = None
) -> list[PlacementResult]:
    """`placement_create` for many placements at once: scope and year checked once, every
    placement validated by the same rules, then the placements, their checklists and their
    audit entries written in a few inserts."""
    year = year or get_scope(user).year
    if year is None:
        raise ValidationError("Er is geen schooljaar ingericht.")
    scope = _require_edit(user, year)
    ensure_open(year)
    if not items:
        return []
    allowed = editable_location_ids(scope)
    location_ids = sorted({item.location_id for item in items})
    locations = SchoolLocation.objects.in_bulk(location_ids)
    own_so = Person.objects.filter(pk=scope.person_id).first() if scope.person_id else None
    so_by_location: dict[int, Person | None] = {}
    for location_id, location in locations.items():
        own = own_so if own_so is not None and location_id in scope.so_location_ids else None
        so_by_location[location_id] = own or so_of_location(location, year)
    policy = PlacementPolicy.for_year(year)
    today = timezone.localdate()
    errors: dict[int, ValidationError] = {}
    placements: list[Placement] = []
    positions: list[int] = []
    for position, item in enumerate(items):
        location = locations.get(item.location_id)
        if allowed is not None and item.location_id not in allowed:
            errors[position] = ValidationError(
                {"location": "Je kunt alleen stages op je eigen locaties vastleggen."}
            )
            continue
        if location is None:
            errors[position] = ValidationError({"location": "Onbekende schoollocatie."})
            continue
        placements.append(
            Placement(
                student=item.student,
                location=location,
                school_year=year,
                level=item.level,
                institute_label=item.institute_label,
                start_date=item.start_date,
                end_date=item.end_date,
                days_per_week=item.days_per_week,
                so=so_by_location[item.location_id],
                io=item.io,
                wpb=item.wpb,
                four_eyes_exception=item.four_eyes_exception.strip(),
                is_final=item.is_final,
                is_taster=item.is_taster,
                registered_on=item.registered_on or limits.day_in_year(year, today),
                status=PlacementStatus.PLANNED,
            )
        )
        positions.append(position)
    results: list[PlacementResult] = []
    for position, placement, (problems, warnings) in zip(
        positions, placements, _batch_problems(placements, policy, scope, year), strict=True
    ):
        if problems:
            errors[position] = ValidationError(problems)
        results.append(PlacementResult(placement, warnings))
    if errors:
        raise BatchErrors(errors)
    Placement.objects.bulk_create(placements, batch_size=BATCH_CHUNK)
    vog_on: dict[int, dt.date] = {}
    student_ids = sorted({p.student_id for p in placements})
    for chunk in _chunks(student_ids):
        for student_id, done_at in ChecklistItem.objects.filter(
            placement__student_id__in=chunk, kind=ChecklistKind.VOG, done_at__isnull=False
        ).values_list("placement__student_id", "done_at"):
            day = timezone.localdate(done_at)
            if student_id not in vog_on or day > vog_on[student_id]:
                vog_on[student_id] = day
    ChecklistItem.objects.bulk_create(
        [
            item
            for placement in placements
            for item in checklist_items_for(placement, policy, vog_on.get(placement.student_id))
        ],
        batch_size=BATCH_CHUNK,
    )
    audit.record_bulk(Placement, placements)
    return results


PLACEMENT_CHANGE_FIELDS = (
    "level",
    "institute_label",
    "start_date",
    "end_date",
    "days_per_week",
    "wpb",
    "io",
    "is_final",
    "four_eyes_exception",
)


@transaction.atomic
def placements_update_bulk(*, user: Any, changes: list[PlacementChange]) -> list[PlacementResult]:
    """`placement_update` for many placements at once: each locked, in the user's scope,
    unchanged since the caller read it, in an open year and valid by the same rules."""
    if not changes:
        return []
    ids = [change.placement_id for change in changes]
    stored: dict[int, Placement] = {}
    for chunk in _chunks(ids):
        stored |= {
            p.pk: p
            for p in Placement.objects.select_for_update()
            .select_related("student__institute", "school_year", "location")
            .filter(pk__in=chunk)
        }
    errors: dict[int, ValidationError] = {}
    scopes: dict[int, Scope] = {}
    checked_years: set[int] = set()
    befores: list[dict[str, Any] | None] = []
    placements: list[Placement] = []
    positions: list[int] = []
    for position, change in enumerate(changes):
        placement = stored.get(change.placement_id)
        if placement is None:
            raise Placement.DoesNotExist
        if placement.school_year_id not in scopes:
            scopes[placement.school_year_id] = get_scope(user, placement.school_year)
        scope = scopes[placement.school_year_id]
        if not (scope.roles & {Role.SO, Role.PROJECTLEIDER, "admin"}):
            raise PermissionDenied
        allowed = editable_location_ids(scope)
        if allowed is not None and placement.location_id not in allowed:
            raise Placement.DoesNotExist
        if placement.version != change.version:
            errors[position] = ValidationError(STALE_MESSAGE)
            continue
        if placement.school_year_id not in checked_years:
            ensure_open(placement.school_year_id)
            checked_years.add(placement.school_year_id)
        befores.append(audit.snapshot(placement))
        for key, value in change.values.items():
            if key not in PLACEMENT_CHANGE_FIELDS:
                raise TypeError(f"{key} is not a field placement_update changes")
            setattr(placement, key, value.strip() if key == "four_eyes_exception" else value)
        placements.append(placement)
        positions.append(position)
    results: list[PlacementResult] = []
    by_year: dict[int, list[int]] = {}
    for index, placement in enumerate(placements):
        by_year.setdefault(placement.school_year_id, []).append(index)
    problems: dict[int, tuple[dict[str, list[str]], list[str]]] = {}
    for year_id, indexes in by_year.items():
        year = placements[indexes[0]].school_year
        batch = [placements[i] for i in indexes]
        for index, outcome in zip(
            indexes,
            _batch_problems(batch, PlacementPolicy.for_year(year), scopes[year_id], year),
            strict=True,
        ):
            problems[index] = outcome
    for index, (position, placement) in enumerate(zip(positions, placements, strict=True)):
        found, warnings = problems[index]
        if found:
            errors[position] = ValidationError(found)
        results.append(PlacementResult(placement, warnings))
    if errors:
        raise BatchErrors(errors)
    now = timezone.now()
    for placement in placements:
        placement.version += 1
        placement.updated_at = now
    Placement.objects.bulk_update(
        placements,
        [*PLACEMENT_CHANGE_FIELDS, "version", "updated_at"],
        batch_size=BATCH_CHUNK,
    )
    audit.record_bulk(Placement, placements, befores)
    return results
