"""Writes of the verdiepingsmiddagen. Every function checks the actor's right itself, runs in
one transaction and locks the rows a concurrent request could change."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from bos.models import Institute, Person, SchoolYear, User
from bos.permissions import STUDENT, can, get_scope
from bos.queue import enqueue_on_commit
from placements.models import Student

from . import rules, selectors
from .models import (
    RANKS,
    AfternoonPolicy,
    AssignmentSource,
    DeepeningAfternoon,
    Evaluation,
    Invitation,
    MeetingMode,
    Preference,
    ThemeProposal,
    Workshop,
    WorkshopAssignment,
)

# --- Planning --------------------------------------------------------------------------


def _require_planner(actor: User, year: SchoolYear) -> None:
    if not can(actor, "afternoon.plan", year):
        raise PermissionDenied


def policy_for(year: SchoolYear) -> AfternoonPolicy:
    policy, _ = AfternoonPolicy.objects.get_or_create(school_year=year)
    return policy


def _lock(afternoon: DeepeningAfternoon) -> DeepeningAfternoon:
    return DeepeningAfternoon.objects.select_for_update().get(pk=afternoon.pk)


@transaction.atomic
def afternoon_save(
    *,
    actor: User,
    year: SchoolYear,
    number: int,
    date: dt.date,
    audience: str,
    institutes: Iterable[Institute] = (),
    levels: Sequence[str] = (),
    cohort_start_from: dt.date | None = None,
    cohort_start_until: dt.date | None = None,
    choice_deadline: dt.date | None = None,
    start_time: dt.time | None = None,
    end_time: dt.time | None = None,
    afternoon: DeepeningAfternoon | None = None,
) -> DeepeningAfternoon:
    """Plan a new afternoon, or change one (its year stays)."""
    if afternoon is not None:
        afternoon = _lock(afternoon)
        year = afternoon.school_year
    _require_planner(actor, year)
    errors: dict[str, str] = {}
    if not year.contains(date):
        errors["date"] = f"De datum valt niet in schooljaar {year}."
    if choice_deadline and choice_deadline >= date:
        errors["choice_deadline"] = "De deadline voor het kiezen moet vóór de middag liggen."
    if cohort_start_from and cohort_start_until and cohort_start_until < cohort_start_from:
        errors["cohort_start_until"] = "Het einde van het cohort ligt vóór het begin."
    if start_time and end_time and end_time <= start_time:
        errors["end_time"] = "De eindtijd moet na de begintijd liggen."
    duplicate = DeepeningAfternoon.objects.filter(
        school_year=year, number=number, date=date, audience=audience
    )
    if afternoon is not None:
        duplicate = duplicate.exclude(pk=afternoon.pk)
    if duplicate.exists():
        errors["number"] = "Deze middag met deze datum en doelgroep bestaat al."
    if errors:
        raise ValidationError(errors)
    values: dict[str, Any] = {
        "number": number,
        "date": date,
        "audience": audience,
        "levels": sorted(set(levels)),
        "cohort_start_from": cohort_start_from,
        "cohort_start_until": cohort_start_until,
        "choice_deadline": choice_deadline,
        "start_time": start_time,
        "end_time": end_time,
    }
    if afternoon is None:
        afternoon = DeepeningAfternoon.objects.create(school_year=year, **values)
    else:
        for name, value in values.items():
            setattr(afternoon, name, value)
        afternoon.save()
    afternoon.institutes.set(list(institutes))
    return afternoon


@transaction.atomic
def workshop_save(
    *,
    actor: User,
    afternoon: DeepeningAfternoon,
    theme: str,
    capacity: int | None,
    mode: str = MeetingMode.ON_SITE,
    location: str = "",
    online_link: str = "",
    leader: Person | None = None,
    leader_name: str = "",
    description: str = "",
    workshop: Workshop | None = None,
) -> Workshop:
    """Add a workshop to an afternoon, or change one. Themes cannot change once students
    have been assigned, because their choices point at them."""
    afternoon = _lock(afternoon)
    _require_planner(actor, afternoon.school_year)
    if workshop is not None and workshop.afternoon_id != afternoon.pk:
        raise PermissionDenied
    theme = theme.strip()
    errors: dict[str, str] = {}
    if not theme:
        errors["theme"] = "Vul een thema in."
    if capacity is not None and capacity < 1:
        errors["capacity"] = "Een workshop heeft minstens één plaats."
    if workshop is None and afternoon.assigned_at is not None:
        errors["theme"] = "De studenten zijn al ingedeeld; voeg geen workshop meer toe."
    if errors:
        raise ValidationError(errors)
    values = {
        "theme": theme,
        "capacity": capacity,
        "mode": mode,
        "location": location.strip(),
        "online_link": online_link.strip(),
        "leader": leader,
        "leader_name": leader_name.strip(),
        "description": description.strip(),
    }
    if workshop is None:
        order = afternoon.workshops.count()
        return Workshop.objects.create(afternoon=afternoon, order=order, **values)
    workshop = Workshop.objects.select_for_update().get(pk=workshop.pk)
    if afternoon.assigned_at is not None and workshop.theme != theme:
        raise ValidationError({"theme": "Na de indeling kan het thema niet meer veranderen."})
    if capacity is not None and workshop.assignments.count() > capacity:
        raise ValidationError({"capacity": "Er zijn al meer studenten in deze workshop ingedeeld."})
    for name, value in values.items():
        setattr(workshop, name, value)
    workshop.save()
    return workshop


@transaction.atomic
def propose_theme(
    *,
    actor: User,
    year: SchoolYear,
    theme: str,
    explanation: str = "",
    afternoon: DeepeningAfternoon | None = None,
) -> ThemeProposal:
    """A student proposes a theme (the short form, or at the evaluation)."""
    student = getattr(actor, "student", None)
    if student is None or not get_scope(actor, year).has(STUDENT):
        raise PermissionDenied
    theme = theme.strip()
    if not theme:
        raise ValidationError({"theme": "Vul een thema in."})
    return ThemeProposal.objects.create(
        school_year=year,
        student=student,
        afternoon=afternoon,
        theme=theme[:300],
        explanation=explanation.strip(),
    )


# --- Invitations -----------------------------------------------------------------------


def _login_user_for(student: Student) -> None:
    """The code login needs an account: one at the official address, without a password."""
    if student.user_id is not None:
        return
    user = User.objects.filter(email__iexact=student.email).first()
    if user is None:
        user = User.objects.create_user(email=student.email)
    elif hasattr(user, "person") or hasattr(user, "student"):
        return  # the address belongs to someone else's account: leave it alone
    student.user = user
    student.save(update_fields=["user"])


@transaction.atomic
def send_invitations(
    *, actor: User, afternoon: DeepeningAfternoon, today: dt.date | None = None
) -> int:
    """Invite every placed student in the audience who is not invited yet; the mails go out
    after the commit. Returns the number of new invitations."""
    afternoon = _lock(afternoon)
    _require_planner(actor, afternoon.school_year)
    if not afternoon.workshops.exists():
        raise ValidationError("Voeg eerst de workshops toe.")
    if afternoon.choice_deadline is None:
        raise ValidationError("Stel eerst de deadline voor het kiezen in.")
    if afternoon.choice_deadline < (today or timezone.localdate()):
        raise ValidationError("De deadline voor het kiezen is al voorbij.")
    if afternoon.assigned_at is not None:
        raise ValidationError("De studenten zijn al ingedeeld.")
    invited = set(afternoon.invitations.values_list("student_id", flat=True))
    new: list[Invitation] = []
    for student in selectors.audience_students(afternoon):
        if student.pk in invited:
            continue
        _login_user_for(student)
        new.append(Invitation(afternoon=afternoon, student=student, email=student.email))
    Invitation.objects.bulk_create(new)
    afternoon.invitations_sent_at = afternoon.invitations_sent_at or timezone.now()
    afternoon.save(update_fields=["invitations_sent_at"])
    enqueue_on_commit("afternoons.tasks.send_invitation_mails", afternoon.pk)
    return len(new)


# --- Choosing --------------------------------------------------------------------------


def _student_of(actor: User) -> Student:
    student = getattr(actor, "student", None)
    if student is None:
        raise PermissionDenied
    return student


def may_choose(afternoon: DeepeningAfternoon, today: dt.date | None = None) -> bool:
    today = today or timezone.localdate()
    return (
        afternoon.invitations_sent_at is not None
        and afternoon.assigned_at is None
        and afternoon.choice_deadline is not None
        and today <= afternoon.choice_deadline
    )


@transaction.atomic
def save_preferences(
    *,
    actor: User,
    afternoon: DeepeningAfternoon,
    workshops: Sequence[Workshop | None],
    today: dt.date | None = None,
) -> list[Preference]:
    """The student's first, second and third choice (later ones may be empty)."""
    student = _student_of(actor)
    afternoon = _lock(afternoon)
    if not afternoon.invitations.filter(student=student).exists():
        raise PermissionDenied
    if not may_choose(afternoon, today):
        raise ValidationError("Kiezen kan niet meer: de deadline is voorbij of de indeling is er.")
    chosen = list(workshops)[: len(RANKS)]
    while chosen and chosen[-1] is None:
        chosen.pop()
    if not chosen:
        raise ValidationError("Kies minstens je eerste keuze.")
    if None in chosen:
        raise ValidationError("Vul je keuzes op volgorde in: eerst de eerste, dan de tweede.")
    themes = [w.theme for w in chosen if w is not None]
    if len(set(themes)) != len(themes):
        raise ValidationError("Kies elk thema maar één keer.")
    if any(w is not None and w.afternoon_id != afternoon.pk for w in chosen):
        raise ValidationError("Dit thema hoort niet bij deze middag.")
    Preference.objects.filter(afternoon=afternoon, student=student).delete()
    return Preference.objects.bulk_create(
        Preference(afternoon=afternoon, student=student, rank=rank, workshop=workshop)
        for rank, workshop in enumerate(chosen, start=1)
        if workshop is not None
    )


# --- Assigning -------------------------------------------------------------------------


@transaction.atomic
def run_assignment(
    *, actor: User, afternoon: DeepeningAfternoon, seed: int | None = None
) -> rules.AssignmentResult:
    """Run the assignment rule over the invited students; replaces an earlier unpublished
    assignment. The seed defaults to the afternoon's id, so a rerun gives the same result."""
    afternoon = _lock(afternoon)
    _require_planner(actor, afternoon.school_year)
    if afternoon.published_at is not None:
        raise ValidationError("De indeling is al gepubliceerd.")
    workshops = list(afternoon.workshops.all())
    if not workshops:
        raise ValidationError("Deze middag heeft nog geen workshops.")
    invitations = list(afternoon.invitations.select_related("student"))
    if not invitations:
        raise ValidationError("Er zijn nog geen studenten uitgenodigd.")
    school = selectors.school_names(afternoon, [i.student_id for i in invitations])
    students = [rules.StudentIn(i.student_id, school.get(i.student_id, "")) for i in invitations]
    workshop_ins = [rules.WorkshopIn(w.pk, w.theme, w.capacity) for w in workshops]
    preferences: dict[int, list[str]] = {}
    for pref in afternoon.preferences.select_related("workshop").order_by("student", "rank"):
        preferences.setdefault(pref.student_id, []).append(pref.workshop.theme)
    result = rules.assign(
        students, workshop_ins, preferences, seed if seed is not None else afternoon.pk
    )
    afternoon.assignments.exclude(source=AssignmentSource.WALK_IN).delete()
    WorkshopAssignment.objects.bulk_create(
        WorkshopAssignment(
            afternoon=afternoon,
            student_id=student_id,
            workshop_id=workshop_id,
            source=AssignmentSource.RULE,
            choice_rank=result.ranks.get(student_id),
        )
        for student_id, workshop_id in sorted(result.placed.items())
    )
    afternoon.assigned_at = timezone.now()
    afternoon.assignment_notes = result.lines
    afternoon.save(update_fields=["assigned_at", "assignment_notes"])
    return result


@transaction.atomic
def move_student(
    *, actor: User, assignment: WorkshopAssignment, workshop: Workshop
) -> WorkshopAssignment:
    """The projectleider moves a student by hand (recorded in the audit trail)."""
    assignment = WorkshopAssignment.objects.select_for_update().get(pk=assignment.pk)
    afternoon = _lock(assignment.afternoon)
    _require_planner(actor, afternoon.school_year)
    if workshop.afternoon_id != afternoon.pk:
        raise ValidationError("Deze workshop hoort niet bij deze middag.")
    workshop = Workshop.objects.select_for_update().get(pk=workshop.pk)
    if workshop.pk == assignment.workshop_id:
        return assignment
    if workshop.capacity is not None and workshop.assignments.count() >= workshop.capacity:
        raise ValidationError(f"{workshop.theme} is vol ({workshop.capacity} plaatsen).")
    ranks = {
        p.workshop.theme: p.rank
        for p in afternoon.preferences.filter(student_id=assignment.student_id).select_related(
            "workshop"
        )
    }
    assignment.workshop = workshop
    assignment.source = AssignmentSource.MANUAL
    assignment.choice_rank = ranks.get(workshop.theme)
    assignment.save(update_fields=["workshop", "source", "choice_rank"])
    return assignment


@transaction.atomic
def publish(*, actor: User, afternoon: DeepeningAfternoon) -> DeepeningAfternoon:
    """From now on students see their workshop and where it is; they get a mail."""
    afternoon = _lock(afternoon)
    _require_planner(actor, afternoon.school_year)
    if afternoon.assigned_at is None:
        raise ValidationError("Deel de studenten eerst in.")
    if afternoon.published_at is not None:
        return afternoon
    missing = [
        w.theme
        for w in afternoon.workshops.all()
        if (w.mode == MeetingMode.ON_SITE and not w.location)
        or (w.mode == MeetingMode.ONLINE and not w.online_link)
    ]
    if missing:
        raise ValidationError(f"Vul eerst de locatie of link in van: {', '.join(missing)}.")
    afternoon.published_at = timezone.now()
    afternoon.save(update_fields=["published_at"])
    enqueue_on_commit("afternoons.tasks.send_publication_mails", afternoon.pk)
    return afternoon


# --- On the day ------------------------------------------------------------------------


def _require_attendance_keeper(actor: User, workshop: Workshop) -> None:
    year = workshop.afternoon.school_year
    if not selectors.workshops_for_attendance(actor, year).filter(pk=workshop.pk).exists():
        raise PermissionDenied


@transaction.atomic
def record_attendance(
    *, actor: User, assignment: WorkshopAssignment, attended: bool
) -> WorkshopAssignment:
    assignment = WorkshopAssignment.objects.select_for_update().get(pk=assignment.pk)
    _require_attendance_keeper(actor, assignment.workshop)
    if assignment.afternoon.published_at is None:
        raise ValidationError("De indeling is nog niet gepubliceerd.")
    assignment.attended = attended
    assignment.attendance_recorded_at = timezone.now()
    assignment.attendance_recorded_by = actor
    assignment.save(update_fields=["attended", "attendance_recorded_at", "attendance_recorded_by"])
    return assignment


@transaction.atomic
def add_walk_in(*, actor: User, workshop: Workshop, student: Student) -> WorkshopAssignment:
    """A student who turns up unannounced: present in this workshop. Someone assigned to
    another workshop of the same afternoon moves here."""
    workshop = (
        Workshop.objects.select_for_update(of=("self",))
        .select_related("afternoon")
        .get(pk=workshop.pk)
    )
    _require_attendance_keeper(actor, workshop)
    afternoon = workshop.afternoon
    if afternoon.published_at is None:
        raise ValidationError("De indeling is nog niet gepubliceerd.")
    if not selectors.year_students(afternoon.school_year).filter(pk=student.pk).exists():
        raise ValidationError(
            "Deze student heeft dit schooljaar geen stage in de opleidingsschool."
        )
    now = timezone.now()
    assignment = (
        WorkshopAssignment.objects.select_for_update()
        .filter(afternoon=afternoon, student=student)
        .first()
    )
    if assignment is None:
        try:
            with transaction.atomic():
                return WorkshopAssignment.objects.create(
                    afternoon=afternoon,
                    student=student,
                    workshop=workshop,
                    source=AssignmentSource.WALK_IN,
                    attended=True,
                    attendance_recorded_at=now,
                    attendance_recorded_by=actor,
                )
        except IntegrityError:
            assignment = WorkshopAssignment.objects.select_for_update().get(
                afternoon=afternoon, student=student
            )
    if assignment.workshop_id != workshop.pk:
        assignment.workshop = workshop
        assignment.source = AssignmentSource.WALK_IN
        assignment.choice_rank = None
    assignment.attended = True
    assignment.attendance_recorded_at = now
    assignment.attendance_recorded_by = actor
    assignment.save()
    return assignment


# --- Afterwards ------------------------------------------------------------------------


@transaction.atomic
def submit_evaluation(
    *,
    actor: User,
    afternoon: DeepeningAfternoon,
    score: int,
    comment: str = "",
    proposal: str = "",
) -> Evaluation:
    """The student who attended scores their workshop once; a theme for a next afternoon
    may come with it."""
    student = _student_of(actor)
    assignment = (
        WorkshopAssignment.objects.select_for_update()
        .filter(afternoon=afternoon, student=student)
        .first()
    )
    if assignment is None:
        raise PermissionDenied
    if assignment.attended is not True:
        raise ValidationError("Alleen wie aanwezig was, kan de workshop beoordelen.")
    if not 1 <= score <= 5:
        raise ValidationError({"score": "Geef een cijfer van 1 tot en met 5."})
    if Evaluation.objects.filter(afternoon=afternoon, student=student).exists():
        raise ValidationError("Je hebt deze middag al beoordeeld.")
    evaluation = Evaluation.objects.create(
        afternoon=afternoon,
        student=student,
        workshop=assignment.workshop,
        score=score,
        comment=comment.strip(),
    )
    if proposal.strip():
        propose_theme(actor=actor, year=afternoon.school_year, theme=proposal, afternoon=afternoon)
    return evaluation
