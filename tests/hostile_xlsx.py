"""Hostile .xlsx files for the upload tests: small on the wire, costly to read naively.

Each function takes a valid workbook (bytes) and returns a changed copy, so any import's
tests can turn their own valid file into an attack."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from io import BytesIO

from openpyxl import Workbook

SHEET = "xl/worksheets/sheet1.xml"


def workbook_bytes(*rows: list[object], title: str = "Sheet") -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(list(row))
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def rewrite(
    data: bytes,
    changes: dict[str, Callable[[bytes], bytes]] | None = None,
    extra: dict[str, bytes] | None = None,
    streamed: dict[str, Callable[[], object]] | None = None,
) -> bytes:
    """A copy of the archive with members changed, added, or written in chunks (for parts
    far larger than the test should hold in memory)."""
    changes = changes or {}
    source = zipfile.ZipFile(BytesIO(data))
    out = BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for info in source.infolist():
            if streamed and info.filename in streamed:
                continue
            content = source.read(info.filename)
            if info.filename in changes:
                content = changes[info.filename](content)
            target.writestr(info.filename, content)
        for name, content in (extra or {}).items():
            target.writestr(name, content)
        for name, chunks in (streamed or {}).items():
            with target.open(name, "w", force_zip64=True) as part:
                for chunk in chunks():  # type: ignore[attr-defined]
                    part.write(chunk)
    return out.getvalue()


def far_row(data: bytes, row: int = 50_000_000) -> bytes:
    """One cell in a row numbered far below the data: naive readers pad every row between."""
    cell = f'<row r="{row}"><c r="A{row}" t="inlineStr"><is><t>x</t></is></c></row>'
    return rewrite(
        data, {SHEET: lambda xml: xml.replace(b"</sheetData>", cell.encode() + b"</sheetData>")}
    )


def huge_dimension(data: bytes, ref: str = "A1:XFD1048576") -> bytes:
    """A declared dimension of the whole grid: naive readers pad every row to it."""

    def change(xml: bytes) -> bytes:
        start = xml.index(b"<dimension ref=")
        end = xml.index(b"/>", start)
        return xml[:start] + f'<dimension ref="{ref}" '.encode() + xml[end:]

    return rewrite(data, {SHEET: change})


def zip_bomb(data: bytes, megabytes: int = 200) -> bytes:
    """The sheet padded with whitespace between its rows: a few hundred KB compressed, many
    megabytes to parse."""
    source = zipfile.ZipFile(BytesIO(data))
    xml = source.read(SHEET)
    head, tail = xml.split(b"</sheetData>")
    block = b" " * (1024 * 1024)

    def chunks() -> object:
        yield head
        for _ in range(megabytes):
            yield block
        yield b"</sheetData>" + tail

    return rewrite(data, streamed={SHEET: chunks})


def shared_strings_bomb(data: bytes, count: int = 2_000_000) -> bytes:
    """A shared-strings table of millions of tiny strings: small compressed, hundreds of MB
    as Python objects."""

    def chunks() -> object:
        yield (
            b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            + f'count="{count}" uniqueCount="{count}">'.encode()
        )
        block = b"<si><t>a</t></si>" * 10_000
        for _ in range(count // 10_000):
            yield block
        yield b"</sst>"

    content_type = (
        b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
    )
    relation = (
        b'<Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'relationships/sharedStrings" Target="sharedStrings.xml" Id="rId99"/></Relationships>'
    )
    return rewrite(
        data,
        {
            "[Content_Types].xml": lambda xml: xml.replace(b"</Types>", content_type),
            "xl/_rels/workbook.xml.rels": lambda xml: xml.replace(b"</Relationships>", relation),
        },
        streamed={"xl/sharedStrings.xml": chunks},
    )


def macro_renamed(data: bytes) -> bytes:
    """A macro-enabled workbook whose VBA part is called something innocent."""
    workbook_type = b"spreadsheetml.sheet.main+xml"
    content_type = (
        b'<Override PartName="/xl/data.bin" ContentType="application/vnd.ms-office.'
        b'vbaProject"/></Types>'
    )
    relation = (
        b'<Relationship Type="http://schemas.microsoft.com/office/2006/relationships/'
        b'vbaProject" Target="data.bin" Id="rId98"/></Relationships>'
    )
    return rewrite(
        data,
        {
            "[Content_Types].xml": lambda xml: xml.replace(
                workbook_type, b"sheet.macroEnabled.main+xml"
            ).replace(b"</Types>", content_type),
            "xl/_rels/workbook.xml.rels": lambda xml: xml.replace(b"</Relationships>", relation),
        },
        extra={"xl/data.bin": b"\xd0\xcf\x11\xe0" + b"\0" * 512},
    )


def macro_relation_only(data: bytes) -> bytes:
    """Plain content types, but a relation to a VBA project under another name."""
    relation = (
        b'<Relationship Type="http://schemas.microsoft.com/office/2006/relationships/'
        b'vbaProject" Target="data.bin" Id="rId98"/></Relationships>'
    )
    return rewrite(
        data,
        {"xl/_rels/workbook.xml.rels": lambda xml: xml.replace(b"</Relationships>", relation)},
        extra={"xl/data.bin": b"\xd0\xcf\x11\xe0" + b"\0" * 512},
    )


def many_cells(data: bytes, rows: int = 3000, columns: int = 40) -> bytes:
    """A wide and long sheet of numbers."""

    def chunks() -> object:
        yield (
            b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            b"<sheetData>"
        )
        for row in range(1, rows + 1):
            cells = "".join(f"<c><v>{column}</v></c>" for column in range(columns))
            yield f'<row r="{row}">{cells}</row>'.encode()
        yield b"</sheetData></worksheet>"

    return rewrite(data, streamed={SHEET: chunks})
