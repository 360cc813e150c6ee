"""Writes of the agreements library. Every function checks the caller's rights itself.

For the new-year wizard (issue #11): ``start_year_from_previous(year=new_year, user=user)``
carries every document of the latest earlier year into ``new_year`` as "to review"
(idempotent: run it twice and nothing is added twice). The projectleider then confirms each
document (`confirm_document`) or replaces it (`replace_document`)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from bos.closing import ensure_open
from bos.models import SchoolYear, User
from bos.permissions import can

from . import files
from .models import Document, DocumentVersion, ReviewStatus

DOCUMENT_FIELDS = ("title", "kind", "audience", "implements")
VERSION_FIELDS = ("version", "adopted_on", "adopted_by", "note")


def _check_editor(user: User | None) -> None:
    # user=None is the system itself (demo loader, new-year wizard run by a command).
    if user is not None and not can(user, "library.edit"):
        raise PermissionDenied


def _store(upload: UploadedFile | files.CheckedFile) -> files.CheckedFile:
    return upload if isinstance(upload, files.CheckedFile) else files.check_upload(upload)


def _new_version(
    *,
    document: Document,
    checked: files.CheckedFile,
    original_name: str,
    values: dict[str, Any],
    user: User | None,
) -> DocumentVersion:
    if not (values.get("version") or "").strip():
        raise ValidationError({"version": "Vul een versie in, bijvoorbeeld 2.0 of juli 2021."})
    version = DocumentVersion(
        document=document,
        original_name=(original_name or f"document{checked.extension}")[-200:],
        content_type=checked.content_type,
        size=len(checked.content),
        text=checked.text,
        uploaded_by=user,
        **{
            name: values.get(name) or ("" if name != "adopted_on" else None)
            for name in VERSION_FIELDS
        },
    )
    version.stored_name = "pending"
    version.full_clean(exclude=["stored_name"])
    # Write the file last, right before the row: a refused form leaves no file behind.
    version.stored_name = files.save(checked.content, checked.extension)
    version.save()
    return version


@transaction.atomic
def add_document(
    *,
    user: User | None,
    year: SchoolYear,
    values: dict[str, Any],
    upload: UploadedFile | files.CheckedFile,
    original_name: str = "",
) -> Document:
    _check_editor(user)
    ensure_open(year)
    checked = _store(upload)
    document = Document(
        school_year=year,
        status=ReviewStatus.CURRENT,
        reviewed_at=timezone.now(),
        reviewed_by=user,
        **{name: values.get(name) or "" for name in DOCUMENT_FIELDS},
    )
    document.full_clean()
    document.save()
    name = original_name or getattr(upload, "name", "")
    version = _new_version(
        document=document, checked=checked, original_name=name, values=values, user=user
    )
    document.current_version = version
    document.save(update_fields=["current_version"])
    return document


@transaction.atomic
def replace_document(
    *,
    user: User | None,
    document: Document,
    values: dict[str, Any],
    upload: UploadedFile | files.CheckedFile,
    original_name: str = "",
) -> Document:
    """A new version becomes current; the old one stays readable as history."""
    _check_editor(user)
    ensure_open(document.school_year_id)
    checked = _store(upload)
    locked = Document.objects.select_for_update().get(pk=document.pk)
    name = original_name or getattr(upload, "name", "")
    version = _new_version(
        document=locked, checked=checked, original_name=name, values=values, user=user
    )
    locked.current_version = version
    locked.status = ReviewStatus.CURRENT
    locked.reviewed_at = timezone.now()
    locked.reviewed_by = user
    locked.save(update_fields=["current_version", "status", "reviewed_at", "reviewed_by"])
    return locked


@transaction.atomic
def confirm_document(*, user: User | None, document: Document) -> Document:
    """The document stays valid as it is for its year."""
    _check_editor(user)
    locked = Document.objects.select_for_update().get(pk=document.pk)
    ensure_open(locked.school_year_id)
    locked.status = ReviewStatus.CURRENT
    locked.reviewed_at = timezone.now()
    locked.reviewed_by = user
    locked.save(update_fields=["status", "reviewed_at", "reviewed_by"])
    return locked


@transaction.atomic
def update_document(*, user: User | None, document: Document, values: dict[str, Any]) -> Document:
    _check_editor(user)
    locked = Document.objects.select_for_update().get(pk=document.pk)
    ensure_open(locked.school_year_id)
    for name in DOCUMENT_FIELDS:
        if name in values:
            setattr(locked, name, values[name] or "")
    locked.full_clean()
    locked.save()
    return locked


@transaction.atomic
def start_year_from_previous(*, year: SchoolYear, user: User | None = None) -> int:
    """Carry the latest earlier year's documents into `year`, marked "to review".

    Each carried document keeps its series and points back to last year's; its current
    version is a copy of last year's current version (the same stored file). Documents whose
    series is already in `year` are skipped, so the call is idempotent. Returns how many
    documents were carried over."""
    _check_editor(user)
    source_year = (
        SchoolYear.objects.filter(
            Exists(Document.objects.filter(school_year=OuterRef("pk"))),
            start_date__lt=year.start_date,
        )
        .order_by("-start_date")
        .first()
    )
    if source_year is None:
        return 0
    existing = set(Document.objects.filter(school_year=year).values_list("series", flat=True))
    carried = 0
    sources = Document.objects.filter(school_year=source_year).select_related("current_version")
    for old in sources.select_for_update(of=("self",)):
        if old.series in existing or old.current_version is None:
            continue
        new = Document.objects.create(
            school_year=year,
            series=old.series,
            title=old.title,
            kind=old.kind,
            audience=old.audience,
            implements=old.implements,
            status=ReviewStatus.TO_REVIEW,
            previous=old if not hasattr_next(old) else None,
        )
        source = old.current_version
        copy = DocumentVersion.objects.create(
            document=new,
            version=source.version,
            adopted_on=source.adopted_on,
            adopted_by=source.adopted_by,
            note=source.note,
            stored_name=source.stored_name,
            original_name=source.original_name,
            content_type=source.content_type,
            size=source.size,
            text=source.text,
            uploaded_by=source.uploaded_by,
            carried_from=source,
        )
        new.current_version = copy
        new.save(update_fields=["current_version"])
        carried += 1
    return carried


def hasattr_next(document: Document) -> bool:
    try:
        return document.next is not None
    except Document.DoesNotExist:
        return False
