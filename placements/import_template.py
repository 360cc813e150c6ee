"""The import templates: a sheet to fill in with an example row, the allowed values on a
sheet of their own, dropdowns that offer them, and a sheet that explains each column.

The importer reads only the first sheet and skips the example row, so a filled-in template
can be uploaded as it is."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import BytesIO
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from bos.models import Institute, SchoolLocation
from bos.permissions import get_scope
from bos.spreadsheets import escape_formula

from . import services
from .imports import EXAMPLE_EMAIL, EXAMPLE_STUDENT_NUMBER, KINDS, MAX_ROWS, Column
from .models import StageLevel, Variant

VALUES_SHEET = "Toegestane waarden"
HELP_SHEET = "Uitleg"
JA_NEE = ["ja", "nee"]

HELP: dict[str, str] = {
    "institute": "Afkorting van het instituut, zoals in de lijst.",
    "student_number": "Het studentnummer bij het instituut.",
    "first_name": "Voornaam zoals het instituut die kent.",
    "last_name": "Achternaam zoals het instituut die kent (met tussenvoegsel).",
    "email": "Het e-mailadres (van het instituut voor studenten).",
    "programme": "De lerarenopleiding (het vak).",
    "variant": "De variant van de opleiding, zoals in de lijst.",
    "location": "Een locatie van jouw school, zoals in de lijst.",
    "subjects": "Vakken, gescheiden door komma's.",
    "qualification_grade": "1 (eerstegraads) of 2 (tweedegraads).",
    "started_at_school": "Het jaar waarin de WPB op de school begon, bijvoorbeeld 2012.",
    "level": "Het stageniveau, zoals in de lijst.",
    "institute_label": "Hoe het instituut deze stage noemt (mag leeg).",
    "start_date": "Datum als 01-09-2021 (of een Excel-datum).",
    "end_date": "Datum als 01-07-2022 (of een Excel-datum); niet voor de begindatum.",
    "days_per_week": "Aantal dagen per week, bijvoorbeeld 2 of 2,5.",
    "wpb_email": "E-mailadres van een bekende werkplekbegeleider (mag leeg).",
    "is_final": "ja of nee: is dit de afrondende stage?",
}


def _allowed_values(user: Any) -> dict[str, list[Any]]:
    """Per column key, the values a dropdown offers; locations only the user's own."""
    allowed_ids = services.editable_location_ids(get_scope(user))
    locations = SchoolLocation.objects.order_by("name")
    if allowed_ids is not None:
        locations = locations.filter(pk__in=allowed_ids)
    return {
        "institute": list(
            Institute.objects.order_by("short_name").values_list("short_name", flat=True)
        ),
        "variant": [choice.value for choice in Variant],
        "level": [choice.value for choice in StageLevel],
        "location": list(locations.values_list("name", flat=True)),
        "qualification_grade": [1, 2],
        "is_final": JA_NEE,
    }


def _example(allowed: dict[str, list[Any]]) -> dict[str, Any]:
    def first(key: str, fallback: Any) -> Any:
        return allowed[key][0] if allowed.get(key) else fallback

    return {
        "institute": first("institute", ""),
        "student_number": EXAMPLE_STUDENT_NUMBER,
        "first_name": "Voornaam",
        "last_name": "van Voorbeeld",
        "email": EXAMPLE_EMAIL,
        "programme": "Engels",
        "variant": first("variant", ""),
        "location": first("location", ""),
        "subjects": "Engels, Duits",
        "qualification_grade": 1,
        "started_at_school": 2012,
        "level": first("level", ""),
        "institute_label": "",
        "start_date": dt.date(2021, 9, 1),
        "end_date": dt.date(2022, 7, 1),
        "days_per_week": Decimal("2"),
        "wpb_email": "",
        "is_final": "nee",
    }


def template_bytes(*, user: Any, kind: str) -> bytes:
    title, columns = KINDS[kind]
    allowed = _allowed_values(user)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    values_sheet = workbook.create_sheet(VALUES_SHEET)
    help_sheet = workbook.create_sheet(HELP_SHEET)

    bold = Font(bold=True)
    example_font = Font(italic=True, color="595959")
    example_fill = PatternFill("solid", fgColor="F2F2F2")
    example = _example(allowed)
    sheet.append([column.header for column in columns])
    sheet.append([_cell(example.get(column.key)) for column in columns])
    for position, column in enumerate(columns, start=1):
        letter = get_column_letter(position)
        sheet.cell(row=1, column=position).font = bold
        cell = sheet.cell(row=2, column=position)
        cell.font = example_font
        cell.fill = example_fill
        if column.kind == "date":
            cell.number_format = "DD-MM-YYYY"
        sheet.column_dimensions[letter].width = max(14, len(column.header) + 4)
    sheet.freeze_panes = "A2"

    # The allowed values, one column each, and a dropdown on the matching column.
    value_column = 0
    for position, column in enumerate(columns, start=1):
        options = allowed.get(column.key)
        if options is None:
            continue
        value_column += 1
        letter = get_column_letter(value_column)
        values_sheet.cell(row=1, column=value_column, value=column.header).font = bold
        for offset, option in enumerate(options, start=2):
            values_sheet.cell(row=offset, column=value_column, value=_cell(option))
        values_sheet.column_dimensions[letter].width = max(16, len(column.header) + 4)
        last = max(len(options) + 1, 2)
        source = f"{quote_sheetname(VALUES_SHEET)}!${letter}$2:${letter}${last}"
        validation = DataValidation(
            type="list",
            formula1=source,
            allow_blank=not column.required,
            showErrorMessage=True,
            errorTitle="Geen toegestane waarde",
            error=f"Kies een waarde uit de lijst op het blad “{VALUES_SHEET}”.",
            promptTitle=column.header,
            prompt=HELP.get(column.key, "")[:255],
            showInputMessage=True,
        )
        target = get_column_letter(position)
        validation.add(f"{target}2:{target}{MAX_ROWS + 2}")
        sheet.add_data_validation(validation)

    help_sheet.append(["Kolom", "Verplicht", "Wat vul je in"])
    for cell in help_sheet[1]:
        cell.font = bold
    for column in columns:
        help_sheet.append([column.header, _required(column), HELP.get(column.key, "")])
    help_sheet.append([])
    help_sheet.append(
        [
            "Rij 2 van het eerste blad is een voorbeeld. Je mag hem laten staan: bij het "
            "inlezen wordt hij overgeslagen. Alleen het eerste blad wordt ingelezen."
        ]
    )
    help_sheet.column_dimensions["A"].width = 20
    help_sheet.column_dimensions["B"].width = 12
    help_sheet.column_dimensions["C"].width = 70

    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _required(column: Column) -> str:
    return "ja" if column.required else "nee"


def _cell(value: Any) -> Any:
    # Values from the database (location names) are written as text, never as a formula.
    return escape_formula(value) if isinstance(value, str) else value
