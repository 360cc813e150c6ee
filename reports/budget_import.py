"""The budget of a year read from an Excel workbook: lines from the sheet 'Begroting',
actual entries from the optional 'Realisatie'; every row saved through the services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from bos.spreadsheets import Limits, SheetRows, SpreadsheetError, read_workbook

from .models import ActualSource, Budget, LineKind, RateKind

IMPORT_COLUMNS = [
    "onderdeel",
    "regel",
    "soort",
    "fte",
    "uren",
    "bedrag",
    "tarief",
    "helft",
    "toelichting",
]
KIND_WORDS = {
    "fte": LineKind.FTE,
    "uren": LineKind.HOURS,
    "bedrag": LineKind.AMOUNT,
    "tegemoetkoming": LineKind.COMPENSATION,
    "geen": LineKind.NONE,
    "": LineKind.NONE,
}
RATE_WORDS = {
    "": RateKind.STANDARD,
    "uurtarief": RateKind.STANDARD,
    "administratief": RateKind.ADMIN,
}
ENTRY_COLUMNS = ["onderdeel", "regel", "datum", "omschrijving", "uren", "bedrag", "tarief"]


def _decimal(value: Any, where: str) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value).replace(",", "."))
    except InvalidOperation as exc:
        raise ValidationError(f"{where}: '{value}' is geen getal.") from exc


def _rows(sheet: SheetRows, columns: list[str]) -> list[tuple[int, dict[str, Any]]]:
    rows = sheet.rows
    if not rows:
        return []
    header = [str(c or "").strip().lower() for c in rows[0][1]]
    missing = [c for c in columns[:2] if c not in header]
    if missing:
        raise ValidationError(
            f"Tabblad '{sheet.title}': kolom(men) {', '.join(missing)} ontbreken in de kopregel."
        )
    result = []
    for number, row in rows[1:]:
        values = dict(zip(header, row, strict=False))
        if not any(values.get(c) not in (None, "") for c in columns):
            continue
        result.append((number, values))
    return result


# A budget has tens of lines; the same hardened reader as every other upload.
BUDGET_LIMITS = Limits(max_rows=1000, max_columns=20, max_cells=40_000)


def import_budget(*, budget: Budget, content: bytes, name: str = "") -> dict[str, int]:
    """Read lines from the sheet 'Begroting' and entries from the optional 'Realisatie';
    columns as in IMPORT_COLUMNS / ENTRY_COLUMNS. Everything or nothing is saved."""
    from bos.closing import ensure_open

    from .services import actual_entry_add, budget_line_save

    ensure_open(budget.school_year_id)
    try:
        workbook = read_workbook(
            content, name=name, limits=BUDGET_LIMITS, sheets={"Begroting", "Realisatie"}
        )
    except SpreadsheetError as exc:
        raise ValidationError(str(exc)) from exc
    if "Begroting" not in workbook.sheetnames:
        raise ValidationError("Het bestand heeft geen tabblad 'Begroting'.")
    counts = {"lines": 0, "entries": 0}
    with transaction.atomic():
        lines = {}
        for number, row in _rows(workbook["Begroting"], IMPORT_COLUMNS):
            where = f"Begroting, rij {number}"
            section = str(row.get("onderdeel") or "").strip()
            name = str(row.get("regel") or "").strip()
            if not section or not name:
                raise ValidationError(f"{where}: onderdeel en regel zijn verplicht.")
            kind_word = str(row.get("soort") or "").strip().lower()
            rate_word = str(row.get("tarief") or "").strip().lower()
            if kind_word not in KIND_WORDS:
                raise ValidationError(
                    f"{where}: soort moet fte, uren, bedrag, tegemoetkoming of geen zijn."
                )
            if rate_word not in RATE_WORDS:
                raise ValidationError(f"{where}: tarief moet uurtarief of administratief zijn.")
            existing = budget.sections.filter(name=section).first()
            line = existing.lines.filter(name=name).first() if existing else None
            try:
                line = budget_line_save(
                    budget=budget,
                    section_name=section,
                    line=line,
                    name=name,
                    kind=KIND_WORDS[kind_word],
                    fte=_decimal(row.get("fte"), where),
                    hours=_decimal(row.get("uren"), where),
                    amount=_decimal(row.get("bedrag"), where),
                    rate_kind=RATE_WORDS[rate_word],
                    half_paid=str(row.get("helft") or "").strip().lower() in ("ja", "1", "true"),
                    actual_source=(
                        ActualSource.BONUS
                        if name.lower().startswith("bonus")
                        else ActualSource.ENTRIES
                    ),
                    note=str(row.get("toelichting") or "")[:300],
                )
            except ValidationError as exc:
                raise ValidationError(f"{where}: {'; '.join(exc.messages)}") from exc
            lines[(section, name)] = line
            counts["lines"] += 1
        if "Realisatie" in workbook.sheetnames:
            for number, row in _rows(workbook["Realisatie"], ENTRY_COLUMNS):
                where = f"Realisatie, rij {number}"
                key = (str(row.get("onderdeel") or "").strip(), str(row.get("regel") or "").strip())
                line = lines.get(key)
                if line is None:
                    section = budget.sections.filter(name=key[0]).first()
                    line = section.lines.filter(name=key[1]).first() if section else None
                if line is None:
                    raise ValidationError(f"{where}: regel '{key[1]}' staat niet in de begroting.")
                date = row.get("datum")
                if isinstance(date, dt.datetime):
                    date = date.date()
                if not isinstance(date, dt.date):
                    raise ValidationError(f"{where}: datum ontbreekt of is geen datum.")
                rate_word = str(row.get("tarief") or "").strip().lower()
                if rate_word not in RATE_WORDS:
                    raise ValidationError(f"{where}: tarief moet uurtarief of administratief zijn.")
                try:
                    actual_entry_add(
                        line=line,
                        date=date,
                        description=str(row.get("omschrijving") or "")[:300] or "Realisatie",
                        hours=_decimal(row.get("uren"), where),
                        amount=_decimal(row.get("bedrag"), where),
                        rate_kind=RATE_WORDS[rate_word],
                    )
                except ValidationError as exc:
                    raise ValidationError(f"{where}: {'; '.join(exc.messages)}") from exc
                counts["entries"] += 1
    return counts
