"""A first draft of a chapter, written from the year's figures.

Pure: the sentence functions take plain values and return a `Sentence`, Dutch text with
the figure it comes from; `draft_for` picks a chapter's sentences from a year's document
(`reports.document.Report`). No outside service writes anything: the same figures give the
same draft, word for word.

Every value a sentence prints is kept beside its text (`Sentence.values`), each with where
in the document it comes from (`Value.ref`). A sentence function names its values by its own
parameters ("students", "students - previous"); `draft_for` says where each parameter comes
from ("figures.fig7.total.total"), so a sentence of a draft says which number of which
figure it prints. A test reads every number of the demo's drafts back from there.

The draft is offered, never imposed: the chapter page shows it, and the edit form of a
chapter nobody has written yet starts from it. What the author then saves is their text."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from facilitation.rules import format_eur, format_number

from .comparison import COMPARED

if TYPE_CHECKING:
    from .document import Report


@dataclass(frozen=True)
class Value:
    """A value a sentence prints (a number, a text, or a tuple of texts; a number is
    printed without its sign, the words around it say which way it goes), and `ref`, where
    it comes from in the year's document:

    - a path of attributes, keys and list positions: "figures.fig7.total.total",
      "indicators.2.value"; a name on a list takes it from every item ("figures.fig2.members",
      the members of every team);
    - filters on a list: "[students<streefaantal]" (an item's field against another field,
      a number, true, false, null or a 'text'), "[=true]" (the item itself), "[distinct]";
    - "#" before a path: how many items it holds; "+" before a path: the sum of its items
      (an empty one counted as 0);
    - "a - b": the difference of two of these;
    - 'text' in quotes: a word of the template itself ("'1 oktober'").

    A sentence function writes the ref with its own parameters as the first names; `draft_for`
    puts the document's path in their place (`Sentence.sourced`)."""

    value: Any
    ref: str


@dataclass(frozen=True)
class Sentence:
    text: str
    # Where its numbers come from, as the report names it ("figuur 7", "indicatoren").
    source: str
    # What it prints, in order, each with where it comes from (see `Value`).
    values: tuple[Value, ...] = ()

    def sourced(self, **refs: str) -> Sentence:
        """The sentence with each parameter name at the start of a value's ref replaced by
        where that parameter comes from in the document."""

        def place(match: re.Match[str]) -> str:
            return match.group(1) + refs.get(match.group(2), match.group(2))

        values = tuple(
            replace(value, ref=_TERM_START.sub(place, value.ref)) for value in self.values
        )
        return replace(self, values=values)


# The first name of each term of a ref: at its start, after "#" or "+", or after " - ".
_TERM_START = re.compile(r"(^[#+]?|- [#+]?)([a-z_]+)")


class _Writer:
    """Writes the values of one sentence and keeps each with its ref, so a sentence's text
    and its values cannot drift apart."""

    def __init__(self) -> None:
        self.values: list[Value] = []

    def _keep(self, ref: str, value: Any) -> None:
        self.values.append(Value(value, ref))

    def number(self, ref: str, value: int | Decimal) -> str:
        self._keep(ref, value)
        return format_number(abs(value))

    def eur(self, ref: str, value: Decimal) -> str:
        """'€ 1.234,56', the sign and the amount kept together on one line."""
        self._keep(ref, value)
        return format_eur(abs(value)).replace(" ", "\N{NO-BREAK SPACE}")

    def count(self, ref: str, value: int, one: str, more: str) -> str:
        """'1 school', '16 scholen'."""
        self._keep(ref, value)
        return f"{format_number(value)} {one if value == 1 else more}"

    def text(self, ref: str, value: str) -> str:
        self._keep(ref, value)
        return value

    def names(self, ref: str, names: Sequence[str]) -> str:
        """'A, B en C', sorted."""
        ordered = tuple(sorted(names))
        self._keep(ref, ordered)
        return _names(ordered)

    def change(
        self, ref: str, now: int | Decimal, before: int | Decimal | None, what: str = ""
    ) -> str:
        """`change_phrase`, its difference kept as `ref` ("students - previous")."""
        if before is not None and now != before:
            self._keep(ref, Decimal(now) - Decimal(before))
        return change_phrase(now, before, what)

    def sentence(self, text: str, source: str) -> Sentence:
        return Sentence(text, source, tuple(self.values))


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


def _names(names: Sequence[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} en {names[-1]}"


# --- The sentences ---------------------------------------------------------------------------


def students_sentence(*, students: int, schools: int, previous: int | None) -> Sentence:
    """'246 studenten liepen stage op 16 scholen, 12 meer dan vorig jaar.'"""
    w = _Writer()
    verb = "liep" if students == 1 else "liepen"
    text = (
        f"{w.count('students', students, 'student', 'studenten')} {verb} stage op "
        f"{w.count('schools', schools, 'school', 'scholen')}"
        f"{w.change('students - previous', students, previous)}."
    )
    return w.sentence(text, "figuur 7")


def first_years_sentence(
    *, columns: Sequence[str], total: Mapping[str, int], previous: int | None
) -> Sentence:
    """'72 eerstejaars van de partnerinstituten liepen stage (10 ESoE, 52 FLOT en 10 HR),
    20 minder dan vorig jaar.' `total` is figure 1's total row, per institute in `columns`."""
    w = _Writer()
    count = total["total"]
    if not count:
        text = (
            "Er liepen geen eerstejaars van de partnerinstituten stage"
            f"{w.change('total.total - previous', count, previous)}."
        )
        return w.sentence(text, "figuur 1")
    people = w.count("total.total", count, "eerstejaars", "eerstejaars")
    verb = "liep" if count == 1 else "liepen"
    present = [(index, code) for index, code in enumerate(columns) if total.get(code)]
    if len(present) == 1:
        index, _code = present[0]
        split = f" (allen van {w.text(f'columns.{index}', columns[index])})" if count > 1 else ""
    else:
        split = " ({})".format(
            _names(
                [
                    f"{w.number(f'total.{code}', total[code])} {w.text(f'columns.{index}', code)}"
                    for index, code in present
                ]
            )
        )
    change = w.change("total.total - previous", count, previous)
    return w.sentence(f"{people} van de partnerinstituten {verb} stage{split}{change}.", "figuur 1")


def partner_sentence(*, partner: int, other: int) -> Sentence:
    """'202 van hen kwamen van een partnerinstituut en 44 van een ander instituut.'"""
    w = _Writer()
    verb = "kwam" if partner == 1 else "kwamen"
    return w.sentence(
        f"{w.number('partner', partner)} van hen {verb} van een partnerinstituut en "
        f"{w.number('other', other)} van een ander instituut.",
        "figuur 12",
    )


def streefaantal_sentences(rows: Sequence[Mapping[str, Any]]) -> list[Sentence]:
    """Per school (figure 12's rows: school, students, streefaantal): how many schools
    reached their streefaantal, and which stayed below it. A school whose students are
    unknown, or without a streefaantal, is left out."""
    known = "rows[students!=null][streefaantal>0]"
    rows = [row for row in rows if row["students"] is not None and row["streefaantal"]]
    if not rows:
        return []
    above = [row["school"] for row in rows if row["students"] > row["streefaantal"]]
    at = [row["school"] for row in rows if row["students"] == row["streefaantal"]]
    below = [row["school"] for row in rows if row["students"] < row["streefaantal"]]
    w = _Writer()
    schools = w.count(f"#{known}", len(rows), "school", "scholen")
    verb = "zat" if len(rows) == 1 else "zaten er"
    text = (
        f"Van de {schools} met een streefaantal {verb} "
        f"{w.number(f'#{known}[students=streefaantal]', len(at))} op, "
        f"{w.number(f'#{known}[students>streefaantal]', len(above))} boven en "
        f"{w.number(f'#{known}[students<streefaantal]', len(below))} onder hun streefaantal."
    )
    sentences = [w.sentence(text, "figuur 12")]
    if below:
        w = _Writer()
        names = w.names(f"{known}[students<streefaantal].school", below)
        sentences.append(w.sentence(f"Onder hun streefaantal: {names}.", "figuur 12"))
    return sentences


def bonus_sentence(*, schools: int, extra_students: int, total_eur: Decimal) -> Sentence | None:
    """'4 scholen hadden samen 23 studenten boven hun streefaantal; dat gaf € 11.500,00
    bonus.' None when no school had more students than its streefaantal."""
    if schools == 0:
        return None
    w = _Writer()
    verb = "had" if schools == 1 else "hadden samen"
    return w.sentence(
        f"{w.count('schools', schools, 'school', 'scholen')} {verb} "
        f"{w.count('extra_students', extra_students, 'student', 'studenten')} boven het "
        f"streefaantal; dat gaf {w.eur('total_eur', total_eur)} bonus.",
        "bonustabel",
    )


def indicator_sentence(*, label: str, value: str, target: str, met: bool | None) -> Sentence:
    """'Studenten van partnerinstituten: 202, doel ≥ 200: gehaald.'"""
    w = _Writer()
    verdict = {True: "gehaald", False: "niet gehaald", None: "niet te beoordelen"}[met]
    return w.sentence(
        f"{w.text('label', label)}: {w.text('value', value)}, doel "
        f"{w.text('target', target)}: {verdict}.",
        "indicatoren",
    )


def indicators_summary(met: Sequence[bool | None]) -> Sentence | None:
    """'7 van de 9 indicatoren zijn gehaald.' (those that can be judged)"""
    judged = [value for value in met if value is not None]
    if not judged:
        return None
    reached = sum(1 for value in judged if value)
    w = _Writer()
    verb = "is" if reached == 1 else "zijn"
    return w.sentence(
        f"{w.number('#met[=true]', reached)} van de "
        f"{w.count('#met[!=null]', len(judged), 'indicator', 'indicatoren')} {verb} gehaald.",
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
    first = _Writer()
    income_text = (
        f"De inkomsten uit ‘{first.text('income_label', income_label)}’ waren "
        f"{first.eur('income', income)}."
    )
    second = _Writer()
    spent = second.eur("actual_expenses", actual_expenses)
    difference = actual_expenses - budget_expenses
    if difference == 0:
        against = "precies wat begroot was"
    else:
        direction = "meer" if difference > 0 else "minder"
        against = (
            f"{second.eur('actual_expenses - budget_expenses', difference)} {direction} dan de "
            f"{second.eur('budget_expenses', budget_expenses)} die begroot was"
        )
    third = _Writer()
    outcome = "overschot" if result >= 0 else "tekort"
    reserve_text = (
        f"Met een {outcome} van {third.eur('result', result)} gaat de reserve van "
        f"{third.eur('carried_in', carried_in)} naar {third.eur('reserve', reserve)}."
    )
    return [
        first.sentence(income_text, "figuur 5"),
        second.sentence(f"Uitgegeven is {spent}, {against}.", "figuur 5"),
        third.sentence(reserve_text, "figuur 5"),
    ]


def budget_sections_sentence(lines: Sequence[Any]) -> Sentence | None:
    """Figure 5's lines (each with its section, budget_eur and actual_eur; an amount may be
    None) per section, spending against its budget: 'Per onderdeel is uitgegeven:
    Projectleiding € 73.488,00 van € 79.678,00 begroot, Onvoorzien € 16.695,36 van
    € 2.500,00 begroot.' A section without a budget says so."""
    sections: dict[str, tuple[Decimal, Decimal]] = {}
    for line in lines:
        budget, actual = sections.get(line.section, (Decimal(0), Decimal(0)))
        sections[line.section] = (
            budget + (line.budget_eur or 0),
            actual + (line.actual_eur or 0),
        )
    w = _Writer()
    parts = []
    for name, (budget, actual) in sections.items():
        if not budget and not actual:
            continue
        lines_of = f"lines[section='{name}']"
        part = f"{w.text(f'{lines_of}.0.section', name)} {w.eur(f'+{lines_of}.actual_eur', actual)}"
        if budget:
            part += f" van {w.eur(f'+{lines_of}.budget_eur', budget)} begroot"
        else:
            part += " zonder begroting"
        parts.append(part)
    if not parts:
        return None
    return w.sentence(f"Per onderdeel is uitgegeven: {_names(parts)}.", "figuur 5")


def percentage_sentence(
    *, what: str, percent: Decimal | None, previous: Decimal | None, source: str
) -> Sentence | None:
    """'De aanwezigheid bij de intervisie was 87,5%, 2,5 procentpunt meer dan vorig jaar.'"""
    if percent is None:
        return None
    w = _Writer()
    value = w.number("percent", percent)
    change = w.change("percent - previous", percent, previous, "procentpunt")
    return w.sentence(f"{what} was {value}%{change}.", source)


def teams_sentence(*, teams: int, members: int, kartrekkers: int) -> Sentence | None:
    """'4 ontwikkelteams telden samen 23 leden, van wie 4 kartrekker.'"""
    if teams == 0:
        return None
    w = _Writer()
    verb = "telde" if teams == 1 else "telden samen"
    text = (
        f"{w.count('teams', teams, 'ontwikkelteam', 'ontwikkelteams')} {verb} "
        f"{w.count('members', members, 'lid', 'leden')}"
    )
    if kartrekkers:
        text += f", van wie {w.number('kartrekkers', kartrekkers)} kartrekker"
    return w.sentence(f"{text}.", "figuur 2")


def deployment_sentence(*, bodies: Sequence[str], hours: Mapping[str, Decimal]) -> Sentence | None:
    """Per body in `bodies`, its `hours`: 'De inzet was 600 uur voor Projectleiding, 400 uur
    voor Kernteam en 300 uur voor Ontwikkelteams.'"""
    w = _Writer()
    parts = [
        f"{w.number(f'hours.{body}', hours[body])} uur voor {w.text(f'bodies.{index}', body)}"
        for index, body in enumerate(bodies)
        if hours.get(body)
    ]
    if not parts:
        return None
    return w.sentence(f"De inzet was {_names(parts)}.", "figuur 6")


def afternoons_sentence(sessions: Sequence[Mapping[str, Any]]) -> Sentence | None:
    """Figure 3's sessions, each of an afternoon by its number: 'Er waren 2
    verdiepingsmiddagen.', or with an afternoon held for several groups of students 'Er
    waren 2 verdiepingsmiddagen, samen 4 keer gehouden voor verschillende groepen.'"""
    afternoons = len({session["number"] for session in sessions})
    if afternoons == 0:
        return None
    w = _Writer()
    verb = "was" if afternoons == 1 else "waren"
    counted = w.count(
        "#sessions.number[distinct]", afternoons, "verdiepingsmiddag", "verdiepingsmiddagen"
    )
    text = f"Er {verb} {counted}"
    if len(sessions) > afternoons:
        together = "" if afternoons == 1 else "samen "
        text += (
            f", {together}{w.number('#sessions', len(sessions))} keer gehouden voor "
            "verschillende groepen studenten"
        )
    return w.sentence(f"{text}.", "figuur 3")


def professionalisation_sentences(
    *,
    rows: Sequence[Mapping[str, Any]],
    participants: int,
    hours: Decimal,
    basic: int,
    deepening: int,
) -> list[Sentence]:
    """'Aan de professionalisering namen 62 mensen deel (45 WPB, 12 SO en 5 IO), samen
    320 uur.' (`rows`: per role its label and participants) and the meetings offered."""
    sentences: list[Sentence] = []
    if participants:
        w = _Writer()
        verb = "nam" if participants == 1 else "namen"
        people = w.count("participants", participants, "persoon", "mensen")
        roles = _names(
            [
                f"{w.number(f'rows.{index}.participants', row['participants'])} "
                f"{w.text(f'rows.{index}.label', row['label'])}"
                for index, row in enumerate(rows)
                if row["participants"]
            ]
        )
        sentences.append(
            w.sentence(
                f"Aan de professionalisering {verb} {people} deel ({roles}), samen "
                f"{w.number('hours', hours)} uur.",
                "tabel professionalisering",
            )
        )
    if basic or deepening:
        w = _Writer()
        basics = w.count("basic", basic, "basisbijeenkomst", "basisbijeenkomsten")
        deepenings = w.count(
            "deepening", deepening, "verdiepende bijeenkomst", "verdiepende bijeenkomsten"
        )
        sentences.append(
            w.sentence(f"Er waren {basics} en {deepenings}.", "tabel professionalisering")
        )
    return sentences


def plan_themes_sentence(themes: Sequence[Mapping[str, Any]]) -> Sentence:
    """'Het professionaliseringsplan noemt 11 thema's: 6 basisthema's en 5 verdiepende
    thema's.' from figure 4's themes (each with its level, "basic" or "deepening")."""
    w = _Writer()
    if not themes:
        return w.sentence(
            "Voor dit jaar zijn geen thema's van het professionaliseringsplan vastgelegd.",
            "figuur 4",
        )
    total = w.count("#themes", len(themes), "thema", "thema's")
    basic = sum(1 for theme in themes if theme["level"] == "basic")
    deepening = len(themes) - basic
    basics = w.count("#themes[level='basic']", basic, "basisthema", "basisthema's")
    deepenings = w.count(
        "#themes[level='deepening']", deepening, "verdiepend thema", "verdiepende thema's"
    )
    return w.sentence(
        f"Het professionaliseringsplan noemt {total}: {basics} en {deepenings}.", "figuur 4"
    )


def foreword_sentence(*, partnership: str, year: str, students: int, schools: int) -> Sentence:
    """'In 2026-2027 liepen 183 studenten stage op de 16 scholen van onze opleidingsschool
    (Brabantse Opleidingsschool).'"""
    w = _Writer()
    when = w.text("year", year)
    verb = "liep" if students == 1 else "liepen"
    who = w.count("students", students, "student", "studenten")
    if schools != 1:
        where = f"de {w.count('schools', schools, 'school', 'scholen')}"
    else:
        where = "de school"
    of = " van onze opleidingsschool"
    if partnership:
        of += f" ({w.text('partnership', partnership)})"
    return w.sentence(f"In {when} {verb} {who} stage op {where}{of}.", "figuur 7")


def streefaantal_total_sentence(
    *, pupils: int, streefaantal: int, students: int, previous_pupils: int | None
) -> Sentence:
    """'Bij 13.035 leerlingen op 1 oktober was het streefaantal 261 studenten; er liepen er
    246 stage.'"""
    w = _Writer()
    count = w.number("pupils", pupils)
    day = w.text("'1 oktober'", "1 oktober")
    change = w.change("pupils - previous_pupils", pupils, previous_pupils, "leerlingen")
    aside = f" ({change.removeprefix(', ')})" if change else ""
    verb = "liep" if students == 1 else "liepen"
    return w.sentence(
        f"Bij {count} leerlingen op {day}{aside} was het streefaantal "
        f"{w.count('streefaantal', streefaantal, 'student', 'studenten')}; er {verb} er "
        f"{w.number('students', students)} stage.",
        "figuur 12",
    )


def decisions_sentence(bodies: Sequence[str]) -> Sentence:
    """'Er zijn 4 besluiten vastgelegd: 2 van de stuurgroep en 2 van de rectoren en
    directeuren.' from the body of each decision, in the order they were taken."""
    w = _Writer()
    if not bodies:
        return w.sentence("Er zijn geen besluiten vastgelegd.", "figuur 13")
    counts: dict[str, int] = {}
    for body in bodies:
        counts[body] = counts.get(body, 0) + 1
    verb = "is" if len(bodies) == 1 else "zijn"
    total = w.count("#decisions", len(bodies), "besluit", "besluiten")
    parts = []
    for body, count in counts.items():
        ref = "#decisions[body='" + body + "']"
        article = "het" if body.lower() == "kernteam" else "de"
        parts.append(f"{w.number(ref, count)} van {article} {body.lower()}")
    return w.sentence(f"Er {verb} {total} vastgelegd: {_names(parts)}.", "figuur 13")


# How a draft names a survey of a template (surveys.catalogue's keys); a survey of another
# template, or one of two of the same template in a chapter, is named by its title.
SURVEY_SUBJECTS: dict[str, str] = {
    "behoeftepeiling_so": "De behoeftepeiling onder schoolopleiders",
    "behoeftepeiling_wpb": "De behoeftepeiling onder werkplekbegeleiders",
    "behoeftepeiling_io": "De behoeftepeiling onder instituutsopleiders",
    "evaluatie_professionaliseringsplan": "De evaluatie van het professionaliseringsplan",
    "startersvragenlijst": "De vragenlijst voor startende leraren",
    "evaluatie_intervisie": "De evaluatie van de intervisie",
    "evaluatief_gesprek_locatie": "De vragenlijst bij het evaluatief gesprek per locatie",
    "onderzoek_wpb_facilitering": "Het onderzoek naar de facilitering van werkplekbegeleiders",
    "studentenklankbord": "De vragenlijst van het studentenklankbord",
    "evaluatie_matching": "De evaluatie van de stagematching",
}


def survey_response_sentence(
    *,
    template: str,
    title: str,
    responded: int,
    invited: int,
    percent: Decimal | None,
    by_title: bool = False,
    still_open: bool = False,
) -> Sentence:
    """'De behoeftepeiling onder schoolopleiders werd door 8 van de 11 genodigden ingevuld
    (72,7%).' (figure 14). `by_title` names the survey by its title, as does a template
    without a name here."""
    w = _Writer()
    subject = None if by_title else SURVEY_SUBJECTS.get(template)
    name = subject or f"De vragenlijst ‘{w.text('title', title)}’"
    if not invited:
        return w.sentence(f"{name} had geen genodigden.", "figuur 14")
    if still_open:
        text = (
            f"{name} staat nog open; tot nu toe reageerden {w.number('responded', responded)} "
            f"van de {w.count('invited', invited, 'genodigde', 'genodigden')}"
        )
    else:
        text = (
            f"{name} werd door {w.number('responded', responded)} van de "
            f"{w.count('invited', invited, 'genodigde', 'genodigden')} ingevuld"
        )
    if percent is not None:
        text += f" ({w.number('percent', percent)}%)"
    return w.sentence(f"{text}.", "figuur 14")


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
    with_plan: int = 0,
    measures_done: int = 0,
    intro_invited: int = 0,
    intro_present: int = 0,
) -> list[Sentence]:
    """'Op 2 scholen zijn 5 startende leraren geregistreerd, 3 meer dan vorig jaar. 2 van hen
    zijn oud-studenten van de opleidingsschool. 2 scholen legden de stand van de 12
    bouwstenen van het inductiebeleid vast: samen 13 aanwezig en 7 in ontwikkeling.'"""
    source = "tabel inductie"
    w = _Writer()
    if starters:
        verb = "is" if starters == 1 else "zijn"
        where = w.count("schools", schools, "school", "scholen")
        who = w.count("starters", starters, "startende leraar", "startende leraren")
        change = w.change("starters - previous", starters, previous)
        sentences = [w.sentence(f"Op {where} {verb} {who} geregistreerd{change}.", source)]
    else:
        change = w.change("starters - previous", starters, previous)
        sentences = [w.sentence(f"Er zijn geen startende leraren geregistreerd{change}.", source)]
    if former_students:
        w = _Writer()
        verb = "is" if former_students == 1 else "zijn"
        sentences.append(
            w.sentence(
                f"{w.number('former_students', former_students)} van hen {verb} "
                f"{'oud-student' if former_students == 1 else 'oud-studenten'} van de "
                "opleidingsschool.",
                source,
            )
        )
    w = _Writer()
    if schools_with_blocks:
        verb = "legde" if schools_with_blocks == 1 else "legden"
        together = "" if schools_with_blocks == 1 else "samen "
        who = w.count("schools_with_blocks", schools_with_blocks, "school", "scholen")
        what = f"de stand van de {w.number('blocks', blocks)} bouwstenen van het inductiebeleid"
        sentences.append(
            w.sentence(
                f"{who} {verb} {what} vast: {together}"
                f"{w.number('blocks_in_place', blocks_in_place)} aanwezig en "
                f"{w.number('blocks_developing', blocks_developing)} in ontwikkeling.",
                source,
            )
        )
    else:
        what = f"de stand van de {w.number('blocks', blocks)} bouwstenen van het inductiebeleid"
        sentences.append(w.sentence(f"Nog geen school legde {what} vast.", source))
    if with_plan or intro_invited:
        # 'Voor 3 starters is een ontwikkelplan vastgelegd en 10 werkdrukmaatregelen zijn
        # genomen; bij de introductiebijeenkomst waren 2 van de 3 uitgenodigde starters.'
        w = _Writer()
        plans = w.count("with_plan", with_plan, "starter", "starters")
        done = w.count("measures_done", measures_done, "werkdrukmaatregel", "werkdrukmaatregelen")
        verb = "is" if measures_done == 1 else "zijn"
        text = f"Voor {plans} is een ontwikkelplan vastgelegd en {done} {verb} genomen"
        if intro_invited:
            text += (
                f"; bij de introductiebijeenkomst waren {w.number('intro_present', intro_present)}"
                f" van de {w.number('intro_invited', intro_invited)} uitgenodigde starters"
            )
        sentences.append(w.sentence(text + ".", source))
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
        ).sourced(
            label=f"indicators.{index}.label",
            value=f"indicators.{index}.value",
            target=f"indicators.{index}.target",
        )
        for index, item in enumerate(indicators)
        if any(
            item["label"].startswith(prefix) and owner == chapter
            for prefix, owner in INDICATOR_CHAPTERS.items()
        )
    ]


def _previous(report: Report, table: str, column: str) -> tuple[Any, str]:
    """The previous year's value of a key value (`Report.changes`), None without one, and
    where it comes from. A closed year kept before the changes were kept has its kerncijfers
    table instead."""
    found = (report.changes.get(table) or {}).get(column)
    if found is not None:
        return found["previous"], f"changes.{table}.{column}.previous"
    for label, *key in COMPARED:
        if key == [table, column]:
            for row in report.comparison:
                if row["label"] == label:
                    return row["previous"], f"comparison[label='{label}'].previous"
    return None, ""


def _students_sentence(report: Report) -> Sentence:
    previous, previous_ref = _previous(report, "fig7", "total")
    return students_sentence(
        students=report.figures["fig7"]["total"]["total"],
        schools=len(report.figures["fig7"]["rows"]),
        previous=previous,
    ).sourced(
        students="figures.fig7.total.total", schools="#figures.fig7.rows", previous=previous_ref
    )


def _placement_sentences(report: Report) -> list[Sentence]:
    figs = report.figures
    sentences = [_students_sentence(report)]
    fig1 = figs.get("fig1")
    if fig1 and fig1.get("total"):
        previous, previous_ref = _previous(report, "fig1", "total")
        sentences.append(
            first_years_sentence(
                columns=fig1["columns"], total=fig1["total"], previous=previous
            ).sourced(
                columns="figures.fig1.columns", total="figures.fig1.total", previous=previous_ref
            )
        )
    total = figs["fig12"]["total"]
    if total.get("partner") is not None and total.get("other") is not None:
        sentences.append(
            partner_sentence(partner=total["partner"], other=total["other"]).sourced(
                partner="figures.fig12.total.partner", other="figures.fig12.total.other"
            )
        )
    sentences += [
        sentence.sourced(rows="figures.fig12.rows")
        for sentence in streefaantal_sentences(figs["fig12"]["rows"])
    ]
    bonus = figs.get("bonus")
    if bonus:
        sentence = bonus_sentence(
            schools=len(bonus["rows"]),
            extra_students=bonus["extra_students"],
            total_eur=bonus["total_eur"],
        )
        if sentence:
            sentences.append(
                sentence.sourced(
                    schools="#figures.bonus.rows",
                    extra_students="figures.bonus.extra_students",
                    total_eur="figures.bonus.total_eur",
                )
            )
    return sentences


def _attendance_sentence(report: Report, *, what: str, table: str, source: str) -> list[Sentence]:
    """A year's attendance said plainly (where no indicator judges it against a target)."""
    previous, previous_ref = _previous(report, table, "attendance_percent")
    sentence = percentage_sentence(
        what=what,
        percent=report.key_values.get(table, {}).get("attendance_percent"),
        previous=previous,
        source=source,
    )
    if sentence is None:
        return []
    return [
        sentence.sourced(percent=f"key_values.{table}.attendance_percent", previous=previous_ref)
    ]


def _finance_sentences(report: Report) -> list[Sentence]:
    budget = report.budget
    if budget is None:
        return []
    names = [
        "income_label",
        "income",
        "budget_expenses",
        "actual_expenses",
        "result",
        "carried_in",
        "reserve",
    ]
    income, spent, reserve = (
        sentence.sourced(**{name: f"budget.{name}" for name in names})
        for sentence in finance_sentences(**{name: getattr(budget, name) for name in names})
    )
    per_section = budget_sections_sentence(budget.lines)
    sections = [per_section.sourced(lines="budget.lines")] if per_section else []
    return [income, spent, *sections, reserve]


def _teams_sentences(report: Report) -> list[Sentence]:
    teams = report.figures.get("fig2") or []
    members = [member for team in teams for member in team["members"]]
    sentence = teams_sentence(
        teams=len(teams),
        members=len(members),
        kartrekkers=sum(1 for member in members if member["kartrekker"]),
    )
    if sentence is None:
        return []
    return [
        sentence.sourced(
            teams="#figures.fig2",
            members="#figures.fig2.members",
            kartrekkers="#figures.fig2.members[kartrekker=true]",
        )
    ]


def _programme_sentences(report: Report) -> list[Sentence]:
    sentence = afternoons_sentence(report.figures.get("fig3") or [])
    return [sentence.sourced(sessions="figures.fig3")] if sentence else []


def _professionalisation_sentences(report: Report) -> list[Sentence]:
    """The plan's themes (figure 4), then the participation and meetings of the year."""
    sentences: list[Sentence] = []
    plan = report.figures.get("fig4")
    if plan is not None:
        sentence = plan_themes_sentence(plan["themes"])
        sentences.append(sentence.sourced(themes="figures.fig4.themes"))
    table = report.figures.get("professionalization")
    if not table or not table.get("registered", True):
        return sentences
    at = "figures.professionalization"
    return sentences + [
        sentence.sourced(
            rows=f"{at}.rows",
            participants=f"{at}.total.participants",
            hours=f"{at}.total.hours",
            basic=f"{at}.basic",
            deepening=f"{at}.deepening",
        )
        for sentence in professionalisation_sentences(
            rows=table["rows"],
            participants=table["total"]["participants"],
            hours=table["total"]["hours"],
            basic=table["basic"],
            deepening=table["deepening"],
        )
    ]


def _policy_sentences(report: Report) -> list[Sentence]:
    """The partnership's pupils against its streefaantal, and the year's decisions."""
    sentences: list[Sentence] = []
    total = report.figures["fig12"]["total"]
    if total.get("pupils") and None not in (total.get("streefaantal"), total.get("students")):
        previous, previous_ref = _previous(report, "fig12", "pupils")
        sentence = streefaantal_total_sentence(
            pupils=total["pupils"],
            streefaantal=total["streefaantal"],
            students=total["students"],
            previous_pupils=previous,
        )
        sentences.append(
            sentence.sourced(
                pupils="figures.fig12.total.pupils",
                streefaantal="figures.fig12.total.streefaantal",
                students="figures.fig12.total.students",
                previous_pupils=previous_ref,
            )
        )
    decisions = report.figures.get("fig13")
    if decisions is not None:
        bodies = [row["body"] for row in decisions]
        sentences.append(decisions_sentence(bodies).sourced(decisions="figures.fig13"))
    return sentences


def _induction_sentences(report: Report) -> list[Sentence]:
    table = report.figures.get("induction")
    if not table:
        return []
    total = table["total"]
    previous, previous_ref = _previous(report, "induction", "starters")
    at = "figures.induction.total"
    return [
        sentence.sourced(
            starters=f"{at}.starters",
            schools=f"{at}.schools_with_starters",
            former_students=f"{at}.former_students",
            previous=previous_ref,
            schools_with_blocks=f"{at}.schools_with_blocks",
            blocks_in_place=f"{at}.blocks_in_place",
            blocks_developing=f"{at}.blocks_developing",
            blocks="figures.induction.blocks",
            with_plan=f"{at}.with_plan",
            measures_done=f"{at}.measures_done",
            intro_invited=f"{at}.intro_invited",
            intro_present=f"{at}.intro_present",
        )
        for sentence in induction_sentences(
            starters=total["starters"],
            schools=total["schools_with_starters"],
            former_students=total["former_students"],
            previous=previous,
            schools_with_blocks=total["schools_with_blocks"],
            blocks_in_place=total["blocks_in_place"],
            blocks_developing=total["blocks_developing"],
            blocks=table["blocks"],
            with_plan=total.get("with_plan", 0),
            measures_done=total.get("measures_done", 0),
            intro_invited=total.get("intro_invited", 0),
            intro_present=total.get("intro_present", 0),
        )
    ]


def _deployment_sentences(report: Report) -> list[Sentence]:
    deployment = report.figures.get("fig6")
    if not deployment:
        return []
    sentence = deployment_sentence(bodies=deployment["bodies"], hours=deployment["hours"])
    if sentence is None:
        return []
    return [sentence.sourced(bodies="figures.fig6.bodies", hours="figures.fig6.hours")]


def _survey_sentences(report: Report, chapter: str) -> list[Sentence]:
    """The response of each survey of figure 14 shown in `chapter`."""
    surveys = [
        (index, survey)
        for index, survey in enumerate(report.figures.get("fig14") or [])
        if survey["chapter"] == chapter
    ]
    templates = [survey["template"] for _index, survey in surveys]
    sentences = []
    for index, survey in surveys:
        at = f"figures.fig14.{index}"
        sentence = survey_response_sentence(
            template=survey["template"],
            title=survey["title"],
            responded=survey["responded"],
            invited=survey["invited"],
            percent=survey["percent"],
            by_title=templates.count(survey["template"]) > 1,
            still_open=survey.get("still_open", False),
        )
        sentences.append(
            sentence.sourced(
                title=f"{at}.title",
                responded=f"{at}.responded",
                invited=f"{at}.invited",
                percent=f"{at}.percent",
            )
        )
    return sentences


def draft_for(chapter: str, report: Report | None, *, partnership: str = "") -> list[Sentence]:
    """The sentences the figures give for `chapter` (a `TextChapter` value); none for a
    chapter whose subject the figures do not hold, or without a report. `partnership` names
    the partnership in the foreword. The report is the whole one, with its people (the
    drafts count them)."""
    if report is None:
        return []
    if chapter == "voorwoord":
        sentence = foreword_sentence(
            partnership=partnership,
            year=str(report.year),
            students=report.figures["fig7"]["total"]["total"],
            schools=len(report.figures["fig7"]["rows"]),
        )
        return [
            sentence.sourced(
                partnership="partnership",
                year="year",
                students="figures.fig7.total.total",
                schools="#figures.fig7.rows",
            )
        ]
    if chapter == "samenvatting":
        # The summary: the students, the indicators met, and the reserve (the last of the
        # finance sentences).
        sentences = [_students_sentence(report)]
        summary = indicators_summary([item["met"] for item in report.indicators])
        sentences += [summary.sourced(met="indicators.met")] if summary else []
        return sentences + _finance_sentences(report)[-1:]
    sentences = {
        "placements": _placement_sentences,
        "teams": _teams_sentences,
        "programme": _programme_sentences,
        "professionalisation": _professionalisation_sentences,
        "policy": _policy_sentences,
        "induction": _induction_sentences,
        "finance": lambda report: _finance_sentences(report) + _deployment_sentences(report),
    }.get(chapter, lambda report: [])(report)
    judged = _indicators_of(chapter, report.indicators)
    # Without a target an attendance is said plainly; with one, its indicator says it.
    if chapter == "intervision" and not judged:
        sentences = _attendance_sentence(
            report,
            what="De aanwezigheid bij de intervisie op school",
            table="intervision",
            source="intervisietabel",
        )
    if chapter == "programme" and not judged:
        sentences += _attendance_sentence(
            report,
            what="De opkomst bij de verdiepingsmiddagen",
            table="afternoons",
            source="kerncijfers",
        )
    return sentences + _survey_sentences(report, chapter) + judged
