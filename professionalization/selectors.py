"""Reads of professionalisation that depend on the user: the offer, a meeting, the
participants of the leader's meetings, the projectleider's overview and check, hours per
participant, certificates and the reflective conversations (notes only for the two)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.paginator import Page
from django.db.models import Count, F, Q, QuerySet, Sum, Window
from django.db.models.functions import Lag

from bos.lists import page_with_total
from bos.models import Person, Role, RoleAssignment, SchoolLocation, SchoolYear
from bos.permissions import Scope, get_scope
from bos.queries import count_of

from . import rules
from .models import (
    Certificate,
    Meeting,
    MeetingKind,
    ProfessionalizationPolicy,
    ReflectiveConversation,
    Registration,
    RegistrationStatus,
    Theme,
)
from .services import start_meeting_locations


def policy_for(year: SchoolYear) -> ProfessionalizationPolicy:
    """The year's policy, or the defaults when none was saved yet (nothing is written)."""
    return ProfessionalizationPolicy.objects.filter(
        school_year=year
    ).first() or ProfessionalizationPolicy(school_year=year)


def _with_counts(meetings: QuerySet[Meeting]) -> QuerySet[Meeting]:
    return meetings.select_related("theme", "location", "leader").annotate(
        taken=Count("registrations", filter=Q(registrations__status=RegistrationStatus.REGISTERED)),
        waiting=Count("registrations", filter=Q(registrations__status=RegistrationStatus.WAITING)),
    )


def visible_meetings(scope: Scope) -> QuerySet[Meeting]:
    """Every theme meeting of the year; start meetings of one's own schools (all for the
    projectleider)."""
    meetings = Meeting.objects.filter(school_year=scope.year)
    if scope.sees_everything:
        return meetings
    own = (
        set(scope.so_location_ids)
        | set(scope.wpb_location_ids)
        | {loc for _, loc in scope.io_pairs}
    )
    return meetings.filter(Q(kind=MeetingKind.THEME) | Q(location_id__in=own))


def offer_meetings(*, user: Any, kind: str) -> QuerySet[Meeting]:
    """The year's meetings of `kind` the user may see, with seats taken and waiting list,
    in date order: a page of it is read at a time."""
    scope = get_scope(user)
    if scope.year is None:
        return Meeting.objects.none()
    return _with_counts(visible_meetings(scope).filter(kind=kind)).order_by(
        "date", "start_time", "pk"
    )


def with_mine(meetings: Any, *, user: Any) -> list[Meeting]:
    """`meetings` (a page) with the user's own registration and the free seats."""
    scope = get_scope(user)
    meetings = list(meetings)
    mine = {}
    if scope.person_id is not None:
        mine = {
            r.meeting_id: r
            for r in Registration.objects.filter(
                person_id=scope.person_id, meeting__in=[m.pk for m in meetings]
            )
        }
    for meeting in meetings:
        meeting.mine = mine.get(meeting.pk)
        meeting.free = max(0, meeting.capacity - meeting.taken)
    return meetings


def offer(*, user: Any) -> list[Meeting]:
    """The year's meetings with seats taken, waiting list and the user's own status."""
    scope = get_scope(user)
    if scope.year is None:
        return []
    return with_mine(
        _with_counts(visible_meetings(scope)).order_by("date", "start_time"), user=user
    )


def meeting_for(*, user: Any, pk: int) -> Meeting:
    """A meeting the user may see (Meeting.DoesNotExist otherwise: a 404)."""
    scope = get_scope(user)
    meeting = _with_counts(visible_meetings(scope)).get(pk=pk)
    meeting.free = max(0, meeting.capacity - meeting.taken)
    meeting.mine = (
        Registration.objects.filter(meeting=meeting, person_id=scope.person_id).first()
        if scope.person_id
        else None
    )
    return meeting


def participants(meeting: Meeting) -> dict[str, list[Registration]]:
    registrations = (
        Registration.objects.filter(meeting=meeting)
        .exclude(status=RegistrationStatus.CANCELLED)
        .select_related("person")
        .order_by("person__last_name", "person__first_name")
    )
    result: dict[str, list[Registration]] = {"registered": [], "waiting": []}
    for registration in registrations:
        result[registration.status].append(registration)
    result["waiting"].sort(key=lambda r: (r.queued_at, r.pk))
    return result


def evaluation_summary(meeting: Meeting) -> tuple[rules.EvaluationSummary, list[str]]:
    rows = Registration.objects.filter(meeting=meeting, score__isnull=False).values_list(
        "score", "comment"
    )
    scores = [score for score, _ in rows]
    comments = [comment for _, comment in rows if comment]
    return rules.summarize_evaluations(scores), comments


# The projectleider's check and overview -------------------------------------------------------


def offer_check(year: SchoolYear) -> rules.OfferCheck:
    policy = policy_for(year)
    # A subquery: the earlier years of the window are not read apart.
    earlier = (
        SchoolYear.objects.filter(start_date__lt=year.start_date)
        .order_by("-start_date")
        .values("pk")[: max(policy.window_years - 1, 0)]
    )
    # The facts of the check are found in the database: at most a row per theme or per
    # repeated host, however many meetings a region holds (it read every meeting of the year).
    on_a_theme = Meeting.objects.filter(kind=MeetingKind.THEME, theme__isnull=False)
    # One row per theme of the window and whether it is this year's: which themes were
    # offered, and this year's meetings per level.
    per_theme = (
        on_a_theme.filter(Q(school_year__in=earlier) | Q(school_year=year))
        .annotate(this_year=Q(school_year=year))
        .values("theme__number", "theme__level", "this_year")
        .annotate(meetings=Count("pk"))
        .order_by()
    )
    offered: set[int] = set()
    levels = {"basic": 0, "deepening": 0}
    for row in per_theme:
        offered.add(row["theme__number"])
        if row["this_year"] and row["theme__level"] in levels:
            levels[row["theme__level"]] += row["meetings"]
    numbers = list(Theme.objects.filter(school_year=year).values_list("number", flat=True))
    return rules.judge_offer(
        theme_numbers=numbers,
        facts=rules.OfferFacts(
            offered=frozenset(offered),
            basic=levels["basic"],
            deepening=levels["deepening"],
            repeated_hosts=_repeated_hosts(on_a_theme.filter(school_year=year)),
        ),
        balance_tolerance=policy.balance_tolerance,
        window_years=policy.window_years,
    )


def _repeated_hosts(offer: QuerySet[Meeting]) -> tuple[tuple[dt.date, str], ...]:
    """Each meeting hosted by the school that hosted the meeting before it, in the order of
    date, start and entry (`rules.offer_facts` on the meetings in that order)."""
    in_order = ("date", "start_time", "pk")
    rows = (
        offer.annotate(
            host=F("location__name"),
            before=Window(Lag("location__name"), order_by=[F(name).asc() for name in in_order]),
        )
        .filter(host=F("before"))
        .order_by(*in_order)
        .values_list("date", "host")
    )
    return tuple((day, host) for day, host in rows)


@dataclass
class Overview:
    """The region's figures of a year that do not grow with its number of schools; the
    tables per school are read a page at a time (`participants_per_school`,
    `start_meetings_page`, `conversations_page`)."""

    year: SchoolYear
    per_role: list[dict[str, Any]]
    per_theme: list[dict[str, Any]]
    missing_themes: list[Theme]
    participants: int
    hours: Decimal
    # Participants without a WPB, SO or IO role at a school in the year.
    without_school: int = 0
    check: rules.OfferCheck | None = None


ROLE_LABELS = {Role.WPB: "WPB", Role.SO: "SO", Role.IO: "IO"}


# The roles whose school a participant is counted at on the overview.
SCHOOL_ROLES = (Role.WPB, Role.SO, Role.IO)
# The schools a table of the overview shows at a time: a region has hundreds.
SCHOOLS_PER_PAGE = 25
# The conversations' school when it is held at the institute.
AT_INSTITUTE = "(instituut)"


def _attended(year: SchoolYear) -> QuerySet[Registration]:
    return Registration.objects.filter(meeting__school_year=year, attended=True)


def _at_school(year: SchoolYear) -> QuerySet[RoleAssignment]:
    """The school roles of the year's participants (a person counts once at each school
    where they hold a WPB, SO or IO role in the year)."""
    return RoleAssignment.objects.filter(
        school_year=year,
        person_id__in=_attended(year).values("person_id"),
        role__in=SCHOOL_ROLES,
        locations__isnull=False,
    )


def participants_per_school(
    year: SchoolYear, number: Any = 1, *, per_page: int = SCHOOLS_PER_PAGE
) -> Page:
    """A page of the schools with their number of participants, by name, counted in the
    database; the participants without a school are `Overview.without_school`."""
    rows = (
        _at_school(year)
        .values("locations__name")
        .annotate(people=Count("person", distinct=True))
        .order_by("locations__name")
    )
    page = page_with_total(rows, number, per_page=per_page)
    page.object_list = [
        {"school": row["locations__name"], "people": row["people"]} for row in page.object_list
    ]
    return page


def start_meetings_page(
    year: SchoolYear, number: Any = 1, *, per_page: int = SCHOOLS_PER_PAGE
) -> Page:
    """A page of the year's start meetings by school, with their registrations."""
    meetings = (
        _with_counts(Meeting.objects.filter(school_year=year, kind=MeetingKind.START))
        .annotate(came=Count("registrations", filter=Q(registrations__attended=True)))
        .order_by("location__name", "pk")
    )
    return page_with_total(meetings, number, per_page=per_page)


def conversations_page(
    year: SchoolYear, number: Any = 1, *, per_page: int = SCHOOLS_PER_PAGE
) -> Page:
    """A page of the reflective conversations planned and held per school and kind (never
    their notes); those at the institute first."""
    rows = (
        ReflectiveConversation.objects.filter(school_year=year)
        .values("location__name", "kind")
        .annotate(planned=Count("pk"), held=Count("pk", filter=Q(held_on__isnull=False)))
        .order_by(F("location__name").asc(nulls_first=True), "kind")
    )
    page = page_with_total(rows, number, per_page=per_page)
    kind_labels = dict(ReflectiveConversation._meta.get_field("kind").flatchoices)
    page.object_list = [
        {
            "school": row["location__name"] or AT_INSTITUTE,
            "kind": kind_labels.get(row["kind"], row["kind"]),
            "planned": row["planned"],
            "held": row["held"],
        }
        for row in page.object_list
    ]
    return page


def overview(year: SchoolYear) -> Overview:
    """Participation per role and theme (attended meetings) and themes not offered in the
    check's window: the figures whose size does not depend on the number of schools."""
    attended = _attended(year)
    per_role = [
        {
            "role": ROLE_LABELS.get(row["role"], row["role"]),
            "people": row["people"],
            "hours": row["hours"] or Decimal(0),
        }
        for row in attended.values("role")
        .annotate(people=Count("person", distinct=True), hours=Sum("hours"))
        .order_by("role")
    ]
    without = (
        attended.exclude(person_id__in=_at_school(year).values("person_id"))
        .values("person_id")
        .distinct()
        .count()
    )
    per_theme = list(
        Theme.objects.filter(school_year=year)
        .annotate(
            # One subquery per relation: joining meetings and their registrations
            # multiplies rows.
            meeting_count=count_of(Meeting, "theme"),
            people=count_of(Registration, "meeting__theme", attended=True),
        )
        .order_by("number")
        .values("number", "title", "level", "meeting_count", "people")
    )
    check = offer_check(year)
    missing = list(Theme.objects.filter(school_year=year, number__in=check.missing_themes))
    totals = attended.aggregate(total=Sum("hours"), people=Count("person", distinct=True))
    return Overview(
        year=year,
        per_role=per_role,
        per_theme=per_theme,
        missing_themes=missing,
        participants=totals["people"],
        hours=totals["total"] or Decimal(0),
        without_school=without,
        check=check,
    )


def start_meetings_for(*, user: Any, number: Any = 1, per_page: int = SCHOOLS_PER_PAGE) -> Page:
    """A page of the schools whose start meeting the user organises, each with the meeting if
    set: the projectleider's are every school of the region, so they come a page at a time."""
    scope = get_scope(user)
    locations = SchoolLocation.objects.order_by("name", "pk")
    if not scope.sees_everything:
        locations = locations.filter(pk__in=start_meeting_locations(scope))
    page = page_with_total(locations, number, per_page=per_page)
    shown = list(page.object_list)
    meetings = {
        m.location_id: m
        for m in _with_counts(
            Meeting.objects.filter(
                school_year=scope.year,
                kind=MeetingKind.START,
                location_id__in=[location.pk for location in shown],
            )
        ).annotate(came=Count("registrations", filter=Q(registrations__attended=True)))
    }
    page.object_list = [
        {"location": location, "meeting": meetings.get(location.pk)} for location in shown
    ]
    return page


# Hours, certificates ---------------------------------------------------------------------------


def hours_per_person(year: SchoolYear, person_ids: list[int]) -> dict[int, Decimal]:
    """Hours invested per participant in a year, from attendance (one query)."""
    rows = (
        Registration.objects.filter(
            meeting__school_year=year, attended=True, person_id__in=person_ids
        )
        .values("person_id")
        .annotate(total=Sum("hours"))
    )
    return {row["person_id"]: row["total"] for row in rows}


def my_activities(person_id: int, year: SchoolYear) -> list[Registration]:
    return list(
        Registration.objects.filter(person_id=person_id, meeting__school_year=year, attended=True)
        .select_related("meeting__theme", "meeting__location")
        .order_by("meeting__date", "meeting__start_time")
    )


def certificate_by_code(code: str) -> Certificate | None:
    if not code or len(code) > 40:
        return None
    return Certificate.objects.select_related("school_year").filter(code=code).first()


# Reflective conversations ------------------------------------------------------------------------


def my_conversations(*, user: Any) -> QuerySet[ReflectiveConversation]:
    """The conversations the user is one of the two people of."""
    scope = get_scope(user)
    if scope.person_id is None:
        return ReflectiveConversation.objects.none()
    return (
        ReflectiveConversation.objects.filter(school_year=scope.year)
        .filter(Q(participant_id=scope.person_id) | Q(conductor_id=scope.person_id))
        .select_related("participant", "conductor", "location")
        .order_by("planned_on", "pk")
    )


def conversation_for(*, user: Any, pk: int) -> ReflectiveConversation:
    return my_conversations(user=user).get(pk=pk)


def conversation_candidates(*, user: Any) -> list[tuple[str, Person]]:
    """Who the user may hold a conversation with, as (kind, person)."""
    scope = get_scope(user)
    result: list[tuple[str, Person]] = []
    assignments = RoleAssignment.objects.filter(school_year=scope.year).select_related("person")
    if scope.has(Role.SO):
        for a in assignments.filter(role=Role.WPB, locations__in=scope.so_location_ids).distinct():
            result.append(("wpb_so", a.person))
    if scope.has(Role.BC):
        for a in assignments.filter(
            role=Role.SO, locations__board_id__in=scope.bc_board_ids
        ).distinct():
            result.append(("so_bc", a.person))
    if scope.has(Role.IC):
        for a in assignments.filter(role=Role.IO, institute_id__in=scope.ic_institute_ids):
            result.append(("io_ic", a.person))
    seen: set[tuple[str, int]] = set()
    unique = []
    for kind, person in sorted(result, key=lambda item: (item[0], item[1].last_name)):
        if (kind, person.pk) not in seen and person.pk != scope.person_id:
            seen.add((kind, person.pk))
            unique.append((kind, person))
    return unique
