"""Pure placement rules: no database, values in, results and explanations out."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .models import ChecklistKind, StageLevel


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
        return True, "Geen eerdere VOG voor een BOS-stage bekend: VOG nodig."
    age = (start_date - previous_vog_on).days
    if 0 <= age <= valid_days:
        return False, (
            f"VOG voor een eerdere BOS-stage van {previous_vog_on:%d-%m-%Y} is {age} dagen oud "
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
