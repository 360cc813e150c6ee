"""Pure rules of the verdiepingsmiddagen: who belongs to an afternoon's audience, the
assignment of students to workshops, and the figures of attendance and evaluation.

No database here: values in, values and a Dutch explanation out."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

# --- The audience ----------------------------------------------------------------------


@dataclass(frozen=True)
class Audience:
    """Empty institutes or levels mean: all of them."""

    date: dt.date
    institute_ids: frozenset[int] = frozenset()
    levels: frozenset[str] = frozenset()
    cohort_start_from: dt.date | None = None
    cohort_start_until: dt.date | None = None


@dataclass(frozen=True)
class PlacementFacts:
    student_id: int
    institute_id: int
    level: str
    start_date: dt.date
    end_date: dt.date
    is_open: bool
    is_taster: bool


def in_audience(placement: PlacementFacts, audience: Audience) -> bool:
    """A placed student is invited when their placement is open, not the three-day taster,
    running on the day, and matches the institutes, levels and cohort."""
    if not placement.is_open or placement.is_taster:
        return False
    if not placement.start_date <= audience.date <= placement.end_date:
        return False
    if audience.institute_ids and placement.institute_id not in audience.institute_ids:
        return False
    if audience.levels and placement.level not in audience.levels:
        return False
    if audience.cohort_start_from and placement.start_date < audience.cohort_start_from:
        return False
    return not (audience.cohort_start_until and placement.start_date > audience.cohort_start_until)


# --- The assignment --------------------------------------------------------------------


@dataclass(frozen=True)
class StudentIn:
    id: int
    school: str


@dataclass(frozen=True)
class WorkshopIn:
    """A group of a theme; `capacity` None means no maximum."""

    id: int
    theme: str
    capacity: int | None


@dataclass
class AssignmentResult:
    placed: dict[int, int] = field(default_factory=dict)  # student → workshop
    ranks: dict[int, int | None] = field(default_factory=dict)  # student → choice got
    not_placed: list[int] = field(default_factory=list)
    not_satisfied: list[int] = field(default_factory=list)  # chose, got none of the choices
    lines: list[str] = field(default_factory=list)

    def count_rank(self, rank: int | None) -> int:
        return sum(1 for student, got in self.ranks.items() if got == rank)


def assign(
    students: Sequence[StudentIn],
    workshops: Sequence[WorkshopIn],
    preferences: Mapping[int, Sequence[str]],
    seed: int,
) -> AssignmentResult:
    """Assign every student to one workshop.

    1. Among the themes, the most first choices are granted, then the most second choices,
       then third (a minimum-cost flow with lexicographic weights: no number of second
       choices outweighs one first choice). Who of equally-ranked students wins a full theme
       is drawn with `seed`, so the same input always gives the same result.
    2. Students whose choices are all full, then students without a choice, go where there
       is most room left.
    3. Within a theme, each school's students are spread over the theme's groups.

    `preferences` maps a student to their themes, first choice first."""
    rng = random.Random(seed)  # noqa: S311  # nosec B311 - a reproducible draw, not a secret
    result = AssignmentResult()
    themes = _themes_in_order(workshops)
    total = len(students)
    room = {
        theme: sum(
            total if w.capacity is None else w.capacity for w in workshops if w.theme == theme
        )
        for theme in themes
    }
    order = sorted(students, key=lambda s: s.id)
    rng.shuffle(order)
    by_id = {s.id: s for s in students}
    choices = {s.id: _clean_choices(preferences.get(s.id, ()), themes) for s in order}
    choosers = [s for s in order if choices[s.id]]
    granted = _grant_choices(choosers, choices, room, themes)

    theme_of: dict[int, str] = {}
    for student in choosers:
        theme = granted.get(student.id)
        if theme is not None:
            theme_of[student.id] = theme
            result.ranks[student.id] = choices[student.id].index(theme) + 1
    left = {
        theme: room[theme] - sum(1 for t in theme_of.values() if t == theme) for theme in themes
    }

    unsatisfied = [s for s in choosers if s.id not in theme_of]
    without_choice = [s for s in order if not choices[s.id]]
    for student in [*unsatisfied, *without_choice]:
        open_themes = [t for t in themes if left[t] > 0]
        if not open_themes:
            result.not_placed.append(student.id)
            continue
        theme = max(open_themes, key=lambda t: (left[t], -themes.index(t)))
        theme_of[student.id] = theme
        left[theme] -= 1
        result.ranks[student.id] = None
        if choices[student.id]:
            result.not_satisfied.append(student.id)

    for theme in themes:
        groups = [w for w in workshops if w.theme == theme]
        members = [by_id[sid] for sid in sorted(theme_of) if theme_of[sid] == theme]
        result.placed.update(_spread(members, groups, total))

    result.not_placed.sort()
    result.not_satisfied.sort()
    first_demand = Counter(choices[s.id][0] for s in choosers)
    result.lines = _explain(result, choosers, without_choice, themes, room, theme_of, first_demand)
    return result


def _themes_in_order(workshops: Sequence[WorkshopIn]) -> list[str]:
    themes: list[str] = []
    for workshop in sorted(workshops, key=lambda w: w.id):
        if workshop.theme not in themes:
            themes.append(workshop.theme)
    return themes


def _clean_choices(chosen: Iterable[str], themes: list[str]) -> list[str]:
    """Known themes, each once, in the student's order."""
    result: list[str] = []
    for theme in chosen:
        if theme in themes and theme not in result:
            result.append(theme)
    return result


def _grant_choices(
    choosers: list[StudentIn],
    choices: dict[int, list[str]],
    room: dict[str, int],
    themes: list[str],
) -> dict[int, str]:
    """Minimum-cost flow over preference profiles (students with the same ranked list are
    interchangeable), so the graph stays small however many students there are."""
    profiles: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for student in choosers:
        profiles[tuple(choices[student.id])].append(student.id)
    profile_keys = list(profiles)
    n = len(choosers) + 1
    max_rank = max((len(p) for p in profile_keys), default=0)
    # Benefit of rank r is n^(max_rank - r): one better choice beats any number of worse ones.
    benefit = {rank: n ** (max_rank - rank) for rank in range(1, max_rank + 1)}
    top = n**max_rank

    source, sink = 0, 1
    profile_node = {key: 2 + i for i, key in enumerate(profile_keys)}
    theme_node = {theme: 2 + len(profile_keys) + i for i, theme in enumerate(themes)}
    size = 2 + len(profile_keys) + len(themes)
    graph: list[list[list[int]]] = [[] for _ in range(size)]  # edge: [to, cap, cost, rev]

    def add(a: int, b: int, cap: int, cost: int) -> list[int]:
        forward = [b, cap, cost, len(graph[b])]
        graph[a].append(forward)
        graph[b].append([a, 0, -cost, len(graph[a]) - 1])
        return forward

    for key in profile_keys:
        add(source, profile_node[key], len(profiles[key]), 0)
    chosen_edges: dict[tuple[tuple[str, ...], str], list[int]] = {}
    for key in profile_keys:
        for rank, theme in enumerate(key, start=1):
            chosen_edges[(key, theme)] = add(
                profile_node[key], theme_node[theme], len(profiles[key]), top - benefit[rank]
            )
    for theme in themes:
        add(theme_node[theme], sink, room[theme], 0)

    # Successive shortest paths; a path is worth taking while it adds benefit (cost < top).
    while True:
        dist = [None] * size
        parent: list[tuple[int, int] | None] = [None] * size
        dist[source] = 0
        changed = True
        while changed:
            changed = False
            for node in range(size):
                if dist[node] is None:
                    continue
                for index, (to, cap, cost, _rev) in enumerate(graph[node]):
                    if cap > 0 and (dist[to] is None or dist[node] + cost < dist[to]):
                        dist[to] = dist[node] + cost
                        parent[to] = (node, index)
                        changed = True
        if dist[sink] is None or dist[sink] >= top:
            break
        amount = None
        node = sink
        while node != source:
            previous, index = parent[node]
            cap = graph[previous][index][1]
            amount = cap if amount is None else min(amount, cap)
            node = previous
        node = sink
        while node != source:
            previous, index = parent[node]
            edge = graph[previous][index]
            edge[1] -= amount
            graph[node][edge[3]][1] += amount
            node = previous

    granted: dict[int, str] = {}
    for key in profile_keys:
        waiting = list(profiles[key])  # already in the seeded order
        for theme in key:
            edge = chosen_edges[(key, theme)]
            flow = len(profiles[key]) - edge[1]
            for student_id in waiting[:flow]:
                granted[student_id] = theme
            waiting = waiting[flow:]
    return granted


def _spread(members: list[StudentIn], groups: list[WorkshopIn], total: int) -> dict[int, int]:
    """Spread each school's students over a theme's groups: the largest school first, each
    student to the group with the fewest of their school, then the most room left."""
    groups = sorted(groups, key=lambda w: w.id)
    room = {g.id: total if g.capacity is None else g.capacity for g in groups}
    by_school: dict[str, list[StudentIn]] = defaultdict(list)
    for student in members:
        by_school[student.school].append(student)
    placed: dict[int, int] = {}
    schools = sorted(by_school, key=lambda school: (-len(by_school[school]), school))
    for school in schools:
        count: Counter[int] = Counter()
        for student in by_school[school]:
            candidates = [g for g in groups if room[g.id] > 0]
            group = min(candidates, key=lambda g: (count[g.id], -room[g.id], g.id))
            placed[student.id] = group.id
            count[group.id] += 1
            room[group.id] -= 1
    return placed


def _explain(
    result: AssignmentResult,
    choosers: list[StudentIn],
    without_choice: list[StudentIn],
    themes: list[str],
    room: dict[str, int],
    theme_of: dict[int, str],
    first_demand: Counter[str],
) -> list[str]:
    lines = [
        f"{len(choosers)} student(en) met een keuze, {len(without_choice)} zonder keuze.",
    ]
    for rank in (1, 2, 3):
        got = result.count_rank(rank)
        if got:
            lines.append(f"{got} student(en) kregen hun {rank}e keuze.")
    if result.not_satisfied:
        lines.append(
            f"{len(result.not_satisfied)} student(en) kregen geen van hun keuzes: "
            "hun thema's zaten vol."
        )
    if result.not_placed:
        lines.append(
            f"{len(result.not_placed)} student(en) konden nergens geplaatst worden: "
            "alle workshops zijn vol."
        )
    for theme in themes:
        placed = sum(1 for t in theme_of.values() if t == theme)
        lines.append(
            f"{theme}: {placed} geplaatst van {room[theme]} plaatsen, "
            f"{first_demand[theme]} eerste keuze(s)."
        )
    return lines


# --- Figures ---------------------------------------------------------------------------


def percentage(part: int, whole: int) -> Decimal | None:
    """A share in percent, one decimal, half up; None when there is nothing to share."""
    if whole == 0:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def mean_score(scores: Iterable[int]) -> Decimal | None:
    values = list(scores)
    if not values:
        return None
    return (Decimal(sum(values)) / Decimal(len(values))).quantize(Decimal("0.1"), ROUND_HALF_UP)
