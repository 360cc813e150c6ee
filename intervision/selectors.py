"""Reads of intervision, narrowed to what the asking user may see.

Groups and meetings: the SOs of the group's locations. Cadence: the SO for their locations,
the IO for their institute's students at their schools. Reports: the student; once shared,
the SO and IO of the student's placement; nobody else (the projectleider sees counts)."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    Case,
    Count,
    DateField,
    Exists,
    F,
    FilteredRelation,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest, Least, TruncDate
from django.db.models.lookups import GreaterThan, LessThanOrEqual
from django.utils import timezone

from bos.models import Person, Role, RoleAssignment, SchoolYear
from bos.permissions import Scope, get_scope
from bos.queries import DaysBetween, count_of
from bos.worklist import first_of_each
from placements.models import OPEN_STATUSES, Placement, PlacementStatus

from . import rules
from .models import (
    Attendance,
    AttendanceStatus,
    IntervisionGroup,
    IntervisionMethod,
    IntervisionPolicy,
    IntervisionTheme,
    Meeting,
    Membership,
    Reflection,
)


def group_params(year: SchoolYear) -> rules.GroupParams:
    policy = IntervisionPolicy.for_year(year)
    return rules.GroupParams(min_size=policy.min_group_size, max_size=policy.max_group_size)


def cadence_params(year: SchoolYear) -> rules.CadenceParams:
    policy = IntervisionPolicy.for_year(year)
    return rules.CadenceParams(
        weeks_between_meetings=policy.weeks_between_meetings,
        min_attendance_percent=policy.min_attendance_percent,
        absences_in_a_row=policy.absences_in_a_row,
    )


def reference_day(year: SchoolYear, today: dt.date | None = None) -> dt.date:
    """Today, or the nearest day of the year when the chosen year is not the running one:
    a finished year is judged as it stood at its end."""
    day = today or timezone.localdate()
    return min(max(day, year.start_date), year.end_date)


# --- Groups ------------------------------------------------------------------------------


def managed_location_ids(scope: Scope) -> frozenset[int]:
    return scope.so_location_ids if scope.has(Role.SO) else frozenset()


def group_for_survey(*, user: Any, pk: int) -> IntervisionGroup:
    """A group a survey may be linked to by this user: any of its year's for who sees the
    whole year, the SO's own otherwise; raises IntervisionGroup.DoesNotExist otherwise."""
    group = IntervisionGroup.objects.select_related("school_year").get(pk=pk)
    scope = get_scope(user, group.school_year)
    if scope.sees_everything:
        return group
    return group_get(user=user, pk=pk)


def year_groups(year: SchoolYear) -> QuerySet[IntervisionGroup]:
    """Every group of the year with its open membership count, in one query a page."""
    return (
        IntervisionGroup.objects.filter(school_year=year)
        .annotate(member_count=count_of(Membership, "group", left_on__isnull=True))
        .order_by("name", "pk")
    )


def group_list(*, user: Any, year: SchoolYear | None = None) -> QuerySet[IntervisionGroup]:
    scope = get_scope(user, year)
    return (
        IntervisionGroup.objects.filter(
            school_year=scope.year, locations__in=managed_location_ids(scope)
        )
        .distinct()
        .prefetch_related("locations")
        .annotate(
            # One subquery per relation: joining members and meetings (and the locations
            # filtered on) multiplies their rows.
            member_count=count_of(Membership, "group", left_on__isnull=True),
            meeting_count=count_of(Meeting, "group"),
            held_count=count_of(Meeting, "group", attendance_recorded_at__isnull=False),
        )
        .order_by("name")
    )


def online_groups(*, user: Any, year: SchoolYear | None = None) -> QuerySet[IntervisionGroup]:
    """Online groups of other schools, which the SO's part-time students may join."""
    scope = get_scope(user, year)
    return (
        IntervisionGroup.objects.filter(school_year=scope.year, is_online=True)
        .exclude(locations__in=managed_location_ids(scope))
        .order_by("name")
    )


def place_targets(*, user: Any) -> QuerySet[IntervisionGroup]:
    """The groups the SO may place a student of theirs in: their own groups and the online
    groups of other schools, in the header's year."""
    scope = get_scope(user)
    own = group_list(user=user).values("pk")
    online = online_groups(user=user).values("pk")
    return IntervisionGroup.objects.filter(
        Q(pk__in=own) | Q(pk__in=online), school_year=scope.year
    ).order_by("name")


def group_get(*, user: Any, pk: int) -> IntervisionGroup:
    """A group the user manages; raises IntervisionGroup.DoesNotExist otherwise."""
    group = IntervisionGroup.objects.select_related("school_year").get(pk=pk)
    scope = get_scope(user, group.school_year)
    if not group.locations.filter(pk__in=managed_location_ids(scope)).exists():
        raise IntervisionGroup.DoesNotExist
    return group


def members_of(group: IntervisionGroup) -> list[Membership]:
    return list(
        group.memberships.filter(left_on__isnull=True).select_related(
            "placement__student__institute", "placement__location"
        )
    )


def members_on(group: IntervisionGroup, day: dt.date) -> list[Membership]:
    """Who is listed for a meeting on a day: the current members (also for a meeting held
    before they joined, so attendance can be filled in afterwards) and former members who
    were in the group that day."""
    return list(
        group.memberships.filter(
            Q(left_on__isnull=True) | Q(joined_on__lte=day, left_on__gt=day)
        ).select_related("placement__student__institute", "placement__location")
    )


def meetings_of(group: IntervisionGroup) -> list[Meeting]:
    return list(
        group.meetings.select_related("leader", "leader_student", "backup", "theme")
        .prefetch_related("methods")
        .annotate(
            present=Count("attendance", filter=Q(attendance__status="present")),
            recorded=Count("attendance"),
        )
        .order_by("starts_at")
    )


def meeting_get(*, user: Any, pk: int) -> Meeting:
    """A meeting whose group the user manages, or which the user leads or backs up."""
    meeting = Meeting.objects.select_related(
        "group__school_year", "leader", "leader_student", "backup", "theme"
    ).get(pk=pk)
    scope = get_scope(user, meeting.group.school_year)
    if scope.person_id and scope.person_id in (meeting.leader_id, meeting.backup_id):
        return meeting
    if not meeting.group.locations.filter(pk__in=managed_location_ids(scope)).exists():
        raise Meeting.DoesNotExist
    return meeting


def methods_for(year: SchoolYear) -> QuerySet[IntervisionMethod]:
    return IntervisionMethod.objects.filter(school_year=year).select_related("added_by")


def themes_for(year: SchoolYear) -> QuerySet[IntervisionTheme]:
    return IntervisionTheme.objects.filter(school_year=year).order_by("phase", "position", "name")


def themes_by_phase(year: SchoolYear) -> dict[int, list[IntervisionTheme]]:
    """The year's themes per phase, in the list's order (one query)."""
    grouped: dict[int, list[IntervisionTheme]] = {}
    for theme in themes_for(year):
        grouped.setdefault(theme.phase, []).append(theme)
    return grouped


def leader_choices(group: IntervisionGroup) -> dict[str, list[Any]]:
    """Who may lead a meeting of the group: SOs, IOs and WPBs of its locations, and
    final-year or master students placed there."""
    location_ids = list(group.locations.values_list("pk", flat=True))
    assignments = (
        RoleAssignment.objects.filter(
            school_year=group.school_year,
            role__in=[Role.SO, Role.IO, Role.WPB],
            locations__in=location_ids,
        )
        .select_related("person")
        .order_by("person__last_name", "person__first_name")
        .distinct()
    )
    by_role: dict[str, dict[int, Person]] = defaultdict(dict)
    for assignment in assignments:
        by_role[assignment.role][assignment.person_id] = assignment.person
    students = (
        Placement.objects.filter(
            school_year=group.school_year,
            location_id__in=location_ids,
            status__in=OPEN_STATUSES,
        )
        .filter(Q(level__in=["VT4", "master"]) | Q(is_final=True))
        .select_related("student")
        .order_by("student__last_name")
    )
    return {
        "so": list(by_role[Role.SO].values()),
        "io": list(by_role[Role.IO].values()),
        "wpb": list(by_role[Role.WPB].values()),
        "student": [p.student for p in students],
    }


# --- Students without a group, and the suggestion ----------------------------------------


@dataclass
class Unplaced:
    placement: Placement
    reason: str  # "no_group" or "left"
    membership: Membership | None = None


def _scoped_placements(scope: Scope) -> QuerySet[Placement]:
    return Placement.objects.filter(
        school_year=scope.year, location_id__in=managed_location_ids(scope)
    ).select_related("student__institute", "location")


def needs_group(
    *,
    user: Any,
    year: SchoolYear | None = None,
    cadence: list[CadenceRow] | None = None,
) -> list[Unplaced]:
    """Students the SO must act on: open placements without a group ("not in a group"),
    and members whose placement stopped or ended ("left") until the SO removes them.

    `cadence` (the user's `cadence_rows` of the same year, already read) saves reading the
    open placements again: they hold every open placement at the SO's locations with its
    open memberships."""
    scope = get_scope(user, year)
    placements = _scoped_placements(scope)
    open_members = Membership.objects.filter(left_on__isnull=True)
    ended = Q(placement__status__in=[PlacementStatus.STOPPED, PlacementStatus.COMPLETED])
    without = placements.filter(status__in=OPEN_STATUSES)
    today = timezone.localdate()
    running = scope.year.contains(today)
    if running:
        # In the running year a placement past its end date is over; in another year (set up
        # afterwards, or ahead) the status alone tells.
        without = without.filter(end_date__gte=today)
        ended |= Q(placement__end_date__lt=today)
    if cadence is not None:
        managed = managed_location_ids(scope)
        result = [
            Unplaced(row.placement, "no_group")
            for row in cadence
            if row.placement.location_id in managed
            and not getattr(row.placement, "open_memberships", [])
            and (not running or row.placement.end_date >= today)
        ]
    else:
        without = without.exclude(pk__in=open_members.values("placement_id"))
        result = [
            Unplaced(p, "no_group")
            for p in without.order_by("location__name", "student__last_name")
        ]
    left = (
        open_members.filter(placement__in=placements)
        .filter(ended)
        .select_related("placement__student__institute", "placement__location", "group")
    )
    result += [Unplaced(m.placement, "left", m) for m in left]
    return result


def suggestion(*, user: Any, year: SchoolYear | None = None) -> list[dict[str, Any]]:
    """The suggested groups for the SO's students who are not in a group yet. The rule sees
    every school's students without a group, so a small school can be combined with a small
    school of another SO (who then sees the combined group too); only groups with the SO's
    own students are proposed."""
    scope = get_scope(user, year)
    own = managed_location_ids(scope)
    candidates_qs = list(
        _without_group(
            Placement.objects.filter(school_year=scope.year).select_related(
                "student__institute", "location"
            ),
            scope.year,
        ).order_by("location__name", "student__last_name", "pk")
    )
    candidates = [rules.Candidate(p.pk, p.location_id, p.level) for p in candidates_qs]
    by_pk = {p.pk: p for p in candidates_qs}
    groups = [
        group
        for group in rules.suggest_groups(candidates, group_params(scope.year))
        if set(group.location_ids) & own
    ]
    names = {p.location_id: p.location.name for p in candidates_qs}
    labels = [suggested_name(group, names) for group in groups]
    # A split group gets a number, so every group has its own name.
    totals = Counter(labels)
    seen: Counter[str] = Counter()
    result = []
    for group, label in zip(groups, labels, strict=True):
        seen[label] += 1
        result.append(
            {
                "group": group,
                "name": f"{label} {seen[label]}" if totals[label] > 1 else label,
                "placements": sorted(
                    (by_pk[pk] for pk in group.placement_ids),
                    key=lambda p: (p.student.last_name, p.student.first_name),
                ),
            }
        )
    return result


def _without_group(placements: QuerySet[Placement], year: SchoolYear) -> QuerySet[Placement]:
    """Open placements that are in no group (in the running year: not yet ended)."""
    placements = placements.filter(status__in=OPEN_STATUSES)
    today = timezone.localdate()
    if year.contains(today):
        placements = placements.filter(end_date__gte=today)
    return placements.exclude(
        pk__in=Membership.objects.filter(left_on__isnull=True).values("placement_id")
    )


def suggested_name(group: rules.SuggestedGroup, names: dict[int, str]) -> str:
    schools = " + ".join(names.get(pk, "?") for pk in group.location_ids)
    return f"{schools} – {rules.BAND_LABELS[group.band]}"


# --- Cadence -----------------------------------------------------------------------------


@dataclass
class CadenceRow:
    placement: Placement
    result: rules.CadenceResult
    group: IntervisionGroup | None


def _cadence_condition(scope: Scope) -> Q:
    """The placements whose cadence the user follows: the SO's schools, the IO's students."""
    condition = Q(pk__in=[])
    if scope.has(Role.SO):
        condition |= Q(location_id__in=scope.so_location_ids)
    for institute_id, location_id in scope.io_pairs:
        condition |= Q(student__institute_id=institute_id, location_id=location_id)
    return condition


def _cadence_placements(scope: Scope) -> QuerySet[Placement] | None:
    return Placement.objects.filter(
        _cadence_condition(scope), school_year=scope.year, status__in=OPEN_STATUSES
    )


def cadence_rows(
    *, user: Any, year: SchoolYear | None = None, today: dt.date | None = None
) -> list[CadenceRow]:
    """Every open placement in scope with its cadence result, in a fixed number of queries."""
    scope = get_scope(user, year)
    if scope.year is None:
        return []
    placements = list(
        _cadence_placements(scope)
        .select_related("student__institute", "location")
        .prefetch_related(
            Prefetch(
                "intervision_memberships",
                queryset=Membership.objects.filter(left_on__isnull=True).select_related("group"),
                to_attr="open_memberships",
            )
        )
        .order_by("location__name", "student__last_name", "student__first_name")
    )
    return cadence_for(placements, scope.year, today=today)


def cadence_for(
    placements: list[Placement], year: SchoolYear, *, today: dt.date | None = None
) -> list[CadenceRow]:
    params = cadence_params(year)
    day = reference_day(year, today)
    records: dict[int, list[rules.MeetingRecord]] = defaultdict(list)
    for placement_id, starts_at, status in Attendance.objects.filter(
        placement__in=[p.pk for p in placements], meeting__attendance_recorded_at__isnull=False
    ).values_list("placement_id", "meeting__starts_at", "status"):
        records[placement_id].append(rules.MeetingRecord(timezone.localdate(starts_at), status))
    rows = []
    for placement in placements:
        result = rules.cadence(
            placement_start=placement.start_date,
            placement_end=placement.end_date,
            today=min(day, placement.end_date),
            records=records[placement.pk],
            params=params,
        )
        memberships = getattr(placement, "open_memberships", [])
        rows.append(CadenceRow(placement, result, memberships[0].group if memberships else None))
    return rows


def _policy_number(year: SchoolYear, field: str) -> Coalesce:
    """One number of the year's policy inside a query (its default until the projectleider
    sets it, as `IntervisionPolicy.for_year`), so judging a list needs no query of its own."""
    default = IntervisionPolicy._meta.get_field(field).default
    number = IntervisionPolicy.objects.filter(school_year=year).values(field)[:1]
    return Coalesce(Subquery(number), Value(default))


def cadence_annotations(
    placements: QuerySet[Placement], year: SchoolYear, today: dt.date | None = None
) -> tuple[QuerySet[Placement], Q]:
    """The placements with the policy's numbers and their last meeting, and
    `needs_attention` as a condition on them: a list of students to follow up is counted and
    its first rows picked in the database, without reading every meeting. `judged` gives
    the shown rows their `CadenceResult`. This is `rules.tally` and `rules.judge` over
    again: change them together (a test compares the two).

    The meetings are joined once and aggregated: a subquery per row is priced by the planner
    per row and per mention, which made the query look expensive enough to be compiled
    (seconds). The students absent too often in a row are one set, computed once: their
    absences with no later day present (an anti-join), counted per student."""
    day = reference_day(year, today)
    judged_on = Least(Value(day, output_field=DateField()), F("end_date"))

    def records(prefix: str, judged: Any) -> Q:
        return Q(
            LessThanOrEqual(TruncDate(f"{prefix}meeting__starts_at"), judged),
            **{f"{prefix}meeting__attendance_recorded_at__isnull": False},
        )

    later_present = Attendance.objects.filter(
        records("", OuterRef("placement__end_date")),
        records("", Value(day, output_field=DateField())),
        placement_id=OuterRef("placement_id"),
        status=AttendanceStatus.PRESENT,
        meeting__starts_at__gte=OuterRef("meeting__starts_at"),
    )
    trailing = (
        Attendance.objects.filter(
            records("", F("placement__end_date")),
            records("", Value(day, output_field=DateField())),
            placement__in=placements.values("pk"),
            status=AttendanceStatus.ABSENT,
        )
        .exclude(Exists(later_present))
        .order_by()
        .values("placement_id")
        .annotate(n=Count("pk"))
    )
    too_many = trailing.filter(n__gte=_policy_number(year, "absences_in_a_row")).values(
        "placement_id"
    )
    counted = records("intervision_attendance__", F("_judged_on"))
    annotated = placements.annotate(
        # A placement that ended before the reference day is judged on its last day.
        _judged_on=judged_on,
        _weeks=_policy_number(year, "weeks_between_meetings"),
        _min_percent=_policy_number(year, "min_attendance_percent"),
        _absences=_policy_number(year, "absences_in_a_row"),
    ).annotate(_last=Max(TruncDate("intervision_attendance__meeting__starts_at"), filter=counted))
    since = Greatest(Coalesce(F("_last"), F("start_date")), F("start_date"))
    missed = Q(
        LessThanOrEqual(F("start_date"), F("_judged_on")),
        # In whole days, which both databases can compute and compare.
        GreaterThan(DaysBetween(F("_judged_on"), since), F("_weeks") * Value(7)),
    )
    return annotated, missed | Q(pk__in=too_many)


def judged(placements: list[Placement]) -> list[CadenceRow]:
    """The cadence of a few placements read with `cadence_annotations` (a list's shown
    rows): their meetings in one query, judged by `rules.cadence` with the policy's numbers
    the rows carry."""
    records: dict[int, list[rules.MeetingRecord]] = defaultdict(list)
    if placements:
        for placement_id, starts_at, status in Attendance.objects.filter(
            placement__in=[p.pk for p in placements],
            meeting__attendance_recorded_at__isnull=False,
        ).values_list("placement_id", "meeting__starts_at", "status"):
            records[placement_id].append(rules.MeetingRecord(timezone.localdate(starts_at), status))
    return [
        CadenceRow(
            placement,
            rules.cadence(
                placement_start=placement.start_date,
                placement_end=placement.end_date,
                today=placement._judged_on,
                records=records[placement.pk],
                params=rules.CadenceParams(
                    weeks_between_meetings=placement._weeks,
                    min_attendance_percent=placement._min_percent,
                    absences_in_a_row=placement._absences,
                ),
            ),
            None,
        )
        for placement in placements
    ]


@dataclass
class StartPageLists:
    """The start page's intervision lists of an SO or IO: the first rows and the counts."""

    attention: list[CadenceRow]
    attention_count: int
    needs_group: list[Unplaced]
    needs_group_count: int


def start_page_lists(*, user: Any, year: SchoolYear | None = None) -> StartPageLists:
    """The students to follow up (SO and IO, as `attention_list`) and the students the SO
    must put in a group (as `needs_group`), their first rows and counts in one query."""
    scope = get_scope(user, year)
    today = timezone.localdate()
    cadence_scope = _cadence_condition(scope)
    managed = Q(location_id__in=managed_location_ids(scope))
    base = (
        Placement.objects.filter(school_year=scope.year)
        .filter(cadence_scope | managed)
        .select_related("student", "location")
    )
    # A placement has at most one open membership (a constraint), so joining it repeats no
    # row; read once here instead of a subquery wherever a condition asks for it.
    base = base.alias(
        _open=FilteredRelation(
            "intervision_memberships",
            condition=Q(intervision_memberships__left_on__isnull=True),
        )
    ).annotate(_group_id=F("_open__group_id"))
    annotated, needs_attention = cadence_annotations(base, scope.year)
    names = [F("location__name").asc(), F("student__last_name").asc()]
    names += [F("student__first_name").asc(), F("pk").asc()]
    lists = {"attention": (cadence_scope & Q(status__in=OPEN_STATUSES) & needs_attention, names)}
    if scope.has(Role.SO):
        without = Q(status__in=OPEN_STATUSES, _group_id__isnull=True)
        ended = Q(status__in=[PlacementStatus.STOPPED, PlacementStatus.COMPLETED])
        if scope.year.contains(today):
            # As needs_group: in the running year a placement past its end date is over.
            without &= Q(end_date__gte=today)
            ended |= Q(end_date__lt=today)
        condition = managed & (without | (Q(_group_id__isnull=False) & ended))
        # Those not in a group first, then those who left one.
        first = Case(When(_group_id__isnull=True, then=Value(0)), default=Value(1))
        lists["needs_group"] = (condition, [first.asc(), *names])
    found = first_of_each(annotated, lists)
    attention, attention_count = found["attention"]
    waiting, waiting_count = found.get("needs_group", ([], 0))
    return StartPageLists(
        attention=judged(attention),
        attention_count=attention_count,
        needs_group=[Unplaced(p, "left" if p._group_id else "no_group") for p in waiting],
        needs_group_count=waiting_count,
    )


def reports_to_write(*, user: Any, year: SchoolYear | None = None) -> QuerySet[Meeting]:
    """The held meetings of the student's groups of the year without their report."""
    scope = get_scope(user, year)
    placements = Placement.objects.filter(student_id=scope.student_id, school_year=scope.year)
    return (
        Meeting.objects.filter(
            Exists(Membership.objects.filter(group=OuterRef("group"), placement__in=placements)),
            attendance_recorded_at__isnull=False,
        )
        .exclude(
            Exists(
                Reflection.objects.filter(
                    student_id=scope.student_id, meeting=OuterRef("pk"), kind="meeting"
                )
            )
        )
        .select_related("group")
        .order_by("starts_at", "pk")
    )


def attention_list(
    *, user: Any, year: SchoolYear | None = None, today: dt.date | None = None
) -> list[CadenceRow]:
    """Students who missed their cadence or were absent too often in a row."""
    return [
        row for row in cadence_rows(user=user, year=year, today=today) if row.result.needs_attention
    ]


def attention_placements(
    *, user: Any, year: SchoolYear | None = None, today: dt.date | None = None
) -> QuerySet[Placement]:
    """`attention_list` chosen in the database, in its order: a page of it reads only its
    own rows (`attention_rows`), however many students the school has."""
    scope = get_scope(user, year)
    if scope.year is None:
        return Placement.objects.none()
    base = _cadence_placements(scope).select_related("student__institute", "location")
    annotated, needs_attention = cadence_annotations(base, scope.year, today)
    return annotated.filter(needs_attention).order_by(
        "location__name", "student__last_name", "student__first_name", "pk"
    )


def _open_groups(placement_ids: list[int]) -> dict[int, IntervisionGroup]:
    return {
        membership.placement_id: membership.group
        for membership in Membership.objects.filter(
            placement__in=placement_ids, left_on__isnull=True
        ).select_related("group")
    }


def attention_rows(placements: list[Placement]) -> list[CadenceRow]:
    """Rows of `attention_placements` (a page of them) judged, each with its open group."""
    groups = _open_groups([p.pk for p in placements])
    return [
        CadenceRow(row.placement, row.result, groups.get(row.placement.pk))
        for row in judged(placements)
    ]


def so_attention(*, person_id: int, year: SchoolYear, today: dt.date) -> list[CadenceRow]:
    """The attention list of one SO by their role in the year (for the weekly digest, which
    runs without a request)."""
    location_ids = list(
        RoleAssignment.objects.filter(
            person_id=person_id, school_year=year, role=Role.SO
        ).values_list("locations", flat=True)
    )
    placements = list(
        Placement.objects.filter(
            school_year=year, location_id__in=location_ids, status__in=OPEN_STATUSES
        )
        .select_related("student__institute", "location")
        .prefetch_related(
            Prefetch(
                "intervision_memberships",
                queryset=Membership.objects.filter(left_on__isnull=True).select_related("group"),
                to_attr="open_memberships",
            )
        )
        .order_by("location__name", "student__last_name", "student__first_name")
    )
    return [row for row in cadence_for(placements, year, today=today) if row.result.needs_attention]


def meetings_to_record(*, person_id: int, year: SchoolYear) -> QuerySet[Meeting]:
    """Meetings the person leads or backs up that have been held but whose attendance is
    not recorded yet (for an IO or WPB leader, who has no group page)."""
    until = timezone.make_aware(
        dt.datetime.combine(reference_day(year) + dt.timedelta(days=1), dt.time(0, 0))
    )
    return (
        Meeting.objects.filter(group__school_year=year, attendance_recorded_at__isnull=True)
        .filter(Q(leader_id=person_id) | Q(backup_id=person_id))
        .filter(starts_at__lt=until)
        .select_related("group")
        .order_by("starts_at")
    )


# --- Reports -----------------------------------------------------------------------------


def may_read(scope: Scope, reflection: Reflection) -> bool:
    if scope.student_id is not None and reflection.student_id == scope.student_id:
        return True
    if not reflection.is_shared:
        return False
    placement = reflection.placement
    if scope.has(Role.SO) and placement.location_id in scope.so_location_ids:
        return True
    return (placement.student.institute_id, placement.location_id) in scope.io_pairs


def reflection_get(*, user: Any, pk: int) -> Reflection:
    """A report the user may read; raises Reflection.DoesNotExist otherwise (a 404, so its
    existence is not revealed)."""
    reflection = Reflection.objects.select_related(
        "student__institute", "placement__location", "placement__school_year", "meeting__group"
    ).get(pk=pk)
    scope = get_scope(user, reflection.placement.school_year)
    if not may_read(scope, reflection):
        raise Reflection.DoesNotExist
    return reflection


def shared_reflections(*, user: Any, year: SchoolYear | None = None) -> QuerySet[Reflection]:
    """Shared reports of the SO's or IO's students."""
    scope = get_scope(user, year)
    condition = Q(pk__in=[])
    if scope.has(Role.SO):
        condition |= Q(placement__location_id__in=scope.so_location_ids)
    for institute_id, location_id in scope.io_pairs:
        condition |= Q(student__institute_id=institute_id, placement__location_id=location_id)
    return (
        Reflection.objects.filter(condition, placement__school_year=scope.year)
        .filter(shared_at__isnull=False)
        .select_related("student", "placement__location", "meeting__group")
        .order_by("-shared_at")
    )


def student_overview(*, user: Any, year: SchoolYear | None = None) -> dict[str, Any]:
    """The student's meetings (held and planned) with their own reports, and the review."""
    scope = get_scope(user, year)
    if scope.student_id is None:
        return {"placements": [], "meetings": [], "review": None}
    placements = list(
        Placement.objects.filter(student_id=scope.student_id, school_year=scope.year)
        .select_related("location")
        .order_by("start_date")
    )
    memberships = Membership.objects.filter(placement__in=placements)
    meetings = list(
        Meeting.objects.filter(group__memberships__in=memberships)
        .distinct()
        .select_related("group", "leader", "leader_student")
        .order_by("starts_at")
    )
    mine = {
        r.meeting_id: r
        for r in Reflection.objects.filter(
            student_id=scope.student_id, meeting__in=meetings, kind="meeting"
        )
    }
    attendance = {
        a.meeting_id: a
        for a in Attendance.objects.filter(placement__in=placements, meeting__in=meetings)
    }
    for meeting in meetings:
        meeting.my_report = mine.get(meeting.pk)
        meeting.my_attendance = attendance.get(meeting.pk)
    review = (
        Reflection.objects.filter(placement__in=placements, kind="year_review").first()
        if placements
        else None
    )
    return {"placements": placements, "meetings": meetings, "review": review}
