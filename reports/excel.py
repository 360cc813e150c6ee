"""The report as one workbook (a sheet per table) and the budget import from Excel."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from io import BytesIO
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from afternoons.report import excel_sheets as afternoon_sheets
from bos.spreadsheets import Limits, SheetRows, SpreadsheetError, escape_formula, read_workbook
from professionalization.report import excel_sheet

from .models import ActualSource, Budget, LineKind, RateKind
from .report import Report

EUR_FORMAT = '"€" #,##0.00'


def _sheet(workbook: Any, title: str, header: list[str], rows: list[list[Any]]) -> None:
    from openpyxl.styles import Font

    sheet = workbook.create_sheet(title=title[:31])
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(["?" if value is None else _cell(value) for value in row])
    for column in sheet.columns:
        width = max(len(str(c.value or "")) for c in column)
        sheet.column_dimensions[column[0].column_letter].width = min(60, max(10, width + 2))
    sheet.freeze_panes = "A2"


def _cell(value: Any) -> Any:
    # Formula-like text from the data must never become a formula in the workbook.
    if isinstance(value, str):
        return escape_formula(value)
    if isinstance(value, Decimal):
        return float(value)
    return value


def _count_table(table: dict[str, Any], keys: list[str], labels: list[str]) -> tuple:
    header = ["School", *labels]
    rows = [[row["school"], *(row[k] for k in keys)] for row in table["rows"]]
    rows.append(["Totaal", *(table["total"][k] for k in keys)])
    return header, rows


GOAL_HEADER = [
    "Hoofdstuk",
    "Doel",
    "Eigenaar",
    "Indicator",
    "Streefwaarde",
    "Gemeten",
    "Status",
    "Toelichting",
    "Doorgeschoven uit",
    "Doorgeschoven naar",
]


def report_workbook(report: Report) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    figs = report.figures
    labels = {"other": "overig", "total": "totaal"}

    def label(key: str) -> str:
        return labels.get(key, key)

    for name, title in (("fig1", "Fig 1 eerstejaars"), ("fig7", "Fig 7 per instituut")):
        keys = [*figs[name]["columns"], "total"]
        _sheet(workbook, title, *_count_table(figs[name], keys, [label(k) for k in keys]))
    if "fig2" in figs:
        _sheet(
            workbook,
            "Fig 2 ontwikkelteams",
            ["Team", "Naam", "Partner", "School", "Rol", "Kartrekker"],
            [
                [
                    t["team"],
                    m["name"],
                    m["partner"],
                    m["school"],
                    m["roles"],
                    "ja" if m["kartrekker"] else "",
                ]
                for t in figs["fig2"]
                for m in t["members"]
            ],
        )
    _sheet(
        workbook,
        "Fig 3 verdiepingsmiddagen",
        ["Middag", "Thema's", "Datum", "Doelgroep", "Vorm"],
        [
            [a["number"], "; ".join(a["themes"]), a["date"], a["audience"], a["mode"]]
            for a in figs["fig3"]
        ],
    )
    for title, header, rows in afternoon_sheets(figs):
        _sheet(workbook, title, header, rows)
    intervision = figs["intervision"]
    _sheet(
        workbook,
        "Intervisie per school",
        [label for _, label in intervision["columns"]],
        [[row[key] for key, _ in intervision["columns"]] for row in intervision["rows"]]
        + [[intervision["total"][key] for key, _ in intervision["columns"]]],
    )
    if report.budget is not None:
        budget = report.budget
        rows = [
            [x.section, x.line, x.budget_hours, x.budget_eur, x.actual_hours, x.actual_eur]
            for x in budget.lines
        ]
        rows += [
            ["Onkosten", "", None, budget.budget_expenses, None, budget.actual_expenses],
            [budget.income_label, "", None, None, None, budget.income],
            ["Resultaat", "", None, None, None, budget.result],
            ["Meegenomen resultaat", "", None, None, None, budget.carried_in],
            ["Reserve", "", None, None, None, budget.reserve],
        ]
        rows = [
            [("" if v is None and i in (2, 3, 4, 5) else v) for i, v in enumerate(r)] for r in rows
        ]
        _sheet(
            workbook,
            "Fig 5 begroting",
            [
                "Onderdeel",
                "Regel",
                "Begroot uren",
                "Begroot €",
                "Gerealiseerd uren",
                "Gerealiseerd €",
            ],
            rows,
        )
        for cells in workbook["Fig 5 begroting"].iter_rows(min_row=2, min_col=4, max_col=6):
            for cell in cells:
                if cell.column in (4, 6):
                    cell.number_format = EUR_FORMAT
    if "fig6" in figs:
        bodies = figs["fig6"]["bodies"]
        _sheet(
            workbook,
            "Fig 6 personele inzet",
            ["Partner", *bodies],
            [[r["partner"], *(", ".join(r[b]) for b in bodies)] for r in figs["fig6"]["rows"]],
        )
    _sheet(
        workbook,
        "Fig 8 aandeel instituut",
        ["Instituut", "Aantal", "Percentage"],
        [[label(r["label"]), r["count"], r["percent"]] for r in figs["fig8"]["rows"]],
    )
    for name, title in (("fig9", "Fig 9 aandeel niveau"), ("fig10", "Fig 10 aandeel VT")):
        _sheet(
            workbook,
            title,
            ["Niveau", "Aantal", "Percentage"],
            [[r["label"], r["count"], r["percent"]] for r in figs[name]],
        )
    keys = [*figs["fig11"]["columns"], "total"]
    _sheet(
        workbook, "Fig 11 stageniveau", *_count_table(figs["fig11"], keys, [label(k) for k in keys])
    )
    keys = ["pupils", "streefaantal", "students", "partner", "other"]
    _sheet(
        workbook,
        "Fig 12 streefaantal",
        *_count_table(
            figs["fig12"], keys, ["Leerlingen", "Streefaantal", "Studenten", "Partner", "Overig"]
        ),
    )
    _sheet(
        workbook,
        "Bonus per school",
        ["School", "Extra studenten", "Bonus €"],
        [[r["school"], r["extra_students"], r["bonus_eur"]] for r in figs["bonus"]["rows"]]
        + [["Totaal", figs["bonus"]["extra_students"], figs["bonus"]["total_eur"]]],
    )
    _sheet(
        workbook,
        "Facilitering SO",
        ["Schoolopleider", "Locaties", "Studenten", "Uren"],
        [[r["name"], r["locations"], r["students"], r["hours"]] for r in report.so_overview],
    )
    if "professionalization" in figs:
        _sheet(workbook, *excel_sheet(figs["professionalization"]))
    if report.indicators:
        _sheet(
            workbook,
            "Indicatoren",
            ["Indicator", "Waarde", "Doel", "Gehaald"],
            [
                [i["label"], i["value"], i["target"], {True: "ja", False: "nee"}.get(i["met"], "–")]
                for i in report.indicators
            ],
        )
    _sheet(
        workbook,
        "Doelen",
        GOAL_HEADER,
        [
            [
                goal.chapter_label,
                goal.description,
                goal.owner,
                goal.indicator_label,
                goal.target,
                goal.measured,
                goal.status_label,
                " ".join(goal.explanation),
                goal.carried_from,
                goal.carried_to,
            ]
            for goal in report.goals
        ],
    )
    _sheet(workbook, "Signaleringen", ["Signalering"], [[w] for w in report.warnings])
    output = BytesIO()
    workbook.save(output)
    return output.getvalue()


# Import -------------------------------------------------------------------------------------

IMPORT_COLUMNS = [
    "onderdeel",
    "regel",
    "soort",
    "fte",
    "uren",
    "bedrag",
    "tarief",
    "helft",
    "toelichting",
]
KIND_WORDS = {
    "fte": LineKind.FTE,
    "uren": LineKind.HOURS,
    "bedrag": LineKind.AMOUNT,
    "geen": LineKind.NONE,
    "": LineKind.NONE,
}
RATE_WORDS = {
    "": RateKind.STANDARD,
    "uurtarief": RateKind.STANDARD,
    "administratief": RateKind.ADMIN,
}
ENTRY_COLUMNS = ["onderdeel", "regel", "datum", "omschrijving", "uren", "bedrag", "tarief"]


def _decimal(value: Any, where: str) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value).replace(",", "."))
    except InvalidOperation as exc:
        raise ValidationError(f"{where}: '{value}' is geen getal.") from exc


def _rows(sheet: SheetRows, columns: list[str]) -> list[tuple[int, dict[str, Any]]]:
    rows = sheet.rows
    if not rows:
        return []
    header = [str(c or "").strip().lower() for c in rows[0][1]]
    missing = [c for c in columns[:2] if c not in header]
    if missing:
        raise ValidationError(
            f"Tabblad '{sheet.title}': kolom(men) {', '.join(missing)} ontbreken in de kopregel."
        )
    result = []
    for number, row in rows[1:]:
        values = dict(zip(header, row, strict=False))
        if not any(values.get(c) not in (None, "") for c in columns):
            continue
        result.append((number, values))
    return result


# A budget has tens of lines; the same hardened reader as every other upload.
BUDGET_LIMITS = Limits(max_rows=1000, max_columns=20, max_cells=40_000)


def import_budget(*, budget: Budget, content: bytes, name: str = "") -> dict[str, int]:
    """Read lines from the sheet 'Begroting' and entries from the optional 'Realisatie';
    columns as in IMPORT_COLUMNS / ENTRY_COLUMNS. Everything or nothing is saved."""
    from bos.closing import ensure_open

    from .services import actual_entry_add, budget_line_save

    ensure_open(budget.school_year_id)
    try:
        workbook = read_workbook(
            content, name=name, limits=BUDGET_LIMITS, sheets={"Begroting", "Realisatie"}
        )
    except SpreadsheetError as exc:
        raise ValidationError(str(exc)) from exc
    if "Begroting" not in workbook.sheetnames:
        raise ValidationError("Het bestand heeft geen tabblad 'Begroting'.")
    counts = {"lines": 0, "entries": 0}
    with transaction.atomic():
        lines = {}
        for number, row in _rows(workbook["Begroting"], IMPORT_COLUMNS):
            where = f"Begroting, rij {number}"
            section = str(row.get("onderdeel") or "").strip()
            name = str(row.get("regel") or "").strip()
            if not section or not name:
                raise ValidationError(f"{where}: onderdeel en regel zijn verplicht.")
            kind_word = str(row.get("soort") or "").strip().lower()
            rate_word = str(row.get("tarief") or "").strip().lower()
            if kind_word not in KIND_WORDS:
                raise ValidationError(f"{where}: soort moet fte, uren, bedrag of geen zijn.")
            if rate_word not in RATE_WORDS:
                raise ValidationError(f"{where}: tarief moet uurtarief of administratief zijn.")
            existing = budget.sections.filter(name=section).first()
            line = existing.lines.filter(name=name).first() if existing else None
            try:
                line = budget_line_save(
                    budget=budget,
                    section_name=section,
                    line=line,
                    name=name,
                    kind=KIND_WORDS[kind_word],
                    fte=_decimal(row.get("fte"), where),
                    hours=_decimal(row.get("uren"), where),
                    amount=_decimal(row.get("bedrag"), where),
                    rate_kind=RATE_WORDS[rate_word],
                    half_paid=str(row.get("helft") or "").strip().lower() in ("ja", "1", "true"),
                    actual_source=(
                        ActualSource.BONUS
                        if name.lower().startswith("bonus")
                        else ActualSource.ENTRIES
                    ),
                    note=str(row.get("toelichting") or "")[:300],
                )
            except ValidationError as exc:
                raise ValidationError(f"{where}: {'; '.join(exc.messages)}") from exc
            lines[(section, name)] = line
            counts["lines"] += 1
        if "Realisatie" in workbook.sheetnames:
            for number, row in _rows(workbook["Realisatie"], ENTRY_COLUMNS):
                where = f"Realisatie, rij {number}"
                key = (str(row.get("onderdeel") or "").strip(), str(row.get("regel") or "").strip())
                line = lines.get(key)
                if line is None:
                    section = budget.sections.filter(name=key[0]).first()
                    line = section.lines.filter(name=key[1]).first() if section else None
                if line is None:
                    raise ValidationError(f"{where}: regel '{key[1]}' staat niet in de begroting.")
                date = row.get("datum")
                if isinstance(date, dt.datetime):
                    date = date.date()
                if not isinstance(date, dt.date):
                    raise ValidationError(f"{where}: datum ontbreekt of is geen datum.")
                rate_word = str(row.get("tarief") or "").strip().lower()
                if rate_word not in RATE_WORDS:
                    raise ValidationError(f"{where}: tarief moet uurtarief of administratief zijn.")
                try:
                    actual_entry_add(
                        line=line,
                        date=date,
                        description=str(row.get("omschrijving") or "")[:300] or "Realisatie",
                        hours=_decimal(row.get("uren"), where),
                        amount=_decimal(row.get("bedrag"), where),
                        rate_kind=RATE_WORDS[rate_word],
                    )
                except ValidationError as exc:
                    raise ValidationError(f"{where}: {'; '.join(exc.messages)}") from exc
                counts["entries"] += 1
    return counts
