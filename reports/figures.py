"""The report's tables (domain §6), computed from what SOs registered, the organisation of
the year and its policy. Every function returns plain values (dicts, ints, Decimals) so the
same figures feed the web page, the PDF, the workbook and `report_figures`."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import Any

from bos import partnership
from bos.models import (
    Institute,
    LocationYear,
    Person,
    Role,
    RoleAssignment,
    SchoolYear,
)
from facilitation import rules as facilitation_rules
from facilitation.params import PolicyParams
from placements.models import Placement, PlacementStatus, StageLevel

from . import rules, teams
from .memo import build_memo
from .models import UnknownCounts

LEVELS = [level.value for level in StageLevel]
VT_LEVELS = ["VT1", "VT2", "VT3", "VT4"]
OTHER = "other"


@dataclass
class YearFacts:
    """Everything the figures are computed from, read once."""

    year: SchoolYear
    params: PolicyParams
    schools: list[LocationYear]
    partners: list[Institute]
    placements: list[PlacementFact]
    unknown: dict[int, str]
    all_placements: list[PlacementFact] = field(default_factory=list)

    @property
    def partner_codes(self) -> list[str]:
        return [institute.short_name for institute in self.partners]

    @cached_property
    def partner_ids(self) -> frozenset[int]:
        return frozenset(institute.pk for institute in self.partners)

    def is_partner(self, placement: PlacementFact) -> bool:
        return placement.student.institute_id in self.partner_ids


# Facts loaded while one report is built (its year, the comparison year and the years the
# budget reads), so each year's placements are read once per report.
_facts_memo: ContextVar[dict[tuple[int, frozenset[int] | None], YearFacts] | None] = ContextVar(
    "report_facts_memo", default=None
)


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


FACT_FIELDS = (
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


def _placement_facts(placements: Any) -> list[PlacementFact]:
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
    ) in placements.values_list(*FACT_FIELDS).order_by("pk"):
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
    placements = Placement.objects.for_year(year)
    if location_ids is not None:
        schools = [s for s in schools if s.location_id in location_ids]
        placements = placements.filter(location_id__in=location_ids)
    partners = list(
        Institute.objects.filter(partnerships__school_year=year, partnerships__is_partner=True)
        .order_by("name")
        .distinct()
    )
    # One read of the year's placements; the report's selection is made in Python with the
    # same rule as PlacementQuerySet.reported().
    all_placements = _placement_facts(placements)
    reported = [p for p in all_placements if is_reported(p)]
    unknown = dict(
        UnknownCounts.objects.filter(school_year=year).values_list("location_id", "note")
    )
    facts = YearFacts(year, params, schools, partners, reported, unknown, all_placements)
    if memo is not None:
        memo[key] = facts
    return facts


def is_reported(placement: PlacementFact) -> bool:
    """PlacementQuerySet.reported() for one loaded placement."""
    return not (
        placement.status == PlacementStatus.STOPPED and not placement.registered_in_institute_system
    )


def _by_school(facts: YearFacts) -> dict[int, list[PlacementFact]]:
    grouped: dict[int, list[PlacementFact]] = defaultdict(list)
    for placement in facts.placements:
        grouped[placement.location_id].append(placement)
    return grouped


def _sum_rows(rows: list[dict[str, Any]], keys: list[str]) -> dict[str, Any]:
    total: dict[str, Any] = {"school": "Totaal"}
    for key in keys:
        total[key] = sum(row[key] for row in rows if row[key] is not None)
    return total


def figure_1(facts: YearFacts) -> dict[str, Any]:
    """First-years per partner institute per school, by the institute's own label."""
    grouped = _by_school(facts)
    codes = facts.partner_codes
    rows = []
    for school in facts.schools:
        counts = Counter(
            p.student.institute.short_name
            for p in grouped[school.location_id]
            if p.is_first_year and facts.is_partner(p)
        )
        row: dict[str, Any] = {"school": school.location.name}
        row.update({code: counts[code] for code in codes})
        row["total"] = sum(counts[code] for code in codes)
        rows.append(row)
    return {"columns": codes, "rows": rows, "total": _sum_rows(rows, [*codes, "total"])}


def figure_7(facts: YearFacts, *, whole_year: bool = True) -> dict[str, Any]:
    """Students per institute per school; partners by name, the rest as 'other'."""
    grouped = _by_school(facts)
    codes = facts.partner_codes
    keys = [*codes, OTHER, "total"]
    rows = []
    for school in facts.schools:
        row: dict[str, Any] = {"school": school.location.name}
        if school.location_id in facts.unknown:
            row.update(dict.fromkeys(keys))
        else:
            counts = Counter(
                p.student.institute.short_name if facts.is_partner(p) else OTHER
                for p in grouped[school.location_id]
            )
            row.update({key: counts[key] for key in [*codes, OTHER]})
            row["total"] = sum(counts.values())
        rows.append(row)
    result: dict[str, Any] = {
        "columns": [*codes, OTHER],
        "rows": rows,
        "total": _sum_rows(rows, keys),
        "switched": sum(1 for p in facts.placements if p.switched_from_id is not None),
    }
    if whole_year:
        result["funding_count"] = funding_count(facts)
    return result


def wpb_coverage(facts: YearFacts) -> dict[str, int]:
    """The reported placements and how many of them have a WPB (a goal's indicator)."""
    return {
        "placements": len(facts.placements),
        "with_wpb": sum(1 for placement in facts.placements if placement.has_wpb),
    }


def figure_8(fig7: dict[str, Any]) -> dict[str, Any]:
    """Share per institute, derived from figure 7."""
    total = fig7["total"]["total"]
    rows = [
        {
            "label": column,
            "count": fig7["total"][column],
            "percent": share(fig7["total"][column], total),
        }
        for column in fig7["columns"]
    ]
    return {"rows": rows, "total": total}


def share(part: int, whole: int) -> Decimal:
    return rules.share(part, whole, places=1)


def figure_11(facts: YearFacts) -> dict[str, Any]:
    """Stage level per school, partner students only."""
    grouped = _by_school(facts)
    rows = []
    for school in facts.schools:
        counts = Counter(p.level for p in grouped[school.location_id] if facts.is_partner(p))
        row: dict[str, Any] = {"school": school.location.name}
        row.update({level: counts[level] for level in LEVELS})
        row["total"] = sum(counts[level] for level in LEVELS)
        rows.append(row)
    return {"columns": LEVELS, "rows": rows, "total": _sum_rows(rows, [*LEVELS, "total"])}


def figure_9_10(fig11: dict[str, Any]) -> dict[str, Any]:
    """Shares per stage level: all partner students (9) and VT bachelor only (10)."""
    total = fig11["total"]
    all_count = sum(total[level] for level in LEVELS)
    vt_count = sum(total[level] for level in VT_LEVELS)
    return {
        "fig9": [
            {"label": level, "count": total[level], "percent": share(total[level], all_count)}
            for level in LEVELS
        ],
        "fig10": [
            {"label": level, "count": total[level], "percent": share(total[level], vt_count)}
            for level in VT_LEVELS
        ],
        "fig9_total": all_count,
        "fig10_total": vt_count,
    }


def figure_12(facts: YearFacts) -> dict[str, Any]:
    """Pupils, streefaantal and actual students per school. The total streefaantal is the
    rule applied to all pupils, not the sum of the rounded rows (13035 → 261, not 262)."""
    grouped = _by_school(facts)
    rows = []
    for school in facts.schools:
        placements = grouped[school.location_id]
        partner = sum(1 for p in placements if facts.is_partner(p))
        unknown = school.location_id in facts.unknown
        pupils = school.pupils
        rows.append(
            {
                "school": school.location.name,
                "pupils": pupils,
                "streefaantal": None
                if pupils is None
                else facilitation_rules.streefaantal(pupils, facts.params),
                "students": None if unknown else len(placements),
                "partner": partner,
                "other": None if unknown else len(placements) - partner,
            }
        )
    total = _sum_rows(rows, ["pupils", "students", "partner", "other"])
    total["streefaantal"] = facilitation_rules.streefaantal_total(
        [row["pupils"] for row in rows if row["pupils"] is not None], facts.params
    )
    return {"rows": rows, "total": total}


def bonus_table(facts: YearFacts, fig12: dict[str, Any]) -> dict[str, Any]:
    """Bonus per school with more students (partner or not) than its streefaantal."""
    rows = []
    for row in fig12["rows"]:
        if row["pupils"] is None or row["students"] is None:
            continue
        bonus = facilitation_rules.bonus(
            facts.params, pupils=row["pupils"], students=row["students"]
        )
        extra, amount = bonus.extra_students, bonus.amount
        if extra > 0:
            rows.append(
                {"school": row["school"], "extra_students": extra, "bonus_eur": rules.money(amount)}
            )
    return {
        "rows": rows,
        "extra_students": sum(r["extra_students"] for r in rows),
        "total_eur": rules.money(sum((r["bonus_eur"] for r in rows), Decimal(0))),
    }


def _partner_of(assignment: RoleAssignment) -> str:
    if assignment.institute_id:
        return assignment.institute.short_name
    if assignment.board_id:
        return assignment.board.name
    location = next(iter(assignment.locations.all()), None)
    return location.board.name if location else partnership.current().short_name


def _roles_by_person(
    year: SchoolYear, person_ids: set[int]
) -> tuple[dict[int, list[RoleAssignment]], dict[int, RoleAssignment]]:
    """Each person's roles in the year other than ontwikkelteam, and their ontwikkelteam
    role (which may name the partner they come from), with what names a partner."""
    others: dict[int, list[RoleAssignment]] = defaultdict(list)
    team_roles: dict[int, RoleAssignment] = {}
    for assignment in (
        RoleAssignment.objects.filter(school_year=year, person_id__in=person_ids)
        .select_related("institute", "board")
        .prefetch_related("locations__board")
        .order_by("pk")
    ):
        if assignment.role == Role.ONTWIKKELTEAM:
            team_roles.setdefault(assignment.person_id, assignment)
        else:
            others[assignment.person_id].append(assignment)
    return others, team_roles


def _partner_of_member(
    person_id: int,
    main: RoleAssignment | None,
    team_roles: dict[int, RoleAssignment],
) -> str:
    chosen = main or team_roles.get(person_id)
    return _partner_of(chosen) if chosen else partnership.current().short_name


def figure_2(year: SchoolYear) -> list[dict[str, Any]]:
    """Ontwikkelteam members (the year's teams, `reports.teams`) with their partner, school
    and roles in the partnership."""
    members = teams.members_of(year)
    person_ids = {member.person_id for member in members}
    people = Person.objects.in_bulk(person_ids)
    roles_of, team_roles = _roles_by_person(year, person_ids)
    rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for member in members:
        others = roles_of[member.person_id]
        schools = sorted({loc.name for a in others for loc in a.locations.all()})
        main = others[0] if others else None
        rows[member.team].append(
            {
                "name": people[member.person_id].full_name,
                "partner": _partner_of_member(member.person_id, main, team_roles),
                "school": ", ".join(schools) or "–",
                "roles": ", ".join(sorted({str(Role(a.role).label) for a in others})) or "–",
                "kartrekker": member.is_kartrekker,
                "hours": member.hours,
            }
        )
    return [{"team": team, "members": team_rows} for team, team_rows in rows.items()]


# Roles facilitated as staff, and the body each counts under; the ontwikkelteams come from
# the year's teams (`reports.teams`).
FACILITATED_BODIES = [
    (Role.PROJECTLEIDER, "Projectleiding"),
    (Role.BC, "Kernteam"),
    (Role.IC, "Kernteam"),
]
TEAMS_BODY = "Ontwikkelteams"


def figure_6(year: SchoolYear) -> dict[str, Any]:
    """Staff deployment with the partnership's facilitation, per partner and body."""
    bodies = [*dict.fromkeys(label for _, label in FACILITATED_BODIES), TEAMS_BODY]
    cells: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    hours: dict[str, Decimal] = defaultdict(Decimal)
    assignments = (
        RoleAssignment.objects.filter(
            school_year=year, role__in=[role for role, _ in FACILITATED_BODIES]
        )
        .select_related("person", "institute", "board")
        .prefetch_related("locations__board")
    )
    for assignment in assignments:
        body = dict(FACILITATED_BODIES)[assignment.role]
        partner = (
            _partner_of(assignment)
            if assignment.role != Role.PROJECTLEIDER
            else partnership.current().short_name
        )
        cells[partner][body].add(assignment.person.full_name)
        hours[body] += assignment.hours or Decimal(0)
    # A team member counts for the partner of their SO or IO role, else of their team role.
    members = teams.members_of(year)
    person_ids = {member.person_id for member in members}
    people = Person.objects.in_bulk(person_ids)
    roles_of, team_roles = _roles_by_person(year, person_ids)
    for member in members:
        main = next((a for a in roles_of[member.person_id] if a.role in (Role.SO, Role.IO)), None)
        partner = _partner_of_member(member.person_id, main, team_roles)
        cells[partner][TEAMS_BODY].add(people[member.person_id].full_name)
        hours[TEAMS_BODY] += member.hours
    rows = [
        {"partner": partner, **{body: sorted(cells[partner][body]) for body in bodies}}
        for partner in sorted(cells)
    ]
    return {"bodies": bodies, "rows": rows, "hours": dict(hours)}


def funding_count(facts: YearFacts) -> int:
    """Distinct funded students by the year's funding rule; the facts are the report's
    placements (its scope)."""
    funding_facts = [
        facilitation_rules.FundingFact(
            student_id=p.student_id,
            is_partner=facts.is_partner(p),
            registered=p.registered_in_institute_system,
            is_zij_instromer=p.student.is_zij_instromer,
        )
        for p in facts.placements
    ]
    return facilitation_rules.funding_count(funding_facts, facts.params).count
