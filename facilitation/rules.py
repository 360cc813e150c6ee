"""Pure rules of domain §4 (no database): values and a `PolicyParams` in, a result with
`Decimal` amounts and Dutch explanation `lines` out.

Facilitation (§4.1):
    so_hours(params, student_counts)            → HoursResult (.hours, .students, .lines)
    free_time(params, total_students)           → FreeTimeResult (.whole_day, .lesson_hours)
    second_so_advice(params, students_at_location) → AdviceResult (.advised)
Targets, compensation and bonus (§4.2):
    streefaantal(pupils, params) -> int          pupils / pupils_per_placement, half up
    streefaantal_total(pupils, params) -> int    the rounded total (13035 → 261)
    bonus(params, *, pupils, students)           → BonusResult (.extra_students, .amount)
    bonus_total(params, schools)                 → BonusResult summed over (pupils, students)
    school_compensation(params)                  → CompensationResult (.hours, .amount)
    qualifies_for_compensation(params, granted_hours, computed_hours) → QualifiesResult
    so_facilitated(granted_hours_per_so)         → SoPresence (.facilitated, .reason)
Qualifications:
    qualification_gaps(role, held)               → what the seed asks of an SO/IO/WPB and
                                                   the person lacks (Dutch notes)
Ontwikkelteams:
    team_member_hours(params, *, hours, is_kartrekker) → TeamMemberHours (.hours, .surcharge)
    kernteam_with_team_hours(rows)               → [KernteamWarning] per kernteam member
                                                   who also receives team hours
Funding (§4.3):
    FundingFact(student_id, is_partner, registered, is_zij_instromer)
    funding_count(facts, params=None)            → FundingCountResult (.count)
    subsidy(params, counted_students)            → SubsidyResult (.amount)
Formatting: format_eur(Decimal) → "€ 1.234,56", format_number(Decimal) → "1.234,5".
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .params import FundingKind, PolicyParams

CENT = Decimal("0.01")


def format_number(value: Decimal | int, places: int | None = None) -> str:
    """Dutch notation: thousands with '.', decimals with ','; whole numbers without decimals
    unless `places` is given."""
    value = Decimal(value)
    if places is None:
        places = (
            0 if value == value.to_integral_value() else len(str(value.normalize()).split(".")[1])
        )
    quantized = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    text = f"{quantized:,.{places}f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def format_eur(value: Decimal | int) -> str:
    return f"€ {format_number(value, 2)}"


def money(value: Decimal) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def _plural(count: int | Decimal, one: str, many: str) -> str:
    return one if count == 1 else many


# §4.1 Facilitation of the schoolopleider ---------------------------------------------------


@dataclass(frozen=True)
class HoursResult:
    hours: Decimal
    students: int
    locations: int
    base_hours: Decimal
    extra_hours: Decimal
    student_hours: Decimal
    lines: tuple[str, ...]


def so_hours(params: PolicyParams, student_counts: Sequence[int]) -> HoursResult:
    """Hours per year for an SO, given the student count of each of their locations."""
    counts = [int(count) for count in student_counts]
    if any(count < 0 for count in counts):
        raise ValueError("Een aantal studenten kan niet negatief zijn.")
    students = sum(counts)
    base = params.consultation_hours + params.intervision_hours
    lines = [
        f"Basis: {format_number(params.consultation_hours)} uur consultatie + "
        f"{format_number(params.intervision_hours)} uur intervisie = {format_number(base)} uur."
    ]
    if students < params.small_threshold_students:
        base -= params.small_reduction_hours
        lines.append(
            f"Minder dan {params.small_threshold_students} studenten ({students}): "
            f"{format_number(params.small_reduction_hours)} uur minder intervisie, "
            f"basis {format_number(base)} uur."
        )
    extra = Decimal(0)
    if len(counts) > 1:
        extra = params.multi_location_extra_hours
        lines.append(f"Verantwoordelijk voor {len(counts)} locaties: +{format_number(extra)} uur.")
    student_hours = params.hours_per_student * students
    detail = f" ({' + '.join(str(c) for c in counts)})" if len(counts) > 1 else ""
    lines.append(
        f"{students} {_plural(students, 'student', 'studenten')}{detail} × "
        f"{format_number(params.hours_per_student)} uur = {format_number(student_hours)} uur."
    )
    hours = base + extra + student_hours
    lines.append(f"Totaal: {format_number(hours)} uur per jaar.")
    return HoursResult(
        hours=hours,
        students=students,
        locations=len(counts),
        base_hours=base,
        extra_hours=extra,
        student_hours=student_hours,
        lines=tuple(lines),
    )


@dataclass(frozen=True)
class FreeTimeResult:
    whole_day: bool
    lesson_hours: int
    requirement: str
    lines: tuple[str, ...]


def free_time(params: PolicyParams, total_students: int) -> FreeTimeResult:
    """Time per week the SO is free of teaching."""
    if total_students >= params.whole_day_from_students:
        requirement = "een hele dag per week vrij van lesgeven"
        line = (
            f"{total_students} studenten (minstens {params.whole_day_from_students}): "
            f"{requirement}."
        )
        return FreeTimeResult(True, params.free_lesson_hours, requirement, (line,))
    requirement = (
        f"minstens {params.free_lesson_hours} aaneengesloten lesuren per week vrij van lesgeven"
    )
    line = (
        f"{total_students} {_plural(total_students, 'student', 'studenten')} "
        f"(minder dan {params.whole_day_from_students}): {requirement}."
    )
    return FreeTimeResult(False, params.free_lesson_hours, requirement, (line,))


@dataclass(frozen=True)
class AdviceResult:
    advised: bool
    students: int
    lines: tuple[str, ...]


def second_so_advice(params: PolicyParams, students_at_location: int) -> AdviceResult:
    """Advice for a second SO at a location with many students."""
    limit = params.second_so_above_students
    if students_at_location > limit:
        line = f"{students_at_location} studenten (meer dan {limit}): advies een tweede SO."
        return AdviceResult(True, students_at_location, (line,))
    line = f"{students_at_location} studenten (niet meer dan {limit}): één SO volstaat."
    return AdviceResult(False, students_at_location, (line,))


# §4.2 Target numbers, compensation and bonus ------------------------------------------------


def partner_share(*, partners: int, total: int) -> Decimal | None:
    """The percentage of an SO's students who come from a partner institute, in whole
    percents (None without students). The policy's `partner_share_target_pct` is what it
    is held against.

    >>> partner_share(partners=7, total=8)
    Decimal('88')
    >>> partner_share(partners=0, total=0) is None
    True
    """
    if total <= 0:
        return None
    return (Decimal(100) * partners / total).quantize(Decimal(1))


def _half_up(value: Decimal) -> int:
    # Python's round() rounds half to even (round(32.5) == 32); the report rounds half up.
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def streefaantal(pupils: int, params: PolicyParams) -> int:
    """Placements a school offers at least: pupils / pupils per placement, rounded half up."""
    if pupils < 0:
        raise ValueError("Een aantal leerlingen kan niet negatief zijn.")
    return _half_up(Decimal(pupils) / Decimal(params.pupils_per_placement))


def streefaantal_total(pupils: Iterable[int], params: PolicyParams) -> int:
    """The report's total row: the rounded total of all pupils, not the sum of rounded rows."""
    return streefaantal(sum(pupils), params)


@dataclass(frozen=True)
class BonusResult:
    streefaantal: int
    students: int
    extra_students: int
    hours: Decimal
    amount: Decimal
    lines: tuple[str, ...]


def bonus(params: PolicyParams, *, pupils: int, students: int) -> BonusResult:
    """Bonus for a school with more students than its streefaantal (paid the next year)."""
    target = streefaantal(pupils, params)
    extra = max(0, students - target)
    hours = params.bonus_hours_per_extra_student * extra
    amount = money(hours * params.hourly_rate)
    lines = [
        f"Streefaantal: {format_number(pupils)} leerlingen / {params.pupils_per_placement} = "
        f"{target}.",
        f"Studenten: {students}; boven het streefaantal: {extra}.",
    ]
    if extra:
        lines.append(
            f"{extra} × {format_number(params.bonus_hours_per_extra_student)} uur × "
            f"{format_eur(params.hourly_rate)} = {format_eur(amount)}."
        )
    else:
        lines.append("Geen bonus.")
    return BonusResult(target, students, extra, hours, amount, tuple(lines))


def bonus_total(params: PolicyParams, schools: Iterable[tuple[int, int]]) -> BonusResult:
    """The bonus summed over schools given as (pupils, students) pairs."""
    results = [bonus(params, pupils=p, students=s) for p, s in schools]
    extra = sum(r.extra_students for r in results)
    hours = sum((r.hours for r in results), Decimal(0))
    amount = sum((r.amount for r in results), Decimal(0))
    line = (
        f"{extra} extra {_plural(extra, 'student', 'studenten')} × "
        f"{format_number(params.bonus_hours_per_extra_student)} uur × "
        f"{format_eur(params.hourly_rate)} = {format_eur(amount)}."
    )
    return BonusResult(
        streefaantal=sum(r.streefaantal for r in results),
        students=sum(r.students for r in results),
        extra_students=extra,
        hours=hours,
        amount=money(amount),
        lines=(line,),
    )


@dataclass(frozen=True)
class CompensationResult:
    hours: Decimal
    amount: Decimal
    lines: tuple[str, ...]


def school_compensation(params: PolicyParams) -> CompensationResult:
    """What BOS pays each school a year towards its SO."""
    amount = money(params.school_compensation_hours * params.hourly_rate)
    line = (
        f"{format_number(params.school_compensation_hours)} uur × "
        f"{format_eur(params.hourly_rate)} = {format_eur(amount)} per jaar."
    )
    return CompensationResult(params.school_compensation_hours, amount, (line,))


@dataclass(frozen=True)
class QualifiesResult:
    qualifies: bool
    shortfall: Decimal
    lines: tuple[str, ...]


def qualifies_for_compensation(
    params: PolicyParams, granted_hours: Decimal | int, computed_hours: Decimal | int
) -> QualifiesResult:
    """The compensation is paid only when the school facilitates its SO per the guideline."""
    granted, computed = Decimal(granted_hours), Decimal(computed_hours)
    compensation = school_compensation(params)
    if granted >= computed:
        line = (
            f"Toegekend {format_number(granted)} uur, berekend {format_number(computed)} uur: "
            f"de school komt in aanmerking voor {format_eur(compensation.amount)}."
        )
        return QualifiesResult(True, Decimal(0), (line,))
    shortfall = computed - granted
    line = (
        f"Toegekend {format_number(granted)} uur, berekend {format_number(computed)} uur: "
        f"{format_number(shortfall)} uur te weinig, geen vergoeding."
    )
    return QualifiesResult(False, shortfall, (line,))


@dataclass(frozen=True)
class SoPresence:
    facilitated: bool
    reason: str


def so_facilitated(granted_hours: Sequence[Decimal | int | None]) -> SoPresence:
    """Whether a school has a facilitated SO in a year; a school without one is asked for a
    conversation (bijlage 8; the seed, l. 887-890 and 1549-1556). `granted_hours` holds one
    entry per SO of the school: the hours the school granted them, or None when these are
    not recorded (then the guideline's hours are assumed). A school has none when no SO is
    assigned to it, or when every SO it has was granted no hours at all."""
    if not granted_hours:
        return SoPresence(False, "Geen schoolopleider aangesteld.")
    if all(hours is not None and Decimal(hours) <= 0 for hours in granted_hours):
        return SoPresence(
            False,
            "Wel een schoolopleider, maar zonder gefaciliteerde uren (0 uur toegekend)."
            if len(granted_hours) == 1
            else "Wel schoolopleiders, maar geen van hen heeft gefaciliteerde uren.",
        )
    return SoPresence(True, "")


# What the seed asks of each role, with how it asks it (l. 2017-2025, 4121, 4158, 4232):
# the IO's assessor training is "een vereiste"; the SO's BRLO and the WPB's course are
# preferred ("bij voorkeur"). Keys are bos.QualificationKind values.
QUALIFICATIONS_ASKED: dict[str, tuple[tuple[str, str], ...]] = {
    "so": (("brlo", "Bij voorkeur BRLO-gecertificeerd; geen BRLO-registratie vastgelegd."),),
    "io": (
        (
            "assessor",
            "Een assessorentraining is een vereiste voor de IO; die is niet vastgelegd.",
        ),
        ("brlo", "Bij voorkeur BRLO-gecertificeerd; geen BRLO-registratie vastgelegd."),
    ),
    "wpb": (
        (
            "wpb_course",
            "Bij voorkeur gecertificeerd als werkplekbegeleider; geen cursus vastgelegd.",
        ),
    ),
}


def qualification_gaps(role: str, held: Iterable[str]) -> tuple[str, ...]:
    """What the seed asks of someone in `role` ("so", "io", "wpb") that they do not hold;
    `held` are the kinds of qualification recorded for them. Other roles: nothing."""
    have = set(held)
    return tuple(note for kind, note in QUALIFICATIONS_ASKED.get(role, ()) if kind not in have)


@dataclass(frozen=True)
class TeamMemberHours:
    hours: Decimal
    surcharge: Decimal
    lines: tuple[str, ...]


def team_member_hours(
    params: PolicyParams, *, hours: Decimal | int, is_kartrekker: bool
) -> TeamMemberHours:
    """The hours an ontwikkelteam member is facilitated with: their own hours, plus the
    year's kartrekker surcharge for the team's kartrekker (the seed, l. 338-341: "per
    ontwikkelteam afspreken wie de kartrekker is en deze collega extra faciliteren")."""
    own = Decimal(hours)
    surcharge = params.kartrekker_surcharge_hours if is_kartrekker else Decimal(0)
    lines = [f"Gefaciliteerde uren in het ontwikkelteam: {format_number(own)}."]
    if surcharge:
        lines.append(f"Toeslag kartrekker: {format_number(surcharge)} uur.")
    return TeamMemberHours(own + surcharge, surcharge, tuple(lines))


@dataclass(frozen=True)
class TeamHours:
    """One membership of an ontwikkelteam: who (key and name), the team, the hours the
    membership is facilitated with and whether the person sits in the year's kernteam."""

    person_key: int
    person: str
    team: str
    hours: Decimal
    in_kernteam: bool


@dataclass(frozen=True)
class KernteamWarning:
    person_key: int
    person: str
    teams: tuple[str, ...]
    hours: Decimal
    explanation: str


def kernteam_with_team_hours(rows: Iterable[TeamHours]) -> list[KernteamWarning]:
    """Kernteam members who also receive ontwikkelteam hours in the same year. The seed
    facilitates team members only when they are not already facilitated for their role in
    the kernteam (l. 308-311, 2416): such hours are flagged, one warning per person, in the
    order of their first membership. Memberships without hours are no warning."""
    found: dict[int, list[TeamHours]] = {}
    for row in rows:
        if row.in_kernteam and Decimal(row.hours) > 0:
            found.setdefault(row.person_key, []).append(row)
    warnings = []
    for key, memberships in found.items():
        hours = sum((Decimal(m.hours) for m in memberships), Decimal(0))
        teams = tuple(m.team for m in memberships)
        named = " en ".join(teams)
        kind = _plural(len(teams), "ontwikkelteam", "ontwikkelteams")
        warnings.append(
            KernteamWarning(
                person_key=key,
                person=memberships[0].person,
                teams=teams,
                hours=hours,
                explanation=(
                    f"{memberships[0].person} is lid van het kernteam en krijgt ook "
                    f"{format_number(hours)} uur voor {kind} {named}. Ontwikkelteamuren zijn "
                    "alleen voor wie niet al als kernteamlid is gefaciliteerd."
                ),
            )
        )
    return warnings


# §4.3 Funding -----------------------------------------------------------------------------


@dataclass(frozen=True)
class FundingFact:
    """One placement as funding sees it."""

    student_id: int
    is_partner: bool
    registered: bool
    is_zij_instromer: bool = False


@dataclass(frozen=True)
class FundingCountResult:
    count: int
    lines: tuple[str, ...]


def funding_count(
    facts: Iterable[FundingFact], params: PolicyParams | None = None
) -> FundingCountResult:
    """Distinct students that count for the subsidy: registered with their institute, of a
    partner institute (unless the policy counts every institute), zij-instromers only when
    the policy counts them. A student who switched school has two facts and counts once."""
    params = params or PolicyParams()
    facts = list(facts)
    counted: set[int] = set()
    unregistered: set[int] = set()
    other: set[int] = set()
    zij: set[int] = set()
    for fact in facts:
        if not fact.registered:
            unregistered.add(fact.student_id)
        elif params.funding_partner_only and not fact.is_partner:
            other.add(fact.student_id)
        elif fact.is_zij_instromer and not params.funding_counts_zij_instromers:
            zij.add(fact.student_id)
        else:
            counted.add(fact.student_id)
    lines = [f"{len(facts)} stages van {len({f.student_id for f in facts})} studenten."]
    if other - counted:
        lines.append(f"Niet geteld, geen partnerinstituut: {len(other - counted)}.")
    if unregistered - counted:
        lines.append(
            f"Niet geteld, niet geregistreerd bij het instituut: {len(unregistered - counted)}."
        )
    if zij - counted:
        lines.append(f"Niet geteld, zij-instromer: {len(zij - counted)}.")
    lines.append(f"Geteld (elke student één keer): {len(counted)}.")
    return FundingCountResult(len(counted), tuple(lines))


NOT_REGISTERED = "niet geregistreerd bij het instituut"
NOT_PARTNER = "geen partnerinstituut"
ZIJ_INSTROMER = "zij-instromer (telt volgens het beleid niet mee)"


def funding_reason(fact: FundingFact, params: PolicyParams) -> str:
    """Why one placement does not count for the subsidy ('' when it counts), in the order
    `funding_count` weighs them."""
    if not fact.registered:
        return NOT_REGISTERED
    if params.funding_partner_only and not fact.is_partner:
        return NOT_PARTNER
    if fact.is_zij_instromer and not params.funding_counts_zij_instromers:
        return ZIJ_INSTROMER
    return ""


def funding_status(facts: Sequence[FundingFact], params: PolicyParams) -> tuple[bool, str]:
    """Whether one student counts for the subsidy, from the facts of their placements in
    the year, and why not: a student counts once when any of their placements counts (a
    student who switched school), as in `funding_count`.

    Worked examples (the 2021 policy: partner institutes only, zij-instromers count): a
    registered FLOT student counts; the same student not registered does not ('niet
    geregistreerd bij het instituut'); a student of a non-partner institute does not ('geen
    partnerinstituut'); a student who switched school, registered only at the second school,
    counts."""
    reasons = [funding_reason(fact, params) for fact in facts]
    if not reasons or "" in reasons:
        return bool(reasons), ""
    return False, ", ".join(dict.fromkeys(reasons))


@dataclass(frozen=True)
class SubsidyResult:
    amount: Decimal
    counted_students: int
    lines: tuple[str, ...]


def subsidy(params: PolicyParams, counted_students: int) -> SubsidyResult:
    """The year's subsidy under the year's scheme, given the students counted for it (the
    previous school year's funding count):
    - fixed: the fixed amount, whatever the count;
    - base plus per student: base + count × amount (€100.000 + 199 × €955 = €290.045);
    - regional: count × amount without a base, and nothing below the minimum count
      (2025: 150 × €1.250 = €187.500; 149 students: €0)."""
    if counted_students < 0:
        raise ValueError("Een aantal studenten kan niet negatief zijn.")
    if params.funding_kind == FundingKind.FIXED:
        amount = money(params.funding_fixed_amount)
        line = f"Vast bedrag: {format_eur(amount)}."
        return SubsidyResult(amount, counted_students, (line,))
    if params.funding_kind == FundingKind.REGIONAL_PER_STUDENT:
        minimum = params.funding_minimum_students
        if counted_students < minimum:
            line = (
                f"{counted_students} getelde studenten, minder dan het minimum van {minimum}: "
                f"geen subsidie ({format_eur(Decimal(0))})."
            )
            return SubsidyResult(money(Decimal(0)), counted_students, (line,))
        amount = money(params.funding_per_student_amount * counted_students)
        line = (
            f"{counted_students} × {format_eur(params.funding_per_student_amount)} = "
            f"{format_eur(amount)} (minimum {minimum} studenten gehaald; geen basisbedrag)."
        )
        return SubsidyResult(amount, counted_students, (line,))
    per_student = money(params.funding_per_student_amount * counted_students)
    amount = money(params.funding_base_amount + per_student)
    line = (
        f"{format_eur(params.funding_base_amount)} + {counted_students} × "
        f"{format_eur(params.funding_per_student_amount)} = {format_eur(amount)}."
    )
    return SubsidyResult(amount, counted_students, (line,))
