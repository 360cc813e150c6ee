"""Writes of the budget and generated reports; every write is one transaction."""

from __future__ import annotations

import datetime as dt
import logging
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from bos.closing import ensure_open
from bos.models import SchoolYear

from .models import (
    ActualEntry,
    Budget,
    BudgetLine,
    BudgetSection,
    GeneratedReport,
    ReportSnapshot,
    ReportStatus,
)

REPORT_DIR = "reports"
logger = logging.getLogger(__name__)


@transaction.atomic
def budget_ensure(*, year: SchoolYear) -> Budget:
    if not Budget.objects.filter(school_year=year).exists():
        ensure_open(year)
    budget, _ = Budget.objects.get_or_create(school_year=year)
    return budget


@transaction.atomic
def budget_update(
    *,
    budget: Budget,
    income_label: str,
    income_amount: Decimal | None,
    reserve_carried_in: Decimal | None,
) -> Budget:
    ensure_open(budget.school_year_id)
    budget.income_label = income_label
    budget.income_amount = income_amount
    budget.reserve_carried_in = reserve_carried_in
    budget.full_clean()
    budget.save()
    return budget


@transaction.atomic
def budget_line_save(
    *,
    budget: Budget,
    section_name: str,
    line: BudgetLine | None = None,
    **fields: Any,
) -> BudgetLine:
    """Create or update a line; its section is found (or created) by name."""
    ensure_open(budget.school_year_id)
    section, _ = BudgetSection.objects.get_or_create(
        budget=budget, name=section_name.strip(), defaults={"order": budget.sections.count()}
    )
    if line is None:
        line = BudgetLine(
            section=section, order=BudgetLine.objects.filter(section__budget=budget).count()
        )
    line.section = section
    for name, value in fields.items():
        setattr(line, name, value)
    line.full_clean()
    line.save()
    # A section left without lines after a move is removed.
    BudgetSection.objects.filter(budget=budget, lines__isnull=True).exclude(pk=section.pk).delete()
    return line


@transaction.atomic
def actual_entry_add(
    *,
    line: BudgetLine,
    date: dt.date,
    description: str,
    hours: Decimal | None,
    amount: Decimal | None,
    rate_kind: str,
) -> ActualEntry:
    ensure_open(line.section.budget.school_year_id)
    entry = ActualEntry(
        line=line,
        date=date,
        description=description,
        hours=hours,
        amount=amount,
        rate_kind=rate_kind,
    )
    entry.full_clean()
    entry.save()
    return entry


@transaction.atomic
def actual_entry_delete(*, entry: ActualEntry) -> str:
    """Delete an actual entry; returns a signed token with its values, so the deletion can
    be undone (`actual_entry_restore`) for a day."""
    ensure_open(entry.line.section.budget.school_year_id)
    token = signing.dumps(
        {
            "line": entry.line_id,
            "date": entry.date.isoformat(),
            "description": entry.description,
            "hours": None if entry.hours is None else str(entry.hours),
            "amount": None if entry.amount is None else str(entry.amount),
            "rate_kind": entry.rate_kind,
        },
        salt=RESTORE_SALT,
    )
    entry.delete()
    return token


@transaction.atomic
def actual_entry_restore(*, token: str) -> ActualEntry:
    """Put a deleted entry back (an undo); the audit trail records it as a new entry."""
    try:
        values = signing.loads(token, salt=RESTORE_SALT, max_age=RESTORE_MAX_AGE)
    except signing.BadSignature as exc:
        raise ValidationError(
            "Deze verwijdering kan niet meer ongedaan worden gemaakt (te oud of ongeldig)."
        ) from exc
    line = BudgetLine.objects.select_for_update().filter(pk=values["line"]).first()
    if line is None:
        raise ValidationError("De begrotingsregel van deze realisatie bestaat niet meer.")
    ensure_open(line.section.budget.school_year_id)
    return ActualEntry.objects.create(
        line=line,
        date=dt.date.fromisoformat(values["date"]),
        description=values["description"],
        hours=None if values["hours"] is None else Decimal(values["hours"]),
        amount=None if values["amount"] is None else Decimal(values["amount"]),
        rate_kind=values["rate_kind"],
    )


@transaction.atomic
def report_request(*, year: SchoolYear, user: Any) -> GeneratedReport:
    """Queue the PDF; the task runs after the commit so the worker sees the row."""
    from .tasks import generate_report_pdf

    generated = GeneratedReport.objects.create(school_year=year, requested_by=user)
    transaction.on_commit(lambda: generate_report_pdf.delay(generated.pk))
    return generated


RESTORE_SALT = "reports.actual_entry_restore"
RESTORE_MAX_AGE = 24 * 3600


def report_path(generated: GeneratedReport) -> Path:
    return Path(settings.PRIVATE_STORAGE_ROOT) / REPORT_DIR / generated.file_name


def report_progress(*, generated_id: int, percent: int) -> None:
    GeneratedReport.objects.filter(pk=generated_id).update(
        progress=percent, status=ReportStatus.RUNNING
    )


def report_generate(*, generated_id: int) -> GeneratedReport:
    """Render the PDF of a queued report and store it privately."""
    from .pdf import render_pdf

    generated = GeneratedReport.objects.select_related("school_year").get(pk=generated_id)
    report_progress(generated_id=generated.pk, percent=5)
    try:
        pdf = render_pdf(
            generated.school_year,
            progress=lambda percent: report_progress(generated_id=generated.pk, percent=percent),
        )
    except Exception as exc:
        # The progress page shows the failure; the traceback goes to the log.
        logger.exception("Jaarverslag %s: PDF mislukt", generated.school_year)
        GeneratedReport.objects.filter(pk=generated.pk).update(
            status=ReportStatus.FAILED, error=str(exc)[:2000], finished_at=timezone.now()
        )
        generated.refresh_from_db()
        return generated
    generated.file_name = f"jaarverslag-{generated.school_year.name}-{generated.pk}.pdf"
    path = report_path(generated)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pdf)
    generated.status = ReportStatus.DONE
    generated.progress = 100
    generated.finished_at = timezone.now()
    generated.save(update_fields=["file_name", "status", "progress", "finished_at"])
    return generated


@transaction.atomic
def snapshot_create(*, year: SchoolYear, user: Any, with_pdf: bool = True) -> ReportSnapshot:
    """Keep the whole report of a year as it stands now (when the year is closed); the PDF
    is made by the background task and linked to the snapshot."""
    from .report import build_report
    from .snapshot import report_to_data

    report = build_report(year)
    snapshot = ReportSnapshot.objects.create(
        school_year=year,
        data=report_to_data(report),
        reserve=report.budget.reserve if report.budget is not None else None,
        created_by=user,
    )
    if with_pdf:
        snapshot.pdf = report_request(year=year, user=user)
        snapshot.save(update_fields=["pdf"])
    return snapshot
