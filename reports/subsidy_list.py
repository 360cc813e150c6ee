"""The per-student list for the subsidy application: every student with a placement in the
year, whether they count for the subsidy by the year's funding rule (registered with their
institute, of a partner institute, each student once; `facilitation.rules.funding_status`)
and why not, as an Excel workbook for the projectleider."""

from __future__ import annotations

from io import BytesIO

from bos.models import SchoolYear
from bos.spreadsheets import escape_formula
from facilitation.params import PolicyParams
from facilitation.selectors import FundingStudent, funding_students, policy_for

HEADER = [
    "Telt mee",
    "Achternaam",
    "Voornaam",
    "Studentnummer",
    "Instituut",
    "Opleiding",
    "Stageschool",
    "Geregistreerd bij instituut",
    "Reden niet meegeteld",
]


def rows_of(students: list[FundingStudent]) -> list[list[str]]:
    """The students who count first, then the others; each by name."""
    ordered = sorted(students, key=lambda s: (not s.counted, s.last_name, s.first_name))
    return [
        [
            "ja" if student.counted else "nee",
            student.last_name,
            student.first_name,
            student.student_number,
            student.institute,
            student.programme,
            ", ".join(student.schools),
            "ja" if student.registered else "nee",
            student.reason,
        ]
        for student in ordered
    ]


def subsidy_workbook(year: SchoolYear, params: PolicyParams | None = None) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    params = params if params is not None else policy_for(year)
    students = funding_students(year, params)
    counted = sum(1 for student in students if student.counted)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Studenten"
    sheet.append([f"Studenten {year} voor de subsidieaanvraag"])
    sheet["A1"].font = Font(bold=True)
    sheet.append([f"Telt mee: {counted} van {len(students)} studenten (elke student één keer)."])
    sheet.append([])
    sheet.append(HEADER)
    for cell in sheet[4]:
        cell.font = Font(bold=True)
    for row in rows_of(students):
        sheet.append([escape_formula(value) for value in row])
    for column in sheet.iter_cols(min_row=4):
        width = max(len(str(cell.value or "")) for cell in column)
        sheet.column_dimensions[column[0].column_letter].width = min(50, max(10, width + 2))
    sheet.freeze_panes = "A5"
    output = BytesIO()
    workbook.save(output)
    return output.getvalue()
