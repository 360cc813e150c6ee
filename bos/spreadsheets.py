"""What every spreadsheet the application writes or reads shares.

Writing: text that Excel or LibreOffice would run as a formula is written as text (OWASP's
advice against CSV and Excel injection).

Reading: `read_workbook` is the one reader for every uploaded spreadsheet. A small file can
be made to cost minutes or hundreds of megabytes (a zip bomb, a shared-strings bomb, a row
numbered 50,000,000, a dimension of A1:XFD1048576), so before openpyxl sees the file the zip
members' real uncompressed sizes and ratios are measured, macros are looked for in the
content types and relations (not only in part names), and the shared strings are counted;
then the sheets are streamed row by row with caps on rows, columns, cells and time. Every
refusal is a `SpreadsheetError` with a Dutch message for the user."""

from __future__ import annotations

import time
import zipfile
from collections.abc import Collection
from dataclasses import dataclass, field
from io import BytesIO
from typing import Any

from defusedxml import ElementTree as SafeElementTree

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def escape_formula(text: str) -> str:
    """Text starting like a formula gets a leading quote, so it is shown, never evaluated."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


# Reading ------------------------------------------------------------------------------------

# The time cap counts the CPU time of the request's own thread: it bounds the work a file can
# cause, and a busy machine does not make a normal file fail.
_clock = time.thread_time


class SpreadsheetError(Exception):
    """The file cannot or may not be read; the message is for the user (Dutch)."""


@dataclass(frozen=True)
class Limits:
    """Caps for one upload. The defaults fit an import of a few thousand rows; a hostile file
    hits one of them long before it costs a worker more than a second or two."""

    max_bytes: int = 2 * 1024 * 1024
    max_rows: int = 2000  # data rows per sheet, below the header row
    max_columns: int = 30
    max_cells: int = 100_000  # filled cells in the whole workbook
    max_row_number: int = 10_000  # no cell may sit below this row
    max_sheets: int = 20
    max_member_bytes: int = 8 * 1024 * 1024  # one part, uncompressed
    max_total_bytes: int = 16 * 1024 * 1024  # all parts, uncompressed
    max_ratio: int = 100  # uncompressed / compressed, for parts above ratio_floor
    ratio_floor: int = 256 * 1024
    max_shared_strings: int = 100_000
    max_seconds: float = 1.5  # CPU seconds of the reading thread


DEFAULT_LIMITS = Limits()

INVALID = "Het bestand is geen geldig Excel-bestand (.xlsx)."
MACROS = "Bestanden met macro's worden niet geaccepteerd."
TOO_BIG = "Het bestand is te groot of te ingewikkeld om in te lezen."
# Parts or content types that carry code: VBA projects, Excel 4 macro sheets, ActiveX.
CODE_MARKERS = ("vbaproject", "macroenabled", "macrosheet", "activex", "vbadata")


@dataclass
class SheetRows:
    title: str
    # (row number as Excel shows it, values from column A on); empty rows are left out.
    rows: list[tuple[int, tuple[Any, ...]]] = field(default_factory=list)


@dataclass
class WorkbookData:
    sheets: list[SheetRows]

    @property
    def sheetnames(self) -> list[str]:
        return [sheet.title for sheet in self.sheets]

    def __getitem__(self, title: str) -> SheetRows:
        for sheet in self.sheets:
            if sheet.title == title:
                return sheet
        raise KeyError(title)

    def __contains__(self, title: object) -> bool:
        return title in self.sheetnames


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _check_archive(data: bytes, limits: Limits, deadline: float) -> None:
    """Measure every part by decompressing it in bounded chunks (the sizes in the zip
    directory can lie), look for code, and count the shared strings."""
    try:
        archive = zipfile.ZipFile(BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise SpreadsheetError(INVALID) from exc
    with archive:
        members = archive.infolist()
        if len(members) > 200:
            raise SpreadsheetError(TOO_BIG)
        names = {info.filename for info in members}
        total = 0
        for info in members:
            if any(marker in info.filename.lower() for marker in CODE_MARKERS):
                raise SpreadsheetError(MACROS)
            size = 0
            try:
                with archive.open(info) as part:
                    while chunk := part.read(64 * 1024):
                        size += len(chunk)
                        if size > limits.max_member_bytes or total + size > limits.max_total_bytes:
                            raise SpreadsheetError(TOO_BIG)
            except SpreadsheetError:
                raise
            except Exception as exc:  # a broken or encrypted member
                raise SpreadsheetError(INVALID) from exc
            total += size
            if size > limits.ratio_floor and size > limits.max_ratio * max(info.compress_size, 1):
                raise SpreadsheetError(TOO_BIG)
            if _clock() > deadline:
                raise SpreadsheetError(TOO_BIG)
        if "[Content_Types].xml" not in names:
            raise SpreadsheetError(INVALID)
        _check_code(archive, names)
        if "xl/sharedStrings.xml" in names:
            _count_shared_strings(archive, limits, deadline)


def _check_code(archive: zipfile.ZipFile, names: set[str]) -> None:
    """Refuse on a macro content type or a vbaProject relation, whatever the part is called."""
    try:
        for element in _iter_elements(archive, "[Content_Types].xml"):
            content_type = (element.get("ContentType") or "").lower()
            if any(marker in content_type for marker in CODE_MARKERS):
                raise SpreadsheetError(MACROS)
        for name in sorted(names):
            if not name.endswith(".rels"):
                continue
            for element in _iter_elements(archive, name):
                relation = (element.get("Type") or "").lower()
                target = (element.get("Target") or "").lower()
                if any(marker in relation or marker in target for marker in CODE_MARKERS):
                    raise SpreadsheetError(MACROS)
    except SpreadsheetError:
        raise
    except Exception as exc:  # malformed XML, entities (defusedxml), ...
        raise SpreadsheetError(INVALID) from exc


def _iter_elements(archive: zipfile.ZipFile, name: str) -> Any:
    with archive.open(name) as part:
        for _, element in SafeElementTree.iterparse(part, events=("end",)):
            yield element


def _count_shared_strings(archive: zipfile.ZipFile, limits: Limits, deadline: float) -> None:
    count = 0
    try:
        with archive.open("xl/sharedStrings.xml") as part:
            for _, element in SafeElementTree.iterparse(part, events=("end",)):
                if _local(element.tag) == "si":
                    count += 1
                    element.clear()
                    if count > limits.max_shared_strings or (
                        count % 1000 == 0 and _clock() > deadline
                    ):
                        raise SpreadsheetError(TOO_BIG)
    except SpreadsheetError:
        raise
    except Exception as exc:
        raise SpreadsheetError(INVALID) from exc


def read_workbook(
    data: bytes,
    *,
    name: str = "",
    limits: Limits = DEFAULT_LIMITS,
    sheets: Collection[str] | None = None,
    first_only: bool = False,
) -> WorkbookData:
    """The filled rows of a plain .xlsx, within `limits`; `sheets` narrows which sheets are
    read (by title; None: all), `first_only` reads just the first sheet (an import template
    carries its allowed values and explanation on the sheets after it). Raises
    SpreadsheetError with a Dutch message."""
    started = _clock()
    deadline = started + limits.max_seconds
    lowered = name.lower()
    if lowered.endswith((".xlsm", ".xltm", ".xlam")):
        raise SpreadsheetError("Bestanden met macro's (.xlsm) worden niet geaccepteerd.")
    if name and not lowered.endswith(".xlsx"):
        raise SpreadsheetError("Alleen Excel-bestanden (.xlsx) kunnen worden ingelezen.")
    if not data:
        raise SpreadsheetError("Het bestand is leeg.")
    if len(data) > limits.max_bytes:
        raise SpreadsheetError(
            f"Het bestand is groter dan {_megabytes(limits.max_bytes)} MB; splits het op."
        )
    _check_archive(data, limits, deadline)
    from openpyxl.reader.excel import ExcelReader
    from openpyxl.styles.stylesheet import apply_stylesheet

    # openpyxl's load_workbook would make a ReadOnlyWorksheet per sheet, which scans a sheet
    # without a declared dimension to its end; take only the parts needed to read cells.
    try:
        reader = ExcelReader(BytesIO(data), read_only=True, data_only=True)
        reader.read_manifest()
        reader.read_strings()
        reader.read_workbook()
        apply_stylesheet(reader.archive, reader.wb)
        parts = [
            (sheet.name, rel.target)
            for sheet, rel in reader.parser.find_sheets()
            if rel.target in reader.valid_files and "chartsheet" not in rel.Type
        ]
    except Exception as exc:  # openpyxl raises many types for broken files
        raise SpreadsheetError(INVALID) from exc
    try:
        if len(parts) > limits.max_sheets:
            raise SpreadsheetError(TOO_BIG)
        result = WorkbookData(sheets=[])
        cells = 0
        for title, path in parts[:1] if first_only else parts:
            if sheets is not None and title not in sheets:
                continue
            rows, cells = _read_sheet(reader, title, path, limits, deadline, cells)
            result.sheets.append(SheetRows(title=title, rows=rows))
        return result
    finally:
        reader.archive.close()


def _read_sheet(
    reader: Any, title: str, path: str, limits: Limits, deadline: float, cells: int
) -> tuple[list[tuple[int, tuple[Any, ...]]], int]:
    """Stream one sheet cell by cell with openpyxl's own cell parser, ignoring the sheet's
    declared dimension: rows are never padded beyond what the file holds, and a row of a
    million cells is refused at its 31st."""
    from openpyxl.worksheet._reader import WorkSheetParser
    from openpyxl.xml.constants import SHEET_MAIN_NS

    row_tag, cell_tag = f"{{{SHEET_MAIN_NS}}}row", f"{{{SHEET_MAIN_NS}}}c"
    rows: list[tuple[int, tuple[Any, ...]]] = []
    try:
        with reader.archive.open(path) as source:
            parser = WorkSheetParser(
                source,
                reader.shared_strings,
                data_only=True,
                epoch=reader.wb.epoch,
                date_formats=reader.wb._date_formats,
                timedelta_formats=reader.wb._timedelta_formats,
            )
            filled: dict[int, Any] = {}
            seen = 0
            for event, element in SafeElementTree.iterparse(source, events=("start", "end")):
                tag = element.tag
                if tag == cell_tag and event == "end":
                    seen += 1
                    if seen > limits.max_columns * 4 or (seen % 64 == 0 and _clock() > deadline):
                        raise SpreadsheetError(TOO_BIG)
                    cell = parser.parse_cell(element)
                    element.clear()
                    if cell["value"] in (None, ""):
                        continue
                    if cell["column"] > limits.max_columns:
                        raise SpreadsheetError(
                            f"Tabblad “{title}” heeft meer dan {limits.max_columns} kolommen."
                        )
                    filled[cell["column"]] = cell["value"]
                elif tag == row_tag and event == "start":
                    number = element.get("r")
                    parser.row_counter = int(number) if number else parser.row_counter + 1
                    parser.col_counter = 0
                    filled, seen = {}, 0
                elif tag == row_tag:
                    element.clear()
                    if _clock() > deadline:
                        raise SpreadsheetError(TOO_BIG)
                    if filled:
                        cells = _add_row(rows, parser.row_counter, filled, title, limits, cells)
    except SpreadsheetError:
        raise
    except Exception as exc:  # a malformed sheet, a shared string that does not exist, ...
        raise SpreadsheetError(INVALID) from exc
    return rows, cells


def _add_row(
    rows: list[tuple[int, tuple[Any, ...]]],
    number: int,
    filled: dict[int, Any],
    title: str,
    limits: Limits,
    cells: int,
) -> int:
    if number > limits.max_row_number:
        raise SpreadsheetError(
            f"Tabblad “{title}”: rij {number} ligt buiten het bereik dat kan worden ingelezen "
            f"(tot rij {limits.max_row_number})."
        )
    cells += len(filled)
    if cells > limits.max_cells:
        raise SpreadsheetError(TOO_BIG)
    if len(rows) > limits.max_rows:  # the header row plus max_rows
        raise SpreadsheetError(f"Tabblad “{title}” heeft meer dan {limits.max_rows} rijen.")
    values: list[Any] = [None] * max(filled)
    for column, value in filled.items():
        values[column - 1] = value
    rows.append((number, tuple(values)))
    return cells


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):g}".replace(".", ",")
