"""Demo policies of 2020-2021 and the running year, and the hours the schools granted
their SOs.

2020-2021: the fixed subsidy of €250,000 and no stipend yet (the scheme starts 1-8-2021).
The running year (the one containing the day of loading): the guidelines of domain §4 (the
model's defaults): €100,000 + €955 per counted student, the stipend table 1/2/3 days →
€125/€250/€375. The report's funding count of 199 includes the four FLOT zij-instromers, so
both years count zij-instromers."""

from __future__ import annotations

from decimal import Decimal

from bos.demo import DemoContext
from bos.demo.dates import running_start_year
from bos.models import Role, RoleAssignment, SchoolYear
from governance import demo as decisions
from governance.models import ChangeKind
from governance.services import Change

from . import rules
from .models import GrantedHours, Policy, default_day_rates
from .params import FundingKind
from .selectors import counted_students, policy_for
from .services import _display

SEED_POLICY: dict[str, object] = {
    "funding_kind": FundingKind.FIXED.value,
    "funding_fixed_amount": Decimal(250_000),
    "stipend_enabled": False,
    "notes": "Eerste jaren: vaste subsidie. Stagevergoeding vanaf 1 augustus 2021.",
}
# The running year (the one containing the day of loading) has the guidelines' policy.
RUNNING_POLICY: dict[str, object] = {
    "funding_kind": FundingKind.BASE_PLUS_PER_STUDENT.value,
    "funding_base_amount": Decimal(100_000),
    "funding_per_student_amount": Decimal(955),
    "notes": "Richtlijnen facilitering SO (bijlage 8) en stagevergoeding (bijlage 9).",
}
# One school granted its SO fewer hours than the guideline, so the warning shows in the demo.
SHORT_SCHOOL = "Newmancollege"
SHORTFALL = Decimal(40)
# Schools without a facilitated SO in 2020-2021 (the seed, l. 887-890 and 1549-1556): their
# SO is a contact with no hours yet (the seed names Reeshofcollege's SO); a facilitated SO
# comes from 2021-2022. The report's figures count students, not granted hours, so they
# stay as they are.
UNFACILITATED_SCHOOLS = ("International School Breda", "Reeshofcollege", "Sint-Oelbertgymnasium")


# The values of the seed year's policy that its decisions set (governance.demo): the
# guidelines for the SO's facilitation (bijlage 8) and the budget's principles (§3.1).
GUIDELINE_FIELDS = (
    "consultation_hours",
    "intervision_hours",
    "hours_per_student",
    "small_threshold_students",
    "small_reduction_hours",
    "multi_location_extra_hours",
    "free_lesson_hours",
    "whole_day_from_students",
    "second_so_above_students",
    "partner_share_target_pct",
    "pupils_per_placement",
    "school_compensation_hours",
    "bonus_hours_per_extra_student",
)
BUDGET_FIELDS = (
    "funding_kind",
    "funding_fixed_amount",
    "norm_year_hours",
    "hourly_rate",
    "admin_hourly_rate",
)


def load(ctx: DemoContext) -> None:
    running = SchoolYear.objects.get(name=SchoolYear.name_for(running_start_year()))
    for year, values in ((ctx.year, SEED_POLICY), (running, RUNNING_POLICY)):
        Policy.objects.update_or_create(school_year=year, defaults=values)
    _granted_hours(ctx.year)
    _decided(Policy.objects.select_related("school_year").get(school_year=ctx.year))


def _set_by_decision(policy: Policy, name: str) -> Change:
    """A value of the seed year's policy as its decision set it (there was no earlier
    partnership-wide value: the schools facilitated their SOs each in their own way)."""
    return Change(
        kind=ChangeKind.POLICY,
        label=f"Beleid {policy.school_year}: {Policy._meta.get_field(name).verbose_name}",
        new_value=_display(policy, name, getattr(policy, name)),
        target=policy,
        field_name=name,
    )


def _decided(policy: Policy) -> None:
    """What the seed year's decisions set in the policy, from the policy's own values."""
    year = policy.school_year
    decisions.record_once(
        decisions.seed_decision(year, decisions.FACILITATION),
        [_set_by_decision(policy, name) for name in GUIDELINE_FIELDS],
    )
    decisions.record_once(
        decisions.seed_decision(year, decisions.BUDGET),
        [_set_by_decision(policy, name) for name in BUDGET_FIELDS],
    )
    # The stipend starts in 2021-2022, the year after the seed year: the table is the
    # guideline's (the model's default), switched on from then.
    rates = "; ".join(
        f"≥ {row['min_days']} dag(en): {rules.format_eur(Decimal(row['monthly']))}"
        for row in default_day_rates()
    )
    decisions.record_once(
        decisions.seed_decision(year, decisions.STIPEND),
        [
            Change(
                kind=ChangeKind.POLICY,
                label="Beleid vanaf 2021-2022: stagevergoeding van toepassing",
                old_value=_display(policy, "stipend_enabled", policy.stipend_enabled),
                new_value="ja",
                field_name="stipend_enabled",
            ),
            Change(
                kind=ChangeKind.POLICY,
                label="Beleid vanaf 2021-2022: maandbedrag per minimaal aantal dagen",
                new_value=rates,
                field_name="stipend_day_rates",
            ),
        ],
    )


def _granted_hours(year: SchoolYear) -> None:
    params = policy_for(year)
    assignments = RoleAssignment.objects.filter(school_year=year, role=Role.SO).prefetch_related(
        "locations"
    )
    for assignment in assignments:
        locations = list(assignment.locations.all())
        counts = counted_students(year, [loc.pk for loc in locations])
        hours = rules.so_hours(params, [count for count, _ in counts.values()]).hours
        short = any(loc.name == SHORT_SCHOOL for loc in locations)
        if locations and all(loc.name in UNFACILITATED_SCHOOLS for loc in locations):
            granted, note = Decimal(0), "Nog geen gefaciliteerde SO; vanaf 2021-2022."
        elif short:
            granted, note = hours - SHORTFALL, "Minder uren dan de richtlijn."
        else:
            granted, note = hours, ""
        GrantedHours.objects.update_or_create(
            school_year=year, so=assignment.person, defaults={"hours": granted, "note": note}
        )
