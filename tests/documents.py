"""Small real documents for upload tests: valid ones, and hostile ones that only look valid."""

from __future__ import annotations

from io import BytesIO


def valid_pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def pdf_with_javascript() -> bytes:
    return _with_open_action({"/S": "/JavaScript", "/JS": "app.alert('hallo');"})


def _with_open_action(action: dict[str, str]) -> bytes:
    from pypdf import PdfWriter
    from pypdf.generic import DictionaryObject, NameObject, TextStringObject

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    entries = {
        NameObject(key): NameObject(value) if value.startswith("/") else TextStringObject(value)
        for key, value in action.items()
    }
    writer._root_object[NameObject("/OpenAction")] = writer._add_object(DictionaryObject(entries))
    buffer = BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def pdf_with_launch_action() -> bytes:
    """A launch action behind an escaped name (/L#61unch), which a byte search would miss."""
    content = _with_open_action({"/S": "/Launch", "/F": "cmd.exe"})
    return content.replace(b"/Launch", b"/L#61unch")


def html_after_pdf_header() -> bytes:
    return b"%PDF-1.4\n<html><body><script>alert(1)</script></body></html>\n"


def valid_png() -> bytes:
    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (2, 2), "white").save(buffer, format="PNG")
    return buffer.getvalue()


def valid_jpeg() -> bytes:
    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (2, 2), "white").save(buffer, format="JPEG")
    return buffer.getvalue()


def huge_png(width: int, height: int) -> bytes:
    """A valid black-and-white PNG of width × height pixels that compresses to a few tens of
    kilobytes: many megapixels in a small file (built directly, which is fast)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1-bit greyscale
    row = b"\x00" * (1 + (width + 7) // 8)
    compressor = zlib.compressobj(9)
    pixels = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )
