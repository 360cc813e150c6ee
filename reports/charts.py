"""Charts as SVG made on the server, so the page, the PDF and a screen reader all get the
same picture (each chart has a title and description; the table beside it holds the data)."""

from __future__ import annotations

import zlib
from decimal import Decimal
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from facilitation.rules import format_number

from .labels import column_label

COLOURS = [
    "#0b5cad",
    "#d9822b",
    "#2e8540",
    "#8a4bb0",
    "#b00020",
    "#5b616b",
    "#00798c",
    "#a36a00",
    "#3d3d8f",
]
WIDTH = 640


def _svg(title: str, description: str, height: int, body: list[str]) -> SafeString:
    ident = zlib.crc32(title.encode())
    # Every text inside is escaped below; numbers are formatted by us.
    return mark_safe(  # noqa: S308  # nosec B308 B703
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" role="img" '
        f'aria-labelledby="t{ident} d{ident}" class="chart">'
        f'<title id="t{ident}">{escape(title)}</title>'
        f'<desc id="d{ident}">{escape(description)}</desc>'
        # Presentation attributes rather than a <style> element: the CSP forbids inline styles.
        f'<g font-family="sans-serif" font-size="12" fill="#1b1b1f">{"".join(body)}</g></svg>'
    )


def share_bars(title: str, rows: list[dict[str, Any]]) -> SafeString:
    """Horizontal bars of percentages (rows with label, count, percent)."""
    bar_height, gap, left = 22, 8, 120
    height = len(rows) * (bar_height + gap) + gap
    usable = WIDTH - left - 90
    body = []
    for index, row in enumerate(rows):
        y = gap + index * (bar_height + gap)
        width = float(Decimal(row["percent"]) / 100) * usable
        colour = COLOURS[index % len(COLOURS)]
        label = escape(str(row["label"]))
        value = f"{format_number(Decimal(row['percent']), 1)}% ({row['count']})"
        body.append(
            f'<text x="{left - 8}" y="{y + 15}" text-anchor="end">{label}</text>'
            f'<rect x="{left}" y="{y}" width="{width:.1f}" height="{bar_height}" fill="{colour}"/>'
            f'<text x="{left + width + 6:.1f}" y="{y + 15}">{escape(value)}</text>'
        )
    description = "; ".join(
        f"{row['label']}: {format_number(Decimal(row['percent']), 1)}%" for row in rows
    )
    return _svg(title, description, height, body)


def target_bars(title: str, rows: list[dict[str, Any]]) -> SafeString:
    """Per school two bars: the streefaantal and the actual number of students."""
    bar, gap, left = 9, 10, 190
    known = [r for r in rows if r["streefaantal"] is not None]
    top = max([1, *(r["streefaantal"] for r in known), *(r["students"] or 0 for r in known)])
    usable = WIDTH - left - 50
    height = len(known) * (2 * bar + gap) + gap + 24
    body = [
        f'<rect x="{left}" y="4" width="10" height="10" fill="{COLOURS[5]}"/>'
        f'<text x="{left + 14}" y="13">streefaantal</text>'
        f'<rect x="{left + 110}" y="4" width="10" height="10" fill="{COLOURS[0]}"/>'
        f'<text x="{left + 124}" y="13">studenten</text>'
    ]
    for index, row in enumerate(known):
        y = 24 + gap + index * (2 * bar + gap)
        target_w = row["streefaantal"] / top * usable
        body.append(
            f'<text x="{left - 8}" y="{y + bar + 4}" text-anchor="end">'
            f"{escape(row['school'])}</text>"
            f'<rect x="{left}" y="{y}" width="{target_w:.1f}" height="{bar}" fill="{COLOURS[5]}"/>'
            f'<text x="{left + target_w + 4:.1f}" y="{y + 8}">{row["streefaantal"]}</text>'
        )
        if row["students"] is None:
            body.append(f'<text x="{left + 4}" y="{y + 2 * bar}">?</text>')
        else:
            actual_w = row["students"] / top * usable
            body.append(
                f'<rect x="{left}" y="{y + bar}" width="{actual_w:.1f}" height="{bar}" '
                f'fill="{COLOURS[0]}"/>'
                f'<text x="{left + actual_w + 4:.1f}" y="{y + 2 * bar}">{row["students"]}</text>'
            )
    description = "; ".join(
        f"{r['school']}: streefaantal {r['streefaantal']}, studenten "
        f"{'?' if r['students'] is None else r['students']}"
        for r in known
    )
    return _svg(title, description, height, body)


def _labelled(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Charts name their bars as the tables name their rows (`minor P1`, not `minor_P1`)."""
    return [{**row, "label": column_label(str(row["label"]))} for row in rows]


def report_charts(figs: dict[str, Any]) -> dict[str, str]:
    return {
        "fig8": share_bars("Aandeel studenten per instituut", _labelled(figs["fig8"]["rows"])),
        "fig9": share_bars(
            "Aandeel studenten per stageniveau (partnerinstituten)", _labelled(figs["fig9"])
        ),
        "fig10": share_bars(
            "Aandeel studenten per stageniveau (VT bachelor)", _labelled(figs["fig10"])
        ),
        "fig12": figure_12_chart(figs["fig12"]["rows"]),
    }


def figure_12_chart(rows: list[dict[str, Any]]) -> SafeString:
    """Figure 12's bars for these schools (all of them, or a page of them on the web)."""
    return target_bars("Studenten tegenover streefaantal per school", rows)
