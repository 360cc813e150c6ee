"""Demo budget 2020-2021 (figure 5), so that the report reproduces it to the cent, and the
report facts the organisation does not hold (International School Breda's unknown counts)."""

from __future__ import annotations

from decimal import Decimal

from bos.demo import DemoContext
from bos.demo.organisation import read_csv

from .models import (
    ActualEntry,
    ActualSource,
    Budget,
    BudgetLine,
    BudgetSection,
    LineKind,
    RateKind,
    ReportTargets,
    UnknownCounts,
)

# How each line of figure 5 is budgeted: (kind, FTE, hours, half paid by BOS). Lines not
# listed are amounts (budget_eur of the CSV) or not budgeted (empty budget_eur).
LINE_KINDS: dict[str, tuple[str, Decimal | None, Decimal | None, bool]] = {
    "Projectleider/programmadirecteur": (LineKind.FTE, Decimal("0.6"), None, False),
    "Bestuurscoördinator Sovot": (LineKind.FTE, Decimal("0.2"), None, True),
    "Bestuurscoördinator SKVOB": (LineKind.FTE, Decimal("0.2"), None, True),
    "Instituutscoördinator FLOT": (LineKind.FTE, Decimal("0.2"), None, True),
    "Instituutscoördinator ESoE": (LineKind.FTE, Decimal("0.2"), None, True),
    "Instituutscoördinator HR": (LineKind.FTE, Decimal("0.2"), None, True),
    "4 schoolopleiders à 100 uur": (LineKind.HOURS, None, Decimal(400), False),
    "Totaal ontwikkelteams": (LineKind.HOURS, None, Decimal(1000), False),
}
# Actuals booked as hours (× the policy's rate); the others are amounts. The projectleider
# worked the full 0.6 FTE (995.4 h); coordinators their half of 0.2 FTE (165.9 h).
ACTUAL_HOURS: dict[str, tuple[Decimal, str]] = {
    "Projectleider/programmadirecteur": (Decimal("995.4"), RateKind.STANDARD),
    "Administratieve ondersteuning": (Decimal(46), RateKind.ADMIN),
    "Bestuurscoördinator Sovot": (Decimal("165.9"), RateKind.STANDARD),
    "Bestuurscoördinator SKVOB": (Decimal("165.9"), RateKind.STANDARD),
    "Instituutscoördinator FLOT": (Decimal("165.9"), RateKind.STANDARD),
    "Instituutscoördinator ESoE": (Decimal("165.9"), RateKind.STANDARD),
    "Instituutscoördinator HR": (Decimal("165.9"), RateKind.STANDARD),
    "4 schoolopleiders à 100 uur": (Decimal(400), RateKind.STANDARD),
    "Programma": (Decimal(64), RateKind.STANDARD),
    "Professionalisering": (Decimal(64), RateKind.STANDARD),
    "Intervisie": (Decimal(40), RateKind.STANDARD),
    "Inductie": (Decimal(89), RateKind.STANDARD),
}
BONUS_LINE = "Bonus extra studenten"
UNKNOWN_COUNTS = {"International School Breda": "De school heeft geen aantallen doorgegeven."}


def load(ctx: DemoContext) -> None:
    year = ctx.year
    totals = {row["item"]: row for row in read_csv("budget_totals_2020_2021.csv")}
    budget, _ = Budget.objects.update_or_create(
        school_year=year,
        defaults={
            "income_label": "Baten 2020-2021 (rijkssubsidie)",
            # The first two years had a fixed grant rather than the per-student subsidy.
            "income_amount": Decimal(totals["Baten 2020-2021 (rijkssubsidie)"]["budget_eur"]),
            "reserve_carried_in": Decimal(
                totals["Resultaat 2019-2020 (carried over)"]["actual_eur"]
            ),
        },
    )
    sections: dict[str, BudgetSection] = {}
    year_end = year.end_date
    for position, row in enumerate(read_csv("budget_2020_2021.csv")):
        name = row["section"]
        if name not in sections:
            sections[name], _ = BudgetSection.objects.update_or_create(
                budget=budget, name=name, defaults={"order": len(sections)}
            )
        kind, fte, hours, half = LINE_KINDS.get(
            row["line"],
            (LineKind.AMOUNT if row["budget_eur"] else LineKind.NONE, None, None, False),
        )
        line, _ = BudgetLine.objects.update_or_create(
            section=sections[name],
            name=row["line"],
            defaults={
                "order": position,
                "kind": kind,
                "fte": fte,
                "hours": hours,
                "amount": Decimal(row["budget_eur"]) if kind == LineKind.AMOUNT else None,
                "half_paid": half,
                "actual_source": (
                    ActualSource.BONUS if row["line"] == BONUS_LINE else ActualSource.ENTRIES
                ),
                "note": _dutch_note(row["note"]),
            },
        )
        line.entries.all().delete()
        if line.actual_source == ActualSource.BONUS or not row["actual_eur"]:
            continue
        if row["line"] in ACTUAL_HOURS:
            entry_hours, rate_kind = ACTUAL_HOURS[row["line"]]
            ActualEntry.objects.create(
                line=line,
                date=year_end,
                description=f"Uren {year}",
                hours=entry_hours,
                rate_kind=rate_kind,
            )
        else:
            ActualEntry.objects.create(
                line=line,
                date=year_end,
                description=f"Uitgaven {year}",
                amount=Decimal(row["actual_eur"]),
            )
    # The targets the 2020-2021 report states (the level spread as in its chapter 5).
    ReportTargets.objects.update_or_create(
        school_year=year,
        defaults={
            "min_partner_students": 200,
            "max_unregistered_percent": None,
            "vt1_percent": 35,
            "vt2_percent": 25,
            "vt3_percent": 20,
            "vt4_percent": 20,
            "level_tolerance_percent": 5,
            "min_professionalization_participants": 100,
        },
    )
    for school, note in UNKNOWN_COUNTS.items():
        UnknownCounts.objects.update_or_create(
            school_year=year, location=ctx.locations[school], defaults={"note": note}
        )


def _dutch_note(note: str) -> str:
    if note.startswith("half of"):
        return "De helft; de andere helft betaalt de eigen werkgever."
    if note == "admin rate 35 EUR/h":
        return "Tegen het tarief voor administratieve ondersteuning."
    if note.startswith("0.6 FTE"):
        return "0,6 FTE van het normjaar."
    if note.startswith("27 students"):
        return "Bonusregel: studenten boven het streefaantal."
    if note == "budgeted as one line":
        return "Begroot als één regel."
    return ""
