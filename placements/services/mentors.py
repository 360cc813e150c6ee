"""Writes of mentors (WPB): finding or creating one for a location and changing their data.
Every function checks the user's scope itself."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from bos.closing import ensure_open
from bos.models import (
    Person,
    Qualification,
    QualificationKind,
    Role,
    RoleAssignment,
    SchoolYear,
)
from bos.permissions import CAPABILITIES, get_scope

from .. import rules
from ._common import _check_location, _require_edit, editable_location_ids

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
    wpb_course_on: dt.date | None = None,
    wpb_course_given: bool = False,
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
    if wpb_course_given:
        _set_qualification(person, QualificationKind.WPB_COURSE, wpb_course_on)
    return assignment


def _set_qualification(person: Person, kind: str, obtained_on: dt.date | None) -> None:
    """Record (or with no date: remove) one qualification of a person."""
    if obtained_on is None:
        Qualification.objects.filter(person=person, kind=kind).delete()
        return
    if obtained_on > dt.date.today():
        raise ValidationError({"wpb_course_on": "De datum kan niet in de toekomst liggen."})
    Qualification.objects.update_or_create(
        person=person, kind=kind, defaults={"obtained_on": obtained_on}
    )
