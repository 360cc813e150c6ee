"""Excel downloads. Text that a spreadsheet would run as a formula is escaped."""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Iterable, Sequence
from decimal import Decimal
from io import BytesIO
from typing import IO

from django.http import FileResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from bos.spreadsheets import escape_formula

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SPOOL_IN_MEMORY_BYTES = 2 * 1024 * 1024


def safe_cell(value: object) -> object:
    """Dates and numbers stay typed; text starting like a formula gets a leading quote
    (OWASP's advice against CSV/Excel injection)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, (int, float, Decimal, dt.date)):
        return value
    return escape_formula(str(value))


def _dated(sheet: object, value: object) -> object:
    """A date shows as 01-09-2021, as a Dutch office reads it; it stays an Excel date."""
    if isinstance(value, dt.date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "DD-MM-YYYY"
        return cell
    return value


def write_workbook(
    target: IO[bytes], title: str, headers: Sequence[str], rows: Iterable[Sequence[object]]
) -> None:
    """A write-only workbook: rows go straight to disk as they come, so time and memory
    stay linear in the number of rows."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    bold = Font(bold=True)
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=safe_cell(header))
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        # safe_cell has escaped every formula-like text, so no value starts with "=" and
        # openpyxl stores none as a formula.
        sheet.append([_dated(sheet, safe_cell(value)) for value in row])
    workbook.save(target)


def workbook_bytes(title: str, headers: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    buffer = BytesIO()
    write_workbook(buffer, title, headers, rows)
    return buffer.getvalue()


def xlsx_response(
    filename: str, title: str, headers: Sequence[str], rows: Iterable[Sequence[object]]
) -> FileResponse:
    """The workbook streamed from a temporary file (kept in memory while small)."""
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY_BYTES)  # noqa: SIM115
    write_workbook(spool, title, headers, rows)
    spool.seek(0)
    return FileResponse(spool, as_attachment=True, filename=filename, content_type=XLSX_TYPE)
