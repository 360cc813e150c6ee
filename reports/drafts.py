"""A first draft of a chapter, written from the year's figures.

Pure: the sentence functions take plain values and return a `Sentence`, Dutch text with
the figure it comes from; `draft_for` picks a chapter's sentences from a year's document
(`reports.document.Report`). No outside service writes anything: the same figures give the
same draft, word for word.

The draft is offered, never imposed: the chapter page shows it, and the edit form of a
chapter nobody has written yet starts from it. What the author then saves is their text."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from facilitation.rules import format_eur, format_number

from .comparison import COMPARED

if TYPE_CHECKING:
    from .document import Report


@dataclass(frozen=True)
class Sentence:
    text: str
    # Where its numbers come from, as the report names it ("figuur 7", "indicatoren").
    source: str


def _plural(count: int, one: str, more: str) -> str:
    return f"{format_number(count)} {one if count == 1 else more}"


def change_phrase(now: int | Decimal, before: int | Decimal | None, what: str = "") -> str:
    """How `now` compares with the previous year: ", 12 meer dan vorig jaar", ", 3 minder
    dan vorig jaar", ", evenveel als vorig jaar", or nothing without a previous year.
    `what` names a unit after the number where it is not clear ("12 studenten meer")."""
    if before is None:
        return ""
    difference = Decimal(now) - Decimal(before)
    if difference == 0:
        return ", evenveel als vorig jaar"
    amount = format_number(abs(difference))
    unit = f" {what}" if what else ""
    direction = "meer" if difference > 0 else "minder"
    return f", {amount}{unit} {direction} dan vorig jaar"


def students_sentence(*, students: int, schools: int, previous: int | None) -> Sentence:
    """'246 studenten liepen stage op 16 scholen, 12 meer dan vorig jaar.'"""
    verb = "liep" if students == 1 else "liepen"
    text = (
        f"{_plural(students, 'student', 'studenten')} {verb} stage op "
        f"{_plural(schools, 'school', 'scholen')}{change_phrase(students, previous)}."
    )
    return Sentence(text, "figuur 7")


def partner_sentence(*, partner: int, other: int) -> Sentence:
    """'202 van hen kwamen van een partnerinstituut en 44 van een ander instituut.'"""
    verb = "kwam" if partner == 1 else "kwamen"
    return Sentence(
        f"{format_number(partner)} van hen {verb} van een partnerinstituut en "
        f"{format_number(other)} van een ander instituut.",
        "figuur 12",
    )


def _names(names: Sequence[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} en {names[-1]}"


def streefaantal_sentences(rows: Sequence[tuple[str, int, int]]) -> list[Sentence]:
    """Per school (name, students, streefaantal): how many schools reached their
    streefaantal, and which stayed below it."""
    if not rows:
        return []
    above = [name for name, students, target in rows if students > target]
    at = [name for name, students, target in rows if students == target]
    below = [name for name, students, target in rows if students < target]
    parts = [
        f"{format_number(len(at))} op",
        f"{format_number(len(above))} boven",
        f"{format_number(len(below))} onder",
    ]
    sentences = [
        Sentence(
            f"Van de {_plural(len(rows), 'school', 'scholen')} met een streefaantal "
            f"{'zat' if len(rows) == 1 else 'zaten er'} {', '.join(parts[:2])} en "
            f"{parts[2]} hun streefaantal.",
            "figuur 12",
        )
    ]
    if below:
        sentences.append(Sentence(f"Onder hun streefaantal: {_names(sorted(below))}.", "figuur 12"))
    return sentences


def bonus_sentence(*, schools: int, extra_students: int, total_eur: Decimal) -> Sentence | None:
    """'4 scholen hadden samen 23 studenten boven hun streefaantal; dat gaf € 11.500,00
    bonus.' None when no school had more students than its streefaantal."""
    if schools == 0:
        return None
    verb = "had" if schools == 1 else "hadden samen"
    return Sentence(
        f"{_plural(schools, 'school', 'scholen')} {verb} "
        f"{_plural(extra_students, 'student', 'studenten')} boven het streefaantal; dat gaf "
        f"{format_eur(total_eur)} bonus.",
        "bonustabel",
    )


def indicator_sentence(*, label: str, value: str, target: str, met: bool | None) -> Sentence:
    """'Studenten van partnerinstituten: 202, doel ≥ 200: gehaald.'"""
    verdict = {True: "gehaald", False: "niet gehaald", None: "niet te beoordelen"}[met]
    return Sentence(f"{label}: {value}, doel {target}: {verdict}.", "indicatoren")


def indicators_summary(met: Sequence[bool | None]) -> Sentence | None:
    """'7 van de 9 indicatoren zijn gehaald.' (those that can be judged)"""
    judged = [value for value in met if value is not None]
    if not judged:
        return None
    reached = sum(1 for value in judged if value)
    verb = "is" if reached == 1 else "zijn"
    return Sentence(
        f"{format_number(reached)} van de {_plural(len(judged), 'indicator', 'indicatoren')} "
        f"{verb} gehaald.",
        "indicatoren",
    )


def finance_sentences(
    *,
    income_label: str,
    income: Decimal,
    budget_expenses: Decimal,
    actual_expenses: Decimal,
    result: Decimal,
    carried_in: Decimal,
    reserve: Decimal,
) -> list[Sentence]:
    """Income, spending against the budget, and the reserve."""
    difference = actual_expenses - budget_expenses
    if difference == 0:
        against = "precies wat begroot was"
    else:
        direction = "meer" if difference > 0 else "minder"
        against = (
            f"{format_eur(abs(difference))} {direction} dan de "
            f"{format_eur(budget_expenses)} die begroot was"
        )
    outcome = "overschot" if result >= 0 else "tekort"
    return [
        Sentence(f"De inkomsten ({income_label}) waren {format_eur(income)}.", "figuur 5"),
        Sentence(f"Uitgegeven is {format_eur(actual_expenses)}, {against}.", "figuur 5"),
        Sentence(
            f"Met een {outcome} van {format_eur(abs(result))} gaat de reserve van "
            f"{format_eur(carried_in)} naar {format_eur(reserve)}.",
            "figuur 5",
        ),
    ]


def percentage_sentence(
    *, what: str, percent: Decimal | None, previous: Decimal | None, source: str
) -> Sentence | None:
    """'De aanwezigheid bij de intervisie was 87,5%, 2,5 procentpunt meer dan vorig jaar.'"""
    if percent is None:
        return None
    change = change_phrase(percent, previous, "procentpunt")
    return Sentence(f"{what} was {format_number(percent)}%{change}.", source)


def teams_sentence(*, teams: int, members: int, kartrekkers: int) -> Sentence | None:
    """'4 ontwikkelteams telden samen 23 leden, van wie 4 kartrekker.'"""
    if teams == 0:
        return None
    verb = "telde" if teams == 1 else "telden samen"
    text = (
        f"{_plural(teams, 'ontwikkelteam', 'ontwikkelteams')} {verb} "
        f"{_plural(members, 'lid', 'leden')}"
    )
    if kartrekkers:
        text += f", van wie {format_number(kartrekkers)} kartrekker"
    return Sentence(f"{text}.", "figuur 2")


def deployment_sentence(hours: Sequence[tuple[str, Decimal]]) -> Sentence | None:
    """Per body (label, hours): 'De inzet was 600 uur voor Projectleiding, 400 uur voor
    Kernteam en 300 uur voor Ontwikkelteams.'"""
    parts = [f"{format_number(value)} uur voor {label}" for label, value in hours if value]
    if not parts:
        return None
    return Sentence(f"De inzet was {_names(parts)}.", "figuur 6")


def afternoons_sentence(afternoons: int) -> Sentence | None:
    """'Er waren 4 verdiepingsmiddagen.'"""
    if afternoons == 0:
        return None
    verb = "was" if afternoons == 1 else "waren"
    return Sentence(
        f"Er {verb} {_plural(afternoons, 'verdiepingsmiddag', 'verdiepingsmiddagen')}.",
        "figuur 3",
    )


def professionalisation_sentences(
    *,
    per_role: Sequence[tuple[str, int]],
    participants: int,
    hours: Decimal,
    basic: int,
    deepening: int,
) -> list[Sentence]:
    """'Aan de professionalisering namen 62 mensen deel (45 WPB, 12 SO en 5 IO), samen
    320 uur.' and the meetings offered."""
    sentences: list[Sentence] = []
    if participants:
        roles = _names([f"{format_number(count)} {label}" for label, count in per_role if count])
        verb = "nam" if participants == 1 else "namen"
        people = _plural(participants, "persoon", "mensen")
        sentences.append(
            Sentence(
                f"Aan de professionalisering {verb} {people} deel ({roles}), samen "
                f"{format_number(hours)} uur.",
                "tabel professionalisering",
            )
        )
    if basic or deepening:
        sentences.append(
            Sentence(
                f"Er waren {_plural(basic, 'basisbijeenkomst', 'basisbijeenkomsten')} en "
                f"{_plural(deepening, 'verdiepende bijeenkomst', 'verdiepende bijeenkomsten')}.",
                "tabel professionalisering",
            )
        )
    return sentences


def foreword_sentence(*, partnership: str, year: str, students: int, schools: int) -> Sentence:
    """'In 2026-2027 liepen 183 studenten stage op de 16 scholen van onze opleidingsschool
    (Brabantse Opleidingsschool).'"""
    verb = "liep" if students == 1 else "liepen"
    where = f"de {_plural(schools, 'school', 'scholen')}" if schools != 1 else "de school"
    of = " van onze opleidingsschool" + (f" ({partnership})" if partnership else "")
    return Sentence(
        f"In {year} {verb} {_plural(students, 'student', 'studenten')} stage op {where}{of}.",
        "figuur 7",
    )


def streefaantal_total_sentence(
    *, pupils: int, streefaantal: int, students: int, previous_pupils: int | None
) -> Sentence:
    """'Bij 13.035 leerlingen op 1 oktober was het streefaantal 261 studenten; er liepen er
    246 stage.'"""
    change = change_phrase(pupils, previous_pupils, "leerlingen").removeprefix(", ")
    aside = f" ({change})" if change else ""
    verb = "liep" if students == 1 else "liepen"
    return Sentence(
        f"Bij {format_number(pupils)} leerlingen op 1 oktober{aside} was het streefaantal "
        f"{_plural(streefaantal, 'student', 'studenten')}; er {verb} er "
        f"{format_number(students)} stage.",
        "figuur 12",
    )


def decisions_sentence(bodies: Sequence[str]) -> Sentence:
    """'Er zijn 4 besluiten vastgelegd: 2 van de stuurgroep en 2 van de rectoren en
    directeuren.' from the body of each decision, in the order they were taken."""
    if not bodies:
        return Sentence("Er zijn geen besluiten vastgelegd.", "figuur 13")
    counts: dict[str, int] = {}
    for body in bodies:
        counts[body] = counts.get(body, 0) + 1
    parts = [
        f"{format_number(count)} van {'het' if body.lower() == 'kernteam' else 'de'} {body.lower()}"
        for body, count in counts.items()
    ]
    return Sentence(
        f"Er {'is' if len(bodies) == 1 else 'zijn'} "
        f"{_plural(len(bodies), 'besluit', 'besluiten')} vastgelegd: {_names(parts)}.",
        "figuur 13",
    )


def induction_sentences(
    *,
    starters: int,
    schools: int,
    former_students: int,
    previous: int | None,
    schools_with_blocks: int,
    blocks_in_place: int,
    blocks_developing: int,
    blocks: int,
) -> list[Sentence]:
    """'Op 2 scholen zijn 5 startende leraren geregistreerd, 3 meer dan vorig jaar. 2 van hen
    zijn oud-studenten van de opleidingsschool. 2 scholen legden de stand van de 12
    bouwstenen van het inductiebeleid vast: samen 13 aanwezig en 7 in ontwikkeling.'"""
    change = change_phrase(starters, previous)
    if starters:
        verb = "is" if starters == 1 else "zijn"
        who = _plural(starters, "startende leraar", "startende leraren")
        where = _plural(schools, "school", "scholen")
        sentences = [Sentence(f"Op {where} {verb} {who} geregistreerd{change}.", "tabel inductie")]
    else:
        sentences = [
            Sentence(f"Er zijn geen startende leraren geregistreerd{change}.", "tabel inductie")
        ]
    if former_students:
        verb = "is" if former_students == 1 else "zijn"
        sentences.append(
            Sentence(
                f"{format_number(former_students)} van hen {verb} "
                f"{'oud-student' if former_students == 1 else 'oud-studenten'} van de "
                "opleidingsschool.",
                "tabel inductie",
            )
        )
    what = f"de stand van de {format_number(blocks)} bouwstenen van het inductiebeleid"
    if schools_with_blocks:
        verb = "legde" if schools_with_blocks == 1 else "legden"
        together = "" if schools_with_blocks == 1 else "samen "
        sentences.append(
            Sentence(
                f"{_plural(schools_with_blocks, 'school', 'scholen')} {verb} {what} vast: "
                f"{together}{format_number(blocks_in_place)} aanwezig en "
                f"{format_number(blocks_developing)} in ontwikkeling.",
                "tabel inductie",
            )
        )
    else:
        sentences.append(Sentence(f"Nog geen school legde {what} vast.", "tabel inductie"))
    return sentences


def markdown(sentences: Sequence[Sentence]) -> str:
    """The draft as the text of a chapter's first section: one paragraph."""
    return " ".join(sentence.text for sentence in sentences)


# --- A chapter's sentences from a year's document ------------------------------------------

# Which indicators (by the start of their label) belong to which chapter.
INDICATOR_CHAPTERS = {
    "Studenten van partnerinstituten": "placements",
    "Niet geregistreerde eerstejaars": "placements",
    "Aandeel ": "placements",
    "Scholen op of boven": "placements",
    "Opkomst verdiepingsmiddagen": "programme",
    "Waardering verdiepingsmiddagen": "programme",
    "Aanwezigheid intervisie": "intervision",
    "Deelnemers professionalisering": "professionalisation",
}


def _indicators_of(chapter: str, indicators: Sequence[dict[str, Any]]) -> list[Sentence]:
    return [
        indicator_sentence(
            label=item["label"], value=item["value"], target=item["target"], met=item["met"]
        )
        for item in indicators
        if any(
            item["label"].startswith(prefix) and owner == chapter
            for prefix, owner in INDICATOR_CHAPTERS.items()
        )
    ]


def _previous(report: Report, table: str, column: str) -> Any:
    """The previous year's value of a key value (`Report.changes`); None without one. A
    closed year kept before the changes were kept has its kerncijfers table instead."""
    found = (report.changes.get(table) or {}).get(column)
    if found is not None:
        return found["previous"]
    labels = {label for label, *key in COMPARED if key == [table, column]}
    return next((row["previous"] for row in report.comparison if row["label"] in labels), None)


def _placement_sentences(report: Report) -> list[Sentence]:
    figs = report.figures
    fig12 = figs["fig12"]
    students = figs["fig7"]["total"]["total"]
    schools = len(fig12["rows"])
    sentences = [
        students_sentence(
            students=students, schools=schools, previous=_previous(report, "fig7", "total")
        )
    ]
    total = fig12["total"]
    if total.get("partner") is not None and total.get("other") is not None:
        sentences.append(partner_sentence(partner=total["partner"], other=total["other"]))
    known = [
        (row["school"], row["students"], row["streefaantal"])
        for row in fig12["rows"]
        if row["students"] is not None and row["streefaantal"]
    ]
    sentences += streefaantal_sentences(known)
    bonus = figs.get("bonus")
    if bonus:
        sentence = bonus_sentence(
            schools=len(bonus["rows"]),
            extra_students=bonus["extra_students"],
            total_eur=bonus["total_eur"],
        )
        sentences += [sentence] if sentence else []
    return sentences


def _intervision_sentences(report: Report) -> list[Sentence]:
    total = report.figures.get("intervision", {}).get("total", {})
    sentence = percentage_sentence(
        what="De aanwezigheid bij de intervisie op school",
        percent=total.get("attendance_percent"),
        previous=_previous(report, "intervision", "attendance_percent"),
        source="intervisietabel",
    )
    return [sentence] if sentence else []


def _finance_sentences(report: Report) -> list[Sentence]:
    budget = report.budget
    if budget is None:
        return []
    return finance_sentences(
        income_label=budget.income_label,
        income=budget.income,
        budget_expenses=budget.budget_expenses,
        actual_expenses=budget.actual_expenses,
        result=budget.result,
        carried_in=budget.carried_in,
        reserve=budget.reserve,
    )


def draft_for(chapter: str, report: Report | None, *, partnership: str = "") -> list[Sentence]:
    """The sentences the figures give for `chapter` (a `TextChapter` value); none for a
    chapter whose subject the figures do not hold, or without a report. `partnership` names
    the partnership in the foreword."""
    if report is None:
        return []
    if chapter == "voorwoord":
        return [
            foreword_sentence(
                partnership=partnership,
                year=str(report.year),
                students=report.figures["fig7"]["total"]["total"],
                schools=len(report.figures["fig12"]["rows"]),
            )
        ]
    if chapter == "samenvatting":
        # The summary: the students, the indicators met, and the reserve (the last of the
        # finance sentences).
        sentences = _placement_sentences(report)[:1]
        summary = indicators_summary([item["met"] for item in report.indicators])
        sentences += [summary] if summary else []
        return sentences + _finance_sentences(report)[-1:]
    sentences: list[Sentence] = []
    if chapter == "placements":
        sentences = _placement_sentences(report)
    elif chapter == "teams":
        teams = report.figures.get("fig2") or []
        members = [member for team in teams for member in team["members"]]
        sentence = teams_sentence(
            teams=len(teams),
            members=len(members),
            kartrekkers=sum(1 for member in members if member["kartrekker"]),
        )
        sentences = [sentence] if sentence else []
    elif chapter == "programme":
        sentence = afternoons_sentence(len(report.figures.get("fig3") or []))
        sentences = [sentence] if sentence else []
    elif chapter == "professionalisation":
        table = report.figures.get("professionalization")
        if table and table.get("registered", True):
            sentences = professionalisation_sentences(
                per_role=[(row["label"], row["participants"]) for row in table["rows"]],
                participants=table["total"]["participants"],
                hours=table["total"]["hours"],
                basic=table["basic"],
                deepening=table["deepening"],
            )
    elif chapter == "policy":
        total = report.figures["fig12"]["total"]
        if total.get("pupils") and total.get("streefaantal") is not None:
            sentences = [
                streefaantal_total_sentence(
                    pupils=total["pupils"],
                    streefaantal=total["streefaantal"],
                    students=report.figures["fig7"]["total"]["total"],
                    previous_pupils=_previous(report, "fig12", "pupils"),
                )
            ]
        decisions = report.figures.get("fig13")
        if decisions is not None:
            sentences.append(decisions_sentence([row["body"] for row in decisions]))
    elif chapter == "induction":
        table = report.figures.get("induction")
        if table:
            total = table["total"]
            sentences = induction_sentences(
                starters=total["starters"],
                schools=total["schools_with_starters"],
                former_students=total["former_students"],
                previous=_previous(report, "induction", "starters"),
                schools_with_blocks=total["schools_with_blocks"],
                blocks_in_place=total["blocks_in_place"],
                blocks_developing=total["blocks_developing"],
                blocks=table["blocks"],
            )
    elif chapter == "finance":
        sentences = _finance_sentences(report)
        deployment = report.figures.get("fig6")
        if deployment:
            hours = [(body, deployment["hours"].get(body, 0)) for body in deployment["bodies"]]
            sentence = deployment_sentence(hours)
            sentences += [sentence] if sentence else []
    judged = _indicators_of(chapter, report.indicators)
    if chapter == "intervision" and not judged:
        # Without a target the attendance is said plainly; with one, its indicator says it.
        sentences = _intervision_sentences(report)
    return sentences + judged
