"""The page renderer: the report's web page shows the first rows of each long table (a row
per school or schoolopleider) and links to that table in pages of its own.

At one partnership these tables have a few dozen rows; an installation serving a region has
over a thousand schools, and a page with every row of every such table runs to megabytes.
The PDF and the Excel file keep every row; only the web page is shortened."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from django.core.paginator import Page

from bos.lists import paginate

from ..charts import figure_12_chart
from ..document import Report

# The tables that grow with the schools or SOs: key → (section id, title of the table page).
LONG_TABLES: dict[str, tuple[str, str]] = {
    "fig1": ("fig1", "Figuur 1: eerstejaars per school"),
    "fig7": ("fig7", "Figuur 7: studenten per school"),
    "fig11": ("fig11", "Figuur 11: studenten per school en opleidingsniveau"),
    "fig12": ("fig12", "Figuur 12: streefaantal en studenten per school"),
    "bonus": ("bonus", "Bonus extra studenten per school"),
    "fig6": ("fig6", "Figuur 6: inzet van personeel per partner"),
    "afternoon_attendance_by_school": (
        "fig3-opkomst-school",
        "Verdiepingsmiddagen: opkomst per school",
    ),
    "intervision": ("intervisie", "Intervisie per school"),
    "induction": ("inductie", "Inductie: startende leraren per school"),
    "induction_boards": ("inductie-besturen", "Inductie: startende leraren per bestuur"),
    "so_overview": ("facilitering", "Facilitering schoolopleiders"),
    "fig3": ("fig3", "Figuur 3: verdiepingsmiddagen"),
}

# Tables that are a part of a figure other than its "rows": key → (figure, part).
PARTS: dict[str, tuple[str, str]] = {"induction_boards": ("induction", "boards")}


# The section that shows each table, on the report page and on the table's own page.
SECTION_TEMPLATES: dict[str, str] = {
    "fig1": "reports/sections/fig1.html",
    "fig7": "reports/sections/fig7.html",
    "fig11": "reports/sections/fig11.html",
    "fig12": "reports/sections/fig12.html",
    "bonus": "reports/sections/bonus.html",
    "fig6": "reports/sections/fig6.html",
    "afternoon_attendance_by_school": "afternoons/_report_by_school.html",
    "intervision": "reports/sections/intervisie.html",
    "induction": "reports/sections/inductie.html",
    "induction_boards": "reports/sections/inductie_besturen.html",
    "so_overview": "reports/sections/facilitering.html",
    "fig3": "reports/sections/fig3.html",
}


@dataclass(frozen=True)
class Cut:
    """A table the page shows in part: `shown` of `total` rows."""

    key: str
    shown: int
    total: int


def rows_of(report: Report, key: str) -> list[Any]:
    """The rows of one long table (empty when the report has no such table)."""
    if key == "so_overview":
        return list(report.so_overview)
    figure, part = PARTS.get(key, (key, "rows"))
    value = report.figures.get(figure)
    if isinstance(value, dict):
        return list(value.get(part) or [])
    if isinstance(value, list):
        return value
    return []


def with_rows(report: Report, key: str, rows: list[Any]) -> Report:
    """A copy of the report whose table `key` has only `rows`; the cached report itself and
    every other table are left as they are (totals stay those of the whole table). A figure
    kept as a mapping also tells how many rows the whole table has (`all_<part>`), for a
    sentence that counts them."""
    if key == "so_overview":
        return replace(report, so_overview=rows)
    figure, part = PARTS.get(key, (key, "rows"))
    value = report.figures.get(figure)
    figures = dict(report.figures)
    if isinstance(value, dict):
        whole = value.get(f"all_{part}", len(value.get(part) or []))
        figures[figure] = {**value, part: rows, f"all_{part}": whole}
    else:
        figures[figure] = rows
    charts = report.charts
    if key == "fig12" and "fig12" in charts:
        # The chart shows the same schools as the table beside it.
        charts = {**charts, "fig12": figure_12_chart(rows)}
    return replace(report, figures=figures, charts=charts)


def shortened(report: Report, *, limit: int) -> tuple[Report, dict[str, Cut]]:
    """The report with each long table cut to its first `limit` rows, and what was cut."""
    cuts: dict[str, Cut] = {}
    for key in LONG_TABLES:
        rows = rows_of(report, key)
        if len(rows) > limit:
            cuts[key] = Cut(key=key, shown=limit, total=len(rows))
            report = with_rows(report, key, rows[:limit])
    return report, cuts


def table_page(
    report: Report, *, key: str, number: Any, size: int
) -> tuple[Report, Page, dict[str, Cut]]:
    """One page of table `key`: the report with only that page's rows, the page, and what
    was cut of the other long tables (a section may show more than one, such as the
    induction's schools and boards). A page number out of range or not a number gives the
    nearest valid page."""
    page = paginate(rows_of(report, key), number, per_page=size)
    others, cuts = shortened(report, limit=size)
    cuts.pop(key, None)
    return with_rows(others, key, list(page.object_list)), page, cuts
