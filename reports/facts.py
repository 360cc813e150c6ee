"""The first stage of the report: everything a year's report needs, read once, in bulk.

The query count is fixed whatever the number of schools, placements or meetings. This is
the only module of the report that reads other apps' data, each through a function that
app offers (`placements.selectors.report_placement_rows`, `intervision.report`, ...), never
through their models. The figures (`reports.figures`) are computed from what is read here.

Within one build (`facts_once`) the same year's policy, previous year and placements are
read once: the figures, the budget and the comparison with last year all ask for them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import Any

from django.db.models import Exists, OuterRef, Q, Subquery

from afternoons import report as afternoons_report
from bos import partnership
from bos.models import Institute, LocationYear, Person, Role, RoleAssignment, SchoolYear
from facilitation.params import PolicyParams
from facilitation.rules import money
from facilitation.selectors import counted_students, policy_for, so_presence, subsidy_for_year
from governance.selectors import report_decisions
from induction.report import school_counts as induction_counts
from intervision.report import school_rows as intervision_rows
from placements.rules import counted_in_report
from placements.selectors import report_placement_rows, target_adjustments
from professionalization.report import plan_evaluation, plan_themes, report_table
from surveys.report import year_results as survey_results

from . import teams
from .codec import decode
from .models import (
    Budget,
    BudgetLine,
    LineKind,
    ReportSnapshot,
    ReportTargets,
    SupportStaff,
    UnknownCounts,
)

# --- Read once per build -------------------------------------------------------------------

_build_memo: ContextVar[dict[tuple[str, int], Any] | None] = ContextVar(
    "report_build_memo", default=None
)
# Facts loaded while one report is built (its year, the comparison year and the years the
# budget reads), so each year's placements are read once per report.
_facts_memo: ContextVar[dict[tuple[int, frozenset[int] | None], YearFacts] | None] = ContextVar(
    "report_facts_memo", default=None
)


@contextmanager
def build_memo() -> Iterator[None]:
    """Remember policies and previous years for the length of one build (nested builds share
    the outer memo)."""
    token = _build_memo.set({}) if _build_memo.get() is None else None
    try:
        yield
    finally:
        if token is not None:
            _build_memo.reset(token)


@contextmanager
def facts_once() -> Iterator[None]:
    """Within the block, load_facts reads each (year, locations) once."""
    token = _facts_memo.set({}) if _facts_memo.get() is None else None
    try:
        with build_memo():
            yield
    finally:
        if token is not None:
            _facts_memo.reset(token)


def _memoised(key: tuple[str, int], compute: Callable[[], Any]) -> Any:
    memo = _build_memo.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def params_for(year: SchoolYear) -> PolicyParams:
    """The year's policy parameters (read once per report build)."""
    return _memoised(("params", year.pk), lambda: policy_for(year))


def previous_year(year: SchoolYear) -> SchoolYear | None:
    """The school year before `year` (read once per report build)."""
    return _memoised(("previous", year.pk), year.previous)


def year_has_data(year: SchoolYear) -> bool:
    return LocationYear.objects.filter(school_year=year).exists()


# --- The placements of a year ----------------------------------------------------------------


@dataclass(slots=True)
class InstituteFact:
    pk: int
    short_name: str
    first_year_label: str


@dataclass(slots=True)
class StudentFact:
    pk: int
    institute_id: int
    institute: InstituteFact
    is_zij_instromer: bool


@dataclass(slots=True)
class LocationFact:
    pk: int
    name: str


@dataclass(slots=True)
class PlacementFact:
    """What the figures read of a placement, without a model instance per row: the facts of
    a year at regional scale are tens of thousands of placements."""

    pk: int
    student_id: int
    location_id: int
    level: str
    institute_label: str
    registered_in_institute_system: bool
    switched_from_id: int | None
    status: str
    student: StudentFact
    location: LocationFact
    has_wpb: bool = False

    @property
    def is_first_year(self) -> bool:
        label = self.student.institute.first_year_label
        return bool(label) and self.institute_label == label


@dataclass
class YearFacts:
    """The organisation, partners and placements of a year the figures count, read once."""

    year: SchoolYear
    params: PolicyParams
    schools: list[LocationYear]
    partners: list[Institute]
    placements: list[PlacementFact]
    unknown: dict[int, str]
    all_placements: list[PlacementFact] = field(default_factory=list)
    # Per location: the school's adjusted target or growth step, as (number, "kind number.
    # reason").
    adjustments: dict[int, tuple[int, str]] = field(default_factory=dict)

    @property
    def partner_codes(self) -> list[str]:
        return [institute.short_name for institute in self.partners]

    @cached_property
    def partner_ids(self) -> frozenset[int]:
        return frozenset(institute.pk for institute in self.partners)

    def is_partner(self, placement: PlacementFact) -> bool:
        return placement.student.institute_id in self.partner_ids


def _placement_facts(rows: list[tuple[Any, ...]]) -> list[PlacementFact]:
    """Rows of placements.selectors.REPORT_PLACEMENT_FIELDS as facts; institutes, students
    and locations are shared between the placements that name them."""
    institutes: dict[int, InstituteFact] = {}
    students: dict[int, StudentFact] = {}
    locations: dict[int, LocationFact] = {}
    facts = []
    for (
        pk,
        student_id,
        location_id,
        level,
        label,
        registered,
        switched_from_id,
        status,
        institute_id,
        is_zij,
        short_name,
        first_year_label,
        location_name,
        wpb_id,
    ) in rows:
        institute = institutes.get(institute_id)
        if institute is None:
            institute = institutes[institute_id] = InstituteFact(
                institute_id, short_name, first_year_label
            )
        student = students.get(student_id)
        if student is None:
            student = students[student_id] = StudentFact(
                student_id, institute_id, institute, is_zij
            )
        location = locations.get(location_id)
        if location is None:
            location = locations[location_id] = LocationFact(location_id, location_name)
        facts.append(
            PlacementFact(
                pk,
                student_id,
                location_id,
                level,
                label,
                registered,
                switched_from_id,
                status,
                student,
                location,
                wpb_id is not None,
            )
        )
    return facts


def is_reported(placement: PlacementFact) -> bool:
    """PlacementQuerySet.reported() for one loaded placement (the placements app's rule)."""
    return counted_in_report(
        status=placement.status,
        registered_in_institute_system=placement.registered_in_institute_system,
    )


def load_facts(
    year: SchoolYear, params: PolicyParams, *, location_ids: frozenset[int] | None = None
) -> YearFacts:
    memo = _facts_memo.get()
    key = (year.pk, location_ids)
    if memo is not None and key in memo and memo[key].params == params:
        return memo[key]
    schools = list(
        LocationYear.objects.filter(school_year=year, is_member=True)
        .select_related("location__board", "location__group")
        .order_by("location__name")
    )
    if location_ids is not None:
        schools = [s for s in schools if s.location_id in location_ids]
    partners = list(
        Institute.objects.filter(partnerships__school_year=year, partnerships__is_partner=True)
        .order_by("name")
        .distinct()
    )
    # One read of the year's placements; the report's selection is made in Python with the
    # same rule as PlacementQuerySet.reported().
    all_placements = _placement_facts(report_placement_rows(year, location_ids))
    reported = [p for p in all_placements if is_reported(p)]
    unknown = dict(
        UnknownCounts.objects.filter(school_year=year).values_list("location_id", "note")
    )
    adjustments = {
        location_id: (item.target, f"{item.get_kind_display()} {item.target}. {item.reason}")
        for location_id, item in target_adjustments(year).items()
    }
    facts = YearFacts(
        year, params, schools, partners, reported, unknown, all_placements, adjustments
    )
    if memo is not None:
        memo[key] = facts
    return facts


# --- People: the SOs, the teams and the facilitated staff --------------------------------------


@dataclass
class SoFacts:
    """The year's SOs with (some of) their locations in the report, and the student count
    each of their locations counts with (the facilitation app's choice of basis)."""

    assignments: list[tuple[RoleAssignment, list[Any]]]
    counted: dict[int, tuple[int, str]]


def so_facts(year_facts: YearFacts) -> SoFacts:
    in_report = {s.location_id for s in year_facts.schools}
    assignments = (
        RoleAssignment.objects.filter(school_year=year_facts.year, role=Role.SO)
        .select_related("person")
        .prefetch_related("locations")
        .order_by("person__last_name")
    )
    shown = []
    for assignment in assignments:
        locations = sorted(assignment.locations.all(), key=lambda loc: loc.name)
        if any(loc.pk in in_report for loc in locations):
            shown.append((assignment, locations))
    # Counted for every shown location at once.
    counted = counted_students(year_facts.year, {loc.pk for _, locs in shown for loc in locs})
    return SoFacts(shown, counted)


# Roles facilitated as staff, and the body each counts under (figure 6); the ontwikkelteams
# come from the year's teams (`reports.teams`).
FACILITATED_ROLES = [Role.PROJECTLEIDER, Role.BC, Role.IC]
# The bodies of figure 6 that are roles of their own (their partner from the role, or from
# the person's BC or IC role).
BODY_ROLES = [Role.STUURGROEP, Role.KERNTEAM]


@dataclass
class StaffFacts:
    """Who the whole report names in figures 2 and 6: the team members of the year, their
    other roles (and their ontwikkelteam role, which may name the partner they come from),
    and the roles facilitated as staff."""

    partnership_name: str
    members: list[teams.TeamMember]
    people: dict[int, Person]
    roles_of: dict[int, list[RoleAssignment]]
    team_roles: dict[int, RoleAssignment]
    facilitated: list[RoleAssignment]
    # The stuurgroep's and kernteam's members (figure 6) and the support staff.
    bodies: list[RoleAssignment] = field(default_factory=list)
    support: list[SupportStaff] = field(default_factory=list)


def staff_facts(year: SchoolYear) -> StaffFacts:
    members = teams.members_of(year)
    person_ids = {member.person_id for member in members}
    people = Person.objects.in_bulk(person_ids)
    roles_of: dict[int, list[RoleAssignment]] = defaultdict(list)
    team_roles: dict[int, RoleAssignment] = {}
    staff_roles = [*FACILITATED_ROLES, *BODY_ROLES]
    staff: list[RoleAssignment] = []
    # The team members' roles and the staff's roles in one query (and one prefetch).
    for assignment in (
        RoleAssignment.objects.filter(school_year=year)
        .filter(Q(person_id__in=person_ids) | Q(role__in=staff_roles))
        .select_related("person", "institute", "board")
        .prefetch_related("locations__board")
        .order_by("pk")
    ):
        if assignment.role in staff_roles:
            staff.append(assignment)
        if assignment.person_id not in person_ids:
            continue
        if assignment.role == Role.ONTWIKKELTEAM:
            team_roles.setdefault(assignment.person_id, assignment)
        else:
            roles_of[assignment.person_id].append(assignment)
    return StaffFacts(
        partnership_name=partnership.current().short_name,
        members=members,
        people=people,
        roles_of=roles_of,
        team_roles=team_roles,
        facilitated=[a for a in staff if a.role in FACILITATED_ROLES],
        bodies=[a for a in staff if a.role in BODY_ROLES],
        support=list(
            SupportStaff.objects.filter(school_year=year)
            .select_related("person", "board", "institute")
            .order_by("pk")
        ),
    )


# --- The budget (figure 5) ------------------------------------------------------------------


@dataclass
class BudgetFacts:
    """A year's budget with its lines and entries, the subsidy the funding rule gives, and
    what the reserve carried in is computed from: the previous year's stored reserve (when
    closed), else that year's own budget facts (when it has a budget), else the entered
    amount."""

    year: SchoolYear
    params: PolicyParams
    budget: Budget
    lines: list[BudgetLine]
    subsidy: Decimal
    subsidy_lines: list[str]
    # The schools that qualify for the school compensation (read only for a budget with
    # such a line).
    compensation_schools: list[str] = field(default_factory=list)
    stored_previous_reserve: Decimal | None = None
    previous_has_budget: bool = False
    previous_facts: YearFacts | None = None
    previous_budget: BudgetFacts | None = None


def stored_reserve(year: SchoolYear) -> Decimal | None:
    """The reserve a closed year ended with, as stored in its snapshot; None while open."""
    if year.closed_at is None:
        return None
    snapshot = ReportSnapshot.objects.filter(school_year=year).order_by("-created_at", "-pk")
    reserve = snapshot.values_list("reserve", flat=True).first()
    return None if reserve is None else money(reserve)


def budget_facts(
    year: SchoolYear, *, schools: list[LocationYear] | None = None
) -> BudgetFacts | None:
    """Figure 5's facts of a year; None when the year has no budget."""
    subsidy = subsidy_for_year(year)
    budget = Budget.objects.filter(school_year=year).first()
    if budget is None:
        return None
    lines = list(
        BudgetLine.objects.filter(section__budget=budget)
        .select_related("section")
        .prefetch_related("entries")
    )
    facts = BudgetFacts(
        year=year,
        params=params_for(year),
        budget=budget,
        lines=lines,
        subsidy=subsidy.amount,
        subsidy_lines=list(subsidy.lines),
        compensation_schools=(
            compensation_schools(year, schools)
            if any(line.kind == LineKind.COMPENSATION for line in lines)
            else []
        ),
    )
    _carried_in_facts(facts)
    return facts


def compensation_schools(year: SchoolYear, schools: list[LocationYear] | None = None) -> list[str]:
    """The member schools of a year that receive the school compensation: those with a
    facilitated SO (`facilitation.rules.so_facilitated`: an SO assigned, and not only SOs
    whose school granted them no hours). Two queries with the year's schools at hand (the
    report's), three without, whatever the number of schools."""
    presence = so_presence(year)
    if schools is None:
        rows = list(
            LocationYear.objects.filter(school_year=year, is_member=True).values_list(
                "location_id", "location__name"
            )
        )
    else:
        rows = [(school.location_id, school.location.name) for school in schools]
    return sorted(
        name
        for location_id, name in rows
        if location_id in presence and presence[location_id].facilitated
    )


def _carried_in_facts(facts: BudgetFacts) -> None:
    """The previous year's reserve is stored when that year is closed (so earlier years are
    never recomputed); while it is open and has a budget, its facts are read to compute it."""
    previous = previous_year(facts.year)
    if previous is None:
        return
    facts.stored_previous_reserve = stored_reserve(previous)
    if facts.stored_previous_reserve is not None:
        return
    if Budget.objects.filter(school_year=previous).exists():
        facts.previous_has_budget = True
        facts.previous_facts = load_facts(previous, params_for(previous))
        facts.previous_budget = budget_facts(previous)


# --- The years side by side ------------------------------------------------------------------

# Where a closed year's snapshot keeps its key values (`reports.comparison.key_values`, stored
# with `reports.codec.encode`): a few dozen numbers, read without the rest of the JSON.
KEPT_VALUES_PATH = "data__key_values"
# What a snapshot kept before it held its key values: the totals the comparison read then
# (figures 7, 12 and 1 and the bonus). Read in the same query; used when the key values are
# missing.
LEGACY_PATHS = {
    "fig7": "data__figures__fig7__total",
    "fig12": "data__figures__fig12__total",
    "fig1": "data__figures__fig1__total",
    "bonus": "data__figures__bonus__total_eur",
}


@dataclass
class KeptYear:
    """A school year up to the report's: whether it has an organisation to report on and,
    when closed, what its latest snapshot keeps (its key values, or for a snapshot from
    before they were kept, the totals and the reserve it held)."""

    year: SchoolYear
    has_data: bool
    values: dict[str, Any] | None = None
    legacy_figures: dict[str, Any] | None = None
    reserve: Decimal | None = None

    @property
    def kept(self) -> bool:
        return self.values is not None or self.legacy_figures is not None


def _legacy_figures(row: dict[str, Any]) -> dict[str, Any] | None:
    if any(row[path] is None for path in LEGACY_PATHS.values()):
        return None
    values = {key: decode(row[path]) for key, path in LEGACY_PATHS.items()}
    return {
        "fig7": {"total": values["fig7"]},
        "fig12": {"total": values["fig12"]},
        "fig1": {"total": values["fig1"]},
        "bonus": {"total_eur": values["bonus"]},
    }


def years_until(year: SchoolYear) -> list[KeptYear]:
    """Every school year up to and including `year`, oldest first, each with whether it has
    schools and what a closed one's latest snapshot keeps: two queries, whatever the number
    of years (the years, then the snapshots' key values only, not their JSON)."""
    years = list(
        SchoolYear.objects.filter(start_date__lte=year.start_date)
        .annotate(with_schools=Exists(LocationYear.objects.filter(school_year=OuterRef("pk"))))
        .order_by("start_date")
    )
    closed = [y.pk for y in years if y.closed_at is not None and y.pk != year.pk]
    kept: dict[int, dict[str, Any]] = {}
    if closed:
        latest = (
            ReportSnapshot.objects.filter(school_year=OuterRef("school_year"))
            .order_by("-created_at", "-pk")
            .values("pk")[:1]
        )
        for row in ReportSnapshot.objects.filter(
            school_year_id__in=closed, pk=Subquery(latest)
        ).values("school_year_id", "reserve", KEPT_VALUES_PATH, *LEGACY_PATHS.values()):
            kept[row["school_year_id"]] = row
    rows = []
    for item in years:
        row = kept.get(item.pk)
        entry = KeptYear(item, item.with_schools)
        if row is not None:
            if row[KEPT_VALUES_PATH] is not None:
                entry.values = decode(row[KEPT_VALUES_PATH])
            else:
                entry.legacy_figures = _legacy_figures(row)
                entry.reserve = None if row["reserve"] is None else money(row["reserve"])
        rows.append(entry)
    return rows


def _previous_in(years: list[KeptYear], year: SchoolYear) -> SchoolYear | None:
    """SchoolYear.previous, found in the years already read."""
    before = [row.year for row in years if row.year.end_date < year.start_date]
    return before[-1] if before else None


@dataclass
class PreviousFacts:
    """What the comparison with the previous year reads: what a closed year's snapshot keeps
    (the figures it published), or else that year's live facts: its placements and, for the
    whole report, the other apps' tables."""

    year: SchoolYear
    kept: KeptYear | None = None
    facts: YearFacts | None = None
    tables: dict[str, Any] | None = None


def other_tables(year: SchoolYear) -> dict[str, Any]:
    """The other apps' tables of a whole year, as the report's figures take them."""
    return {
        "fig3": afternoons_report.figure_3(year),
        **afternoons_report.figures(year),
        "intervision": intervision_rows(year, None),
        "professionalization": report_table(year),
        "induction_counts": induction_counts(year),
    }


def previous_facts(
    year: SchoolYear,
    *,
    location_ids: frozenset[int] | None,
    years: list[KeptYear] | None = None,
) -> PreviousFacts | None:
    previous = previous_year(year)
    if previous is None:
        return None
    row = next((r for r in years or [] if r.year.pk == previous.pk), None)
    # The whole report compares with the figures a closed year was closed with, which also
    # spares rebuilding that year; otherwise (an SO's part, an open year) with live data.
    if location_ids is None and row is not None and row.kept:
        return PreviousFacts(previous, kept=row)
    if not (row.has_data if row is not None else year_has_data(previous)):
        return None
    facts = load_facts(previous, params_for(previous), location_ids=location_ids)
    tables = other_tables(previous) if location_ids is None else None
    return PreviousFacts(previous, facts=facts, tables=tables)


# --- A year's report -------------------------------------------------------------------------


@dataclass
class ReportFacts:
    """Everything one report (the whole year's, or an SO's part: `location_ids`) is
    computed from. Other apps' tables come as they offer them; the whole-year parts (teams,
    staff, professionalisation, budget, targets) only for the whole report."""

    year: SchoolYear
    location_ids: frozenset[int] | None
    year_facts: YearFacts
    afternoons: list[dict[str, Any]]
    afternoon_figures: dict[str, Any]
    intervision: dict[str, Any]
    so: SoFacts
    previous: PreviousFacts | None
    # Starters and building blocks per school (`induction.report.school_counts`).
    induction: dict[str, Any] = field(default_factory=dict)
    # The whole report's years up to its own, for the series over the years.
    years: list[KeptYear] | None = None
    staff: StaffFacts | None = None
    professionalization: dict[str, Any] | None = None
    budget: BudgetFacts | None = None
    targets: ReportTargets | None = None
    # The plan's themes as the year keeps them (`professionalization.report.plan_themes`),
    # for figure 4.
    themes: list[dict[str, Any]] | None = None
    # What the evaluation of last year's plan brought (`professionalization.report.
    # plan_evaluation`), figure 4's note.
    plan_evaluation: str = ""
    # The year's decisions (`governance.selectors.report_decisions`), for figure 13.
    decisions: list[dict[str, Any]] | None = None
    # The year's opened surveys with their counts (`surveys.report.year_results`), for
    # figure 14.
    surveys: list[dict[str, Any]] | None = None

    @property
    def whole(self) -> bool:
        return self.location_ids is None


def report_facts(year: SchoolYear, *, location_ids: frozenset[int] | None = None) -> ReportFacts:
    """Read everything the report of `year` needs, once (call within `facts_once`)."""
    years = years_until(year) if location_ids is None else None
    if years is not None:
        # The previous year is among the years just read; the budget and the comparison ask.
        _memoised(("previous", year.pk), lambda: _previous_in(years, year))
    params = params_for(year)
    year_facts = load_facts(year, params, location_ids=location_ids)
    facts = ReportFacts(
        year=year,
        location_ids=location_ids,
        year_facts=year_facts,
        afternoons=afternoons_report.figure_3(year),
        afternoon_figures=afternoons_report.figures(year, location_ids=location_ids),
        intervision=intervision_rows(year, location_ids),
        so=so_facts(year_facts),
        previous=None,
        induction=induction_counts(year, location_ids),
        years=years,
    )
    if facts.whole:
        facts.staff = staff_facts(year)
        facts.professionalization = report_table(year)
        facts.themes = plan_themes(year)
        facts.plan_evaluation = plan_evaluation(year)
        facts.budget = budget_facts(year, schools=year_facts.schools)
        facts.targets = ReportTargets.objects.filter(school_year=year).first()
        facts.decisions = report_decisions(year)
        facts.surveys = survey_results(year)
    facts.previous = previous_facts(year, location_ids=location_ids, years=years)
    return facts
