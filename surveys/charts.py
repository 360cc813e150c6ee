"""A question's answers as a bar chart in SVG, made on the server as the report's charts
are (reports/charts.py): the page and a screen reader get the same picture, with a title and
a description naming every value, and the table beside it holds the data. Each bar's label
stands above it, so long options need no margin and the chart fits a phone when scaled."""

from __future__ import annotations

import zlib

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from facilitation.rules import format_number

from .rules import Tally

WIDTH = 360
FONT = 14
# A longer label is cut in the picture; the table and the description hold it whole.
LABEL_CHARS = 44
COLOUR = "#0b5cad"
ROW = 44


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1].rstrip() + "…"


def bar_chart(title: str, tally: Tally, key: int) -> SafeString:
    """`key` (the question's id) keeps the ids of the title and description unique."""
    ident = f"q{key}-{zlib.crc32(title.encode())}"
    right = 82
    usable = WIDTH - right
    body = []
    for index, bar in enumerate(tally.bars):
        y = 6 + index * ROW
        width = float(bar.percent) / 100 * usable
        value = f"{format_number(bar.percent, 1)}% ({bar.count})"
        body.append(
            f'<text x="0" y="{y + 13}">{escape(_short(bar.label))}</text>'
            f'<rect x="0" y="{y + 19}" width="{usable}" height="15" fill="#eef1f5"/>'
            f'<rect x="0" y="{y + 19}" width="{width:.1f}" height="15" fill="{COLOUR}"/>'
            f'<text x="{usable + 5}" y="{y + 31}">{escape(value)}</text>'
        )
    height = 6 + len(tally.bars) * ROW
    description = "; ".join(
        f"{bar.label}: {bar.count} ({format_number(bar.percent, 1)}%)" for bar in tally.bars
    )
    description = f"{tally.answered} mensen beantwoordden de vraag. {description}"
    # Every text inside is escaped; the numbers are formatted by us.
    return mark_safe(  # noqa: S308  # nosec B308 B703
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" role="img" '
        f'aria-labelledby="t{ident} d{ident}" class="chart">'
        f'<title id="t{ident}">{escape(title)}</title>'
        f'<desc id="d{ident}">{escape(description)}</desc>'
        f'<g font-family="sans-serif" font-size="{FONT}" fill="#1b1b1f">{"".join(body)}</g></svg>'
    )
