"""A survey's results as an Excel workbook: a summary (response rate, per question the count
and share of each answer) and the responses, one row each. It follows the pages' rule of
anonymity: an anonymous survey's rows hold nothing about the person and stand in the order of
their random keys, and its free text is left out while the responding group is smaller than
the year's minimum. Text that a spreadsheet would run as a formula is escaped."""

from __future__ import annotations

import tempfile

from django.http import FileResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from placements.excel import SPOOL_IN_MEMORY_BYTES, XLSX_TYPE, safe_cell

from . import selectors
from .models import QuestionKind


def _bold(sheet: object, values: list[object]) -> list[object]:
    cells = []
    for value in values:
        cell = WriteOnlyCell(sheet, value=safe_cell(value))
        cell.font = Font(bold=True)
        cells.append(cell)
    return cells


def _dated(sheet: object, value: object) -> object:
    import datetime as dt

    if isinstance(value, dt.date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "DD-MM-YYYY"
        return cell
    return safe_cell(value)


def workbook(results: selectors.Results) -> Workbook:
    survey = results.survey
    book = Workbook(write_only=True)
    summary = book.create_sheet("Samenvatting")
    summary.append(_bold(summary, [survey.title]))
    summary.append([safe_cell("Schooljaar"), safe_cell(survey.school_year.name)])
    summary.append([safe_cell("Anoniem"), safe_cell(survey.anonymous)])
    summary.append([safe_cell("Genodigden"), results.rate.invited])
    summary.append([safe_cell("Reacties"), results.responses])
    summary.append(
        [safe_cell("Respons (%)"), float(results.rate.percent) if results.rate.percent else None]
    )
    summary.append([safe_cell("Open antwoorden"), safe_cell(results.visibility.explanation)])
    summary.append([])
    summary.append(_bold(summary, ["Pagina", "Vraag", "Antwoord", "Aantal", "Aandeel (%)"]))
    for page, rows in results.pages:
        for row in rows:
            question = row.question
            if row.tally is None:
                summary.append(
                    [safe_cell(page.title), safe_cell(question.text), "open antwoorden",
                     row.text_count, None]
                )  # fmt: skip
                continue
            for bar in row.tally.bars:
                summary.append(
                    [safe_cell(page.title), safe_cell(question.text), safe_cell(bar.label),
                     bar.count, float(bar.percent)]
                )  # fmt: skip
            if row.tally.mean is not None:
                summary.append(
                    [safe_cell(page.title), safe_cell(question.text), "gemiddelde", None,
                     float(row.tally.mean)]
                )  # fmt: skip
    sheet = book.create_sheet("Reacties")
    questions = [
        row.question
        for _, rows in results.pages
        for row in rows
        if row.question.kind != QuestionKind.OPEN or results.open_answers_shown
    ]
    headers = ["Naam", "Ingevuld op"] if not survey.anonymous else []
    sheet.append(_bold(sheet, [*headers, *(question.text for question in questions)]))
    for values in selectors.response_rows(survey, questions, with_texts=results.open_answers_shown):
        sheet.append([_dated(sheet, value) for value in values])
    return book


def xlsx_response(results: selectors.Results) -> FileResponse:
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY_BYTES)  # noqa: SIM115
    workbook(results).save(spool)
    spool.seek(0)
    return FileResponse(
        spool,
        as_attachment=True,
        filename=f"vragenlijst-{results.survey.pk}.xlsx",
        content_type=XLSX_TYPE,
    )
