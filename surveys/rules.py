"""The survey's rules as pure functions: the response rate, when free text may be shown,
how the answers to one question add up, and when a reminder is due."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from facilitation.rules import format_number

HUNDRED = Decimal(100)
ONE_DECIMAL = Decimal("0.1")


@dataclass(frozen=True)
class Rate:
    responded: int
    invited: int
    percent: Decimal | None
    explanation: str


def response_rate(responded: int, invited: int) -> Rate:
    """Responses as a share of the invitees, to one decimal (half up); unknown without
    invitees."""
    if responded < 0 or invited < 0:
        raise ValueError("Counts cannot be negative.")
    if invited == 0:
        return Rate(responded, invited, None, "Nog niemand uitgenodigd: geen respons te berekenen.")
    if responded > invited:
        raise ValueError("More responses than invitees.")
    percent = (Decimal(responded) * HUNDRED / Decimal(invited)).quantize(
        ONE_DECIMAL, rounding=ROUND_HALF_UP
    )
    return Rate(
        responded,
        invited,
        percent,
        f"{responded} van de {invited} genodigden reageerden: {format_number(percent, 1)}%.",
    )


@dataclass(frozen=True)
class Visibility:
    shown: bool
    explanation: str


def open_answers_visible(*, anonymous: bool, responses: int, minimum: int) -> Visibility:
    """Free text of an anonymous survey stays hidden while fewer than `minimum` people
    (the year's policy) have responded: in a small group a writer can be recognised by their
    words. A named survey shows its free text: the respondents know their name goes along."""
    if not anonymous:
        return Visibility(True, "Vragenlijst op naam: de open antwoorden staan erbij.")
    if responses >= minimum:
        return Visibility(
            True, f"{responses} reacties, minstens {minimum}: de open antwoorden worden getoond."
        )
    return Visibility(
        False,
        f"Pas vanaf {minimum} reacties worden open antwoorden getoond (nu {responses}): in "
        "een kleinere groep is een schrijver te herkennen.",
    )


@dataclass(frozen=True)
class Bar:
    value: int
    label: str
    count: int
    percent: Decimal


@dataclass(frozen=True)
class Tally:
    bars: list[Bar]
    # People who answered the question (a multiple choice counts each person once).
    answered: int
    mean: Decimal | None


def tally(
    labels: Sequence[str],
    counts: Mapping[int, int],
    answered: int,
    *,
    scale: bool = False,
) -> Tally:
    """The bars of one closed question: per value (1-based, in the order of `labels`) its
    count and its share of the people who answered the question; for a scale also the mean.
    Values outside the labels (an option removed later) are left out."""
    bars = []
    for value, label in enumerate(labels, start=1):
        count = counts.get(value, 0)
        percent = (
            (Decimal(count) * HUNDRED / Decimal(answered)).quantize(
                ONE_DECIMAL, rounding=ROUND_HALF_UP
            )
            if answered
            else Decimal(0)
        )
        bars.append(Bar(value, label, count, percent))
    mean = None
    if scale:
        total = sum(bar.count for bar in bars)
        if total:
            mean = (Decimal(sum(bar.value * bar.count for bar in bars)) / Decimal(total)).quantize(
                ONE_DECIMAL, rounding=ROUND_HALF_UP
            )
    return Tally(bars, answered, mean)


def reminder_due(closes_on: dt.date, days_before: int, today: dt.date) -> bool:
    """The automatic reminder goes out from `days_before` days before the closing day up to
    and including that day."""
    return closes_on - dt.timedelta(days=days_before) <= today <= closes_on


def answerable(status: str, opens_on: dt.date, closes_on: dt.date, today: dt.date) -> bool:
    return status == "open" and opens_on <= today <= closes_on


def parse_emails(text: str | Iterable[str]) -> tuple[list[str], list[str]]:
    """Addresses from a text (one per line, or separated by commas, semicolons or spaces):
    the valid ones, lower-cased and each once in order, and the ones that are not an
    address."""
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email

    parts = text if not isinstance(text, str) else text.replace(",", " ").replace(";", " ").split()
    good: list[str] = []
    bad: list[str] = []
    for part in parts:
        address = part.strip().lower()
        if not address:
            continue
        try:
            validate_email(address)
        except ValidationError:
            bad.append(part.strip())
            continue
        if address not in good:
            good.append(address)
    return good, bad
