"""Pure rules of the professionalisation plan: values in, a result with an explanation out.

No database access: the callers pass the facts (role years, meetings, themes) and the year's
policy numbers."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

HUNDREDTH = Decimal("0.01")


@dataclass(frozen=True)
class Eligibility:
    eligible: bool
    years: int
    explanation: list[str] = field(default_factory=list)


def velon_eligibility(
    *, role_start_years: Iterable[int], current_start_year: int, min_years: int
) -> Eligibility:
    """Beroepsregistratie Velon is open to opleiders with at least `min_years` years of
    experience as SO or IO: the distinct earlier school years in which they held that role
    (the current year is not yet complete, so it does not count)."""
    earlier = sorted({year for year in role_start_years if year < current_start_year})
    years = len(earlier)
    eligible = years >= min_years
    if earlier:
        held = ", ".join(f"{y}-{y + 1}" for y in earlier)
        lines = [f"{years} eerder(e) schooljaar/-jaren als SO of IO: {held}."]
    else:
        lines = ["Geen eerdere schooljaren als SO of IO."]
    if eligible:
        lines.append(f"Minimaal {min_years} jaar ervaring: voldaan.")
    else:
        lines.append(
            f"Dit thema is voor opleiders met minimaal {min_years} jaar ervaring als SO of IO."
        )
    return Eligibility(eligible, years, lines)


def meeting_hours(start: dt.time, end: dt.time) -> Decimal:
    """Hours invested in one meeting: its duration, in hundredths (13:30–16:00 → 2.50)."""
    minutes = (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)
    if minutes <= 0:
        raise ValueError("A meeting ends after it starts.")
    return (Decimal(minutes) / 60).quantize(HUNDREDTH, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Placement:
    """Where a new registration goes."""

    status: str  # "registered" or "waiting"
    explanation: str


def place_for(*, capacity: int, taken: int) -> Placement:
    """A registration takes a seat while there is one, otherwise joins the waiting list."""
    if taken < capacity:
        return Placement("registered", f"plaats {taken + 1} van {capacity}")
    return Placement("waiting", f"alle {capacity} plaatsen bezet: wachtlijst")


@dataclass(frozen=True)
class MeetingFact:
    date: dt.date
    theme_number: int | None  # None for a start meeting (it is not part of the offer)
    level: str | None  # "basic" or "deepening"
    host: str  # the host location's name


@dataclass(frozen=True)
class OfferCheck:
    ok: bool
    missing_themes: list[int]
    basic: int
    deepening: int
    balanced: bool
    repeated_hosts: list[tuple[dt.date, str]]
    explanation: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class OfferFacts:
    """What the check needs of a year's offer: a region's database finds these itself
    (`selectors.offer_check`) instead of handing over every meeting of the year."""

    offered: frozenset[int]  # the theme numbers offered in the window
    basic: int  # this year's meetings on a basic theme
    deepening: int  # and on a deepening theme
    # Each meeting whose host also hosted the meeting before it (by date): its date and host.
    repeated_hosts: tuple[tuple[dt.date, str], ...]


def offer_facts(
    *,
    window_meetings: Sequence[MeetingFact],
    year_meetings: Sequence[MeetingFact],
    themes_offered_earlier: Collection[int] = (),
) -> OfferFacts:
    """The facts of `judge_offer` from the meetings themselves. The year's meetings are
    taken in date order; meetings on the same day keep the order they are given in."""
    offered = {m.theme_number for m in window_meetings if m.theme_number is not None}
    offered |= set(themes_offered_earlier)
    offer = sorted((m for m in year_meetings if m.theme_number is not None), key=lambda m: m.date)
    return OfferFacts(
        offered=frozenset(offered),
        basic=sum(1 for m in offer if m.level == "basic"),
        deepening=sum(1 for m in offer if m.level == "deepening"),
        repeated_hosts=tuple(
            (after.date, after.host)
            for before, after in itertools.pairwise(offer)
            if before.host == after.host
        ),
    )


def check_offer(
    *,
    theme_numbers: Sequence[int],
    window_meetings: Sequence[MeetingFact],
    year_meetings: Sequence[MeetingFact],
    balance_tolerance: int,
    window_years: int,
    themes_offered_earlier: Collection[int] = (),
) -> OfferCheck:
    """The projectleider's check of a year's offer, from its meetings (`judge_offer`).
    `window_meetings` are the meetings of this year and the years before it in the window;
    of the earlier years only the theme numbers count, so they may come as
    `themes_offered_earlier` instead (a region's years hold hundreds)."""
    facts = offer_facts(
        window_meetings=window_meetings,
        year_meetings=year_meetings,
        themes_offered_earlier=themes_offered_earlier,
    )
    return judge_offer(
        theme_numbers=theme_numbers,
        facts=facts,
        balance_tolerance=balance_tolerance,
        window_years=window_years,
    )


def judge_offer(
    *,
    theme_numbers: Collection[int],
    facts: OfferFacts,
    balance_tolerance: int,
    window_years: int,
) -> OfferCheck:
    """The projectleider's check of a year's offer (the plan, 'De bijeenkomsten'):

    - every theme is offered within `window_years` years;
    - about half basic and half deepening: the counts of this year differ by at most
      `balance_tolerance` meetings;
    - no school hosts two consecutive meetings of the year (ordered by date).
    """
    lines: list[str] = []
    missing = sorted(set(theme_numbers) - facts.offered)
    if missing:
        lines.append(
            f"Niet aangeboden in {window_years} jaar: thema "
            + ", ".join(str(n) for n in missing)
            + "."
        )
    else:
        lines.append(f"Alle thema's komen binnen {window_years} jaar aan bod.")
    balanced = abs(facts.basic - facts.deepening) <= balance_tolerance
    verdict = "in balans" if balanced else "niet in balans"
    lines.append(
        f"{facts.basic} basis en {facts.deepening} verdiepend: {verdict} "
        f"(verschil toegestaan: {balance_tolerance})."
    )
    repeated = list(facts.repeated_hosts)
    if repeated:
        for day, host in repeated:
            lines.append(f"{host} is twee keer achter elkaar gastschool (t/m {day:%d-%m-%Y}).")
    else:
        lines.append("Geen school is twee keer achter elkaar gastschool.")
    return OfferCheck(
        ok=not missing and balanced and not repeated,
        missing_themes=missing,
        basic=facts.basic,
        deepening=facts.deepening,
        balanced=balanced,
        repeated_hosts=repeated,
        explanation=lines,
    )


@dataclass(frozen=True)
class EvaluationSummary:
    count: int
    average: Decimal | None
    distribution: dict[int, int]
    explanation: list[str] = field(default_factory=list)


def summarize_evaluations(scores: Iterable[int]) -> EvaluationSummary:
    """The summary of a meeting's evaluations: how many, the mean score (one decimal) and how
    often each score 1–5 was given."""
    values = [score for score in scores if score is not None]
    for score in values:
        if not 1 <= score <= 5:
            raise ValueError("A score lies between 1 and 5.")
    distribution = {score: values.count(score) for score in range(1, 6)}
    if not values:
        return EvaluationSummary(0, None, distribution, ["Nog geen evaluaties."])
    average = (Decimal(sum(values)) / len(values)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return EvaluationSummary(
        len(values),
        average,
        distribution,
        [f"{len(values)} evaluatie(s), gemiddeld {str(average).replace('.', ',')} van 5."],
    )


def reminder_due(
    *, meeting_date: dt.date, today: dt.date, days_before: int, already_sent: bool
) -> bool:
    """A reminder is due on the day `days_before` days ahead of the meeting, or later while
    the meeting is still ahead (so a missed beat run catches up), and only once."""
    if already_sent or today >= meeting_date:
        return False
    return (meeting_date - today).days <= days_before
