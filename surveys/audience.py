"""Who a survey is for: the people behind its audience, each once, as plain values.

Roles are narrowed to the chosen schools (roles held at a location by that location, board
roles by the board of a chosen school) and institutes (IO and IC by their institute,
students by theirs); a role that belongs to neither (the projectleider, the kernteam) is not
narrowed. A survey linked to an event asks the event's own people when the event's kind
names them (registered in `bos.events`), narrowed to the chosen roles if any. Extra addresses are
added as they are."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from bos import events
from bos.models import Person, Role, RoleAssignment
from placements.models import Placement, PlacementStatus, Student

from .models import Survey

STUDENT = "student"
LOCATED_ROLES = {Role.SO, Role.IO, Role.WPB, Role.DIRECTOR}
BOARD_ROLES = {Role.BC, Role.HR}
INSTITUTE_ROLES = {Role.IO, Role.IC}

ROLE_CHOICES: list[tuple[str, str]] = [
    *[(value, str(label)) for value, label in Role.choices],
    (STUDENT, "Student"),
]


@dataclass(frozen=True)
class Invitee:
    """A person to invite: a staff member, a student or an address only."""

    email: str
    name: str
    person: Person | None = None
    student: Student | None = None
    role: str = ""


def event_people(event: Any) -> list[Invitee] | None:
    """The people of a linked event whose kind names them (registered in `bos.events` by
    the app that owns it), in the event's order; None for a kind linked for reference only,
    whose audience is chosen by role, school and institute."""
    kind = events.kind_for(event)
    if kind is None:
        return None
    found = kind.participants(event)
    staff = Person.objects.in_bulk([person_id for person_id, _ in found.people])
    students = Student.objects.in_bulk(list(found.students))
    people = [
        Invitee(students[pk].email, students[pk].full_name, student=students[pk], role=STUDENT)
        for pk in found.students
        if pk in students
    ]
    people.extend(
        Invitee(staff[pk].email, staff[pk].full_name, person=staff[pk], role=role)
        for pk, role in found.people
        if pk in staff
    )
    return people


def event_names_people(survey: Survey) -> bool:
    return survey.event_type_id is not None and (
        events.kind_of(f"{survey.event_type.app_label}.{survey.event_type.model}") is not None
    )


def _staff(
    survey: Survey, roles: set[str], locations: set[int], institutes: set[int]
) -> list[Invitee]:
    if not roles:
        return []
    assignments = RoleAssignment.objects.filter(school_year=survey.school_year, role__in=roles)
    if locations:
        assignments = assignments.filter(
            Q(role__in=LOCATED_ROLES, locations__in=locations)
            | Q(role__in=BOARD_ROLES, board__locations__in=locations)
            | ~Q(role__in=LOCATED_ROLES | BOARD_ROLES)
        )
    if institutes:
        assignments = assignments.filter(
            Q(role__in=INSTITUTE_ROLES, institute__in=institutes) | ~Q(role__in=INSTITUTE_ROLES)
        )
    chosen: dict[int, str] = {}
    for person_id, role in assignments.order_by("role").values_list("person_id", "role"):
        chosen.setdefault(person_id, role)
    people = Person.objects.filter(pk__in=list(chosen)).select_related("user")
    return [Invitee(p.email, p.full_name, person=p, role=chosen[p.pk]) for p in people]


def _students(survey: Survey, locations: set[int], institutes: set[int]) -> list[Invitee]:
    placements = Placement.objects.for_year(survey.school_year).exclude(
        status=PlacementStatus.STOPPED
    )
    if locations:
        placements = placements.filter(location__in=locations)
    if institutes:
        placements = placements.filter(student__institute__in=institutes)
    students = Student.objects.filter(pk__in=placements.values("student_id")).select_related("user")
    return [Invitee(s.email, s.full_name, student=s, role=STUDENT) for s in students]


def invitees(survey: Survey) -> list[Invitee]:
    """Everyone the survey is for, each address once (the first role found wins)."""
    roles = set(survey.audience_roles or ())
    locations = set(survey.audience_locations.values_list("pk", flat=True))
    institutes = set(survey.audience_institutes.values_list("pk", flat=True))
    found: list[Invitee] = []
    people = event_people(survey.event) if event_names_people(survey) else None
    if people is not None:
        found.extend(p for p in people if not roles or p.role in roles)
    else:
        found.extend(_staff(survey, roles - {STUDENT}, locations, institutes))
        if STUDENT in roles:
            found.extend(_students(survey, locations, institutes))
    found.extend(Invitee(address, "") for address in survey.extra_emails or ())
    unique: dict[str, Invitee] = {}
    for invitee in found:
        unique.setdefault(invitee.email.strip().lower(), invitee)
    return list(unique.values())
