"""Pure placement rules: no database, values in, results and explanations out."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .models import ChecklistKind, PlacementStatus, StageLevel


@dataclass(frozen=True)
class PlannedItem:
    kind: str
    responsible_role: str
    due_date: dt.date
    explanation: str


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The date `days` working days (Monday-Friday) after `start`."""
    current = start
    remaining = days
    while remaining > 0:
        current += dt.timedelta(days=1)
        if current.weekday() < 5:
            remaining -= 1
    return current


def vog_needed(
    *, start_date: dt.date, previous_vog_on: dt.date | None, valid_days: int
) -> tuple[bool, str]:
    """A VOG is needed unless the student had one for a BOS placement recently enough."""
    if previous_vog_on is None:
        return True, "Geen eerdere VOG voor een stage in de opleidingsschool bekend: VOG nodig."
    age = (start_date - previous_vog_on).days
    if 0 <= age <= valid_days:
        return False, (
            f"VOG voor een eerdere stage in de opleidingsschool van {previous_vog_on:%d-%m-%Y} "
            f"is {age} dagen oud "
            f"(maximaal {valid_days}): geen nieuwe VOG nodig."
        )
    return True, f"Eerdere VOG is {age} dagen oud (maximaal {valid_days}): nieuwe VOG nodig."


def checklist_plan(
    *,
    registered_on: dt.date,
    start_date: dt.date,
    level: str,
    is_first_year: bool,
    is_final: bool,
    is_taster: bool,
    needs_vog: bool,
    reply_working_days: int,
    preparation_days: int,
) -> list[PlannedItem]:
    """The intake checklist of one placement with due dates (bijlage 11)."""
    reply_due = add_working_days(registered_on, reply_working_days)
    prepared_by = max(start_date - dt.timedelta(days=preparation_days), registered_on)
    items = [
        PlannedItem(
            ChecklistKind.REPLY,
            "so",
            reply_due,
            f"Binnen {reply_working_days} werkdagen na aanmelding.",
        )
    ]
    # First-year full-time students are placed by the institute: no motivation interview.
    if not (is_first_year and level == StageLevel.VT1):
        items.append(
            PlannedItem(ChecklistKind.INTERVIEW, "so", prepared_by, "Vóór de voorbereiding.")
        )
    items += [
        PlannedItem(ChecklistKind.DATA, "so", prepared_by, "Vóór de start."),
        PlannedItem(ChecklistKind.WPB_INTRO, "so", start_date, "Uiterlijk op de startdatum."),
    ]
    # The taster placement of first-years gets no account.
    if not is_taster:
        items.append(
            PlannedItem(
                ChecklistKind.ICT, "so", prepared_by, f"{preparation_days} dagen vóór de start."
            )
        )
    items.append(
        PlannedItem(
            ChecklistKind.FACILITIES, "so", prepared_by, f"{preparation_days} dagen vóór de start."
        )
    )
    if needs_vog:
        items.append(PlannedItem(ChecklistKind.VOG, "so", prepared_by, "Vóór de start."))
    # The placement agreement comes from the institute: the IO follows it up.
    items.append(PlannedItem(ChecklistKind.AGREEMENT, "io", start_date, "Uiterlijk bij de start."))
    if is_final:
        items.append(
            PlannedItem(
                ChecklistKind.STIPEND_FORM,
                "so",
                prepared_by,
                "Afrondende stage: aanvraag vóór de start.",
            )
        )
    items.append(
        PlannedItem(ChecklistKind.START_MEETING, "so", start_date, "Uiterlijk op de startdatum.")
    )
    return items


def wpb_warnings(
    *,
    qualification_grade: int | None,
    started_at_school: int | None,
    year_start: int,
    min_years: int,
) -> list[str]:
    """A WPB should be qualified and at the school long enough; a warning, not a block."""
    warnings = []
    if qualification_grade is None:
        warnings.append("De werkplekbegeleider heeft geen bevoegdheid vastgelegd.")
    if started_at_school is None:
        warnings.append("Onbekend sinds wanneer de werkplekbegeleider op de school werkt.")
    elif year_start - started_at_school < min_years:
        warnings.append(
            f"De werkplekbegeleider werkt korter dan {min_years} jaar op de school "
            f"(sinds {started_at_school})."
        )
    return warnings


# --- Supervision during the placement (bijlage 10) -------------------------------------


@dataclass(frozen=True)
class DueConversation:
    """One conversation a placement should have, with when and whether it was held."""

    kind: str
    number: int
    due_date: dt.date
    must_attend: str
    held: bool
    explanation: str

    def is_overdue(self, today: dt.date) -> bool:
        return not self.held and self.due_date < today


def conversations_due(
    *,
    start_date: dt.date,
    end_date: dt.date,
    is_taster: bool,
    progress_conversations: int,
    held: dict[str, int],
    intake_within_days: int,
    acquaintance_before_days: int,
    final_before_days: int,
    min_weeks_for_progress: int,
) -> list[DueConversation]:
    """The conversations bijlage 10 asks of a placement, in date order.

    Every placement has an intake (SO, preferably with the IO), gets acquainted with the WPB
    before it starts, always has a mid-term evaluation halfway and a final conversation at
    the end with the IO present. Progress conversations (the phase's number) are spread
    evenly over the placement, but only when it lasts at least `min_weeks_for_progress`
    weeks. The three-day taster has none. `held` counts held conversations per kind."""
    if is_taster:
        return []
    duration = (end_date - start_date).days
    plan: list[tuple[str, int, dt.date, str, str]] = [
        (
            "acquaintance",
            1,
            start_date - dt.timedelta(days=acquaintance_before_days),
            "wpb",
            "De student maakt vóór de start kennis met de werkplekbegeleider.",
        ),
        (
            "intake",
            1,
            min(start_date + dt.timedelta(days=intake_within_days), end_date),
            "so",
            f"Intake met de SO (bij voorkeur ook de IO) binnen {intake_within_days} dagen.",
        ),
    ]
    if duration >= 7 * min_weeks_for_progress:
        for number in range(1, progress_conversations + 1):
            plan.append(
                (
                    "progress",
                    number,
                    start_date
                    + dt.timedelta(days=duration * number // (progress_conversations + 2)),
                    "",
                    "Voortgangsgesprek met de WPB, SO of IO, verspreid over de stage.",
                )
            )
    plan.append(
        (
            "midterm",
            1,
            start_date + dt.timedelta(days=duration // 2),
            "",
            "Er is altijd een tussenevaluatie, halverwege de stage.",
        )
    )
    plan.append(
        (
            "final",
            1,
            max(end_date - dt.timedelta(days=final_before_days), start_date),
            "io",
            "Het formele eindgesprek; de IO is altijd aanwezig.",
        )
    )
    plan.sort(key=lambda row: (row[2], row[0]))
    return [
        DueConversation(
            kind=kind,
            number=number,
            due_date=due,
            must_attend=must_attend,
            held=held.get(kind, 0) >= number,
            explanation=explanation,
        )
        for kind, number, due, must_attend, explanation in plan
    ]


@dataclass(frozen=True)
class AgreementDefaults:
    phase: str
    min_lessons: int
    wpb_presence: str
    progress_conversations: int
    agreements: str


# Bijlage 10's agreements per study phase: the defaults a year's agreements start from
# when no earlier year has any; after that each year copies the previous one.
SUPERVISION_DEFAULTS: dict[str, AgreementDefaults] = {
    StageLevel.VT1: AgreementDefaults(
        "Eerstejaars / oriënterende fase (FLOT PHP)",
        0,
        "always",
        1,
        "De student begint met observeren en neemt daarna delen van lessen over. De WPB start "
        "en sluit de les af en houdt de summatieve toetsing in handen.",
    ),
    StageLevel.MINOR_P1: AgreementDefaults(
        "Oriëntatie ESoE (P1-minor)",
        4,
        "always",
        1,
        "Versneld programma op maat: tijdens de oriëntatie minimaal 4 lessen volledig geven.",
    ),
    StageLevel.VT2: AgreementDefaults(
        "Tweedejaars (FLOT PH-HF1)",
        0,
        "start_end",
        2,
        "De student geeft na enige tijd hele lessen, inclusief start en afsluiting; de "
        "toetsing krijgt meer en meer in samenspraak vorm.",
    ),
    StageLevel.MINOR_P2: AgreementDefaults(
        "ESoE P2-minor",
        35,
        "start_end",
        2,
        "Minimaal 35 zelfstandige lessen, in de onderbouw.",
    ),
    StageLevel.MASTER: AgreementDefaults(
        "ESoE master",
        35,
        "start_end",
        2,
        "Minimaal 35 zelfstandige lessen, in de bovenbouw.",
    ),
    StageLevel.VT3: AgreementDefaults(
        "Derdejaars (FLOT PH-HF2)",
        0,
        "gradually",
        2,
        "Vanaf het begin volledige lessen; tegen het eind is duidelijk of de student klaar "
        "is voor de afrondende stage.",
    ),
    StageLevel.KOP: AgreementDefaults(
        "Kopopleiding",
        0,
        "gradually",
        2,
        "Als derdejaars: volledige lessen, de WPB gaat gaandeweg vaker weg.",
    ),
    StageLevel.VT4: AgreementDefaults(
        "Vierdejaars / afrondende fase",
        0,
        "independent",
        2,
        "De student functioneert zelfstandig en als lid van een team; de WPB blijft "
        "eindverantwoordelijk voor de klassen die de student overneemt.",
    ),
    StageLevel.DT: AgreementDefaults(
        "Deeltijd",
        0,
        "gradually",
        2,
        "Maatwerk: de IO speelt een belangrijke rol bij het bepalen van de route.",
    ),
}


def student_data_holders(
    *, owner_location_ids: Iterable[int], placement_location_ids: Iterable[int]
) -> frozenset[int]:
    """The schools that hold a student's data: the school(s) that registered the student
    first. A student registered before registrations were recorded has no such school;
    then every school where the student has a placement holds the data (as before)."""
    owners = frozenset(owner_location_ids)
    return owners if owners else frozenset(placement_location_ids)


def may_change_student(
    *,
    user_location_ids: frozenset[int] | None,
    owner_location_ids: Iterable[int],
    placement_location_ids: Iterable[int],
) -> bool:
    """Whether a user may change a student's data. `user_location_ids` None means every
    location (the projectleider). Another school that knows the student (it registered or
    imported them later, or places them) reads their data but does not change it."""
    if user_location_ids is None:
        return True
    holders = student_data_holders(
        owner_location_ids=owner_location_ids, placement_location_ids=placement_location_ids
    )
    return bool(holders & user_location_ids)


def may_change_mentor(
    *, user_location_ids: frozenset[int] | None, mentor_location_ids: Iterable[int]
) -> bool:
    """Whether a user may change a mentor's data of a year (subjects, qualification, start
    year): only when the mentor works at the user's locations alone. A mentor who also
    works at another school is linked, never changed, by either school."""
    if user_location_ids is None:
        return True
    locations = frozenset(mentor_location_ids)
    return bool(locations) and locations <= user_location_ids


# --- The annual report ------------------------------------------------------------------

# The stage levels as the annual report counts them (the columns of figure 11), in order.
REPORT_LEVELS: list[str] = [level.value for level in StageLevel]


def counted_in_report(*, status: str, registered_in_institute_system: bool) -> bool:
    """PlacementQuerySet.reported() for one placement: the annual report counts every
    placement except one stopped without ever being registered with the institute."""
    return not (status == PlacementStatus.STOPPED and not registered_in_institute_system)


# --- Offer versus demand -------------------------------------------------------------

# An offer without a level ("elk niveau") takes a student of any level.
ANY_LEVEL = ""


def level_label(level: str) -> str:
    """The level as people read it: "minor P1", not the stored code `minor_P1`."""
    if level == ANY_LEVEL:
        return "elk niveau"
    try:
        return str(StageLevel(level).label)
    except ValueError:
        return level


def _level_order(level: str) -> tuple[int, str]:
    if level == ANY_LEVEL:
        return (-1, "")
    return (REPORT_LEVELS.index(level), "") if level in REPORT_LEVELS else (99, level)


@dataclass(frozen=True)
class LevelBalance:
    """One level of a subject: its own places, the demand, what places "elk niveau"
    cover of it and what is still short."""

    level: str
    places: int
    demand: int
    from_any: int
    shortage: int

    @property
    def label(self) -> str:
        return level_label(self.level)


@dataclass(frozen=True)
class OfferBalance:
    """A subject's places against its demand, level by level."""

    levels: tuple[LevelBalance, ...]
    any_places: int
    any_left: int
    explanation: tuple[str, ...]

    @property
    def shortage(self) -> int:
        return sum(line.shortage for line in self.levels)

    def line(self, level: str) -> LevelBalance | None:
        return next((line for line in self.levels if line.level == level), None)


def offer_balance(*, places: Mapping[str, int], demand: Mapping[str, int]) -> OfferBalance:
    """Places offered against demand for one subject in one year, per level.

    A place offered at a level takes a student of that level only. A place "elk niveau"
    (level "") takes a student of any level: first the demand that asked for such a place
    itself (a proposal for an offer without a level), then what each level's own places do
    not cover, level by level in the report's order. A level is short only of what neither
    its own places nor the places "elk niveau" that are left can take, so the total shortage
    is what no place can take."""
    pool = max(places.get(ANY_LEVEL, 0), 0)
    left = pool
    lines: list[LevelBalance] = []
    used: list[str] = []
    for level in sorted(set(places) | set(demand), key=_level_order):
        own = max(places.get(level, 0), 0)
        wanted = max(demand.get(level, 0), 0)
        if level == ANY_LEVEL:
            taken = min(wanted, left)
            left -= taken
            lines.append(LevelBalance(level, own, wanted, 0, wanted - taken))
            if taken:
                used.append(f"{taken} voorgedragen op zo'n plaats")
            continue
        overflow = max(wanted - own, 0)
        taken = min(overflow, left)
        left -= taken
        lines.append(LevelBalance(level, own, wanted, taken, overflow - taken))
        if taken:
            used.append(f"{level_label(level)} {taken}")
    explanation: list[str] = []
    if pool:
        explanation.append(
            f"{pool} plaats(en) voor elk niveau tellen mee voor elk niveau"
            + (f": ingezet voor {', '.join(used)}" if used else "")
            + f"; {left} over."
        )
    for line in lines:
        if line.shortage:
            explanation.append(
                f"{line.label}: vraag {line.demand}, {line.places} eigen plaats(en)"
                + (f" en {line.from_any} voor elk niveau" if line.from_any else "")
                + f": {line.shortage} tekort."
            )
    return OfferBalance(tuple(lines), pool, left, tuple(explanation))


# --- Places reserved for first-years ----------------------------------------------------

# The levels of the first study year (FLOT PHP and HR N1 as VT1, ESoE's P1 minor).
FIRST_YEAR_LEVELS = frozenset({StageLevel.VT1.value, StageLevel.MINOR_P1.value})


def counts_as_first_year(*, level: str, institute_label: str, first_year_label: str) -> bool:
    """Whether a student takes a place reserved for first-years: the institute's own
    first-year label (PHP, N1, P1) on the placement, or a first-year level."""
    if first_year_label and institute_label.strip() == first_year_label:
        return True
    return level in FIRST_YEAR_LEVELS


@dataclass(frozen=True)
class FirstYearGuard:
    allowed: bool
    message: str


def first_year_guard(
    *,
    places: int,
    first_year_reserved: int,
    upper_years_placed: int,
    is_first_year: bool,
    subject: str,
) -> FirstYearGuard:
    """Whether a student may take one more place of an offer without taking a place
    reserved for first-years (the seed, l. 198-207: reserved places were filled with
    upper-years who started in September). A first-year may take any place; an upper-year
    only one of the places not reserved, so while fewer than `places - first_year_reserved`
    upper-years hold a place."""
    if is_first_year:
        return FirstYearGuard(True, "Eerstejaars: elke plaats mag.")
    open_to_all = max(places - first_year_reserved, 0)
    if upper_years_placed < open_to_all:
        return FirstYearGuard(
            True,
            f"{upper_years_placed} van de {open_to_all} plaats(en) voor {subject} die niet "
            "voor eerstejaars gereserveerd zijn, zijn aan hogerejaars gegeven: er is er nog een.",
        )
    taken = (
        f"de {open_to_all} andere zijn al aan hogerejaars gegeven"
        if open_to_all
        else "er zijn geen andere plaatsen"
    )
    return FirstYearGuard(
        False,
        f"Van de {places} plaats(en) voor {subject} zijn er {first_year_reserved} "
        f"gereserveerd voor eerstejaars en {taken}. Deze student is geen eerstejaars: "
        "vul het eerstejaarslabel van het instituut in als het wel een eerstejaars is, of "
        "bevestig dat je een plaats voor eerstejaars aan een hogerejaars geeft. Die keuze "
        "wordt vastgelegd.",
    )


# The online-rights rule (Besluit online rechten voor studenten) lives in `online_rights.py`:
# the placement model applies it, and a rule module the models import cannot import them.


# Bijlage 10's agreements for one institute or one special group, beside the defaults per
# study phase: (institute's short name or "", level or "", special group or "").
SUPERVISION_SPECIAL_DEFAULTS: dict[tuple[str, str, str], AgreementDefaults] = {
    # "Masterstudenten FLOT en andere HBO-lerarenopleidingen": no separate master placement;
    # the student teaches at least one upper-school group.
    ("FLOT", StageLevel.MASTER, ""): AgreementDefaults(
        "Masterstudenten FLOT",
        0,
        "gradually",
        2,
        "Geen aparte masterstage: de student geeft les aan minimaal één groep in de "
        "bovenbouw. De WPB heeft geen formele rol bij de afronding, maar kan om "
        "vakinhoudelijke feedback worden gevraagd.",
    ),
    # "Studenten met een aanstelling/in loondienst", whatever their level or institute.
    ("", "", "employed"): AgreementDefaults(
        "Studenten met een aanstelling (in loondienst)",
        0,
        "independent",
        2,
        "De eindverantwoordelijkheid voor de lessen ligt formeel bij de student. De WPB "
        "blijft eerstelijns begeleider; de SO is tweedelijns begeleider en coach.",
    ),
}

AgreementKey = tuple[str, str, str]


def supervision_agreement_key(
    available: Iterable[AgreementKey], *, institute: str, level: str, employed: bool = False
) -> tuple[AgreementKey | None, str]:
    """The agreement a placement follows, from the year's agreements by (institute's short
    name or "" for every institute, level or "" for every level, special group or ""): a
    special group the student belongs to before the rest, then the student's own
    institute before every institute, then the placement's level before every level.
    Returns the key (None when nothing fits) and a Dutch explanation.

    >>> rows = [("", "master", ""), ("FLOT", "master", ""), ("", "minor_P1", "")]
    >>> supervision_agreement_key(rows, institute="FLOT", level="master")[0]
    ('FLOT', 'master', '')
    >>> supervision_agreement_key(rows, institute="ESoE", level="master")[0]
    ('', 'master', '')
    """
    keys = set(available)
    groups = ["employed", ""] if employed else [""]
    for group in groups:
        for own in (institute, ""):
            for lvl in (level, ""):
                key = (own, lvl, group)
                if key in keys:
                    parts = [
                        f"instituut {own}" if own else "elk instituut",
                        f"niveau {lvl}" if lvl else "elk niveau",
                    ]
                    if group:
                        parts.append("studenten met een aanstelling")
                    return key, "Afspraak voor " + ", ".join(parts) + "."
    return None, f"Geen begeleidingsafspraak voor niveau {level}."


# --- The student's way in and out (issue #26) --------------------------------------------


@dataclass(frozen=True)
class PlacementFact:
    """What the rules below need to know of one of a student's placements."""

    pk: int
    location_id: int
    location_name: str
    start_date: dt.date
    status: str
    is_final: bool = False
    stopped_on: dt.date | None = None


@dataclass(frozen=True)
class PreviousPlacement:
    placement: PlacementFact | None
    handover_possible: bool
    explanation: str


def previous_placement(
    current: PlacementFact, others: Iterable[PlacementFact]
) -> PreviousPlacement:
    """The student's placement before `current` (the latest that started earlier). A warm
    handover is asked of that school's SO only when it is another school."""
    earlier = [p for p in others if p.pk != current.pk and p.start_date < current.start_date]
    if not earlier:
        return PreviousPlacement(
            None, False, "De student had geen eerdere stage in de opleidingsschool."
        )
    latest = max(earlier, key=lambda p: (p.start_date, p.pk))
    if latest.location_id == current.location_id:
        return PreviousPlacement(
            latest,
            False,
            f"De vorige stage was op dezelfde school ({latest.location_name}): geen "
            "overdracht tussen scholen nodig.",
        )
    return PreviousPlacement(
        latest,
        True,
        f"De vorige stage was op {latest.location_name} (begonnen "
        f"{latest.start_date:%d-%m-%Y}): de schoolopleider daar kan de laatste beoordeling "
        "overdragen.",
    )


@dataclass(frozen=True)
class JobSignal:
    raised: bool
    explanation: str


def job_before_final(*, hired_on: dt.date, placements: Iterable[PlacementFact]) -> JobSignal:
    """Students who have not yet started their final placement are, in principle, not
    offered a job (annual report, "baan versus stage"). The signal is raised unless a final
    placement had started on or before the day of hiring (and was not stopped by then)."""
    finals = [p for p in placements if p.is_final]
    for placement in sorted(finals, key=lambda p: p.start_date):
        stopped_before = placement.status == PlacementStatus.STOPPED and (
            placement.stopped_on is None or placement.stopped_on <= hired_on
        )
        if placement.start_date <= hired_on and not stopped_before:
            return JobSignal(
                False,
                f"De afrondende stage op {placement.location_name} begon op "
                f"{placement.start_date:%d-%m-%Y}, vóór de indiensttreding op "
                f"{hired_on:%d-%m-%Y}.",
            )
    if not finals:
        return JobSignal(
            True,
            f"Baan aangeboden (in dienst {hired_on:%d-%m-%Y}) aan een student zonder "
            "afrondende stage: in principe krijgen studenten pas een baan als zij met hun "
            "afrondende stage bezig zijn.",
        )
    first = min(finals, key=lambda p: p.start_date)
    if first.start_date > hired_on:
        reason = f"de afrondende stage begint pas op {first.start_date:%d-%m-%Y}"
    else:
        reason = "de afrondende stage is gestopt"
    return JobSignal(
        True,
        f"Baan aangeboden (in dienst {hired_on:%d-%m-%Y}) terwijl {reason}: in principe "
        "krijgen studenten pas een baan als zij met hun afrondende stage bezig zijn.",
    )
