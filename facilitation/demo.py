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

from . import rules
from .models import GrantedHours, Policy
from .params import FundingKind
from .selectors import counted_students, policy_for

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


def load(ctx: DemoContext) -> None:
    running = SchoolYear.objects.get(name=SchoolYear.name_for(running_start_year()))
    for year, values in ((ctx.year, SEED_POLICY), (running, RUNNING_POLICY)):
        Policy.objects.update_or_create(school_year=year, defaults=values)
    _granted_hours(ctx.year)


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
