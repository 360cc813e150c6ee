"""Pupils on 1 October per location: entered on a page or uploaded from Excel (with a
template). All or nothing: one bad row and nothing is saved, with every row's errors in
Dutch. Streefaantallen follow from these counts (facilitation.rules.streefaantal)."""

from __future__ import annotations

import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from io import BytesIO
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from bos.closing import ensure_open
from bos.models import LocationYear, SchoolYear
from bos.permissions import can
from bos.spreadsheets import escape_formula

LOCATION_HEADER = "Locatie"
PUPILS_HEADER = "Leerlingen op 1 oktober"
MAX_ROWS = 500
MAX_BYTES = 1024 * 1024


@dataclass
class RowError:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"Rij {self.row}, kolom {self.column}: {self.message}"


@dataclass
class PupilUpload:
    counts: dict[int, int] = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)


def member_locations(year: SchoolYear) -> list[LocationYear]:
    return list(
        LocationYear.objects.filter(school_year=year, is_member=True)
        .select_related("location")
        .order_by("location__name")
    )


@transaction.atomic
def pupil_counts_set(*, year: SchoolYear, counts: Mapping[int, int | None], user: Any) -> int:
    """Store the counts (location id → pupils; None clears). Returns the number changed."""
    if user is not None and not can(user, "year.manage"):
        raise PermissionDenied
    ensure_open(year)
    rows = {
        row.location_id: row
        for row in LocationYear.objects.select_for_update().filter(school_year=year, is_member=True)
    }
    errors = []
    for location_id, pupils in counts.items():
        if location_id not in rows:
            errors.append(f"Locatie {location_id} hoort in {year} niet bij de opleidingsschool.")
        elif pupils is not None and (not isinstance(pupils, int) or pupils < 0):
            errors.append(f"{rows[location_id].location}: het aantal moet 0 of meer zijn.")
    if errors:
        raise ValidationError(errors)
    changed = 0
    for location_id, pupils in counts.items():
        row = rows[location_id]
        if row.pupils != pupils:
            row.pupils = pupils
            row.save(update_fields=["pupils"])  # one by one: each change is audited
            changed += 1
    return changed


def template_workbook(year: SchoolYear) -> bytes:
    """The upload template: every member location of the year with its current count."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Leerlingen"
    sheet.append([LOCATION_HEADER, PUPILS_HEADER])
    for row in member_locations(year):
        sheet.append([escape_formula(row.location.name), row.pupils])
    sheet.column_dimensions["A"].width = 40
    sheet.column_dimensions["B"].width = 24
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()


def read_sheet(name: str, data: bytes) -> list[tuple[int, list[Any]]]:
    """(row number, cells) of the first sheet after the header row, header first as row 1.
    The one place this module reads a spreadsheet, so a shared hardened reader can replace
    it. Whole-file problems raise ValidationError."""
    from openpyxl import load_workbook

    lowered = name.lower()
    if not lowered.endswith(".xlsx"):
        raise ValidationError("Alleen Excel-bestanden (.xlsx) kunnen worden ingelezen.")
    if not data:
        raise ValidationError("Het bestand is leeg.")
    if len(data) > MAX_BYTES:
        raise ValidationError("Het bestand is groter dan 1 MB.")
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            if any(entry.lower().endswith("vbaproject.bin") for entry in archive.namelist()):
                raise ValidationError("Bestanden met macro's worden niet geaccepteerd.")
        workbook = load_workbook(BytesIO(data), read_only=True, data_only=True)
    except ValidationError:
        raise
    except Exception as exc:  # openpyxl raises many types for broken files
        raise ValidationError("Het bestand is geen geldig Excel-bestand (.xlsx).") from exc
    rows: list[tuple[int, list[Any]]] = []
    try:
        for number, raw in enumerate(workbook.worksheets[0].iter_rows(values_only=True), 1):
            if number > MAX_ROWS + 1:
                raise ValidationError(f"Het bestand heeft meer dan {MAX_ROWS} rijen.")
            rows.append((number, list(raw or ())))
    finally:
        workbook.close()
    return rows


def parse_upload(*, year: SchoolYear, name: str, data: bytes) -> PupilUpload:
    """Check every row against the year's member locations; collect all errors."""
    rows = read_sheet(name, data)
    if not rows:
        raise ValidationError("Het bestand is leeg.")
    header = [str(cell).strip() if cell is not None else "" for cell in rows[0][1]]
    if LOCATION_HEADER not in header or PUPILS_HEADER not in header:
        raise ValidationError(
            f"De kolommen “{LOCATION_HEADER}” en “{PUPILS_HEADER}” ontbreken. Gebruik het sjabloon."
        )
    at_location, at_pupils = header.index(LOCATION_HEADER), header.index(PUPILS_HEADER)
    by_name = {row.location.name.lower(): row.location_id for row in member_locations(year)}
    result = PupilUpload()
    seen: dict[int, int] = {}
    for number, cells in rows[1:]:
        if all(cell is None or str(cell).strip() == "" for cell in cells):
            continue
        location = cells[at_location] if at_location < len(cells) else None
        pupils = cells[at_pupils] if at_pupils < len(cells) else None
        location_name = str(location or "").strip()
        location_id = by_name.get(location_name.lower())
        if not location_name:
            result.errors.append(RowError(number, LOCATION_HEADER, "vul de locatie in"))
        elif location_id is None:
            result.errors.append(
                RowError(
                    number,
                    LOCATION_HEADER,
                    f"“{location_name}” hoort in {year} niet bij de opleidingsschool",
                )
            )
        elif location_id in seen:
            result.errors.append(
                RowError(number, LOCATION_HEADER, f"staat ook al in rij {seen[location_id]}")
            )
        count = _whole_number(pupils)
        if count is None:
            result.errors.append(
                RowError(number, PUPILS_HEADER, "vul een heel getal van 0 of meer in")
            )
        if location_id is not None and count is not None and location_id not in seen:
            result.counts[location_id] = count
        if location_id is not None:
            seen.setdefault(location_id, number)
    if not result.counts and not result.errors:
        raise ValidationError("Het bestand bevat geen rijen om in te lezen.")
    return result


def _whole_number(value: Any) -> int | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return value if value >= 0 else None
    if isinstance(value, float) and value.is_integer():
        return int(value) if value >= 0 else None
    text = str(value).strip().replace(".", "")
    return int(text) if text.isdigit() else None


@transaction.atomic
def pupil_counts_upload(*, year: SchoolYear, name: str, data: bytes, user: Any) -> PupilUpload:
    """Read the file and store every count, or none when any row has an error."""
    if user is not None and not can(user, "year.manage"):
        raise PermissionDenied
    ensure_open(year)
    result = parse_upload(year=year, name=name, data=data)
    if not result.errors:
        pupil_counts_set(year=year, counts=result.counts, user=user)
    return result
