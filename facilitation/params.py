"""The policy of one school year as plain values, so rules never touch the database.

`facilitation.selectors.policy_for(year)` builds a `PolicyParams` from the stored `Policy`;
tests and scripts may build one directly (every field has the 2021-2022 value as default,
so `PolicyParams(funding_kind=FundingKind.FIXED, ...)` states only what differs)."""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from decimal import Decimal
from enum import StrEnum
from typing import Any


class FundingKind(StrEnum):
    # A fixed grant (the first years, 2020-2021: €250,000).
    FIXED = "fixed"
    # A base amount plus an amount per student counted in the previous year (2021-2022:
    # €100,000 + €955 per student).
    BASE_PLUS_PER_STUDENT = "base_plus_per_student"
    # The 2025 regional scheme: an amount per student or zij-instromer, no base, and nothing
    # at all below a minimum number of students (€1,250 from 150 on).
    REGIONAL_PER_STUDENT = "regional_per_student"


class StipendBasis(StrEnum):
    # A table of minimum whole days per week → monthly amount (the 2021 scheme).
    DAYS = "days"
    # An amount per study year for a reference number of days (the sector's 2024 proposal).
    STUDY_YEAR = "study_year"


class PartialMonth(StrEnum):
    # A calendar month is paid in full when at least half of its days fall in the period,
    # otherwise not at all: 1 September – 1 July gives 10 months.
    HALF = "half"
    # A partly covered month is paid for the share of its days that fall in the period.
    PRO_RATA = "pro_rata"


def _d(value: Any) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


@dataclass(frozen=True)
class PolicyParams:
    """Every number of domain §4 for one school year. Defaults are the 2021-2022 guidelines."""

    year_name: str = ""
    # §4.1 SO facilitation
    consultation_hours: Decimal = Decimal(50)
    intervision_hours: Decimal = Decimal(50)
    small_threshold_students: int = 10
    small_reduction_hours: Decimal = Decimal(25)
    multi_location_extra_hours: Decimal = Decimal(40)
    hours_per_student: Decimal = Decimal(8)
    free_lesson_hours: int = 3
    whole_day_from_students: int = 25
    second_so_above_students: int = 30
    partner_share_target_pct: Decimal = Decimal(80)
    # §4.2 targets, compensation and bonus
    pupils_per_placement: int = 50
    school_compensation_hours: Decimal = Decimal(50)
    bonus_hours_per_extra_student: Decimal = Decimal(8)
    # Ontwikkelteams: extra hours for a team's kartrekker (the seed, l. 338-341).
    kartrekker_surcharge_hours: Decimal = Decimal(0)
    # §4.3 rates, funding
    hourly_rate: Decimal = Decimal(70)
    admin_hourly_rate: Decimal = Decimal(35)
    norm_year_hours: Decimal = Decimal(1659)
    funding_kind: FundingKind = FundingKind.BASE_PLUS_PER_STUDENT
    funding_fixed_amount: Decimal = Decimal(0)
    funding_base_amount: Decimal = Decimal(100_000)
    funding_per_student_amount: Decimal = Decimal(955)
    funding_minimum_students: int = 0
    funding_partner_only: bool = True
    funding_counts_zij_instromers: bool = True
    # §4.4 stipend
    stipend_enabled: bool = True
    stipend_basis: StipendBasis = StipendBasis.DAYS
    # (minimum whole days per week, monthly amount), ascending by days.
    stipend_day_rates: tuple[tuple[Decimal, Decimal], ...] = field(
        default=(
            (Decimal(1), Decimal(125)),
            (Decimal(2), Decimal(250)),
            (Decimal(3), Decimal(375)),
        )
    )
    # (study year, monthly amount for `stipend_reference_days` days per week).
    stipend_study_year_rates: tuple[tuple[int, Decimal], ...] = ()
    stipend_reference_days: Decimal = Decimal(2)
    stipend_pro_rata: bool = False
    stipend_half_days_combine: bool = True
    stipend_min_days: Decimal = Decimal(1)
    stipend_start_month: int = 9
    stipend_start_day: int = 1
    stipend_end_month: int = 7
    stipend_end_day: int = 1
    stipend_max_months: int | None = None
    stipend_partial_month: PartialMonth = PartialMonth.HALF

    def __post_init__(self) -> None:
        # Accept ints/strings for money and hours so policies are easy to write in tests.
        for f in fields(self):
            value = getattr(self, f.name)
            if f.type == "Decimal":
                object.__setattr__(self, f.name, _d(value))
        object.__setattr__(self, "funding_kind", FundingKind(self.funding_kind))
        object.__setattr__(self, "stipend_basis", StipendBasis(self.stipend_basis))
        object.__setattr__(self, "stipend_partial_month", PartialMonth(self.stipend_partial_month))
        object.__setattr__(
            self,
            "stipend_day_rates",
            tuple(sorted((_d(days), _d(amount)) for days, amount in self.stipend_day_rates)),
        )
        object.__setattr__(
            self,
            "stipend_study_year_rates",
            tuple(
                sorted((int(year), _d(amount)) for year, amount in self.stipend_study_year_rates)
            ),
        )

    def with_changes(self, **changes: Any) -> PolicyParams:
        return replace(self, **changes)


PARAM_NAMES: tuple[str, ...] = tuple(f.name for f in fields(PolicyParams) if f.name != "year_name")
