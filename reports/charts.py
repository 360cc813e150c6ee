"""Charts as SVG made on the server, so the page, the PDF and a screen reader all get the
same picture (each chart has a title and description; the table beside it holds the data)."""

from __future__ import annotations

import math
import zlib
from decimal import Decimal
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from facilitation.rules import format_eur, format_number

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


def _svg(
    title: str, description: str, height: int, body: list[str], width: int = WIDTH
) -> SafeString:
    ident = zlib.crc32(title.encode())
    # Every text inside is escaped below; numbers are formatted by us.
    return mark_safe(  # noqa: S308  # nosec B308 B703
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" '
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


# --- The series over the years ------------------------------------------------------------


def _axis(value: float, *, most: int = 5) -> tuple[float, int]:
    """The axis' top and its number of steps for values up to `value`: steps of 1, 2 or 5 ×
    10^n, at most `most` of them (250 → 0, 50, …, 250)."""
    if value <= 0:
        return 1.0, 1
    raw = value / most
    scale = 10 ** math.floor(math.log10(raw))
    step = next(s * scale for s in (1, 2, 5, 10) if s * scale >= raw)
    steps = math.ceil(value / step - 1e-9)
    return step * steps, steps


def trend_value(value: Decimal | int | None, unit: str) -> str:
    """A value of a series as the table beside the chart writes it; "–" when unknown."""
    if value is None:
        return "–"
    if unit == "eur":
        return format_eur(value)
    if unit == "percent":
        return f"{format_number(Decimal(value), 1)}%"
    if unit == "decimal":
        return format_number(Decimal(value), 1)
    return format_number(value)


def _axis_label(value: float, unit: str) -> str:
    number = Decimal(str(round(value, 2))).normalize()
    if unit == "eur":
        return f"€ {format_number(number.quantize(Decimal(1)))}"
    if unit == "percent":
        return f"{format_number(number)}%"
    return format_number(number)


def trend_chart(chart: dict[str, Any]) -> SafeString:
    """Bars per school year (side by side, or stacked for the parts of a whole) of one chart
    of `reports.comparison.trend`. A year without values is a gap with its reason written
    upright where its bars would stand, never a bar of zero. The description names every
    value; the table beside the chart holds them too."""
    rows, labels, unit = chart["rows"], chart["series"], chart["unit"]
    stacked = chart["stacked"]
    left, right = 84, 8
    # As wide as the years need (a few years fit a phone unscaled), at most the page's width.
    width = max(360, min(WIDTH, left + right + 120 * len(rows)))
    # The legend, wrapped over lines of the chart's width.
    legend: list[str] = []
    x, y = 0.0, 14
    for index, label in enumerate(labels):
        size = 22 + 7 * len(label)
        if x and x + size > width:
            x, y = 0.0, y + 18
        colour = COLOURS[index % len(COLOURS)]
        legend.append(
            f'<rect x="{x:.0f}" y="{y - 10}" width="10" height="10" fill="{colour}"/>'
            f'<text x="{x + 14:.0f}" y="{y}">{escape(label)}</text>'
        )
        x += size
    top = y + 18
    plot = 180
    wide_labels = len(rows) > 0 and (width - left - right) / len(rows) < 72
    bottom = 70 if wide_labels else 40
    height = top + plot + bottom
    known = [
        [float(v) if v is not None else None for v in row["values"]]
        for row in rows
        if row["values"]
    ]
    if unit == "percent":
        axis_top, steps = 100.0, 4
    else:
        peaks = [
            sum(v or 0 for v in values) if stacked else max((v or 0 for v in values), default=0)
            for values in known
        ]
        axis_top, steps = _axis(max(peaks, default=0))
    base = top + plot
    body = list(legend)
    for step in range(steps + 1):
        value = axis_top * step / steps
        line_y = base - plot * step / steps
        body.append(
            f'<line x1="{left}" y1="{line_y:.1f}" x2="{width - right}" y2="{line_y:.1f}" '
            f'stroke="#c8c8cc" stroke-width="1"/>'
            f'<text x="{left - 6}" y="{line_y + 4:.1f}" text-anchor="end">'
            f"{escape(_axis_label(value, unit))}</text>"
        )
    group = (width - left - right) / max(len(rows), 1)
    for index, row in enumerate(rows):
        start = left + index * group
        middle = start + group / 2
        if wide_labels:
            body.append(
                f'<text x="{middle:.1f}" y="{base + 14}" text-anchor="end" '
                f'transform="rotate(-40 {middle:.1f} {base + 14})">{escape(row["year"])}</text>'
            )
        else:
            body.append(
                f'<text x="{middle:.1f}" y="{base + 16}" text-anchor="middle">'
                f"{escape(row['year'])}</text>"
            )
        if row["values"] is None:
            # A gap: no bar, but the reason upright where the bars would stand.
            body.append(
                f'<text x="{middle + 4:.1f}" y="{base - 6}" fill="#555" font-style="italic" '
                f'transform="rotate(-90 {middle + 4:.1f} {base - 6})">{escape(row["note"])}</text>'
            )
            continue
        values = row["values"]
        if stacked:
            bar = min(group * 0.5, 60)
            level = float(base)
            for series, value in enumerate(values):
                if not value:
                    continue
                size = float(value) / axis_top * plot
                level -= size
                body.append(
                    f'<rect x="{middle - bar / 2:.1f}" y="{level:.1f}" width="{bar:.1f}" '
                    f'height="{size:.1f}" fill="{COLOURS[series % len(COLOURS)]}"/>'
                )
            continue
        inner = group * 0.8
        bar = min(inner / len(values), 40)
        first = middle - bar * len(values) / 2
        for series, value in enumerate(values):
            if value is None:
                continue
            size = max(float(value), 0) / axis_top * plot
            body.append(
                f'<rect x="{first + series * bar:.1f}" y="{base - size:.1f}" '
                f'width="{bar - 1:.1f}" height="{size:.1f}" '
                f'fill="{COLOURS[series % len(COLOURS)]}"/>'
            )
    body.append(
        f'<line x1="{left}" y1="{base}" x2="{width - right}" y2="{base}" stroke="#1b1b1f"/>'
    )
    parts = []
    for row in rows:
        if row["values"] is None:
            parts.append(f"{row['year']}: {row['note']}")
        else:
            named = ", ".join(
                f"{label} {trend_value(value, unit)}"
                for label, value in zip(labels, row["values"], strict=True)
            )
            parts.append(f"{row['year']}: {named}")
    description = "Per schooljaar. " + "; ".join(parts) + "."
    return _svg(f"{chart['title']} per schooljaar", description, int(height), body, width)
