"""Intervision figures per school for a year ("Intervisie per school"), read by the annual
report and the facilitation page, and the attendance sheet of one group. Counts only: no
report text ever leaves the students' own pages."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from bos.models import SchoolYear
from placements.models import Placement, PlacementStatus

from .models import Attendance, AttendanceStatus, IntervisionGroup, Meeting, Membership, Reflection

COLUMNS = [
    ("school", "School"),
    ("students", "Studenten"),
    ("groups", "Groepen"),
    ("meetings_held", "Bijeenkomsten gehouden"),
    ("attendance_percent", "Aanwezigheid (%)"),
    ("without_group", "Zonder groep"),
    ("reports_shared", "Verslagen gedeeld"),
]


def percent(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(100) * part / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _placements(year: SchoolYear, location_ids: Iterable[int] | None) -> Any:
    # The placements the annual report counts, without the three-day taster.
    qs = Placement.objects.for_year(year).reported().filter(is_taster=False)
    if location_ids is not None:
        qs = qs.filter(location_id__in=list(location_ids))
    return qs


def school_rows(year: SchoolYear, location_ids: Iterable[int] | None = None) -> dict[str, Any]:
    """Per school: students, groups, meetings held, attendance rate, students who were
    never in a group, and shared reports; with a total row. A combined group counts at
    each of its schools (so the total counts it once)."""
    placements = _placements(year, location_ids)
    # Students, school names and students never in a group, counted per school in the
    # database: one row per school, however many students a school has.
    never_in_group = ~Q(status=PlacementStatus.STOPPED) & ~Exists(
        Membership.objects.filter(placement_id=OuterRef("pk"))
    )
    students: dict[int, int] = {}
    without: dict[int, int] = {}
    names: dict[int, str] = {}
    for location_id, name, count, count_without in (
        placements.order_by()
        .values("location_id", "location__name")
        .annotate(n=Count("pk"), without=Count("pk", filter=never_in_group))
        .values_list("location_id", "location__name", "n", "without")
    ):
        students[location_id] = count
        without[location_id] = count_without
        names[location_id] = name
    # Groups and held meetings per school, counted in the database: one row per school, not
    # one per group. A combined group (at several schools) counts at each of them here.
    school_ids = list(names)
    per_school = {
        row["schoollocation_id"]: row
        for row in _GroupSchool.objects.filter(
            intervisiongroup__school_year=year, schoollocation_id__in=school_ids
        )
        .values("schoollocation_id")
        .annotate(
            groups=Count("intervisiongroup_id", distinct=True),
            online=Count(
                "intervisiongroup_id", distinct=True, filter=Q(intervisiongroup__is_online=True)
            ),
            held=Count(
                "intervisiongroup__meetings",
                distinct=True,
                filter=Q(intervisiongroup__meetings__attendance_recorded_at__isnull=False),
            ),
        )
        .order_by()
    }
    # The total counts a combined group once, as `combined` does for an SO's schools: the
    # groups at two or more of these schools are read one by one (a handful).
    combined_groups = _combined_groups(year, school_ids)
    attendance = {
        row["placement__location_id"]: row
        for row in Attendance.objects.filter(placement__in=placements)
        .values("placement__location_id")
        .annotate(
            present=Count("pk", filter=Q(status=AttendanceStatus.PRESENT)), recorded=Count("pk")
        )
    }
    shared = dict(
        Reflection.objects.filter(placement__in=placements, shared_at__isnull=False)
        .order_by()
        .values("placement__location_id")
        .annotate(n=Count("pk"))
        .values_list("placement__location_id", "n")
    )
    rows = []
    for location_id, name in sorted(names.items(), key=lambda item: item[1]):
        counts = attendance.get(location_id, {"present": 0, "recorded": 0})
        group_counts = per_school.get(location_id, {})
        rows.append(
            {
                "location_id": location_id,
                "school": name,
                "students": students[location_id],
                "groups": group_counts.get("groups", 0),
                "meetings_held": group_counts.get("held", 0),
                "online_groups": group_counts.get("online", 0),
                "attendance_percent": percent(counts["present"], counts["recorded"]),
                "present": counts["present"],
                "recorded": counts["recorded"],
                "without_group": without[location_id],
                "reports_shared": shared.get(location_id, 0),
                # The combined groups at this school, with their held meetings (`combined`).
                "combined_groups": {
                    group_id: (held, is_online)
                    for group_id, (held, is_online, at) in combined_groups.items()
                    if location_id in at
                },
            }
        )
    present = sum(r["present"] for r in rows)
    recorded = sum(r["recorded"] for r in rows)
    groups = _each_group_once(rows)
    total = {
        "school": "Totaal",
        "students": sum(r["students"] for r in rows),
        "groups": groups["groups"],
        "meetings_held": groups["meetings_held"],
        "attendance_percent": percent(present, recorded),
        "present": present,
        "recorded": recorded,
        "without_group": sum(r["without_group"] for r in rows),
        "reports_shared": sum(r["reports_shared"] for r in rows),
    }
    if groups["online_groups"]:
        # Of which online (students of several schools who cannot come on Thursdays); only
        # when there are any, so a year kept before online groups reads as it was kept.
        total["online_groups"] = groups["online_groups"]
    return {"rows": rows, "total": total, "columns": COLUMNS}


def _each_group_once(rows: list[dict[str, Any]]) -> dict[str, int]:
    """Groups, held meetings and online groups of some schools' rows together: a combined
    group at k of them is in k rows, so k - 1 of its counts come off."""
    times: dict[int, int] = {}
    facts: dict[int, tuple[int, bool]] = {}
    for row in rows:
        for group_id, fact in row["combined_groups"].items():
            times[group_id] = times.get(group_id, 0) + 1
            facts[group_id] = fact
    extra = {group_id: count - 1 for group_id, count in times.items()}
    return {
        "groups": sum(r["groups"] for r in rows) - sum(extra.values()),
        "meetings_held": sum(r["meetings_held"] for r in rows)
        - sum(n * facts[g][0] for g, n in extra.items()),
        "online_groups": sum(r["online_groups"] for r in rows)
        - sum(n for g, n in extra.items() if facts[g][1]),
    }


_GroupSchool = IntervisionGroup.locations.through


def _combined_groups(
    year: SchoolYear, school_ids: list[int]
) -> dict[int, tuple[int, bool, set[int]]]:
    """The groups at two or more of the given schools: per group its held meetings, whether
    it meets online, and those schools. One query; a year has few such groups, whatever
    its size."""
    shared = (
        _GroupSchool.objects.filter(
            intervisiongroup__school_year=year, schoollocation_id__in=school_ids
        )
        .values("intervisiongroup_id")
        .annotate(schools=Count("schoollocation_id"))
        .filter(schools__gt=1)
        .values("intervisiongroup_id")
    )
    found: dict[int, tuple[int, bool, set[int]]] = {}
    for group_id, location_id, is_online, held in (
        _GroupSchool.objects.filter(
            intervisiongroup_id__in=shared, schoollocation_id__in=school_ids
        )
        .annotate(
            held=Count(
                "intervisiongroup__meetings",
                filter=Q(intervisiongroup__meetings__attendance_recorded_at__isnull=False),
            )
        )
        .values_list(
            "intervisiongroup_id", "schoollocation_id", "intervisiongroup__is_online", "held"
        )
    ):
        found.setdefault(group_id, (held, is_online, set()))[2].add(location_id)
    return found


def reported_locations(year: SchoolYear) -> Any:
    """The schools with a counted placement in the year, by name: the rows of
    `school_rows`, as a queryset to page through."""
    from bos.models import SchoolLocation

    return SchoolLocation.objects.filter(
        Exists(_placements(year, None).filter(location_id=OuterRef("pk")))
    ).order_by("name", "pk")


def school_total(year: SchoolYear) -> dict[str, Any]:
    """`school_rows(year)["total"]` counted in the database, without reading a row per
    placement or school: the total under a page of schools (tests keep the two equal)."""
    placements = _placements(year, None)
    groups = IntervisionGroup.objects.filter(
        school_year=year, locations__in=placements.values("location_id")
    ).values("pk")
    attendance = Attendance.objects.filter(placement__in=placements).aggregate(
        present=Count("pk", filter=Q(status=AttendanceStatus.PRESENT)), recorded=Count("pk")
    )
    counted = IntervisionGroup.objects.filter(pk__in=groups).aggregate(
        n=Count("pk"), online=Count("pk", filter=Q(is_online=True))
    )
    total = {
        "school": "Totaal",
        "students": placements.count(),
        "groups": counted["n"],
        "meetings_held": Meeting.objects.filter(
            group_id__in=groups, attendance_recorded_at__isnull=False
        ).count(),
        "attendance_percent": percent(attendance["present"], attendance["recorded"]),
        "present": attendance["present"],
        "recorded": attendance["recorded"],
        "without_group": placements.exclude(status=PlacementStatus.STOPPED)
        .exclude(Exists(Membership.objects.filter(placement_id=OuterRef("pk"))))
        .count(),
        "reports_shared": Reflection.objects.filter(
            placement__in=placements, shared_at__isnull=False
        ).count(),
    }
    if counted["online"]:
        total["online_groups"] = counted["online"]
    return total


def combined(table: dict[str, Any], location_ids: Iterable[int]) -> dict[str, Any]:
    """The figures of some schools together (an SO's locations); a group shared by two of
    them counts once."""
    wanted = set(location_ids)
    rows = [row for row in table["rows"] if row["location_id"] in wanted]
    present = sum(row["present"] for row in rows)
    recorded = sum(row["recorded"] for row in rows)
    groups = _each_group_once(rows)
    return {
        "students": sum(row["students"] for row in rows),
        "groups": groups["groups"],
        "meetings_held": groups["meetings_held"],
        "attendance_percent": percent(present, recorded),
        "without_group": sum(row["without_group"] for row in rows),
    }


def attendance_sheet(group: IntervisionGroup) -> tuple[list[str], list[list[object]]]:
    """Attendance per member (rows) and held meeting (columns), for the SO's Excel."""
    meetings = list(
        group.meetings.filter(attendance_recorded_at__isnull=False).order_by("starts_at")
    )
    memberships = group.memberships.select_related(
        "placement__student__institute", "placement__location"
    ).order_by("placement__student__last_name", "placement__student__first_name", "joined_on")
    status = {
        (a.meeting_id, a.placement_id): a.get_status_display()
        for a in Attendance.objects.filter(meeting__in=meetings)
    }
    headers = ["Student", "Instituut", "Locatie", "Lid sinds", "Lid tot"]
    headers += [timezone.localtime(m.starts_at).strftime("%d-%m-%Y") for m in meetings]
    headers += ["Aanwezig", "Aanwezigheid (%)"]
    rows: list[list[object]] = []
    for membership in memberships:
        placement = membership.placement
        marks = [status.get((m.pk, placement.pk), "") for m in meetings]
        present = sum(1 for mark in marks if mark == AttendanceStatus.PRESENT.label)
        recorded = sum(1 for mark in marks if mark)
        share = percent(present, recorded)
        rows.append(
            [
                placement.student.full_name,
                placement.student.institute.short_name,
                placement.location.name,
                membership.joined_on,
                membership.left_on,
                *marks,
                present,
                share if share is not None else "",
            ]
        )
    return headers, rows
