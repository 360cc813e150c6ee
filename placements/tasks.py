"""Daily reminders for schoolopleiders: one digest per SO per day, never one mail per item.

Task arguments carry ids and ISO dates only, so a queued task never holds stale objects."""

from __future__ import annotations

import datetime as dt

from celery import shared_task
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format

from bos import mail
from bos.models import Person

from .models import OPEN_STATUSES, ChecklistItem, ChecklistKind, ReminderDigest


def _overdue_items(day: dt.date):
    # A closed year's items are history, not work: a digest never speaks of a closed year.
    return ChecklistItem.objects.filter(
        done_at__isnull=True,
        due_date__lt=day,
        placement__status__in=OPEN_STATUSES,
        placement__so__isnull=False,
        placement__school_year__closed_at__isnull=True,
    )


@shared_task
def send_daily_reminders(day: str | None = None) -> int:
    """Queue one digest per SO who has overdue items today; returns how many were queued."""
    today = dt.date.fromisoformat(day) if day else timezone.localdate()
    so_ids = sorted(set(_overdue_items(today).values_list("placement__so_id", flat=True)))
    for so_id in so_ids:
        send_so_digest.delay(so_id, today.isoformat())
    return len(so_ids)


def digest_text(person: Person, items: list[ChecklistItem], day: dt.date) -> str:
    replies = [item for item in items if item.kind == ChecklistKind.REPLY]
    others = [item for item in items if item.kind != ChecklistKind.REPLY]
    lines = [mail.greeting(person.first_name), ""]
    lines.append(f"Stand van zaken op {date_format(day, 'j F Y')}.")
    if replies:
        lines += ["", "Aanmeldingen zonder reactie:"]
        lines += [
            f"- {item.placement.student.full_name} ({item.placement.location}), "
            f"reactie uiterlijk {date_format(item.due_date, 'j F Y')}"
            for item in replies
        ]
    if others:
        lines += ["", "Te late checklistpunten:"]
        lines += [
            f"- {item.placement.student.full_name} ({item.placement.location}): "
            f"{item.get_kind_display()}, uiterlijk {date_format(item.due_date, 'j F Y')}"
            for item in others
        ]
    lines += ["", "Je vindt alles op je dashboard op het platform."]
    return "\n".join(lines)


@shared_task
def send_so_digest(person_id: int, day: str) -> bool:
    """Send one SO's digest for a day, at most once."""
    today = dt.date.fromisoformat(day)
    person = Person.objects.get(pk=person_id)
    items = list(
        _overdue_items(today)
        .filter(placement__so_id=person_id)
        .select_related("placement__student", "placement__location")
        .order_by("due_date", "placement__student__last_name")
    )
    if not items:
        return False
    try:
        with transaction.atomic():
            ReminderDigest.objects.create(person=person, day=today, item_count=len(items))
            mail.send(
                kind=mail.Kind.SO_DIGEST,
                subject=f"{len(items)} openstaande punten van je stagiairs",
                text=digest_text(person, items, today),
                to=[person.email],
            )
    except IntegrityError:
        return False  # already sent today
    return True


def import_progress_key(job_id: int) -> str:
    return f"placements-import-progress-{job_id}"


@shared_task
def run_import(job_id: int) -> str:
    """Check (or, once confirmed, save) a large Excel import. The job is claimed with a
    conditional update, so a task delivered twice runs once; progress goes to the cache,
    because the import's own transaction hides it from the page until it ends."""
    from django.core.cache import cache

    from . import imports
    from .models import ImportJob, ImportJobStatus

    job = ImportJob.objects.select_related("user", "school_year").filter(pk=job_id).first()
    if job is None:
        return "missing"
    commit = job.status == ImportJobStatus.CONFIRMED
    claimed_from = ImportJobStatus.CONFIRMED if commit else ImportJobStatus.QUEUED
    running = ImportJobStatus.SAVING if commit else ImportJobStatus.CHECKING
    if not ImportJob.objects.filter(pk=job_id, status=claimed_from).update(status=running):
        return "already-run"
    user = job.user
    if job.school_year is not None:
        # The year the uploader had chosen in the header (see bos.permissions.get_scope).
        user.__dict__["_bos_selected_year"] = job.school_year

    def progress(done: int, total: int) -> None:
        cache.set(import_progress_key(job_id), (done, total), 3600)

    try:
        result = imports.read_rows(
            job.name, bytes(job.data), job.kind, max_rows=imports.max_rows_for(user)
        )
        result = imports.apply(
            user, result, commit=commit, confirmed=job.confirmed, progress=progress
        )
    except imports.ImportFileError as error:
        ImportJob.objects.filter(pk=job_id).update(
            status=ImportJobStatus.FAILED, result={"file_error": str(error)}, data=b""
        )
        return "failed"
    done = ImportJobStatus.DONE if commit and result.ok else ImportJobStatus.CHECKED
    if not result.ok:
        done = ImportJobStatus.FAILED
    ImportJob.objects.filter(pk=job_id).update(
        status=done,
        rows_done=len(result.rows),
        result=imports.result_to_json(result),
        # The file is needed again only for a confirmation still to come.
        data=bytes(job.data) if done == ImportJobStatus.CHECKED else b"",
    )
    cache.delete(import_progress_key(job_id))
    return str(done)


@shared_task
def purge_import_jobs() -> int:
    """Delete background imports older than IMPORT_JOB_KEEP_DAYS: their file and preview hold
    personal data that is not needed once the import is done or abandoned."""
    from django.conf import settings

    from .models import ImportJob

    cutoff = timezone.now() - dt.timedelta(days=settings.IMPORT_JOB_KEEP_DAYS)
    deleted, _ = ImportJob.objects.filter(created_at__lt=cutoff).delete()
    return deleted
