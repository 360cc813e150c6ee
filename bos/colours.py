"""Colour arithmetic for the house style: WCAG contrast and lighter or darker steps of one
hue. Pure functions, so the models (validation) and the theme (tokens) share them without
importing each other."""

from __future__ import annotations

import colorsys

# WCAG 2.1 AA: white text on the primary colour (buttons, header) needs 4.5:1.
MIN_TEXT_CONTRAST = 4.5


def rgb(hex_colour: str) -> tuple[float, float, float]:
    value = hex_colour.lstrip("#")
    return tuple(int(value[i : i + 2], 16) / 255 for i in (0, 2, 4))  # type: ignore[return-value]


def to_hex(channels: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{round(max(0.0, min(1.0, c)) * 255):02x}" for c in channels)


def contrast_with_white(hex_colour: str) -> float:
    """WCAG contrast ratio of white on the colour."""

    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb(hex_colour))
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return 1.05 / (luminance + 0.05)


def with_lightness(hex_colour: str, lightness: float, max_saturation: float = 1.0) -> str:
    hue, _light, saturation = colorsys.rgb_to_hls(*rgb(hex_colour))
    return to_hex(colorsys.hls_to_rgb(hue, lightness, min(saturation, max_saturation)))
