"""Reads of students and placements, narrowed to what the asking user may see."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import (
    BooleanField,
    CharField,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from bos.models import (
    LocationYear,
    Person,
    Qualification,
    QualificationKind,
    Role,
    RoleAssignment,
    SchoolLocation,
    SchoolYear,
)
from bos.permissions import Scope, get_scope, next_school_year, scope_for_year
from bos.search_choice import with_school
from facilitation.params import PolicyParams
from facilitation.rules import streefaantal
from facilitation.selectors import PolicyMissing, policy_for

from .models import (
    OPEN_STATUSES,
    ChecklistItem,
    ChecklistKind,
    Placement,
    PlacementPolicy,
    PlacementStatus,
    Proposal,
    Reservation,
    StageLevel,
    Student,
    StudentSchool,
    TargetAdjustment,
)
from .online_rights import (
    RightsRow,
    online_rights_by_policy,
    online_rights_group,
    parse_online_rights_table,
)


def placement_scope_filter(scope: Scope) -> Q | None:
    """The Q that limits placements to a scope; None means everything; Q(pk__in=[]) nothing."""
    if scope.sees_everything:
        return None
    condition = Q(pk__in=[])
    if scope.so_location_ids:
        condition |= Q(location_id__in=scope.so_location_ids)
    for institute_id, location_id in scope.io_pairs:
        condition |= Q(student__institute_id=institute_id, location_id=location_id)
    if scope.has(Role.WPB) and scope.person_id:
        # Own and co-WPB placements as one UNION subquery: each half uses its index, where
        # an OR across a join (or across a subquery) makes the database scan every placement.
        co_wpb = Placement.co_wpbs.through.objects.filter(person_id=scope.person_id)
        own = Placement.objects.filter(wpb_id=scope.person_id).values("pk")
        condition |= Q(pk__in=own.union(co_wpb.values("placement_id")))
    if scope.student_id:
        condition |= Q(student_id=scope.student_id)
    return condition


def placement_list(*, user: Any, year: SchoolYear | None = None) -> QuerySet[Placement]:
    scope = get_scope(user, year)
    # The year is not joined: every row is in `scope.year`, and a ninth relation puts the
    # query past the planner's join_collapse_limit, after which it joined a whole year's
    # placements before applying a WPB's scope (100 ms at 25,000 placements a year).
    qs = Placement.objects.filter(school_year=scope.year).select_related(
        "student__institute", "location", "wpb", "so", "io"
    )
    condition = placement_scope_filter(scope)
    if condition is not None:
        # Applied directly: each part of the scope is a column of the placement, a to-one
        # join or (co-WPBs) its own semi-join, so no row repeats and no DISTINCT is needed.
        # A semi-join of the whole scope on the primary key made the database join every
        # placement of the year before filtering (100 ms at 25,000 placements a year).
        qs = qs.filter(condition)
    return qs.order_by("location__name", "student__last_name", "student__first_name")


def scope_for_placement(user: Any, placement: Placement) -> Scope:
    """The scope a placement is judged in: its own year's (`scope_for_year`: a placement
    matched for next year borrows the user's current roles until next year's are assigned;
    read only, changes check the placement's own year)."""
    return scope_for_year(user, placement.school_year)


def placement_get(*, user: Any, pk: int) -> Placement:
    """One placement in the user's scope (any year); raises Placement.DoesNotExist otherwise."""
    placement = Placement.objects.select_related(
        "student__institute", "location__board", "school_year", "wpb", "so", "io"
    ).get(pk=pk)
    scope = scope_for_placement(user, placement)
    condition = placement_scope_filter(scope)
    if condition is not None and not Placement.objects.filter(condition, pk=pk).exists():
        raise Placement.DoesNotExist
    return placement


def placement_list_annotated(*, user: Any, year: SchoolYear | None = None) -> QuerySet[Placement]:
    """The list page's rows with their open and overdue checklist counts, each a correlated
    subquery on the checklist's placement index (no join and GROUP BY over the wide row)."""
    today = timezone.localdate()

    def open_count(**extra: Any) -> Coalesce:
        counted = (
            ChecklistItem.objects.filter(placement=OuterRef("pk"), done_at__isnull=True, **extra)
            .order_by()
            .values("placement")
            .annotate(count=Count("pk"))
            .values("count")
        )
        return Coalesce(Subquery(counted, output_field=IntegerField()), 0)

    return (
        placement_list(user=user, year=year)
        # Only the relations the list shows (not the SO and IO): each is a model per row.
        .select_related(None)
        .select_related("student__institute", "location", "wpb")
        .annotate(open_items=open_count(), overdue_items=open_count(due_date__lt=today))
    )


def checklist_for(placement: Placement) -> list[ChecklistItem]:
    return list(placement.checklist.select_related("done_by").order_by("position"))


def checklist_item(pk: int) -> ChecklistItem:
    return ChecklistItem.objects.select_related("done_by").get(pk=pk)


# The lists' order with the primary key last, so pages neither repeat nor skip a student.
PAGE_ORDER = ("location__name", "student__last_name", "student__first_name", "pk")


def ict_rows(*, user: Any, year: SchoolYear | None = None) -> QuerySet[Placement]:
    """Open placements whose student needs a Magister account and staff e-mail: the page
    shows a page of them, the download all."""
    return (
        placement_list(user=user, year=year)
        .filter(status__in=OPEN_STATUSES, is_taster=False)
        .order_by(*PAGE_ORDER)
    )


def ict_list(*, user: Any, year: SchoolYear | None = None) -> list[Placement]:
    return attach_online_rights(ict_rows(user=user, year=year))


def attach_online_rights(placements: Iterable[Placement]) -> list[Placement]:
    """The placements with their online-rights group set, each by its own school year's
    table: one query for the tables of all years on the page, one parse per year."""
    rows = list(placements)
    raw_tables = PlacementPolicy.online_rights_tables(p.school_year_id for p in rows)
    tables: dict[int, tuple[RightsRow, ...] | None] = {}
    for year_id, raw in raw_tables.items():
        try:
            tables[year_id] = parse_online_rights_table(raw)
        except ValueError:
            tables[year_id] = None  # explained per row by online_rights_by_policy
    for p in rows:
        facts = {
            "level": p.level,
            "is_taster": p.is_taster,
            "is_final": p.is_final,
            "institute": p.student.institute.short_name,
        }
        table = tables[p.school_year_id]
        p.__dict__["_online_rights"] = (
            online_rights_group(**facts, table=table)
            if table is not None
            else online_rights_by_policy(**facts, table=raw_tables[p.school_year_id])
        )
    return rows


def online_rights_table(year: SchoolYear) -> tuple[tuple[RightsRow, ...], str]:
    """The year's online-rights table as the rule reads it and the decision it comes from
    (the policy page shows both); a year without a placement policy reads the default."""
    policy = PlacementPolicy.objects.filter(school_year=year).first()
    if policy is None:
        policy = PlacementPolicy(school_year=year)
    try:
        rows = parse_online_rights_table(policy.online_rights_table)
    except ValueError:
        rows = ()
    return rows, policy.online_rights_source


def facilities_rows(*, user: Any, year: SchoolYear | None = None) -> QuerySet[Placement]:
    """Open placements for which facilities arrange keys and copy codes."""
    rows = placement_list(user=user, year=year).filter(status__in=OPEN_STATUSES)
    return rows.order_by(*PAGE_ORDER)


def facilities_list(*, user: Any, year: SchoolYear | None = None) -> list[Placement]:
    return list(facilities_rows(user=user, year=year))


DASHBOARD_ITEMS = 20


def _open_placements(scope: Scope) -> QuerySet[Placement]:
    # A plain filter, not a semi-join of the placements on themselves (which made the
    # database read every placement of every year).
    placements = Placement.objects.filter(school_year=scope.year, status__in=OPEN_STATUSES)
    condition = placement_scope_filter(scope)
    return placements if condition is None else placements.filter(condition)


def open_checklist_items(*, user: Any, year: SchoolYear | None = None) -> QuerySet[ChecklistItem]:
    """The checklist items still to do of the open placements in the user's scope."""
    placements = _open_placements(get_scope(user, year))
    return ChecklistItem.objects.filter(placement__in=placements.values("pk"), done_at__isnull=True)


def overdue_checklist_items(
    *, user: Any, year: SchoolYear | None = None
) -> QuerySet[ChecklistItem]:
    """The open checklist items past their date, of every kind (a late reply too): the
    start page's overdue count; the dashboard counts them with `overdue_condition` in its
    one aggregate of the open items."""
    return open_checklist_items(user=user, year=year).filter(overdue_condition())


def overdue_condition() -> Q:
    """When an open checklist item is overdue: its date has passed."""
    return Q(due_date__lt=timezone.localdate())


def dashboard(*, user: Any, year: SchoolYear | None = None) -> dict[str, Any]:
    """The SO's overview of their locations in a year. Counts are aggregated in the database
    and the lists are capped, so the page costs the same at any size of the partnership."""
    scope = get_scope(user, year)
    year = scope.year
    today = timezone.localdate()
    scoped = placement_list(user=user, year=year)
    open_placements = _open_placements(scope)
    by_level = dict(open_placements.order_by().values_list("level").annotate(count=Count("pk")))
    open_count = sum(by_level.values())
    items = open_checklist_items(user=user, year=year)
    # One query for the three counts; overdue by the same condition as the start page's.
    totals = items.aggregate(
        open=Count("pk"),
        awaiting=Count("pk", filter=Q(kind=ChecklistKind.REPLY)),
        overdue=Count("pk", filter=overdue_condition()),
    )
    shown = items.select_related("placement__student", "placement__location").order_by(
        "due_date", "placement__student__last_name", "pk"
    )
    open_items = list(shown[:DASHBOARD_ITEMS])
    overdue = [item for item in open_items if item.due_date < today]
    awaiting_reply = [item for item in open_items if item.kind == ChecklistKind.REPLY]
    # The streefaantal rows: the user's own locations (an SO's), else the locations with an
    # open placement in their scope, capped like the other lists.
    if scope.so_location_ids:
        location_filter = Q(location_id__in=scope.so_location_ids)
    else:
        location_filter = Q(location_id__in=open_placements.values("location_id"))
    location_years = list(
        LocationYear.objects.filter(location_filter, school_year=year)
        .select_related("location")
        .order_by("location__name")[:DASHBOARD_ITEMS]
    )
    shown_ids = [ly.location_id for ly in location_years]
    counted = dict(
        scoped.reported()
        .filter(location_id__in=shown_ids)
        .order_by()
        .values_list("location_id")
        .annotate(count=Count("pk", distinct=True))
    )
    params = _policy_params(year)
    targets = []
    for location_year in location_years:
        target = (
            streefaantal(location_year.pupils, params)
            if params is not None and location_year.pupils
            else 0
        )
        actual = counted.get(location_year.location_id, 0)
        targets.append(
            {
                "location": location_year.location,
                "pupils": location_year.pupils,
                "target": target,
                "actual": actual,
                "percentage": round(100 * actual / target) if target else None,
            }
        )
    mentor_counts = (
        open_placements.filter(wpb__isnull=False)
        .order_by()
        .values_list("wpb_id", "wpb__first_name", "wpb__last_name")
        .annotate(count=Count("pk"))
        .order_by("-count", "wpb_id")[:DASHBOARD_ITEMS]
    )
    mentors = sorted(
        (
            (Person(pk=wpb_id, first_name=first, last_name=last), count)
            for wpb_id, first, last, count in mentor_counts
        ),
        key=lambda pair: (pair[0].last_name, pair[0].first_name),
    )
    facilitation = _own_facilitation(user, scope, params) if scope.has(Role.SO) else []
    if scope.so_location_ids:
        # The SO's locations; their year rows usually name them all already.
        shown_locations = [ly.location for ly in location_years]
        if {loc.pk for loc in shown_locations} != set(scope.so_location_ids):
            shown_locations = list(
                SchoolLocation.objects.filter(pk__in=scope.so_location_ids).order_by("name")
            )
    else:
        shown_locations = [ly.location for ly in location_years]
    return {
        "year": year,
        "today": today,
        "open_count": open_count,
        "levels": [
            (level.label, by_level[level.value]) for level in StageLevel if by_level.get(level)
        ],
        "open_items": open_items,
        "open_items_count": totals["open"],
        "overdue": overdue,
        "overdue_count": totals["overdue"],
        "awaiting_reply": awaiting_reply,
        "awaiting_reply_count": totals["awaiting"],
        "shown_limit": DASHBOARD_ITEMS,
        "targets": targets,
        "mentors": mentors,
        "locations": shown_locations,
        "facilitation": facilitation,
        "starters": _starter_count(user),
        "pending_proposals": _pending_proposals(user),
    }


def _starter_count(user: Any) -> int | None:
    """Starting teachers at the SO's schools, from the induction app when it is installed
    (the lazy import keeps placements free of a dependency on it)."""
    from django.apps import apps

    if not apps.is_installed("induction"):
        return None
    from induction.selectors import starter_count

    return starter_count(user=user)


def _pending_proposals(user: Any) -> int:
    from .models import PENDING_STATUSES

    return proposals_for(user=user).filter(status__in=PENDING_STATUSES).count()


def _own_facilitation(user: Any, scope: Scope, params: PolicyParams | None) -> list[Any]:
    """The SO's facilitation hours from the facilitation app (the rules issue), when that
    app and the year's policy are present; otherwise the dashboard leaves them out."""
    try:
        from facilitation.selectors import facilitation_overview
    except ImportError:
        return []
    try:
        if params is None:  # no facilitation policy for the year
            return []
        rows = facilitation_overview(user=user, year=scope.year, params=params)
    except LookupError:  # no facilitation policy for the year (PolicyMissing)
        return []
    return [row for row in rows if row.person.pk == scope.person_id]


def _policy_params(year: SchoolYear | None) -> PolicyParams | None:
    """The year's policy, or None when none is set (the dashboard then shows no target)."""
    if year is None:
        return None
    try:
        return policy_for(year)
    except PolicyMissing:
        return None


def streefaantal_of(year: SchoolYear, pupils: int | None) -> int | None:
    """A school's streefaantal by the year's policy (None without pupils or policy)."""
    params = _policy_params(year)
    return streefaantal(pupils, params) if params is not None and pupils is not None else None


def target_adjustments(year: SchoolYear) -> dict[int, TargetAdjustment]:
    """The schools' agreements on their streefaantal in a year, by location (one query; the
    report's figure 12 shows them beside the streefaantal)."""
    return {
        adjustment.location_id: adjustment
        for adjustment in TargetAdjustment.objects.filter(school_year=year)
    }


def mentor_list(*, user: Any, year: SchoolYear | None = None) -> QuerySet[RoleAssignment]:
    """The WPBs of the user's locations in a year, with their number of placements there.
    The count is a subquery, so the list stays one narrow query per page."""
    from django.db.models import Count, IntegerField, OuterRef, Subquery

    scope = get_scope(user, year)
    wpbs = RoleAssignment.objects.filter(school_year=scope.year, role=Role.WPB)
    if not scope.sees_everything:
        wpbs = wpbs.filter(
            pk__in=RoleAssignment.objects.filter(
                school_year=scope.year, role=Role.WPB, locations__in=scope.so_location_ids
            ).values("pk")
        )
    counts = (
        Placement.objects.filter(school_year=scope.year, wpb_id=OuterRef("person_id"))
        .order_by()
        .values("wpb_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        wpbs.select_related("person")
        .annotate(student_count=Coalesce(Subquery(counts, output_field=IntegerField()), 0))
        .order_by("person__last_name", "person__first_name")
    )


def locations_in_scope(scope: Scope) -> QuerySet[SchoolLocation]:
    """The locations whose placements and mentors the user keeps: every member location of
    the year for whoever sees everything, else their own as SO."""
    if scope.sees_everything:
        return SchoolLocation.objects.filter(
            years__school_year=scope.year, years__is_member=True
        ).order_by("name")
    return SchoolLocation.objects.filter(pk__in=scope.so_location_ids).order_by("name")


def people_with_role(
    role: str, year: SchoolYear | None, locations: QuerySet[SchoolLocation]
) -> QuerySet[Person]:
    """The people with `role` in `year` at any of `locations`, each with the school they
    have it at (a form's choices, and its search field's suggestions)."""
    people = (
        Person.objects.filter(
            roles__role=role, roles__school_year=year, roles__locations__in=locations
        )
        .distinct()
        .order_by("last_name", "first_name")
    )
    return with_school(people, year, role=role, locations=locations)


def pickable_people(
    *, user: Any, role: str, year: SchoolYear | None = None, location_id: int | None = None
) -> QuerySet[Person]:
    """Whom the user may pick as `role`: the people with that role at the user's locations
    in the year (the header's, or an object's own `year`), narrowed to one location when
    asked. The same people a placement or offer form offers."""
    scope = scope_for_year(user, year) if year is not None else get_scope(user)
    locations = locations_in_scope(scope)
    if location_id is not None:
        locations = locations.filter(pk=location_id)
    return people_with_role(role, scope.year, locations)


def proposable_students(institute_ids: frozenset[int] | None) -> QuerySet[Student]:
    """The students an IO may propose: those of their institutes (None: every one)."""
    students = Student.objects.select_related("institute").order_by("last_name", "first_name")
    if institute_ids is not None:
        students = students.filter(institute_id__in=institute_ids)
    return students


def unplaced_students(*, user: Any, year: SchoolYear | None = None) -> QuerySet[Student]:
    """Students the user knows who have no placement in the year: those placed at the user's
    locations in the previous year, or with a place reserved there for this year."""
    from django.db.models import CharField, Exists, OuterRef, Subquery

    scope = get_scope(user, year)
    year = scope.year
    previous = year.previous() if year is not None else None
    locations = None if scope.sees_everything else scope.so_location_ids
    earlier = Placement.objects.filter(school_year=previous)
    reserved = Reservation.objects.filter(school_year=year)
    if locations is not None:
        earlier = earlier.filter(location_id__in=locations)
        reserved = reserved.filter(location_id__in=locations)
    known = Student.objects.filter(
        Q(pk__in=earlier.values("student_id")) | Q(pk__in=reserved.values("student_id"))
    )
    last_school = (
        Placement.objects.filter(student_id=OuterRef("pk"))
        .order_by("-start_date")
        .values("location__name")[:1]
    )
    reservation = reserved.filter(student_id=OuterRef("pk")).values("location__name")[:1]
    return (
        known.exclude(Exists(Placement.objects.filter(school_year=year, student_id=OuterRef("pk"))))
        .select_related("institute")
        .annotate(
            last_school=Subquery(last_school, output_field=CharField()),
            reserved=Subquery(reservation, output_field=CharField()),
        )
        .order_by("last_name", "first_name")
    )


# --- The student register ------------------------------------------------------------------


def student_scope_filter(scope: Scope) -> Q | None:
    """The Q that limits students to a scope; None means everything. An SO sees the students
    placed at their locations (any year) and those their locations registered or imported;
    an IO the students of their institute placed at or registered by their schools. One
    UNION subquery, so each part uses its own index."""
    if scope.sees_everything:
        return None
    sources: list[QuerySet[Any]] = []
    if scope.so_location_ids:
        locations = sorted(scope.so_location_ids)
        sources.append(Placement.objects.filter(location_id__in=locations).values("student_id"))
        sources.append(StudentSchool.objects.filter(location_id__in=locations).values("student_id"))
    if scope.io_pairs:
        pairs = Q(pk__in=[])
        for institute_id, location_id in sorted(scope.io_pairs):
            pairs |= Q(student__institute_id=institute_id, location_id=location_id)
        sources.append(Placement.objects.filter(pairs).values("student_id"))
        sources.append(StudentSchool.objects.filter(pairs).values("student_id"))
    if not sources:
        return Q(pk__in=[])
    first, *rest = (source.order_by() for source in sources)
    return Q(pk__in=first.union(*rest) if rest else first)


def _placements_this_year(year: SchoolYear | None) -> QuerySet[Placement]:
    """A student's placements of the year that did not stop, latest first (for subqueries)."""
    return (
        Placement.objects.filter(student_id=OuterRef("pk"), school_year=year)
        .exclude(status=PlacementStatus.STOPPED)
        .order_by("-start_date", "-pk")
    )


def student_list(*, user: Any, year: SchoolYear | None = None) -> QuerySet[Student]:
    """The register: every student in the user's scope, with or without a placement, with
    their placement of the year (its location and level) as subqueries, so a page of the
    list is one query whatever the number of students."""
    scope = get_scope(user, year)
    students = Student.objects.select_related("institute")
    condition = student_scope_filter(scope)
    if condition is not None:
        students = students.filter(condition)
    this_year = _placements_this_year(scope.year)
    return students.annotate(
        placed=Exists(this_year),
        placement_location_id=Subquery(
            this_year.values("location_id")[:1], output_field=IntegerField()
        ),
        placement_location=Subquery(
            this_year.values("location__name")[:1], output_field=CharField()
        ),
        placement_level=Subquery(this_year.values("level")[:1], output_field=CharField()),
    ).order_by("last_name", "first_name", "pk")


def student_get(*, user: Any, pk: int) -> Student:
    """One student in the user's scope; Student.DoesNotExist otherwise."""
    student = Student.objects.select_related("institute", "user").get(pk=pk)
    condition = student_scope_filter(get_scope(user))
    if condition is not None and not Student.objects.filter(condition, pk=pk).exists():
        raise Student.DoesNotExist
    return student


def placement_visible(scope: Scope, placement: Placement) -> bool:
    """`placement_scope_filter` for a placement already read (co-mentors aside): whether the
    user may open it. Another school's placement is shown without its school."""
    if scope.sees_everything or placement.location_id in scope.so_location_ids:
        return True
    if (placement.student.institute_id, placement.location_id) in scope.io_pairs:
        return True
    if scope.has(Role.WPB) and scope.person_id and placement.wpb_id == scope.person_id:
        return True
    return scope.student_id is not None and placement.student_id == scope.student_id


def student_placements(*, user: Any, student: Student) -> list[Placement]:
    """All the student's placements over the years, latest first; each knows whether the
    user may open it (`visible`), judged in the placement's own year."""
    placements = list(
        Placement.objects.filter(student=student)
        .select_related("school_year", "location")
        .order_by("-school_year__start_date", "-start_date", "-pk")
    )
    for placement in placements:
        placement.student = student
        placement.visible = placement_visible(scope_for_placement(user, placement), placement)
    return placements


def student_schools(*, user: Any, student: Student) -> list[StudentSchool]:
    """The student's registrations the user may read about: their own locations' and the
    school that holds the data (named, so a reader knows whom to ask)."""
    scope = get_scope(user)
    rows = StudentSchool.objects.filter(student=student).select_related("location", "registered_by")
    if not scope.sees_everything:
        own = sorted(scope.so_location_ids | {loc for _inst, loc in scope.io_pairs})
        rows = rows.filter(Q(location_id__in=own) | Q(is_owner=True))
    return list(rows.order_by("-is_owner", "registered_at", "pk"))


def student_export_list(*, user: Any) -> QuerySet[Student]:
    """The students of the import-format export: those placed in the year in the user's
    scope, and those the SO's locations registered or imported (also without a placement,
    so an imported student can be exported, changed and imported again)."""
    scope = get_scope(user)
    placed = placement_list(user=user).order_by().values("student_id")
    if scope.sees_everything or not scope.so_location_ids:
        students = Student.objects.filter(pk__in=placed)
    else:
        registered = StudentSchool.objects.filter(
            location_id__in=sorted(scope.so_location_ids)
        ).values("student_id")
        students = Student.objects.filter(pk__in=placed.union(registered.order_by()))
    return students.select_related("institute").order_by("last_name", "first_name")


def mentor_list_for_register(
    *, user: Any, year: SchoolYear | None = None
) -> QuerySet[RoleAssignment]:
    """The mentor register: `mentor_list` with, per row, whether the mentor also works at a
    location outside the user's own (`elsewhere`; such a mentor is linked, not changed)."""
    scope = get_scope(user, year)
    course = Qualification.objects.filter(
        person_id=OuterRef("person_id"), kind=QualificationKind.WPB_COURSE
    ).values("obtained_on")[:1]
    rows = (
        mentor_list(user=user, year=year)
        .prefetch_related("locations")
        .annotate(wpb_course_on=Subquery(course))
    )
    if scope.sees_everything:
        return rows.annotate(elsewhere=Value(False, output_field=BooleanField()))
    links = RoleAssignment.locations.through.objects.filter(roleassignment_id=OuterRef("pk"))
    return rows.annotate(
        elsewhere=Exists(links.exclude(schoollocation_id__in=sorted(scope.so_location_ids)))
    )


# --- The annual report ------------------------------------------------------------------

# What the annual report reads of a placement (reports.facts), in this order.
REPORT_PLACEMENT_FIELDS = (
    "pk",
    "student_id",
    "location_id",
    "level",
    "institute_label",
    "registered_in_institute_system",
    "switched_from_id",
    "status",
    "student__institute_id",
    "student__is_zij_instromer",
    "student__institute__short_name",
    "student__institute__first_year_label",
    "location__name",
    "wpb_id",
)


def report_placement_rows(
    year: SchoolYear, location_ids: frozenset[int] | None = None
) -> list[tuple[Any, ...]]:
    """Every placement of the year (or of these locations) as a plain row of
    REPORT_PLACEMENT_FIELDS, by pk: one query, no model instance per row (a region's year
    holds tens of thousands of placements)."""
    placements = Placement.objects.for_year(year)
    if location_ids is not None:
        placements = placements.filter(location_id__in=location_ids)
    return list(placements.values_list(*REPORT_PLACEMENT_FIELDS).order_by("pk"))


# --- Matching proposals (read by matching.py, the work list and the dashboard) --------


def _proposer_institute_ids(scope: Scope) -> frozenset[int] | None:
    """Institutes whose students the user may propose; None means any."""
    if scope.sees_everything:
        return None
    return frozenset({institute for institute, _ in scope.io_pairs}) | scope.ic_institute_ids


def proposal_scope_filter(scope: Scope) -> Q | None:
    if scope.sees_everything:
        return None
    condition = Q(pk__in=[])
    if scope.so_location_ids:
        condition |= Q(location_id__in=scope.so_location_ids)
    institutes = _proposer_institute_ids(scope)
    if institutes:
        condition |= Q(student__institute_id__in=institutes)
    if scope.student_id:
        condition |= Q(student_id=scope.student_id)
    return condition


def proposals_for(*, user: Any, status: str | None = None) -> QuerySet[Proposal]:
    """Proposals of this year and the next that the user may see, each year's judged in
    that year's scope (someone who moves school at the year change sees next year's
    proposals of the new school, not of the old one)."""
    scope = get_scope(user)
    qs = Proposal.objects.select_related(
        "student__institute", "location", "school_year", "offer", "placement"
    )
    # Staff work in this year and the next; a student sees all their own proposals.
    if scope.roles - {"student"}:
        condition = Q(pk__in=[])
        # This year and the next (as `matching_years`), from the request's memoised years.
        years = [year for year in (scope.year, next_school_year(user, scope.year)) if year]
        for year in years:
            in_year = proposal_scope_filter(scope_for_year(user, year))
            condition |= Q(school_year=year) & (in_year if in_year is not None else Q())
        qs = qs.filter(condition)
    else:
        in_scope = proposal_scope_filter(scope)
        if in_scope is not None:
            qs = qs.filter(in_scope)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("school_year__start_date", "location__name", "student__last_name", "pk")
