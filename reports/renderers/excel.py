"""The Excel renderer: the report as one workbook, a sheet per table (the budget import
from Excel is `reports.budget_import`)."""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO
from typing import Any

from afternoons.report import excel_sheets as afternoon_sheets
from bos.spreadsheets import escape_formula
from professionalization.report import excel_sheet

from ..document import Report
from ..figures import INDUCTION_BLOCKS, INDUCTION_PROGRAMME, INDUCTION_STARTERS

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


# The induction's columns as the report page heads them.
INDUCTION_HEADERS = {
    "starters": "Starters",
    "former_students": "Oud-studenten",
    "other_starters": "Andere starters",
    "unqualified": "Onbevoegd",
    "zij_instromers": "Zij-instromers",
    "blocks_in_place": "Bouwstenen aanwezig",
    "blocks_developing": "In ontwikkeling",
    "with_plan": "Met ontwikkelplan",
    "measures_done": "Maatregelen gedaan",
    "measures_not_applicable": "Niet van toepassing",
    "coaches": "Coaches",
    "intro_invited": "Uitgenodigd introductie",
    "intro_present": "Aanwezig",
    "exits": "Exitgesprekken",
}


def _induction_sheets(workbook: Any, induction: dict[str, Any]) -> None:
    """The induction's table per school (starters, building blocks and programme) and per
    board: every row, which the report page and the PDF show in part."""
    keys = [*INDUCTION_STARTERS, *INDUCTION_BLOCKS, *INDUCTION_PROGRAMME]
    rows = [
        [
            row["school"],
            row["board"],
            *(
                "" if key in INDUCTION_BLOCKS and not row["blocks_recorded"] else row[key]
                for key in keys
            ),
        ]
        for row in induction["rows"]
    ]
    rows.append(["Totaal", "", *(induction["total"][key] for key in keys)])
    _sheet(
        workbook,
        "Inductie per school",
        ["School", "Bestuur", *(INDUCTION_HEADERS[key] for key in keys)],
        rows,
    )
    _sheet(
        workbook,
        "Inductie per bestuur",
        ["Bestuur", "Scholen", *(INDUCTION_HEADERS[key] for key in INDUCTION_STARTERS)],
        [
            [row["board"], row["schools"], *(row[key] for key in INDUCTION_STARTERS)]
            for row in induction["boards"]
        ],
    )


SURVEY_HEADER = [
    "Vragenlijst",
    "Hoofdstuk",
    "Genodigden",
    "Ingevuld",
    "Respons (%)",
    "Vraag",
    "Antwoord",
    "Aantal",
    "Aandeel (%)",
]


def survey_rows(fig14: list[dict[str, Any]]) -> list[list[Any]]:
    """Figure 14 flat: a row per answer of each closed question, one per open question
    (how many answered it; its texts are not in the report)."""
    from ..models import GoalChapter

    rows: list[list[Any]] = []
    for survey in fig14:
        head = [
            survey["title"],
            str(GoalChapter(survey["chapter"]).label),
            survey["invited"],
            survey["responded"],
            "" if survey["percent"] is None else survey["percent"],
        ]
        for question in survey["questions"]:
            if question["open"]:
                rows.append([*head, question["text"], "(open vraag)", question["answered"], ""])
            for bar in question["bars"]:
                rows.append([*head, question["text"], bar["label"], bar["count"], bar["percent"]])
    return rows


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
    if "fig4" in figs:
        _sheet(
            workbook,
            "Fig 4 thema's",
            ["Nr.", "Thema", "Soort", "Doelgroep"],
            [
                [r["number"], r["title"], r["level_label"], r["audience"]]
                for r in figs["fig4"]["themes"]
            ]
            + (
                [["", "Uitkomst evaluatie vorig jaar", figs["fig4"]["evaluation"], ""]]
                if figs["fig4"].get("evaluation")
                else []
            ),
        )
    if "fig13" in figs:
        _sheet(
            workbook,
            "Fig 13 besluiten",
            ["Datum", "Genomen door", "Besluit", "Wat het wijzigt"],
            [
                [r["date_display"], r["body"], r["title"], "; ".join(r["changes"])]
                for r in figs["fig13"]
            ],
        )
    if "fig14" in figs:
        _sheet(workbook, "Fig 14 vragenlijsten", SURVEY_HEADER, survey_rows(figs["fig14"]))
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
    if figs.get("induction"):
        _induction_sheets(workbook, figs["induction"])
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
