"""The monthly payroll export per board: the payments due, for HR's payroll system.

Fixed columns: employee reference, name, IBAN, amount, period. Text cells that a
spreadsheet would read as a formula are escaped (CSV/formula injection)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from decimal import Decimal

from bos.models import SchoolBoard, SchoolYear
from bos.spreadsheets import escape_formula

from . import rules
from .assessment import amount_for_month
from .models import PAYING, StipendApplication

COLUMNS = ("personeelsnummer", "naam", "IBAN", "bedrag", "periode")


@dataclass(frozen=True)
class PaymentRow:
    employee_reference: str
    name: str
    iban: str
    amount: Decimal
    period: str
    application_id: int = 0  # for the access log; never a column of the file


def payments_due(board: SchoolBoard, month: dt.date) -> list[PaymentRow]:
    """Every paying application of the board's schools with an amount for the month."""
    month = month.replace(day=1)
    applications = StipendApplication.objects.filter(
        placement__location__board=board, status__in=PAYING, anonymised_at=None
    ).select_related("placement__school_year", "placement__location")
    rows = []
    for application in applications.order_by("last_name", "pk"):
        amount = amount_for_month(application, month)
        if amount <= 0:
            continue
        name = " ".join(part for part in (application.given_names, application.last_name) if part)
        rows.append(
            PaymentRow(
                employee_reference=application.employee_reference,
                name=name,
                iban=application.iban,
                amount=amount,
                period=rules.month_label(month),
                application_id=application.pk,
            )
        )
    return rows


def _cells(row: PaymentRow) -> list[object]:
    return [
        escape_formula(row.employee_reference),
        escape_formula(row.name),
        escape_formula(row.iban),
        row.amount,
        escape_formula(row.period),
    ]


def to_csv(rows: list[PaymentRow]) -> bytes:
    buffer = io.StringIO()
    # Semicolons and a decimal comma: what Dutch spreadsheet settings expect.
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(COLUMNS)
    for row in rows:
        cells = _cells(row)
        cells[3] = f"{row.amount:.2f}".replace(".", ",")
        writer.writerow(cells)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(rows: list[PaymentRow]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Betalingen"
    sheet.append(list(COLUMNS))
    for row in rows:
        sheet.append(_cells(row))
        cell = sheet.cell(row=sheet.max_row, column=4)
        cell.number_format = "#,##0.00"
        for column in (1, 2, 3, 5):
            # Stored as text, never evaluated, even after the escape above.
            sheet.cell(row=sheet.max_row, column=column).data_type = "s"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def months_of(year: SchoolYear) -> list[dt.date]:
    month = year.start_date.replace(day=1)
    months = []
    while month <= year.end_date:
        months.append(month)
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return months
