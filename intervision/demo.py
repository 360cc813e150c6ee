"""Demo data: intervision at a few schools (groups from the suggestion, a meeting about
every four weeks, attendance and the students' reports), made through the
services as the people who would do it."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from bos.demo import DemoContext
from bos.demo.organisation import DEMO_DOMAIN
from bos.models import Person, Role, RoleAssignment, SchoolYear, User
from placements.models import Student

from . import selectors, services
from .models import (
    AttendanceStatus,
    IntervisionGroup,
    IntervisionPolicy,
    LeaderKind,
    Membership,
    ThemePhase,
)

# Schools whose SO runs intervision in the demo (Mencia's SO has two locations).
INTERVISION_SCHOOLS = ("Beatrix College", "Newmancollege", "Mencia de Mendoza")
# Beatrix College's junior group stops meeting after May, so its SO has a cadence list.
STOPS_EARLY = "Beatrix College – jaar 1–2 en minoren 1"
REPORT_TEXTS = [
    "Ik bracht een les in waarin de klas onrustig werd na de pauze. Met de incidentmethode "
    "kwamen we erachter dat mijn instructie te lang duurde. Volgende keer begin ik met een "
    "korte opdracht.",
    "Een medestudent vertelde over een gesprek met ouders. Ik leerde hoe je eerst luistert "
    "en pas daarna uitlegt. Dat wil ik bij mijn eigen mentorgesprekken ook proberen.",
    "We werkten met de zes hoeden. Mijn rode hoed (gevoel) gebruikte ik te weinig; ik wil "
    "vaker benoemen wat een situatie met me doet.",
]


def load(ctx: DemoContext) -> None:
    # The seed year only decided to start school intervision: its report registered no
    # groups or attendance, so the demo invents none (the running year has them).
    load_school_intervision(ctx.year, groups=False)


def _account(email: str) -> User:
    """An account for a demo person or student who acts in the demo; without a password
    (only the demo logins have one)."""
    user, created = User.objects.get_or_create(email=email)
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def _so_user(person: Person) -> User:
    if person.user_id is None:
        person.user = _account(person.email)
        person.save(update_fields=["user"])
    return User.objects.get(pk=person.user_id)


def _student_user(student: Student) -> User:
    if student.user_id is None:
        student.user = _account(student.email)
        student.save(update_fields=["user"])
    return User.objects.get(pk=student.user_id)


def _thursdays(year: SchoolYear, weeks: int) -> list[dt.date]:
    """A meeting on Thursdays every `weeks` weeks from the second week of September to the
    end of June (the handreiking's rhythm)."""
    day = dt.date(year.start_year, 9, 1)
    while day.weekday() != 3:
        day += dt.timedelta(days=1)
    day += dt.timedelta(weeks=1)
    end = dt.date(year.start_year + 1, 6, 30)
    days = []
    while day <= end:
        days.append(day)
        day += dt.timedelta(weeks=weeks)
    return days


def _status(member: int, meeting: int) -> str:
    # Mostly present; a few excused and absent, spread deterministically.
    if (member * 7 + meeting * 3) % 17 == 0:
        return AttendanceStatus.ABSENT
    if (member * 5 + meeting) % 13 == 0:
        return AttendanceStatus.EXCUSED
    return AttendanceStatus.PRESENT


def load_school_intervision(year: SchoolYear, *, groups: bool = True) -> None:
    """Groups, meetings, attendance and shared reports at a few schools of `year` (with
    `groups=False` only the policy and methods). Idempotent: a year that already has groups
    is left alone."""
    IntervisionPolicy.objects.get_or_create(school_year=year)
    services.ensure_methods(year)
    services.ensure_themes(year)
    if not groups or IntervisionGroup.objects.filter(school_year=year).exists():
        return
    policy = IntervisionPolicy.for_year(year)
    methods = list(selectors.methods_for(year).filter(kind="model").values_list("pk", flat=True))
    themes = selectors.themes_by_phase(year)
    assignments = (
        RoleAssignment.objects.filter(
            school_year=year, role=Role.SO, locations__name__in=INTERVISION_SCHOOLS
        )
        .select_related("person")
        .distinct()
        .order_by("pk")
    )
    for assignment in assignments:
        so = _so_user(assignment.person)
        if not selectors.suggestion(user=so, year=year):
            # Loaded in the summer weeks, after the placements ended: the service suggests
            # groups only for running placements, so the demo has none that year.
            continue
        groups = services.groups_from_suggestion(user=so, year=year)
        for group in groups:
            choices = selectors.leader_choices(group)
            members = selectors.members_of(group)
            days = _thursdays(year, policy.weeks_between_meetings)
            if group.name == STOPS_EARLY:
                days = [day for day in days if day.month not in (6,)]
            for number, day in enumerate(days):
                leader_kind, leader_id, student_id, backup_id = (
                    LeaderKind.SO,
                    assignment.person.pk,
                    None,
                    None,
                )
                if number % 3 == 1 and choices["io"]:
                    leader_kind, leader_id = LeaderKind.IO, choices["io"][0].pk
                elif number % 5 == 4 and choices["student"] and group.band != "junior":
                    leader_kind, leader_id = LeaderKind.STUDENT, None
                    student_id = choices["student"][0].pk
                    backup_id = assignment.person.pk
                meeting = services.meeting_plan(
                    user=so,
                    group_id=group.pk,
                    starts_at=timezone.make_aware(dt.datetime.combine(day, dt.time(15, 30))),
                    place="Lokaal 0.12" if number % 4 else "",
                    online_link="" if number % 4 else "https://meet.example.org/intervisie",
                    leader_kind=leader_kind,
                    leader_id=leader_id,
                    leader_student_id=student_id,
                    backup_id=backup_id,
                    method_ids=[methods[(number + group.pk) % len(methods)]],
                    theme_id=_demo_theme(themes, group.band, number),
                )
                if day > timezone.localdate():
                    continue
                statuses = {
                    m.placement_id: _status(index, number) for index, m in enumerate(members)
                }
                if group.name == STOPS_EARLY and number >= len(days) - 2 and members:
                    statuses[members[-1].placement_id] = AttendanceStatus.ABSENT
                services.attendance_record(user=so, meeting_id=meeting.pk, statuses=statuses)
        # One student has just arrived and is not in a group yet: the SO sees them.
        if groups and len(selectors.members_of(groups[0])) > 6:
            newest = selectors.members_of(groups[0])[0]
            services.member_remove(
                user=so, membership_id=newest.pk, day=newest.joined_on + dt.timedelta(days=1)
            )
    _load_reports(year)
    _load_online_group(year, policy.weeks_between_meetings)


def _demo_theme(themes: dict[int, list], band: str, number: int) -> int | None:
    """The first meeting is about the school; later ones take a theme of the group's phase,
    and every third meeting the students bring their own case without a theme."""
    phase = {"junior": ThemePhase.JUNIOR, "senior": ThemePhase.SENIOR}.get(band)
    if number == 0 or phase is None:
        chosen = themes.get(ThemePhase.SCHOOL, [])
        return chosen[number % len(chosen)].pk if chosen else None
    if number % 3 == 2:
        return None
    chosen = themes.get(phase, [])
    return chosen[number % len(chosen)].pk if chosen else None


ONLINE_GROUP = "Online intervisie – niet op donderdag"


def _load_online_group(year: SchoolYear, weeks: int) -> None:
    """One online group for the part-time and master students who cannot come on Thursdays:
    the projectleider makes it, and the SOs of several schools each add a student without a
    group (DT and master students first; the demo's running year has few, so final-year
    students make up the rest)."""
    from placements.models import OPEN_STATUSES, Placement

    open_members = Membership.objects.filter(left_on__isnull=True).values("placement_id")
    candidates = (
        Placement.objects.filter(
            school_year=year, status__in=OPEN_STATUSES, level__in=["DT", "master", "VT4"]
        )
        .exclude(pk__in=open_members)
        .exclude(student__user__email__startswith="student@")
        .select_related("location")
        .order_by("location__name", "pk")
    )
    chosen: dict[int, tuple[Placement, Person]] = {}
    for placement in sorted(candidates, key=lambda p: p.level == "VT4"):
        if placement.location_id in chosen or len(chosen) >= 4:
            continue
        assignment = (
            RoleAssignment.objects.filter(
                school_year=year, role=Role.SO, locations=placement.location
            )
            .select_related("person")
            .order_by("pk")
            .first()
        )
        if assignment is not None:
            chosen[placement.location_id] = (placement, assignment.person)
    if len(chosen) < 2:
        return
    _, first = next(iter(chosen.values()))
    so = _so_user(first)
    # The projectleider makes it for the chosen students' schools, so each of their SOs
    # sees it and places their own student.
    group = services.online_group_create(
        user=User.objects.get(email=f"projectleider@{DEMO_DOMAIN}"),
        name=ONLINE_GROUP,
        location_ids=list(chosen),
        year=year,
    )
    for placement, person in chosen.values():
        services.member_add(
            user=_so_user(person),
            group_id=group.pk,
            placement_id=placement.pk,
        )
    today = timezone.localdate()
    themes = selectors.themes_by_phase(year)
    methods = list(selectors.methods_for(year).filter(kind="model").values_list("pk", flat=True))
    # Planned meetings on Tuesday evenings in the weeks of the schools' Thursdays, from
    # today on (online, so no room).
    days = [day - dt.timedelta(days=2) for day in _thursdays(year, weeks)]
    for number, day in enumerate(d for d in days if d > today):
        services.meeting_plan(
            user=so,
            group_id=group.pk,
            starts_at=timezone.make_aware(dt.datetime.combine(day, dt.time(19, 30))),
            online_link="https://meet.example.org/intervisie-online",
            leader_kind=LeaderKind.SO,
            leader_id=first.pk,
            method_ids=methods[number % len(methods) : number % len(methods) + 1],
            theme_id=_demo_theme(themes, "senior", number + 1),
        )


def _load_reports(year: SchoolYear) -> None:
    """Reports by the demo student and one student per demo school: some shared, one not."""
    from .models import Membership

    memberships = (
        Membership.objects.filter(group__school_year=year, left_on__isnull=True)
        .select_related("placement__student__user", "placement__location", "group")
        .order_by("placement__location__name", "pk")
    )
    chosen: dict[str, Membership] = {}
    for membership in memberships:
        student = membership.placement.student
        if student.user and student.user.email.startswith("student@"):
            chosen["demo"] = membership
        chosen.setdefault(membership.placement.location.name, membership)
    for key, membership in chosen.items():
        user = _student_user(membership.placement.student)
        meetings = list(
            membership.group.meetings.filter(attendance_recorded_at__isnull=False).order_by(
                "starts_at"
            )[:3]
        )
        for number, meeting in enumerate(meetings):
            reflection = services.reflection_save(
                user=user, meeting_id=meeting.pk, text=REPORT_TEXTS[number], year=year
            )
            if number < 2:
                services.reflection_share(user=user, reflection_id=reflection.pk, year=year)
        if key == "demo":
            services.reflection_save(
                user=user,
                text="Dit jaar leerde ik vooral vragen stellen in plaats van meteen advies geven.",
                year=year,
            )
