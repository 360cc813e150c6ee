"""Retention under the AVG: after the configured periods ID copies and payroll-tax forms are
deleted and the application is anonymised (payroll records: 7 years after the payments
ended; rejected applications: promptly). Every action is logged without personal data."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from bos.yearbound import closed_year_writes

from . import storage
from .models import (
    PERSONAL_DATE_FIELDS,
    PERSONAL_TEXT_FIELDS,
    AccessAction,
    AccessLogEntry,
    Action,
    ApplicationEvent,
    Status,
    StipendApplication,
)

logger = logging.getLogger("stipend.retention")

# Kept after anonymisation: status, dates, school and amounts-related fields, so the
# annual report still counts the stipend; everything that identifies the student goes.
PERSONAL_FIELDS_BLANK = (*PERSONAL_TEXT_FIELDS, "employee_reference")
PERSONAL_FIELDS_NULL = PERSONAL_DATE_FIELDS
FINISHED = (Status.ACCEPTED, Status.STOPPED, Status.ENDED)


@dataclass
class RetentionReport:
    anonymised: list[int] = field(default_factory=list)
    documents_deleted: int = 0


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def due_for_anonymisation(today: dt.date) -> list[StipendApplication]:
    payroll_cutoff = _add_years(today, -settings.STIPEND_RETENTION_PAYROLL_YEARS)
    rejected_cutoff = today - dt.timedelta(days=settings.STIPEND_RETENTION_REJECTED_DAYS)
    due = []
    candidates = StipendApplication.objects.filter(anonymised_at=None).filter(
        status__in=[*FINISHED, Status.REJECTED]
    )
    for application in candidates:
        if application.status == Status.REJECTED:
            if application.decided_on and application.decided_on <= rejected_cutoff:
                due.append(application)
            continue
        # A running stipend (accepted, not yet ended) counts from its agreed end date.
        last_paid = application.stopped_on or application.ended_on or application.end_date
        if last_paid and last_paid <= payroll_cutoff:
            due.append(application)
    return due


@transaction.atomic
def anonymise(application: StipendApplication) -> int:
    """Delete the documents and blank the personal data; returns the number of documents.
    The law's retention period outlives a closed year: this is the one change its stipend
    applications still get."""
    with closed_year_writes("bewaartermijn stagevergoeding"):
        return _anonymise(application)


def _anonymise(application: StipendApplication) -> int:
    application = StipendApplication.objects.select_for_update().get(pk=application.pk)
    deleted = 0
    for document in application.documents.all():
        storage.delete(document.stored_name)
        document.delete()
        deleted += 1
    for name in PERSONAL_FIELDS_BLANK:
        setattr(application, name, "")
    for name in PERSONAL_FIELDS_NULL:
        setattr(application, name, None)
    application.anonymised_at = timezone.now()
    application.save()
    # The events' names and reasons may identify the student too.
    application.events.update(actor_name="", reason="")
    ApplicationEvent.objects.create(
        application=application, action=Action.ANONYMISE, actor_name="systeem"
    )
    AccessLogEntry.objects.create(
        application=application,
        action=AccessAction.RETENTION,
        detail=f"geanonimiseerd, {deleted} document(en) verwijderd",
    )
    return deleted


def apply_retention(today: dt.date | None = None) -> RetentionReport:
    today = today or timezone.localdate()
    report = RetentionReport()
    for application in due_for_anonymisation(today):
        report.documents_deleted += anonymise(application)
        report.anonymised.append(application.pk)
        logger.info("Stipend application %s anonymised under the retention rules.", application.pk)
    logger.info(
        "Stipend retention: %s application(s) anonymised, %s document(s) deleted.",
        len(report.anonymised),
        report.documents_deleted,
    )
    return report
