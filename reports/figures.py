"""The second stage of the report: its tables (domain §6), computed from the facts
(`reports.facts`) of the year. Pure: facts in, plain values (dicts, ints, Decimals) out,
no database; so the same figures feed the page, the PDF, the workbook and
`report_figures`. The policy's rules are the other apps' own (`facilitation.rules`)."""

from __future__ import annotations

from collections import Counter, defaultdict
from decimal import Decimal
from typing import Any

from bos.models import Role, RoleAssignment
from facilitation import rules as facilitation_rules
from facilitation.params import PolicyParams
from facilitation.rules import money
from placements.rules import REPORT_LEVELS

from . import rules
from .facts import PlacementFact, ReportFacts, StaffFacts, YearFacts
from .models import GoalChapter

LEVELS = REPORT_LEVELS
VT_LEVELS = ["VT1", "VT2", "VT3", "VT4"]
OTHER = "other"


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
        # A school's agreement beside its streefaantal; only where there is one, so a year
        # without agreements keeps the seed's figure (and a closed year's snapshot) as is.
        if school.location_id in facts.adjustments:
            target, why = facts.adjustments[school.location_id]
            rows[-1]["adjusted_target"] = target
            rows[-1]["adjustment"] = why
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
                {"school": row["school"], "extra_students": extra, "bonus_eur": money(amount)}
            )
    return {
        "rows": rows,
        "extra_students": sum(r["extra_students"] for r in rows),
        "total_eur": money(sum((r["bonus_eur"] for r in rows), Decimal(0))),
    }


def _partner_of(assignment: RoleAssignment, staff: StaffFacts) -> str:
    if assignment.institute_id:
        return assignment.institute.short_name
    if assignment.board_id:
        return assignment.board.name
    location = next(iter(assignment.locations.all()), None)
    return location.board.name if location else staff.partnership_name


def _partner_of_member(person_id: int, main: RoleAssignment | None, staff: StaffFacts) -> str:
    chosen = main or staff.team_roles.get(person_id)
    return _partner_of(chosen, staff) if chosen else staff.partnership_name


def figure_2(staff: StaffFacts, params: PolicyParams | None = None) -> list[dict[str, Any]]:
    """Ontwikkelteam members (the year's teams, `reports.teams`) with their partner, school
    and roles in the partnership; a kartrekker's hours include the year's surcharge."""
    params = params or PolicyParams()
    rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for member in staff.members:
        others = staff.roles_of[member.person_id]
        schools = sorted({loc.name for a in others for loc in a.locations.all()})
        main = others[0] if others else None
        rows[member.team].append(
            {
                "name": staff.people[member.person_id].full_name,
                "partner": _partner_of_member(member.person_id, main, staff),
                "school": ", ".join(schools) or "–",
                "roles": ", ".join(sorted({str(Role(a.role).label) for a in others})) or "–",
                "kartrekker": member.is_kartrekker,
                "hours": facilitation_rules.team_member_hours(
                    params, hours=member.hours, is_kartrekker=member.is_kartrekker
                ).hours,
            }
        )
    return [{"team": team, "members": team_rows} for team, team_rows in rows.items()]


# Figure 6's columns, as in the seed (l. 1223-1300) with the projectleider first: each
# person is named once, in the first column they belong to (a kernteam member who is also in
# an ontwikkelteam is named under Kernteam). The BC and IC are facilitated as the kernteam;
# the ontwikkelteams come from the year's teams (`reports.teams`); the support staff from
# `reports.models.SupportStaff`.
PL_BODY = "Projectleiding"
STUURGROEP_BODY = "Stuurgroep"
KERNTEAM_BODY = "Kernteam"
TEAMS_BODY = "Ontwikkelteams"
SUPPORT_BODY = "Ondersteuning"
FIGURE_6_BODIES = [PL_BODY, STUURGROEP_BODY, KERNTEAM_BODY, TEAMS_BODY, SUPPORT_BODY]
FACILITATED_BODIES = [
    (Role.PROJECTLEIDER, PL_BODY),
    (Role.BC, KERNTEAM_BODY),
    (Role.IC, KERNTEAM_BODY),
    (Role.KERNTEAM, KERNTEAM_BODY),
    (Role.STUURGROEP, STUURGROEP_BODY),
]


def _has_partner(assignment: RoleAssignment) -> bool:
    return bool(assignment.institute_id or assignment.board_id or list(assignment.locations.all()))


def figure_6(staff: StaffFacts, params: PolicyParams | None = None) -> dict[str, Any]:
    """Staff deployment with the partnership's facilitation, per partner and body: the
    projectleider, the stuurgroep, the kernteam (its BCs, ICs and further members), the
    ontwikkelteams and the support staff, each person once; the hours per body."""
    params = params or PolicyParams()
    body_of = dict(FACILITATED_BODIES)
    order = {body: index for index, body in enumerate(FIGURE_6_BODIES)}
    # A person's partner: their BC or IC role's, else the body role's own.
    own_partner: dict[int, str] = {}
    for assignment in staff.facilitated:
        if assignment.role != Role.PROJECTLEIDER:
            own_partner.setdefault(assignment.person_id, _partner_of(assignment, staff))
    placed: dict[int, tuple[str, str, str]] = {}  # person → (body, partner, name)
    hours: dict[str, Decimal] = defaultdict(Decimal)

    def place(person_id: int, body: str, partner: str, name: str) -> None:
        if person_id not in placed or order[body] < order[placed[person_id][0]]:
            placed[person_id] = (body, partner, name)

    for assignment in [*staff.facilitated, *staff.bodies]:
        body = body_of[assignment.role]
        if assignment.role == Role.PROJECTLEIDER:
            partner = staff.partnership_name
        elif _has_partner(assignment):
            partner = _partner_of(assignment, staff)
        else:
            partner = own_partner.get(assignment.person_id, staff.partnership_name)
        place(assignment.person_id, body, partner, assignment.person.full_name)
        hours[body] += assignment.hours or Decimal(0)
    # A team member counts for the partner of their SO or IO role, else of their team role.
    for member in staff.members:
        main = next(
            (a for a in staff.roles_of[member.person_id] if a.role in (Role.SO, Role.IO)), None
        )
        partner = _partner_of_member(member.person_id, main, staff)
        place(member.person_id, TEAMS_BODY, partner, staff.people[member.person_id].full_name)
        hours[TEAMS_BODY] += facilitation_rules.team_member_hours(
            params, hours=member.hours, is_kartrekker=member.is_kartrekker
        ).hours
    for support in staff.support:
        if support.institute_id:
            partner = support.institute.short_name
        elif support.board_id:
            partner = support.board.name
        else:
            partner = staff.partnership_name
        place(support.person_id, SUPPORT_BODY, partner, support.person.full_name)
        hours[SUPPORT_BODY] += support.hours or Decimal(0)
    cells: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for body, partner, name in placed.values():
        cells[partner][body].add(name)
    rows = [
        {"partner": partner, **{body: sorted(cells[partner][body]) for body in FIGURE_6_BODIES}}
        for partner in sorted(cells)
    ]
    return {
        "bodies": list(FIGURE_6_BODIES),
        "rows": rows,
        "hours": dict(hours),
    }


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


def core_figures(facts: YearFacts, *, whole: bool) -> dict[str, Any]:
    """The tables of the placements of a year (also those the comparison reads)."""
    fig7 = figure_7(facts, whole_year=whole)
    fig11 = figure_11(facts)
    fig12 = figure_12(facts)
    result = {
        "fig1": figure_1(facts),
        "fig7": fig7,
        "fig8": figure_8(fig7),
        "fig11": fig11,
        "fig12": fig12,
        "bonus": bonus_table(facts, fig12),
        "wpb": wpb_coverage(facts),
    }
    result.update(figure_9_10(fig11))
    return result


# The columns of the induction table (`induction.report.school_counts`): starters by kind,
# then the building blocks.
INDUCTION_STARTERS = [
    "starters",
    "former_students",
    "other_starters",
    "unqualified",
    "zij_instromers",
]
INDUCTION_BLOCKS = ["blocks_in_place", "blocks_developing"]
# The programme's numbers (induction.report.PROGRAMME_KEYS), summed over the schools.
INDUCTION_PROGRAMME = [
    "with_plan",
    "measures_done",
    "measures_not_applicable",
    "coaches",
    "intro_invited",
    "intro_present",
    "exits",
]


def figure_induction(facts: YearFacts, counts: dict[str, Any]) -> dict[str, Any]:
    """Starting teachers per school (by kind) and the school's building blocks in place or in
    development, for the report's schools; the starters also per board. The total counts the
    starters, the schools with starters and the schools that recorded their building blocks
    (a sum of blocks over schools says nothing)."""
    per_school = counts.get("schools", {})
    empty = dict.fromkeys([*INDUCTION_STARTERS, *INDUCTION_BLOCKS, "blocks_recorded"], 0)
    rows = []
    boards: dict[str, dict[str, Any]] = {}
    for school in facts.schools:
        found = per_school.get(school.location_id, empty)
        board = school.location.board.name if school.location.board_id else "–"
        row: dict[str, Any] = {"school": school.location.name, "board": board}
        row.update({key: found[key] for key in [*INDUCTION_STARTERS, *INDUCTION_BLOCKS]})
        row.update({key: found.get(key, 0) for key in INDUCTION_PROGRAMME})
        row["blocks_recorded"] = found["blocks_recorded"] > 0
        rows.append(row)
        by_board = boards.setdefault(
            board, {"board": board, "schools": 0, **dict.fromkeys(INDUCTION_STARTERS, 0)}
        )
        by_board["schools"] += 1
        for key in INDUCTION_STARTERS:
            by_board[key] += found[key]
    total: dict[str, Any] = {"school": "Totaal"}
    total.update({key: sum(row[key] for row in rows) for key in INDUCTION_STARTERS})
    total["schools_with_starters"] = sum(1 for row in rows if row["starters"])
    total["schools_with_blocks"] = sum(1 for row in rows if row["blocks_recorded"])
    total["blocks_in_place"] = sum(row["blocks_in_place"] for row in rows)
    total["blocks_developing"] = sum(row["blocks_developing"] for row in rows)
    total.update({key: sum(row[key] for row in rows) for key in INDUCTION_PROGRAMME})
    return {
        "rows": rows,
        "boards": [boards[name] for name in sorted(boards)],
        "total": total,
        "blocks": counts.get("blocks", 0),
    }


def report_figures(facts: ReportFacts) -> dict[str, Any]:
    """Every table of a year's report; the other apps' tables as they offer them."""
    figs = core_figures(facts.year_facts, whole=facts.whole)
    figs["induction"] = figure_induction(facts.year_facts, facts.induction)
    figs["fig3"] = facts.afternoons
    figs.update(facts.afternoon_figures)
    figs["intervision"] = facts.intervision
    if facts.staff is not None:
        params = facts.year_facts.params
        figs["fig2"] = figure_2(facts.staff, params)
        figs["fig6"] = figure_6(facts.staff, params)
    if facts.whole:
        figs["professionalization"] = facts.professionalization
    if facts.themes is not None:
        figs["fig4"] = figure_4(facts.themes, evaluation=facts.plan_evaluation)
    if facts.decisions is not None:
        figs["fig13"] = figure_13(facts.decisions)
    if facts.surveys is not None:
        figs["fig14"] = figure_14(facts.surveys)
    return figs


# The chapter each survey template's results belong in (surveys.catalogue's keys): the
# needs surveys shaped the professionalisation plan, the starters' questionnaire belongs to
# induction, the evaluative conversation per location and the research into WPB
# facilitation to the policy chapter (its "other activities" and facilitation guidelines).
# A survey without a template, or of a template not named here, is reported under policy.
SURVEY_CHAPTERS: dict[str, str] = {
    "behoeftepeiling_so": GoalChapter.PROFESSIONALISATION,
    "behoeftepeiling_wpb": GoalChapter.PROFESSIONALISATION,
    "behoeftepeiling_io": GoalChapter.PROFESSIONALISATION,
    "evaluatie_professionaliseringsplan": GoalChapter.PROFESSIONALISATION,
    "evaluatie_intervisie": GoalChapter.INTERVISION,
    "startersvragenlijst": GoalChapter.INDUCTION,
    "studentenklankbord": GoalChapter.PROGRAMME,
    "evaluatie_matching": GoalChapter.PLACEMENTS,
    "evaluatief_gesprek_locatie": GoalChapter.POLICY,
    "onderzoek_wpb_facilitering": GoalChapter.POLICY,
}
SURVEY_CHAPTER_DEFAULT = GoalChapter.POLICY


def survey_chapter(template: str) -> str:
    return str(SURVEY_CHAPTERS.get(template, SURVEY_CHAPTER_DEFAULT).value)


def figure_14(surveys: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The year's opened surveys (figure 14, 'resultaten vragenlijsten'), each with the
    chapter its results are shown in (by its template), its response and, per closed
    question, the count and share of each answer (a scale also its mean). An open question
    gives only how many answered it: the report prints no free text."""
    return [
        {
            "title": survey["title"],
            "template": survey["template"],
            "chapter": survey_chapter(survey["template"]),
            "anonymous": survey["anonymous"],
            # Still being answered: the draft says "so far" (a snapshot keeps what it was).
            "still_open": survey.get("still_open", False),
            "invited": survey["invited"],
            "responded": survey["responded"],
            "percent": survey["percent"],
            "questions": [
                {
                    "text": question["text"],
                    "open": question["kind"] == "open",
                    "answered": question["answered"],
                    "mean": question["mean"],
                    "bars": [dict(bar) for bar in question["bars"]],
                }
                for question in survey["questions"]
            ],
        }
        for survey in surveys
    ]


def figure_4(themes: list[dict[str, Any]], *, evaluation: str = "") -> dict[str, Any]:
    """Figure 4 of the professionalisation chapter: the plan's themes as the year keeps them,
    in plan order, each with its kind (basic or deepening) and audience, and how many of
    each kind there are; its note, what the evaluation of last year's plan brought."""
    rows = [
        {
            "number": theme["number"],
            "title": theme["title"],
            "level": theme["level"],
            "level_label": theme["level_label"],
            "audience": theme["audience"],
            "requires_experience": theme["requires_experience"],
        }
        for theme in themes
    ]
    return {
        "themes": rows,
        "basic": sum(1 for row in rows if row["level"] == "basic"),
        "deepening": sum(1 for row in rows if row["level"] == "deepening"),
        "evaluation": evaluation,
    }


def figure_13(decisions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Figure 13 of the policy chapter: the year's decisions in the order they were taken,
    each with what it changes as 'what: old → new' lines ('what: new' for a value set for
    the first time)."""
    return [
        {
            "date": decision["date"],
            "date_display": decision["date_display"],
            "body": decision["body"],
            "title": decision["title"],
            "changes": [
                f"{change['label']}: {change['old']} → {change['new'] or '–'}"
                if change["old"]
                else f"{change['label']}: {change['new'] or '–'}"
                for change in decision["changes"]
            ],
        }
        for decision in decisions
    ]


def so_overview(facts: ReportFacts) -> list[dict[str, Any]]:
    """Hours per SO by the facilitation guideline, from the students at their locations
    (counted by the basis each school chose)."""
    rows = []
    for assignment, locations in facts.so.assignments:
        counts = [facts.so.counted[loc.pk][0] for loc in locations]
        result = facilitation_rules.so_hours(facts.year_facts.params, counts)
        rows.append(
            {
                "name": assignment.person.full_name,
                "locations": ", ".join(loc.name for loc in locations),
                "students": sum(counts),
                "hours": result.hours,
                "explanation": list(result.lines),
            }
        )
    return rows


def unregistered_first_years(facts: YearFacts) -> list[dict[str, Any]]:
    """Per partner institute: first-years placed but not registered with the institute."""
    totals: Counter[str] = Counter()
    missing: Counter[str] = Counter()
    for placement in facts.all_placements:
        if not placement.is_first_year or not facts.is_partner(placement):
            continue
        code = placement.student.institute.short_name
        totals[code] += 1
        missing[code] += not placement.registered_in_institute_system
    return [
        {
            "institute": code,
            "unregistered": missing[code],
            "first_years": totals[code],
            "percent": rules.share(missing[code], totals[code]),
        }
        for code in sorted(totals)
        if missing[code]
    ]
