"""Demo budget 2020-2021 (figure 5), so that the report reproduces it to the cent, and the
report facts the organisation does not hold (International School Breda's unknown counts)."""

from __future__ import annotations

from decimal import Decimal

from bos.demo import DemoContext
from bos.demo.organisation import DEMO_DOMAIN, read_csv
from bos.models import Person, SchoolYear
from governance import demo as decisions

from . import services
from .models import (
    ActualEntry,
    ActualSource,
    Budget,
    BudgetLine,
    BudgetSection,
    ChapterStatus,
    ChapterText,
    ChapterVersion,
    Evidence,
    EvidenceKind,
    Goal,
    LineKind,
    QualityStandard,
    RateKind,
    ReportTargets,
    SupportStaff,
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
SUPPORT = [
    (("Yvonne", "Ruijs"), "Administratieve ondersteuning", Decimal(46)),
    (("Sanne", "Dekkers"), "Ondersteuning kwaliteitszorg", None),
]
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
            "min_afternoon_attendance_percent": 75,
            "min_afternoon_score": Decimal("3.5"),
            "min_professionalization_participants": 100,
            # "Meer studenten vanuit ESoE, Fontys ALO en FHK, circa 20 per instituut".
            "min_students_per_institute": {"ALO": 20, "ESoE": 20, "FHK": 20},
        },
    )
    # The support the seed's figure 6 names (from Sovot: administrative support and quality
    # assurance); fictitious people, the hours of the budget's actuals.
    for (first, last), task, hours in SUPPORT:
        person, _ = Person.objects.update_or_create(
            email=f"{first}.{last}@{DEMO_DOMAIN}".lower(),
            defaults={"first_name": first, "last_name": last},
        )
        SupportStaff.objects.update_or_create(
            school_year=year,
            person=person,
            task=task,
            defaults={"board": ctx.boards.get("Sovot"), "hours": hours},
        )
    for school, note in UNKNOWN_COUNTS.items():
        UnknownCounts.objects.update_or_create(
            school_year=year, location=ctx.locations[school], defaults={"note": note}
        )
    # The stuurgroep adopted this budget (governance.demo): version 1, adopted with the
    # seed's budget decision, which records the change (kind budget).
    if not budget.versions.exists():
        services.budget_adopt(
            user=None,
            budget=budget,
            decision=decisions.seed_decision(year, decisions.BUDGET),
        )
    if year.closed_at is None:
        load_goals(year)
        load_chapters(year)


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


# --- Goals and the quality framework of 2020-2021 ---------------------------------------
# The seed report's goals per chapter, summarised; (chapter, description, owner, owner role,
# status, explanation, indicator, comparison, target).
DEMO_GOALS: list[tuple[str, str, str, str, str, str, str, str, str | None]] = [
    ("placements", "Minstens 60 eerstejaars: elke kartrekkersschool houdt circa 15 plaatsen vrij.",
     "Kernteam", "kernteam", "achieved",
     "Er liepen 68 eerstejaars stage, ook op zes andere scholen.", "", "", None),
    ("placements", "Eerstejaars ongeveer verdeeld als 30 FLOT, 20 HR en 10 ESoE.",
     "Kernteam", "kernteam", "partly",
     "FLOT leverde er meer dan verwacht, HR en ESoE minder.", "", "", None),
    ("placements", "Genoeg studenten van de partnerinstituten voor de bekostiging.",
     "Projectleider", "projectleider", "", "", "partner_students", "gte", "200"),
    ("placements", "Elke stage heeft een werkplekbegeleider.",
     "Schoolopleiders", "so", "", "", "wpb_share", "gte", "95"),
    ("teams", "Ontwikkelteams per speerpunt met mensen uit verschillende rollen en scholen.",
     "Kernteam", "kernteam", "achieved",
     "Vier teams met ervaren en nieuwe SO's; inductie met schoolleiders.", "", "", None),
    ("teams", "Facilitering van kernteam en ontwikkelteams scheiden; de kartrekker extra uren.",
     "Stuurgroep", "stuurgroep", "moved",
     "Afgesproken voor de begroting van het volgende jaar.", "", "", None),
    ("programme", "Vastleggen wat de school, de BOS en het instituut elk aanbieden.",
     "Ontwikkelteam Programma", "ontwikkelteam", "achieved",
     "De thema's van de instituten zijn in kaart; overlap wordt vermeden.", "", "", None),
    ("programme", "Een werkplekprogramma voor eerstejaars vanuit de visie van de BOS.",
     "Ontwikkelteam Programma", "ontwikkelteam", "achieved",
     "Vier verdiepingsmiddagen met workshops, door corona online.", "", "", None),
    ("programme", "Een programma voor hogerejaars, klaar voor de start van het volgende jaar.",
     "Ontwikkelteam Programma", "ontwikkelteam", "moved",
     "Nog niet af; loopt door in het volgende jaar.", "", "", None),
    ("programme", "Goede opkomst bij de verdiepingsmiddagen.",
     "Ontwikkelteam Programma", "ontwikkelteam", "",
     "Uitnodigen per e-mail bereikt studenten slecht.", "afternoon_attendance", "gte", "75"),
    ("professionalisation", "De ontwikkelbehoeften van WPB, SO en IO in beeld brengen.",
     "Ontwikkelteam Professionalisering", "ontwikkelteam", "partly",
     "Enquête onder SO's en WPB's gehouden; de IO's zijn niet bevraagd.", "", "", None),
    ("professionalisation", "Een professionaliseringsplan voor dit jaar en vijf jaar vooruit.",
     "Ontwikkelteam Professionalisering", "ontwikkelteam", "achieved",
     "Het plan beschrijft uitgangspunten, doelgroep en aanbod.", "", "", None),
    ("intervision", "Intervisie vast onderdeel maken van het opleiden in de BOS.",
     "Ontwikkelteam Intervisie", "ontwikkelteam", "achieved",
     "Schoolbijeenkomsten met intervisie zijn vanaf volgend jaar verplicht.", "", "", None),
    ("induction", "Inductie van startende leraren BOS-breed verankeren.",
     "Ontwikkelteam Inductie", "ontwikkelteam", "achieved",
     "De stuurgroep stemde in met een inductiebeleid met twaalf bouwstenen.", "", "", None),
    ("policy", "Een regeling voor een vergoeding in de afrondende stage.",
     "Projectleider", "projectleider", "achieved",
     "De stagevergoeding geldt vanaf 1 augustus 2021.", "", "", None),
    ("policy", "Heldere online rechten voor studenten per stagefase.",
     "Kernteam", "kernteam", "achieved", "Besluit van december 2020: twee groepen.", "", "", None),
    ("finance", "Binnen de begroting blijven.",
     "Projectleider", "projectleider", "", "", "budget_spent", "lte", "100"),
]  # fmt: skip

# (code, title, description, evidence: figures, library documents, goal descriptions)
DEMO_STANDARDS: list[tuple[str, str, str, list[str], list[str], list[str]]] = [
    ("1", "Gedeelde visie", "Scholen en instituten werken vanuit één visie op samen opleiden.",
     [], ["Besluit online rechten voor studenten"],
     ["Ontwikkelteams per speerpunt met mensen uit verschillende rollen en scholen."]),
    ("2", "Opleiden in de school", "Studenten leren op de werkplek met een samenhangend "
     "programma van school en instituut.", ["fig7", "fig11", "fig3"],
     ["Procedure-afspraken en checklist SO"],
     ["Een werkplekprogramma voor eerstejaars vanuit de visie van de BOS."]),
    ("3", "Begeleiding", "Elke student heeft bekwame begeleiders die zich blijven "
     "professionaliseren.", ["professionalization"], ["Begeleidingsafspraken WPB"],
     ["Elke stage heeft een werkplekbegeleider."]),
    ("4", "Inductie", "Startende leraren krijgen drie jaar begeleiding op maat.", [], [],
     ["Inductie van startende leraren BOS-breed verankeren."]),
    ("5", "Kwaliteitszorg", "De partnerschap evalueert jaarlijks haar doelen en stelt ze bij.",
     [], [], []),
]  # fmt: skip


def load_goals(year: SchoolYear) -> None:
    """The goals and standards of the seed year, with their figure and goal evidence; the
    library's documents come later (`load_quality_documents`), that app loads after this one."""
    for order, (chapter, text, owner, role, status, note, key, comparison, target) in enumerate(
        DEMO_GOALS
    ):
        Goal.objects.update_or_create(
            school_year=year,
            description=text,
            defaults={
                "chapter": chapter,
                "owner": owner,
                "owner_role": role,
                "status": status,
                "explanation": note,
                "indicator": key,
                "comparison": comparison,
                "target": Decimal(target) if target else None,
                "order": order,
            },
        )
    goals = {goal.description: goal for goal in Goal.objects.filter(school_year=year)}
    for code, title, text, figures, _documents, goal_texts in DEMO_STANDARDS:
        standard, _ = QualityStandard.objects.update_or_create(
            school_year=year, code=code, defaults={"title": title, "description": text}
        )
        standard.evidence.exclude(kind=EvidenceKind.DOCUMENT).delete()
        for figure in figures:
            Evidence.objects.create(standard=standard, kind=EvidenceKind.FIGURE, figure=figure)
        for goal_text in goal_texts:
            Evidence.objects.create(
                standard=standard, kind=EvidenceKind.GOAL, goal=goals[goal_text]
            )


def load_quality_documents(year: SchoolYear) -> None:
    """Link the standards to the library's documents of the year (once those exist)."""
    from library.selectors import document_titled

    for code, _title, _text, _figures, titles, _goals in DEMO_STANDARDS:
        standard = QualityStandard.objects.filter(school_year=year, code=code).first()
        if standard is None:
            continue
        for title in titles:
            document = document_titled(year, title)
            if document is not None:
                Evidence.objects.get_or_create(
                    standard=standard, kind=EvidenceKind.DOCUMENT, document=document
                )


# The written chapters of the seed year, summarised in our own words: (introduction, what
# went well, attention points, outlook). The foreword and summary are one text each.
DEMO_CHAPTERS: dict[str, tuple[str, str, str, str]] = {
    "voorwoord": (
        "Voor u ligt het verslag van ons eerste volledige jaar als aspirant-opleidingsschool, "
        "samen met twee schoolbesturen en drie lerarenopleidingen. We laten zien welke doelen "
        "we haalden en waar we nog aan werken. Daarna volgen de financiën, de inzet van "
        "mensen en de aantallen studenten. Wie meer wil weten, vindt de onderliggende stukken "
        "in de bijlagen.",
        "",
        "",
        "",
    ),
    "samenvatting": (
        "Corona maakte het een jaar van steeds opnieuw plannen en veel online overleg. Toch "
        "bleven de scholen studenten ontvangen en vonden begeleiders creatieve oplossingen. "
        "Voor het eerst boden we studenten een eigen programma van verdiepingsmiddagen aan. "
        "We legden de basis met een professionaliseringsplan, een handreiking intervisie en "
        "afspraken over de facilitering van schoolopleiders. Het aantal studenten per partner "
        "staat hieronder.\n\n[[figuur:7]]",
        "",
        "",
        "",
    ),
    "placements": (
        "We wilden dat de kartrekkersscholen samen ruimte boden aan een flinke groep "
        "eerstejaars. Dat lukte, ook dankzij scholen die voor het eerst meededen.",
        "Bijna alle studenten konden ondanks de beperkingen hun stage voortzetten.\n\n[[figuur:1]]",
        "Niet elke eerstejaars stond op tijd geregistreerd in het systeem van het instituut.",
        "Volgend jaar willen we de plaatsing eerder rond hebben en alle locaties betrekken.",
    ),
    "teams": (
        "Vier ontwikkelteams werkten aan programma, professionalisering, intervisie en "
        "inductie. In elk team zaten mensen van scholen en instituten.",
        "De teams leverden elk een concreet product op.",
        "Het kostte moeite om naast het gewone werk tijd vrij te maken voor de teams.",
        "We bekijken of de teams volgend jaar anders samengesteld moeten worden.",
    ),
    "programme": (
        "Studenten kregen dit jaar verdiepingsmiddagen met thema's die ze zelf aandroegen. "
        "Veel collega's van verschillende scholen verzorgden een workshop.",
        "De middagen werden goed gewaardeerd, ook toen ze online moesten.",
        "De opkomst verschilde sterk per middag en per school.",
        "We willen de middagen beter laten aansluiten bij de opleidingen van de instituten.",
    ),
    "professionalisation": (
        "Samen met scholen en instituten schreven we een professionaliseringsplan voor "
        "schoolopleiders en werkplekbegeleiders. Het plan noemt de thema's die we de komende "
        "jaren aan bod laten komen.\n\n[[figuur:4]]",
        "Een enquête onder begeleiders gaf een goed beeld van hun wensen; de uitkomsten "
        "staan hieronder.\n\n[[figuur:14]]",
        "De bijeenkomsten zelf kwamen door corona later op gang dan gepland.",
        "Volgend jaar voeren we het plan uit en kijken we na afloop wat het opleverde.",
    ),
    "intervision": (
        "Er is een handreiking geschreven voor intervisie van studenten op school.",
        "Scholen die ermee werkten vonden de handreiking bruikbaar.",
        "Niet op elke school kwam intervisie van de grond.",
        "We willen dat intervisie volgend jaar op alle locaties een vaste plek krijgt.",
    ),
    "induction": (
        "We beschreven de bouwstenen die een goed inductieprogramma voor startende leraren "
        "volgens ons bevat.",
        "Scholen herkenden zich in de bouwstenen en gebruiken ze om hun aanbod te toetsen.",
        "De programma's verschillen nog veel tussen de scholen.",
        "Volgend jaar vergelijken we de programma's met de bouwstenen.",
    ),
    "policy": (
        "Missie en visie zijn aangescherpt en de rollen van alle betrokkenen zijn beschreven. "
        "Studenten kregen op hun stageschool online rechten, zodat ze bij het team horen.",
        "Er kwam een regeling voor een stagevergoeding in de afrondende fase. De besluiten "
        "van de stuurgroep en de rectoren en directeuren staan hieronder.\n\n[[figuur:13]]",
        "We namen na een zorgvuldig gesprek afscheid van een van de instituten.",
        "We praten met mogelijke nieuwe partners voor de kunstvakken en lichamelijke opvoeding.",
    ),
    "finance": (
        "De subsidie is verdeeld volgens vaste uitgangspunten; de begroting en realisatie "
        "staan in de bijlage.",
        "We sloten het jaar af met een ruime reserve.",
        "Een deel van de begrote uren is door corona niet besteed.",
        "De reserve zetten we volgend jaar in om het samen opleiden verder uit te bouwen.\n\n"
        "[[figuur:6]]",
    ),
}


def load_chapters(year: SchoolYear) -> None:
    """The seed year's chapter texts, approved; one version each (idempotent)."""
    for chapter, (introduction, went_well, attention, outlook) in DEMO_CHAPTERS.items():
        text, created = ChapterText.objects.update_or_create(
            school_year=year,
            chapter=chapter,
            defaults={
                "introduction": introduction,
                "went_well": went_well,
                "attention_points": attention,
                "outlook": outlook,
                "status": ChapterStatus.APPROVED,
            },
        )
        if created:
            ChapterVersion.objects.create(
                text=text,
                introduction=introduction,
                went_well=went_well,
                attention_points=attention,
                outlook=outlook,
            )
