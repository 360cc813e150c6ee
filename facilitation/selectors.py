"""Reads of policies and of the facts the rules need (student counts, funding facts),
narrowed to the asking user where the result depends on who asks."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from bos.models import InstitutePartnership, LocationYear, Person, Role, RoleAssignment, SchoolYear
from bos.permissions import Scope, get_scope
from placements.models import Placement, TargetAdjustment

from . import rules
from .models import CountBasis, GrantedHours, LocationCountBasis, Policy
from .params import PARAM_NAMES, PolicyParams


class PolicyMissing(LookupError):
    """A school year without a policy: the rules cannot be applied to it."""

    def __init__(self, year_name: str) -> None:
        self.year_name = year_name
        super().__init__(f"Er is geen beleid vastgesteld voor schooljaar {year_name}.")


def resolve_year(year: SchoolYear | str) -> SchoolYear:
    """A SchoolYear from itself or its name; raises SchoolYear.DoesNotExist for an unknown one."""
    if isinstance(year, SchoolYear):
        return year
    return SchoolYear.objects.get(name=year)


def params_of(policy: Policy) -> PolicyParams:
    values: dict[str, Any] = {name: getattr(policy, name) for name in PARAM_NAMES}
    values["stipend_day_rates"] = [
        (row["min_days"], row["monthly"]) for row in policy.stipend_day_rates or []
    ]
    values["stipend_study_year_rates"] = [
        (row["study_year"], row["monthly"]) for row in policy.stipend_study_year_rates or []
    ]
    return PolicyParams(year_name=policy.school_year.name, **values)


def policy_for(year: SchoolYear | str) -> PolicyParams:
    """The policy of a school year as plain values. Raises PolicyMissing when there is none
    (and SchoolYear.DoesNotExist for an unknown year name)."""
    school_year = resolve_year(year)
    try:
        policy = Policy.objects.select_related("school_year").get(school_year=school_year)
    except Policy.DoesNotExist as exc:
        raise PolicyMissing(school_year.name) from exc
    return params_of(policy)


def policy_exists(year: Any) -> Exists:
    """Whether a year has a policy, as an expression over `year` (an OuterRef to a school
    year's pk): other apps annotate their list of years with it in the same query."""
    return Exists(Policy.objects.filter(school_year=year))


def policy_get(year: SchoolYear) -> Policy | None:
    return Policy.objects.filter(school_year=year).select_related("school_year").first()


# Funding ------------------------------------------------------------------------------------


def funding_facts(year: SchoolYear) -> list[rules.FundingFact]:
    """One fact per placement the report counts in the year."""
    partner_ids = set(
        InstitutePartnership.objects.filter(school_year=year, is_partner=True).values_list(
            "institute_id", flat=True
        )
    )
    placements = (
        Placement.objects.reported()
        .filter(school_year=year)
        .values_list(
            "student_id",
            "student__institute_id",
            "registered_in_institute_system",
            "student__is_zij_instromer",
        )
    )
    return [
        rules.FundingFact(
            student_id=student_id,
            is_partner=institute_id in partner_ids,
            registered=registered,
            is_zij_instromer=is_zij,
        )
        for student_id, institute_id, registered, is_zij in placements
    ]


@dataclass(frozen=True)
class FundingStudent:
    """One student with a placement in the year, for the subsidy application's list."""

    student_id: int
    last_name: str
    first_name: str
    student_number: str
    institute: str
    programme: str
    schools: tuple[str, ...]
    registered: bool
    counted: bool
    reason: str


def funding_students(year: SchoolYear, params: PolicyParams | None = None) -> list[FundingStudent]:
    """Every student with a placement the report counts in the year, each once, with whether
    they count for the subsidy (`rules.funding_status`), by name. Two queries (three
    without `params`), whatever the number of students."""
    params = params if params is not None else policy_for(year)
    partner_ids = set(
        InstitutePartnership.objects.filter(school_year=year, is_partner=True).values_list(
            "institute_id", flat=True
        )
    )
    placements = (
        Placement.objects.reported()
        .filter(school_year=year)
        .values_list(
            "student_id",
            "student__institute_id",
            "registered_in_institute_system",
            "student__is_zij_instromer",
            "student__last_name",
            "student__first_name",
            "student__student_number",
            "student__institute__short_name",
            "student__programme",
            "location__name",
        )
        .order_by("student__last_name", "student__first_name", "student_id", "pk")
    )
    facts: dict[int, list[rules.FundingFact]] = defaultdict(list)
    about: dict[int, tuple[Any, ...]] = {}
    schools: dict[int, list[str]] = defaultdict(list)
    for student_id, institute_id, registered, is_zij, *rest, school in placements:
        facts[student_id].append(
            rules.FundingFact(
                student_id=student_id,
                is_partner=institute_id in partner_ids,
                registered=registered,
                is_zij_instromer=is_zij,
            )
        )
        about.setdefault(student_id, tuple(rest))
        if school not in schools[student_id]:
            schools[student_id].append(school)
    rows = []
    for student_id, (last, first, number, institute, programme) in about.items():
        counted, reason = rules.funding_status(facts[student_id], params)
        rows.append(
            FundingStudent(
                student_id=student_id,
                last_name=last,
                first_name=first,
                student_number=number,
                institute=institute,
                programme=programme,
                schools=tuple(schools[student_id]),
                registered=any(fact.registered for fact in facts[student_id]),
                counted=counted,
                reason=reason,
            )
        )
    return rows


def funding_count_for_year(
    year: SchoolYear | str, params: PolicyParams | None = None
) -> rules.FundingCountResult:
    """The funding count of a year (199 for 2020-2021), counted by that year's policy unless
    other params are given."""
    school_year = resolve_year(year)
    if params is None:
        params = policy_for(school_year)
    return rules.funding_count(funding_facts(school_year), params)


def subsidy_for_year(year: SchoolYear | str) -> rules.SubsidyResult:
    """The subsidy of a year: its policy applied to the previous year's funding count."""
    school_year = resolve_year(year)
    params = policy_for(school_year)
    previous = school_year.previous()
    counted = funding_count_for_year(previous, params).count if previous else 0
    return rules.subsidy(params, counted)


# Student counts and facilitation --------------------------------------------------------------


def actual_counts(year: SchoolYear, location_ids: Iterable[int] | None = None) -> dict[int, int]:
    """Distinct students per location with a placement the report counts in the year, in
    one grouped query."""
    qs = Placement.objects.reported().filter(school_year=year)
    if location_ids is not None:
        qs = qs.filter(location_id__in=list(location_ids))
    return dict(
        qs.order_by()
        .values_list("location_id")
        .annotate(students=Count("student_id", distinct=True))
    )


def counted_students(year: SchoolYear, location_ids: Iterable[int]) -> dict[int, tuple[int, str]]:
    """Per location the student count used for the SO's hours and how it was obtained, by
    the basis the school chose (actual, agreed, or the average of the last three years).
    A fixed number of queries for any number of locations."""
    location_ids = list(location_ids)
    actual = actual_counts(year, location_ids)
    bases = {
        b.location_id: b
        for b in LocationCountBasis.objects.filter(school_year=year, location_id__in=location_ids)
    }
    averaged = [
        location_id
        for location_id, basis in bases.items()
        if basis.basis not in (CountBasis.ACTUAL, CountBasis.AGREED)
    ]
    averages = _averages(year, averaged) if averaged else {}
    result: dict[int, tuple[int, str]] = {}
    for location_id in location_ids:
        basis = bases.get(location_id)
        if basis is None or basis.basis == CountBasis.ACTUAL:
            result[location_id] = (actual.get(location_id, 0), "werkelijk aantal")
        elif basis.basis == CountBasis.AGREED:
            result[location_id] = (basis.agreed_count or 0, "afgesproken aantal")
        else:
            result[location_id] = averages[location_id]
    return result


def _averages(year: SchoolYear, location_ids: list[int]) -> dict[int, tuple[int, str]]:
    # This year and the two before it, over the years that have placements at the location.
    # The years as a subquery: one round trip instead of two.
    years = (
        SchoolYear.objects.filter(start_date__lte=year.start_date)
        .order_by("-start_date")
        .values("pk")[:3]
    )
    counts: dict[int, list[int]] = defaultdict(list)
    for location_id, _year_id, students in (
        Placement.objects.reported()
        .filter(school_year__in=years, location_id__in=location_ids)
        .order_by()
        .values_list("location_id", "school_year_id")
        .annotate(students=Count("student_id", distinct=True))
    ):
        counts[location_id].append(students)
    result: dict[int, tuple[int, str]] = {}
    for location_id in location_ids:
        known = counts.get(location_id, [])
        if not known:
            result[location_id] = (0, "gemiddelde (geen gegevens)")
            continue
        average = rules._half_up(Decimal(sum(known)) / len(known))
        result[location_id] = (average, f"gemiddelde van {len(known)} jaar")
    return result


def _average(year: SchoolYear, location_id: int) -> tuple[int, str]:
    return _averages(year, [location_id])[location_id]


@dataclass
class LocationRow:
    location_id: int
    name: str
    students: int
    basis: str
    advice: rules.AdviceResult
    # The projectleider's form for the count basis, attached by the view.
    basis_form: Any = None


@dataclass
class SoFacilitation:
    """Everything the facilitation page shows for one SO."""

    person: Person
    locations: list[LocationRow]
    hours: rules.HoursResult
    free_time: rules.FreeTimeResult
    granted: GrantedHours | None
    qualifies: rules.QualifiesResult | None
    partner_share: Decimal | None = None
    notes: list[str] = field(default_factory=list)
    # The projectleider's form for the granted hours, attached by the view.
    grant_form: Any = None


def so_assignments(scope: Scope) -> list[RoleAssignment]:
    """SO role assignments of the scope's year that the user may see: all for the
    projectleider, kernteam and admin; their own for an SO."""
    return list(so_assignments_queryset(scope))


def so_assignments_queryset(scope: Scope) -> QuerySet[RoleAssignment]:
    qs = (
        RoleAssignment.objects.filter(school_year=scope.year, role=Role.SO)
        .select_related("person")
        .prefetch_related("locations")
        .order_by("person__last_name", "person__first_name", "pk")
    )
    if scope.sees_everything or scope.has(Role.KERNTEAM):
        return qs
    if scope.has(Role.SO) and scope.person_id:
        return qs.filter(person_id=scope.person_id)
    return qs.none()


def facilitation_overview(
    *,
    user: Any,
    year: SchoolYear | None = None,
    assignments: Iterable[RoleAssignment] | None = None,
    params: PolicyParams | None = None,
) -> list[SoFacilitation]:
    """The facilitation of the SOs the user may see in a year (or of the given page of
    their assignments). Raises PolicyMissing. Six queries for any number of SOs."""
    scope = get_scope(user, year)
    if scope.year is None:
        return []
    params = params if params is not None else policy_for(scope.year)
    assignments = list(assignments) if assignments is not None else so_assignments(scope)
    granted = {
        g.so_id: g
        for g in GrantedHours.objects.filter(
            school_year=scope.year, so_id__in=[a.person_id for a in assignments]
        )
    }
    location_ids = {loc.pk for a in assignments for loc in a.locations.all()}
    counts = counted_students(scope.year, location_ids) if location_ids else {}
    shares = (
        _partner_shares(scope.year, [a.pk for a in assignments], location_ids)
        if location_ids
        else {}
    )
    rows: list[SoFacilitation] = []
    for assignment in assignments:
        locations = sorted(assignment.locations.all(), key=lambda loc: loc.name)
        location_rows = [
            LocationRow(
                location_id=loc.pk,
                name=loc.name,
                students=counts[loc.pk][0],
                basis=counts[loc.pk][1],
                advice=rules.second_so_advice(params, counts[loc.pk][0]),
            )
            for loc in locations
        ]
        hours = rules.so_hours(params, [row.students for row in location_rows])
        grant = granted.get(assignment.person_id)
        qualifies = (
            rules.qualifies_for_compensation(params, grant.hours, hours.hours) if grant else None
        )
        rows.append(
            SoFacilitation(
                person=assignment.person,
                locations=location_rows,
                hours=hours,
                free_time=rules.free_time(params, hours.students),
                granted=grant,
                qualifies=qualifies,
                partner_share=shares.get(assignment.pk),
            )
        )
    return rows


def _partner_shares(
    year: SchoolYear, assignment_ids: list[int], location_ids: Iterable[int]
) -> dict[int, Decimal | None]:
    """Per SO assignment, the share of its schools' students (each counted once, however
    many of its schools they are at) who come from a partner institute. Counted in the
    database, one row per SO: the largest school's thousands of students are not read."""
    # A subquery, not a list: a region's institutes are not read into Python.
    partner_ids = InstitutePartnership.objects.filter(school_year=year, is_partner=True).values(
        "institute_id"
    )
    # The placements the report counts, by the one definition of them (`reported()`).
    # Only the SOs' own schools' placements: the subquery stays as small as the answer.
    reported = Placement.objects.reported().filter(school_year=year, location_id__in=location_ids)
    counted = Q(schoollocation__placements__in=reported)
    student = "schoollocation__placements__student"
    rows = (
        RoleAssignment.locations.through.objects.filter(roleassignment_id__in=assignment_ids)
        .values("roleassignment_id")
        .annotate(
            total=Count(student, distinct=True, filter=counted),
            partners=Count(
                student,
                distinct=True,
                filter=counted & Q(**{f"{student}__institute_id__in": partner_ids}),
            ),
        )
        .order_by()
    )
    return {
        row["roleassignment_id"]: rules.partner_share(partners=row["partners"], total=row["total"])
        for row in rows
    }


# Targets ------------------------------------------------------------------------------------------


@dataclass
class TargetRow:
    name: str
    pupils: int | None
    streefaantal: int | None
    actual: int
    partner: int
    other: int
    bonus: rules.BonusResult | None
    location_id: int = 0
    # Why the school has no facilitated SO this year ("" when it has one): a conversation.
    so_gap: str = ""
    # The school's agreement beside the streefaantal: an adjusted target or growth step.
    adjustment: TargetAdjustment | None = None


@dataclass
class TargetsTable:
    params: PolicyParams
    rows: list[TargetRow]
    pupils_total: int
    streefaantal_total: int
    actual_total: int
    partner_total: int
    other_total: int
    bonus: rules.BonusResult
    compensation: rules.CompensationResult

    @property
    def without_so(self) -> list[TargetRow]:
        return [row for row in self.rows if row.so_gap]


def so_presence(year: SchoolYear) -> dict[int, rules.SoPresence]:
    """Per location with an SO in a year: whether it has a facilitated SO, by
    `rules.so_facilitated` (a location missing here has no SO at all). Two queries,
    whatever the number of schools."""
    through = RoleAssignment.locations.through
    so_of: dict[int, list[int]] = defaultdict(list)
    for location_id, person_id in through.objects.filter(
        roleassignment__school_year=year, roleassignment__role=Role.SO
    ).values_list("schoollocation_id", "roleassignment__person_id"):
        so_of[location_id].append(person_id)
    granted = dict(GrantedHours.objects.filter(school_year=year).values_list("so_id", "hours"))
    return {
        location_id: rules.so_facilitated([granted.get(person) for person in people])
        for location_id, people in so_of.items()
    }


def without_facilitated_so(year: SchoolYear) -> QuerySet[LocationYear]:
    """The member schools of a year without a facilitated SO (`rules.so_facilitated` in
    the database, for the start page, which reads only the first few): no SO assigned, or
    only SOs whose school recorded 0 granted hours. Each row says whether it has an SO
    (`has_so`)."""
    assigned = RoleAssignment.objects.filter(
        school_year=year, role=Role.SO, locations=OuterRef("location_id")
    )
    unfacilitated = GrantedHours.objects.filter(
        school_year=year, so_id=OuterRef("person_id"), hours__lte=0
    )
    return (
        LocationYear.objects.filter(school_year=year, is_member=True)
        .annotate(has_so=Exists(assigned))
        .filter(~Exists(assigned.filter(~Exists(unfacilitated))))
        .select_related("location")
        .order_by("location__name", "pk")
    )


def targets_table(year: SchoolYear) -> TargetsTable:
    """Figure 12 of the report with the bonus per school: pupils, streefaantal, actual,
    partner and other students. Placements count per school (a switcher counts at both)."""
    params = policy_for(year)
    partner_ids = set(
        InstitutePartnership.objects.filter(school_year=year, is_partner=True).values_list(
            "institute_id", flat=True
        )
    )
    # Counted per school in the database: one row per school, not one per placement.
    per_location: dict[int, list[int]] = {
        location_id: [partner, total - partner]
        for location_id, partner, total in Placement.objects.reported()
        .filter(school_year=year)
        .values("location_id")
        .annotate(
            partner=Count("id", filter=Q(student__institute_id__in=partner_ids)),
            total=Count("id"),
        )
        .values_list("location_id", "partner", "total")
        .order_by()
    }
    presence = so_presence(year)
    no_so = rules.so_facilitated([])
    adjustments = {a.location_id: a for a in TargetAdjustment.objects.filter(school_year=year)}
    rows: list[TargetRow] = []
    # Plain values: a thousand schools are a thousand tuples, not two thousand models.
    location_years = (
        LocationYear.objects.filter(school_year=year, is_member=True)
        .order_by("location__name")
        .values_list("location_id", "location__name", "pupils")
    )
    for location_id, name, pupils in location_years:
        partner, other = per_location.get(location_id, [0, 0])
        rows.append(
            TargetRow(
                name=name,
                pupils=pupils,
                streefaantal=rules.streefaantal(pupils, params) if pupils is not None else None,
                actual=partner + other,
                partner=partner,
                other=other,
                bonus=(
                    rules.bonus(params, pupils=pupils, students=partner + other)
                    if pupils is not None
                    else None
                ),
                location_id=location_id,
                so_gap=presence.get(location_id, no_so).reason,
                adjustment=adjustments.get(location_id),
            )
        )
    with_pupils = [row for row in rows if row.pupils is not None]
    return TargetsTable(
        params=params,
        rows=rows,
        pupils_total=sum(row.pupils or 0 for row in rows),
        streefaantal_total=rules.streefaantal_total([row.pupils or 0 for row in rows], params),
        actual_total=sum(row.actual for row in rows),
        partner_total=sum(row.partner for row in rows),
        other_total=sum(row.other for row in rows),
        bonus=rules.bonus_total(params, [(row.pupils or 0, row.actual) for row in with_pupils]),
        compensation=rules.school_compensation(params),
    )


def so_people_with_locations(year: SchoolYear) -> list[tuple[Person, list[str]]]:
    """Every SO of a year with their location names (for the granted-hours form)."""
    result = []
    for assignment in (
        RoleAssignment.objects.filter(school_year=year, role=Role.SO)
        .select_related("person")
        .prefetch_related("locations")
        .order_by("person__last_name")
    ):
        result.append((assignment.person, sorted(loc.name for loc in assignment.locations.all())))
    return result


__all__ = [
    "PolicyMissing",
    "counted_students",
    "facilitation_overview",
    "funding_count_for_year",
    "funding_facts",
    "params_of",
    "policy_for",
    "so_presence",
    "subsidy_for_year",
    "targets_table",
    "without_facilitated_so",
]
