"""Pure stipend rules (domain §4.4): no database, a `PolicyParams` in, `Decimal` amounts and
Dutch explanation `lines` out.

    whole_days(params, days, half_days=0) -> Decimal
    eligibility(params, *, final_placement, recognised_programme, days, employed_by_board,
                half_days=0)                      → EligibilityResult (.eligible, .reason)
    monthly_amount(params, days, study_year=None, *, half_days=0) → MonthlyAmount (.amount)
    schedule(params, *, days, start, end, changes=(), study_year=None, half_days=0)
                                                   → ScheduleResult (.months, .count, .total)
    default_period(params, start_year) -> (start, end)

Days are days per week available for the placement; a half-day is 0.5 (or pass separate
`half_days`). Two half-days count as one whole day when the policy says so; only whole
days determine the amount.

How a period is paid (decided here, a policy setting `stipend_partial_month`):
- the end date is the last day of the placement (inclusive);
- `half` (default): a calendar month is paid in full when at least half of its days fall in
  the period, otherwise not at all. 1 September – 1 July: September up to June are whole
  months, July has one day: 10 months;
- `pro_rata`: a partly covered month is paid for the share of its days in the period.
A change of days (`changes`: (date, days) pairs) takes effect from the first day of the month
after the month in which it was agreed. `stipend_max_months` caps the number of paid months.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal

from facilitation.params import PartialMonth, PolicyParams, StipendBasis
from facilitation.rules import format_eur, format_number, money

MONTHS_NL = (
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
)  # fmt: skip


def month_label(month: dt.date) -> str:
    return f"{MONTHS_NL[month.month - 1]} {month.year}"


def date_label(day: dt.date) -> str:
    return f"{day.day} {MONTHS_NL[day.month - 1]} {day.year}"


def whole_days(params: PolicyParams, days: Decimal | int | str, half_days: int = 0) -> Decimal:
    """Whole days per week that count: two half-days make one day when the policy says so."""
    days = Decimal(str(days))
    if days < 0 or half_days < 0:
        raise ValueError("Het aantal dagen kan niet negatief zijn.")
    total = days + Decimal(half_days) / 2 if params.stipend_half_days_combine else days
    return total.to_integral_value(rounding=ROUND_FLOOR)


@dataclass(frozen=True)
class EligibilityResult:
    eligible: bool
    reasons: tuple[str, ...]
    lines: tuple[str, ...]

    @property
    def reason(self) -> str:
        """The first reason why not, or '' when eligible."""
        return self.reasons[0] if self.reasons else ""


def eligibility(
    params: PolicyParams,
    *,
    final_placement: bool,
    recognised_programme: bool,
    days: Decimal | int | str,
    employed_by_board: bool,
    half_days: int = 0,
) -> EligibilityResult:
    """Who receives the stipend: a student of a recognised teacher-education programme in
    their final placement, at least the minimum days a week, not employed by the board."""
    reasons: list[str] = []
    if not params.stipend_enabled:
        reasons.append(f"In schooljaar {params.year_name or '–'} geldt geen stagevergoeding.")
    if not final_placement:
        reasons.append("Alleen de afrondende stage komt in aanmerking.")
    if not recognised_programme:
        reasons.append("De opleiding is geen erkende lerarenopleiding.")
    counted = whole_days(params, days, half_days)
    if counted < params.stipend_min_days:
        reasons.append(
            f"Minder dan {format_number(params.stipend_min_days)} "
            f"{'dag' if params.stipend_min_days == 1 else 'dagen'} per week beschikbaar."
        )
    if employed_by_board:
        reasons.append(
            "De student is in dienst van het schoolbestuur; een vergoeding naast het salaris "
            "is niet mogelijk."
        )
    if reasons:
        return EligibilityResult(False, tuple(reasons), tuple(reasons))
    return EligibilityResult(True, (), ("Komt in aanmerking voor de stagevergoeding.",))


@dataclass(frozen=True)
class MonthlyAmount:
    amount: Decimal
    whole_days: Decimal
    lines: tuple[str, ...]


def monthly_amount(
    params: PolicyParams,
    days: Decimal | int | str,
    study_year: int | None = None,
    *,
    half_days: int = 0,
) -> MonthlyAmount:
    """The monthly amount for the days a week available for the placement."""
    counted = whole_days(params, days, half_days)
    day_word = "dag" if counted == 1 else "dagen"
    if not params.stipend_enabled:
        return MonthlyAmount(Decimal("0.00"), counted, ("Geen stagevergoeding dit schooljaar.",))
    if counted < params.stipend_min_days:
        line = (
            f"{format_number(counted)} hele {day_word} per week, minder dan "
            f"{format_number(params.stipend_min_days)}: geen vergoeding."
        )
        return MonthlyAmount(Decimal("0.00"), counted, (line,))
    if params.stipend_basis == StipendBasis.STUDY_YEAR:
        return _by_study_year(params, counted, study_year)
    applicable = [
        (minimum, amount) for minimum, amount in params.stipend_day_rates if minimum <= counted
    ]
    if not applicable:
        line = f"{format_number(counted)} hele {day_word} per week: geen bedrag in de tabel."
        return MonthlyAmount(Decimal("0.00"), counted, (line,))
    minimum, amount = applicable[-1]
    line = (
        f"{format_number(counted)} hele {day_word} per week (minstens {format_number(minimum)}): "
        f"{format_eur(amount)} per maand."
    )
    return MonthlyAmount(money(amount), counted, (line,))


def _by_study_year(params: PolicyParams, counted: Decimal, study_year: int | None) -> MonthlyAmount:
    rates = dict(params.stipend_study_year_rates)
    if study_year is None or study_year not in rates:
        known = ", ".join(str(year) for year in rates) or "geen"
        line = f"Geen bedrag voor studiejaar {study_year or '–'} (bekend: {known})."
        return MonthlyAmount(Decimal("0.00"), counted, (line,))
    rate = rates[study_year]
    reference = params.stipend_reference_days
    if params.stipend_pro_rata:
        amount = money(rate * counted / reference)
        line = (
            f"Studiejaar {study_year}: {format_eur(rate)} voor {format_number(reference)} dagen; "
            f"{format_number(counted)} {'dag' if counted == 1 else 'dagen'} naar rato: "
            f"{format_eur(amount)} per maand."
        )
    else:
        amount = money(rate)
        line = f"Studiejaar {study_year}: {format_eur(amount)} per maand."
    return MonthlyAmount(amount, counted, (line,))


@dataclass(frozen=True)
class ScheduleResult:
    months: tuple[tuple[dt.date, Decimal], ...]  # (first day of the month, amount)
    count: int
    total: Decimal
    monthly: Decimal  # the amount of the first paid month
    lines: tuple[str, ...]


def _month_starts(start: dt.date, end: dt.date) -> Iterable[dt.date]:
    month = start.replace(day=1)
    while month <= end:
        yield month
        if month.year == dt.MAXYEAR and month.month == 12:
            return  # the calendar ends here; no date overflow
        month = (month + dt.timedelta(days=32)).replace(day=1)


def period_errors(
    *,
    placement_start: dt.date,
    placement_end: dt.date,
    placement_days: Decimal,
    start: dt.date | None,
    end: dt.date | None,
    days: int | None,
) -> dict[str, str]:
    """What is wrong with a stipend period and days per week, by field: the period comes
    from the placement and can only narrow it, and the days stay within the placement's."""
    errors: dict[str, str] = {}
    span = f"{date_label(placement_start)} t/m {date_label(placement_end)}"
    if start is not None and not placement_start <= start <= placement_end:
        errors["start_date"] = f"De startdatum ligt binnen de stageperiode ({span})."
    if end is not None and not placement_start <= end <= placement_end:
        errors["end_date"] = f"De einddatum ligt binnen de stageperiode ({span})."
    if start is not None and end is not None and end < start and not errors:
        errors["end_date"] = "De einddatum ligt vóór de startdatum."
    if days is not None and Decimal(days) > placement_days:
        errors["days_per_week"] = (
            f"Je loopt {format_number(placement_days)} dagen per week stage; kies niet meer."
        )
    return errors


def _effective_month(day: dt.date) -> dt.date:
    return (day.replace(day=1) + dt.timedelta(days=32)).replace(day=1)


def schedule(
    params: PolicyParams,
    *,
    days: Decimal | int | str,
    start: dt.date,
    end: dt.date,
    changes: Iterable[tuple[dt.date, Decimal | int | str]] = (),
    study_year: int | None = None,
    half_days: int = 0,
) -> ScheduleResult:
    """The months paid for a placement period, their amounts and the total."""
    if end < start:
        raise ValueError("De einddatum ligt vóór de begindatum.")
    effective = sorted((_effective_month(day), value) for day, value in changes)
    lines = [f"Periode {date_label(start)} t/m {date_label(end)}."]
    for month, value in effective:
        lines.append(
            f"Vanaf {month_label(month)}: {format_number(Decimal(str(value)))} dagen per week."
        )
    paid: list[tuple[dt.date, Decimal]] = []
    for month in _month_starts(start, end):
        if params.stipend_max_months is not None and len(paid) >= params.stipend_max_months:
            lines.append(f"Maximaal {params.stipend_max_months} maanden.")
            break
        in_month = calendar.monthrange(month.year, month.month)[1]
        last = month.replace(day=in_month)
        covered = (min(end, last) - max(start, month)).days + 1
        days_now = days
        for from_month, value in effective:
            if from_month <= month:
                days_now = value
        amount = monthly_amount(params, days_now, study_year, half_days=half_days).amount
        if params.stipend_partial_month == PartialMonth.PRO_RATA:
            amount = money(amount * covered / in_month)
        elif covered * 2 < in_month:
            if covered < in_month:
                lines.append(
                    f"{month_label(month)}: {covered} van {in_month} dagen, minder dan de helft: "
                    "niet betaald."
                )
            continue
        if amount > 0:
            paid.append((month, amount))
    total = money(sum((amount for _, amount in paid), Decimal(0)))
    monthly = paid[0][1] if paid else Decimal("0.00")
    lines.append(
        f"{len(paid)} {'maand' if len(paid) == 1 else 'maanden'}, totaal {format_eur(total)}."
    )
    return ScheduleResult(tuple(paid), len(paid), total, monthly, tuple(lines))


def default_period(params: PolicyParams, start_year: int) -> tuple[dt.date, dt.date]:
    """The default whole-year period of a school year starting in `start_year`
    (1 September – 1 July unless the policy says otherwise)."""
    start = dt.date(start_year, params.stipend_start_month, params.stipend_start_day)
    end_year = (
        start_year + 1 if params.stipend_end_month <= params.stipend_start_month else start_year
    )
    return start, dt.date(end_year, params.stipend_end_month, params.stipend_end_day)
