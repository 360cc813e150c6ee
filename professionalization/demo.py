"""The demo years' professionalisation: the plan's themes, six meetings (half basic, half
deepening, rotating hosts) with registrations, a waiting list, attendance and evaluations,
each school's start meeting and some reflective conversations. Everything goes through the
services, with dates inside the year. Built for the first demo year (2020-2021, closed later
by the years demo, kept as history) and for the running year (the one containing the day of
loading), every demo login's default, once the years demo has started it with its roles.
The seed year has the offer and start meetings but no registrations (its report kept none
per person). Only meetings before the day of loading have attendance and evaluations; in the
running year one basic meeting lies a fortnight ahead with seats left, so a WPB can register
on any day.
Idempotent: a year that has meetings is left as is."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from bos.demo.dates import from_today, today
from bos.models import DevelopmentTeam, Person, Role, RoleAssignment, SchoolYear, User

from . import services
from .models import ConversationKind, Meeting, MeetingKind, Registration, RegistrationStatus

# (month offset from August, theme number, capacity, info topic): three basic, three deepening.
# In the running year the meeting at AHEAD lies a fortnight after the day of loading.
OFFER = [
    (2, 1, 30, ""),
    (3, 8, 20, "Begeleiding eerstejaars VT-studenten FLOT"),
    (5, 4, 30, ""),
    (6, 10, 20, "De minorstudent van de ESoE"),
    (8, 3, 12, ""),
    (9, 7, 20, ""),
]
AHEAD = 2
COMMENTS = [
    "Veel praktische voorbeelden, direct bruikbaar.",
    "Fijn om collega's van andere scholen te spreken.",
    "Iets meer tijd voor uitwisseling graag.",
    "",
    "Goede balans tussen theorie en praktijk.",
]


def _thursday_from(day: dt.date) -> dt.date:
    return day + dt.timedelta(days=(3 - day.weekday()) % 7)


def _month(year: SchoolYear, offset: int, day: int = 8) -> dt.date:
    month = (year.start_date.month - 1 + offset) % 12 + 1
    calendar_year = year.start_year + (year.start_date.month - 1 + offset) // 12
    return dt.date(calendar_year, month, day)


def _people(year: SchoolYear, role: str) -> list[Person]:
    return list(
        Person.objects.filter(roles__school_year=year, roles__role=role).distinct().order_by("pk")
    )


def load(ctx: object) -> None:
    # The seed year's report names the offer and "ruim 80" at the start meetings, but no
    # registrations or attendance per person: the demo does not invent them.
    load_year(ctx.year, registrations=False)  # type: ignore[attr-defined]


def load_running_year(year: SchoolYear) -> None:
    """Called by the running year's demo once its roles (SO's, IO's, WPB's, the team) exist."""
    load_year(year)
    _previous_evaluation(year)


# What the (fictitious) evaluation of last year's plan brought, written down by the
# projectleider in the running year's agreements.
PREVIOUS_EVALUATION = (
    "De evaluatie onder SO, IO en WPB liet zien dat het aanbod goed aansloot bij wat "
    "begeleiders nodig hebben. Bijgesteld: de IO worden voortaan voor alle bijeenkomsten "
    "uitgenodigd, en de SO en IO organiseren de startbijeenkomst voor hun WPB op de eigen "
    "school."
)


def _previous_evaluation(year: SchoolYear) -> None:
    planner = User.objects.filter(email__startswith="projectleider@").first()
    policy = services.policy_ensure(year=year)
    if planner is None or policy.previous_evaluation:
        return
    services.policy_update(user=planner, year=year, previous_evaluation=PREVIOUS_EVALUATION)


@transaction.atomic
def load_year(year: SchoolYear, *, registrations: bool = True) -> None:
    if Meeting.objects.filter(school_year=year).exists():
        return
    policy = services.policy_ensure(year=year)
    themes = {theme.number: theme for theme in services.themes_ensure(year=year)}
    team = RoleAssignment.objects.filter(
        school_year=year, role=Role.ONTWIKKELTEAM, team=DevelopmentTeam.PROFESSIONALISERING
    ).order_by("-is_kartrekker", "pk")
    leaders = [a.person for a in team] or _people(year, Role.SO)[:1]
    hosts = list(
        RoleAssignment.objects.filter(school_year=year, role=Role.SO)
        .values_list("locations", flat=True)
        .order_by("locations__name")
        .distinct()
    )
    wpbs, sos, ios = (_people(year, role) for role in (Role.WPB, Role.SO, Role.IO))
    demo_wpb = Person.objects.filter(email__startswith="wpb@").first()
    for index, (offset, number, capacity, topic) in enumerate(OFFER):
        theme = themes[number]
        date = _thursday_from(_month(year, offset))
        ahead = index == AHEAD and year.contains(today())
        if ahead:
            date = _thursday_from(from_today(year, 14))
            if date > year.end_date:
                date = from_today(year, 14)
        meeting = Meeting(
            school_year=year,
            kind=MeetingKind.THEME,
            theme=theme,
            date=date,
            start_time=policy.default_start,
            end_time=policy.default_end,
            location_id=hosts[(index * 3) % len(hosts)],
            capacity=capacity,
            leader=leaders[index % len(leaders)],
            info_session=bool(topic),
            info_topic=topic,
            drinks=True,
        )
        services.save_meeting(meeting=meeting)
        if theme.level == "basic":
            pool = wpbs[index * 7 :: 9][: capacity + 3] + sos[index % 3 :: 5]
            if demo_wpb is not None and index in (0, 2):
                pool.insert(0, demo_wpb)
        else:
            pool = sos[index % 2 :: 2] + ios[index % 4 :: 4]
        if ahead:
            # Half full, without the demo WPB: seats left to register for.
            pool = [p for p in pool if p != demo_wpb][: capacity // 2]
        if registrations:
            _enrol_and_run(meeting, list(dict.fromkeys(pool)), seed=index)
    _start_meetings(year, policy, registrations=registrations)
    if registrations:
        _conversations(year)


def _enrol_and_run(meeting: Meeting, pool: list[Person], *, seed: int) -> None:
    before = meeting.date - dt.timedelta(days=21)
    for person in pool:
        services.enrol(meeting_id=meeting.pk, person_id=person.pk, today=before)
    registered = list(
        Registration.objects.filter(meeting=meeting, status=RegistrationStatus.REGISTERED)
        .select_related("person")
        .order_by("pk")
    )
    if meeting.date >= today():
        return  # still ahead: registrations only
    # About one in seven does not come; the demo WPB always does.
    present = {
        r.pk
        for position, r in enumerate(registered)
        if (position + seed) % 7 != 3 or r.person.email.startswith("wpb@")
    }
    services.mark_attendance(meeting=meeting, present_ids=present, today=meeting.date)
    for position, registration in enumerate(registered):
        if registration.pk in present and (position + seed) % 3:
            services.give_evaluation(
                registration=Registration.objects.get(pk=registration.pk),
                score=3 + (position + seed) % 3,
                comment=COMMENTS[(position + seed) % len(COMMENTS)],
            )


def _start_meetings(year: SchoolYear, policy: object, *, registrations: bool) -> None:
    day = _thursday_from(year.start_date.replace(month=9, day=8))
    for assignment in (
        RoleAssignment.objects.filter(school_year=year, role=Role.SO)
        .prefetch_related("locations")
        .order_by("pk")
    ):
        for location in assignment.locations.all():
            io = (
                RoleAssignment.objects.filter(
                    school_year=year,
                    role=Role.IO,
                    locations=location,
                    institute__short_name="FLOT",
                )
                .order_by("pk")
                .first()
            )
            meeting = Meeting(
                school_year=year,
                kind=MeetingKind.START,
                date=day,
                start_time=dt.time(15, 30),
                end_time=dt.time(17, 0),
                location=location,
                capacity=40,
                leader=assignment.person,
                co_leader=io.person if io else None,
                drinks=False,
            )
            services.save_meeting(meeting=meeting)
            if registrations:
                _enrol_and_run(meeting, _people_at(year, location.pk), seed=location.pk)


def _people_at(year: SchoolYear, location_id: int) -> list[Person]:
    return list(
        Person.objects.filter(
            roles__school_year=year, roles__role=Role.WPB, roles__locations=location_id
        )
        .distinct()
        .order_by("pk")
    )


def _conversations(year: SchoolYear) -> None:
    """The demo SO talks with the WPBs of Beatrix College; the demo BC with that SO."""
    so_user = User.objects.filter(email__startswith="so.beatrix@").first()
    bc_user = User.objects.filter(email__startswith="bc.sovot@").first()
    if so_user is None or bc_user is None:
        return
    held_until = year.start_date.replace(month=12, day=1)
    for position, (kind, person) in enumerate(conversation_candidates_for(so_user, year)):
        conversation = services.conversation_plan(
            user=so_user,
            year=year,
            kind=kind,
            participant_id=person.pk,
            planned_on=held_until + dt.timedelta(days=7 * position),
        )
        if position % 3 != 2 and conversation.planned_on < today():
            services.conversation_record(
                user=so_user,
                conversation_id=conversation.pk,
                planned_on=conversation.planned_on,
                held_on=conversation.planned_on,
                notes="Doelen besproken: feedback geven en de student meer laten reflecteren.",
            )
    so_person = so_user.person
    conversation = services.conversation_plan(
        user=bc_user,
        year=year,
        kind=ConversationKind.SO_BC,
        participant_id=so_person.pk,
        planned_on=year.start_date.replace(year=year.start_year + 1, month=3, day=4),
    )
    if conversation.planned_on >= today():
        return  # planned, not yet held
    services.conversation_record(
        user=bc_user,
        conversation_id=conversation.pk,
        planned_on=conversation.planned_on,
        held_on=conversation.planned_on,
        notes="Terugblik op het eerste jaar als SO; wens: verdiepen in beoordelen.",
    )


def conversation_candidates_for(user: User, year: SchoolYear) -> list[tuple[str, Person]]:
    from bos.permissions import get_scope

    scope = get_scope(user, year)
    return [
        ("wpb_so", person)
        for person in Person.objects.filter(
            roles__school_year=year,
            roles__role=Role.WPB,
            roles__locations__in=scope.so_location_ids,
        )
        .distinct()
        .order_by("pk")
    ]
