"""The placements workbook the import benchmarks upload. It is built by the import template's
own headers, so a change of the template fails here, loudly, instead of importing nothing."""

from __future__ import annotations

from collections.abc import Iterable
from io import BytesIO
from typing import Any

from openpyxl import Workbook


def placements_workbook(rows: Iterable[dict[str, Any]]) -> bytes:
    """One row per dict, keyed by the template's headers ("Instituut", "Studentnummer", …)."""
    from placements import imports

    header = [column.header for column in imports.KINDS["stages"][1]]
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Stages")
    sheet.append(header)
    for row in rows:
        sheet.append([row[column] for column in header])
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()
