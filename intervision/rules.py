"""Pure rules of intervision at school: the suggested groups and the cadence check.

Values in, a result with its explanation out; no database access. Every number (group
sizes, weeks between meetings, attendance share, absences in a row) comes from the year's
policy through `CadenceParams` / `GroupParams`."""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

JUNIOR = "junior"
SENIOR = "senior"
MIXED = "mixed"

# Years 1–2 and the minors form one group, years 3–4 and the masters the other (domain §5).
# Part-time (DT) and kopopleiding students may join any group; by default they go with the
# seniors, who are further in their training too.
JUNIOR_LEVELS = frozenset({"VT1", "VT2", "minor_P1", "minor_P2"})

BAND_LABELS = {JUNIOR: "jaar 1–2 en minoren", SENIOR: "jaar 3–4 en masters", MIXED: "gemengd"}


def band_of(level: str) -> str:
    return JUNIOR if level in JUNIOR_LEVELS else SENIOR


@dataclass(frozen=True)
class GroupParams:
    min_size: int = 6
    max_size: int = 10


@dataclass(frozen=True)
class Candidate:
    """A student to place: their placement id, location and stage level."""

    placement_id: int
    location_id: int
    level: str


@dataclass
class SuggestedGroup:
    band: str
    location_ids: tuple[int, ...]
    placement_ids: list[int]
    explanation: list[str] = field(default_factory=list)

    @property
    def size(self) -> int:
        return len(self.placement_ids)

    @property
    def is_combined(self) -> bool:
        return len(self.location_ids) > 1


@dataclass
class _Pool:
    band: str
    location_ids: tuple[int, ...]
    placement_ids: list[int]
    explanation: list[str] = field(default_factory=list)


def split_sizes(n: int, params: GroupParams) -> list[int]:
    """Split n students into as few groups as keeps every group within the sizes, as evenly
    as possible (sizes differ by at most one). When no such split exists (11 with 6–10),
    the groups stay within the maximum and are as even as possible."""
    if n <= params.max_size:
        return [n] if n else []
    # The fewest groups that respect the maximum; an even split of n over them is also at
    # least the minimum whenever any split within the sizes exists.
    count = math.ceil(n / params.max_size)
    base, extra = divmod(n, count)
    return [base + 1] * extra + [base] * (count - extra)


def suggest_groups(
    candidates: Iterable[Candidate], params: GroupParams = GroupParams()
) -> list[SuggestedGroup]:
    """Suggest groups from a year's placements:

    1. per location, (years 1–2 and minors) and (years 3–4 and masters);
    2. at a location where both are too small but fit together, one mixed group;
    3. two small groups of different schools are combined when they fit together (the
       smallest first, each with the largest partner that fits);
    4. a group larger than the maximum is split evenly.
    Everyone is placed exactly once; the order of the input does not matter."""
    by_key: dict[tuple[int, str], list[int]] = defaultdict(list)
    for candidate in candidates:
        by_key[(candidate.location_id, band_of(candidate.level))].append(candidate.placement_id)
    pools: list[_Pool] = []
    for location_id in sorted({key[0] for key in by_key}):
        junior = sorted(by_key.get((location_id, JUNIOR), []))
        senior = sorted(by_key.get((location_id, SENIOR), []))
        small = 0 < len(junior) < params.min_size and 0 < len(senior) < params.min_size
        if small and len(junior) + len(senior) <= params.max_size:
            pools.append(
                _Pool(
                    MIXED,
                    (location_id,),
                    junior + senior,
                    [
                        f"{len(junior)} jaar 1–2 en {len(senior)} hogerejaars: samen één "
                        "gemengde groep, want elk apart is te klein."
                    ],
                )
            )
            continue
        for band, members in ((JUNIOR, junior), (SENIOR, senior)):
            if members:
                pools.append(_Pool(band, (location_id,), members))
    pools = _combine_small(pools, params)
    groups: list[SuggestedGroup] = []
    for pool in pools:
        sizes = split_sizes(len(pool.placement_ids), params)
        explanation = list(pool.explanation)
        if len(sizes) > 1:
            explanation.append(
                f"{len(pool.placement_ids)} studenten is meer dan {params.max_size}: "
                f"gesplitst in {len(sizes)} groepen van "
                f"{' en '.join(str(size) for size in sizes)}."
            )
        elif len(pool.placement_ids) < params.min_size:
            explanation.append(
                f"Kleiner dan {params.min_size}: geen andere kleine groep om mee samen te voegen."
            )
        start = 0
        for size in sizes:
            groups.append(
                SuggestedGroup(
                    band=pool.band,
                    location_ids=pool.location_ids,
                    placement_ids=pool.placement_ids[start : start + size],
                    explanation=explanation,
                )
            )
            start += size
    return groups


def _combine_small(pools: list[_Pool], params: GroupParams) -> list[_Pool]:
    """Pair small pools of different locations: same band first, then any band."""
    small = sorted(
        (p for p in pools if len(p.placement_ids) < params.min_size),
        key=lambda p: (len(p.placement_ids), p.location_ids, p.band),
    )
    result = [p for p in pools if len(p.placement_ids) >= params.min_size]
    used: set[int] = set()
    for same_band_only in (True, False):
        for i, pool in enumerate(small):
            if i in used:
                continue
            best: int | None = None
            for j, other in enumerate(small):
                if j == i or j in used or set(other.location_ids) & set(pool.location_ids):
                    continue
                if same_band_only and other.band != pool.band:
                    continue
                total = len(pool.placement_ids) + len(other.placement_ids)
                if total > params.max_size:
                    continue
                if best is None or len(other.placement_ids) > len(small[best].placement_ids):
                    best = j
            if best is None:
                continue
            other = small[best]
            used |= {i, best}
            band = pool.band if pool.band == other.band else MIXED
            result.append(
                _Pool(
                    band,
                    tuple(sorted(pool.location_ids + other.location_ids)),
                    pool.placement_ids + other.placement_ids,
                    [
                        f"Twee kleine groepen ({len(pool.placement_ids)} en "
                        f"{len(other.placement_ids)}) van verschillende scholen samengevoegd."
                    ],
                )
            )
    result += [pool for i, pool in enumerate(small) if i not in used]
    return result


# --- Cadence ---------------------------------------------------------------------------


@dataclass(frozen=True)
class CadenceParams:
    weeks_between_meetings: int = 4
    min_attendance_percent: int = 80
    absences_in_a_row: int = 2


@dataclass(frozen=True)
class MeetingRecord:
    """A held meeting of the student's group, with their attendance status."""

    day: dt.date
    status: str  # "present", "excused" or "absent"


@dataclass(frozen=True)
class CadenceResult:
    missed_cadence: bool
    absent_in_a_row: int
    too_many_absences: bool
    attendance_percent: Decimal | None
    below_attendance: bool
    last_meeting: dt.date | None
    explanation: list[str]

    @property
    def needs_attention(self) -> bool:
        return self.missed_cadence or self.too_many_absences

    @property
    def reasons(self) -> list[str]:
        reasons = []
        if self.missed_cadence:
            reasons.append("geen bijeenkomst volgens het ritme")
        if self.too_many_absences:
            reasons.append(f"{self.absent_in_a_row} keer op rij afwezig")
        if self.below_attendance:
            reasons.append(f"aanwezigheid {self.attendance_percent}%")
        return reasons


def share_present(present: int, held: int) -> Decimal | None:
    """Present as a share of the held meetings, rounded half up to whole percents."""
    if not held:
        return None
    return (Decimal(100) * present / held).quantize(Decimal(1), rounding=ROUND_HALF_UP)


def attendance_percent(records: Sequence[MeetingRecord]) -> Decimal | None:
    """Present as a share of the held meetings, rounded half up to whole percents. An
    excused absence is still not attending; it counts in the share but not as absent."""
    present = sum(1 for record in records if record.status == "present")
    return share_present(present, len(records))


@dataclass(frozen=True)
class CadenceTally:
    """What the cadence rule needs of a student's held meetings up to the day judged: the
    last one, how many they attended of how many, and the absences after the last day they
    were present (excused ones neither break nor extend that row). A database can count
    these per student, so a list is judged without reading every meeting."""

    last: dt.date | None
    present: int
    held: int
    absent_in_a_row: int


def tally(records: Sequence[MeetingRecord], today: dt.date) -> CadenceTally:
    counted = [r for r in records if r.day <= today]
    present_days = [r.day for r in counted if r.status == "present"]
    last_present = max(present_days) if present_days else None
    return CadenceTally(
        last=max((r.day for r in counted), default=None),
        present=len(present_days),
        held=len(counted),
        absent_in_a_row=sum(
            1
            for r in counted
            if r.status == "absent" and (last_present is None or r.day > last_present)
        ),
    )


def cadence(
    *,
    placement_start: dt.date,
    placement_end: dt.date,
    today: dt.date,
    records: Sequence[MeetingRecord],
    params: CadenceParams = CadenceParams(),
) -> CadenceResult:
    """The cadence of one student from their meetings (see `judge`)."""
    return judge(
        placement_start=placement_start,
        placement_end=placement_end,
        today=today,
        counts=tally(records, today),
        params=params,
    )


def judge(
    *,
    placement_start: dt.date,
    placement_end: dt.date,
    today: dt.date,
    counts: CadenceTally,
    params: CadenceParams = CadenceParams(),
) -> CadenceResult:
    """During a placement a student has a meeting at least every `weeks_between_meetings`
    weeks (counted from the start of the placement, then from the last meeting; exactly that
    many weeks is still on time), is not absent `absences_in_a_row` times in a row
    (excused does not break or extend a row), and attends at least the policy share.

    `selectors.cadence_annotations` asks the same of the database, to count and pick a
    list's students there; change both together."""
    during = placement_start <= today <= placement_end
    last = counts.last
    since = max(last, placement_start) if last else placement_start
    allowed = dt.timedelta(weeks=params.weeks_between_meetings)
    missed = during and today - since > allowed
    explanation: list[str] = []
    if not during:
        explanation.append("Buiten de stageperiode: geen ritme te bewaken.")
    elif missed:
        explanation.append(
            f"Laatste bijeenkomst of start {since:%d-%m-%Y}: meer dan "
            f"{params.weeks_between_meetings} weken geleden."
        )
    else:
        explanation.append(
            f"Laatste bijeenkomst of start {since:%d-%m-%Y}: binnen "
            f"{params.weeks_between_meetings} weken."
        )
    in_a_row = counts.absent_in_a_row
    too_many = in_a_row >= params.absences_in_a_row
    if too_many:
        explanation.append(f"{in_a_row} keer op rij afwezig (grens {params.absences_in_a_row}).")
    share = share_present(counts.present, counts.held)
    below = share is not None and share < params.min_attendance_percent
    if share is not None:
        explanation.append(
            f"Aanwezig bij {share}% van de bijeenkomsten (minimaal "
            f"{params.min_attendance_percent}%)."
        )
    return CadenceResult(
        missed_cadence=missed,
        absent_in_a_row=in_a_row,
        too_many_absences=too_many,
        attendance_percent=share,
        below_attendance=below,
        last_meeting=last,
        explanation=explanation,
    )
