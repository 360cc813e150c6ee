"""Uploaded images are opened with a pixel cap.

A small file can hold a huge image (a 136 KB PNG of 144 megapixels): drawn on every page
and PDF it costs memory and time, and past Pillow's own decompression-bomb limit Pillow
refuses it with an error. The cap is checked from the image's header, before anything is
decoded, and refused with a Dutch message."""

from __future__ import annotations

import io
import warnings

from django.core.exceptions import ValidationError
from django.utils.formats import number_format


def megapixels(pixels: int) -> str:
    """'4', '1,5', '144' (Dutch decimals)."""
    value = pixels / 1_000_000
    return number_format(round(value, 1), decimal_pos=0 if value == int(value) else 1)


def too_many_pixels(pixels: str, max_pixels: int, what: str) -> ValidationError:
    return ValidationError(
        "%(what)s heeft te veel pixels (%(pixels)s megapixel); het mag hoogstens %(max)s "
        "megapixel zijn. Verklein de afbeelding en upload hem opnieuw.",
        code="too_many_pixels",
        params={"what": what, "pixels": pixels, "max": megapixels(max_pixels)},
    )


def check_pixels(data: bytes, *, max_pixels: int, what: str = "De afbeelding") -> str:
    """The image's format (e.g. 'PNG') when it opens and has at most `max_pixels` pixels;
    a ValidationError otherwise. What Pillow cannot read at all is left to the caller's own
    check (this returns "")."""
    from PIL import Image

    try:
        # The cap below is ours; Pillow's warning for its own (higher) limit is not needed.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                width, height = image.size
                image_format = image.format or ""
    except Image.DecompressionBombError as exc:
        # Past Pillow's own limit, which it refuses before we see the size.
        width, height = _header_size(data)
        pixels = (
            megapixels(width * height)
            if width and height
            else f"meer dan {megapixels(2 * (Image.MAX_IMAGE_PIXELS or 0))}"
        )
        raise too_many_pixels(pixels, max_pixels, what) from exc
    except Exception:  # unreadable: the caller's own check says so in Dutch
        return ""
    if width * height > max_pixels:
        raise too_many_pixels(megapixels(width * height), max_pixels, what)
    return image_format


def _header_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's IHDR or a JPEG's SOF marker, without decoding."""
    if data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) >= 24:
        return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    index = 2
    while index + 9 < len(data):
        if data[index] != 0xFF:
            index += 1
            continue
        marker = data[index + 1]
        length = int.from_bytes(data[index + 2 : index + 4], "big")
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height = int.from_bytes(data[index + 5 : index + 7], "big")
            width = int.from_bytes(data[index + 7 : index + 9], "big")
            return width, height
        index += 2 + length
    return 0, 0
