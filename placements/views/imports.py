"""Excel import (upload → preview: counts of every row, the first rows shown → confirm) and
export."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from bos.permissions import get_scope, require
from bos.security.ratelimit import rate_limit

from .. import imports, selectors, services
from ..excel import XLSX_TYPE, xlsx_response
from ..exports import export_rows, mentor_queryset
from ..import_template import template_bytes
from ..models import ImportJob, ImportJobStatus
from ..tasks import import_progress_key, run_import

SESSION_KEY = "placements_import"


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Excel-bestand (.xlsx)",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )


def _kind_or_404(kind: str) -> str:
    if kind not in imports.KINDS:
        raise Http404("Onbekend soort import.")
    return kind


def _render(request: HttpRequest, kind: str, form: UploadForm, **extra: object) -> HttpResponse:
    context = {
        "kind": kind,
        "title": imports.KINDS[kind][0],
        "form": form,
        "max_rows": imports.max_rows_for(request.user),
        "async_rows": settings.IMPORT_ASYNC_ROWS,
        **extra,
    }
    status = (
        400
        if extra.get("file_error") or (extra.get("result") is not None and not extra["result"].ok)
        else 200
    )
    return render(request, "placements/import.html", context, status=status)


@require("placement.edit")
@rate_limit("import", methods=("POST",))
def import_upload(request: HttpRequest, kind: str) -> HttpResponse:
    kind = _kind_or_404(kind)
    form = UploadForm(request.POST or None, request.FILES or None, label_suffix="")
    if request.method != "POST":
        return _render(request, kind, form)
    # A new upload, good or bad, replaces whatever was previewed before: only the file on the
    # page the user confirms can be imported.
    request.session.pop(SESSION_KEY, None)
    ImportJob.objects.filter(
        user=request.user, kind=kind, status__in=(ImportJobStatus.CHECKED, ImportJobStatus.FAILED)
    ).delete()
    if not form.is_valid():
        return _render(request, kind, form, file_error=" ".join(form.errors.get("file", [])))
    upload = form.cleaned_data["file"]
    max_rows = imports.max_rows_for(request.user)
    if upload.size > imports.max_bytes_for(max_rows):
        return _render(request, kind, form, file_error="Het bestand is te groot.")
    data = upload.read()
    try:
        result = imports.read_rows(upload.name, data, kind, max_rows=max_rows)
    except imports.ImportFileError as error:
        return _render(request, kind, form, file_error=str(error))
    if len(result.rows) > settings.IMPORT_ASYNC_ROWS:
        return _start_job(request, kind, upload.name, data, len(result.rows))
    result = imports.apply(request.user, result, commit=False)
    confirm: dict[str, str] = {}
    if result.ok:
        confirm = {"token": secrets.token_urlsafe(24), "sha256": hashlib.sha256(data).hexdigest()}
        request.session[SESSION_KEY] = {
            "kind": kind,
            "name": upload.name,
            "data": base64.b64encode(data).decode("ascii"),
            **confirm,
        }
    return _render(request, kind, UploadForm(label_suffix=""), result=result, confirm=confirm)


def _start_job(request: HttpRequest, kind: str, name: str, data: bytes, rows: int) -> HttpResponse:
    """A large file is checked by a background task; the user follows it on its page."""
    job = ImportJob.objects.create(
        user=request.user,
        school_year=get_scope(request.user).year,
        kind=kind,
        name=name[:255],
        data=data,
        sha256=hashlib.sha256(data).hexdigest(),
        token=secrets.token_urlsafe(24),
        rows_total=rows,
    )
    # The task gets the id only, and only once the job row is committed.
    transaction.on_commit(lambda: run_import.delay(job.pk))
    return redirect("placements:import_progress", kind=kind, pk=job.pk)


RUNNING = (
    ImportJobStatus.QUEUED,
    ImportJobStatus.CHECKING,
    ImportJobStatus.CONFIRMED,
    ImportJobStatus.SAVING,
)


@require("placement.edit")
def import_progress(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """A background import's page: its progress while it runs (the page reloads itself),
    then the same preview as a small file gets, and after confirming the result. Only the
    uploader sees it; for anyone else it does not exist."""
    kind = _kind_or_404(kind)
    job = ImportJob.objects.filter(pk=pk, user=request.user, kind=kind).first()
    if job is None:
        raise Http404("Onbekende import.")
    if request.method == "POST":
        return _confirm_job(request, job)
    if job.status in RUNNING:
        done, total = cache.get(import_progress_key(job.pk)) or (0, job.rows_total)
        context = {
            "kind": kind,
            "title": imports.KINDS[kind][0],
            "job": job,
            "done": done,
            "total": total,
            "percent": int(100 * done / total) if total else 0,
        }
        return render(request, "placements/import_progress.html", context)
    form = UploadForm(label_suffix="")
    if "file_error" in job.result:
        return _render(request, kind, form, file_error=job.result["file_error"])
    result = imports.result_from_json(job.result)
    confirm: dict[str, str] = {}
    if job.status == ImportJobStatus.CHECKED:
        confirm = {"token": job.token, "sha256": job.sha256}
    saved = None
    if job.status == ImportJobStatus.DONE:
        saved = {status: 0 for status in ("nieuw", "bijgewerkt", "ongewijzigd")}
        for row in result.rows:
            saved[row.status] = saved.get(row.status, 0) + 1
    return _render(
        request,
        kind,
        form,
        result=result,
        confirm=confirm,
        confirm_url=reverse("placements:import_progress", args=[kind, job.pk]),
        saved=saved,
    )


def _confirm_job(request: HttpRequest, job: ImportJob) -> HttpResponse:
    token_ok = hmac.compare_digest(str(request.POST.get("token", "")), job.token)
    hash_ok = hmac.compare_digest(str(request.POST.get("sha256", "")), job.sha256)
    confirmed = request.POST.get("bevestigd") == "1"
    # Claimed with a conditional update: a second click starts no second save.
    started = (
        token_ok
        and hash_ok
        and ImportJob.objects.filter(pk=job.pk, status=ImportJobStatus.CHECKED).update(
            status=ImportJobStatus.CONFIRMED, confirmed=confirmed
        )
    )
    if not started:
        messages.error(request, "Er is geen gecontroleerd bestand; upload het opnieuw.")
        return redirect("placements:import", kind=job.kind)
    transaction.on_commit(lambda: run_import.delay(job.pk))
    return redirect("placements:import_progress", kind=job.kind, pk=job.pk)


def _confirmed_file(request: HttpRequest, kind: str) -> tuple[str, bytes] | None:
    """The previewed file, if the confirmation carries its one-use token and hash; the
    stored preview is used up either way."""
    stored = request.session.pop(SESSION_KEY, None)
    if not stored or stored.get("kind") != kind:
        return None
    data = base64.b64decode(stored["data"])
    digest = hashlib.sha256(data).hexdigest()
    token_ok = hmac.compare_digest(str(request.POST.get("token", "")), stored.get("token", ""))
    hash_ok = hmac.compare_digest(str(request.POST.get("sha256", "")), digest)
    if not (token_ok and hash_ok and digest == stored.get("sha256")):
        return None
    return stored["name"], data


@require("placement.edit")
@require_POST
def import_confirm(request: HttpRequest, kind: str) -> HttpResponse:
    kind = _kind_or_404(kind)
    confirmed = _confirmed_file(request, kind)
    if confirmed is None:
        messages.error(request, "Er is geen gecontroleerd bestand; upload het opnieuw.")
        return redirect("placements:import", kind=kind)
    name, data = confirmed
    try:
        result = imports.read_rows(name, data, kind, max_rows=imports.max_rows_for(request.user))
    except imports.ImportFileError as error:
        return _render(request, kind, UploadForm(label_suffix=""), file_error=str(error))
    result = imports.apply(
        request.user, result, commit=True, confirmed=request.POST.get("bevestigd") == "1"
    )
    if not result.ok:
        return _render(request, kind, UploadForm(label_suffix=""), result=result)
    counts = {status: 0 for status in ("nieuw", "bijgewerkt", "ongewijzigd")}
    for row in result.rows:
        counts[row.status] += 1
    messages.success(
        request,
        f"Ingelezen: {counts['nieuw']} nieuw, {counts['bijgewerkt']} bijgewerkt, "
        f"{counts['ongewijzigd']} ongewijzigd.",
    )
    return redirect("placements:import", kind=kind)


@require("placement.edit")
def import_template(request: HttpRequest, kind: str) -> HttpResponse:
    kind = _kind_or_404(kind)
    response = HttpResponse(template_bytes(user=request.user, kind=kind), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="sjabloon-{kind}.xlsx"'
    return response


@require("placement.edit")
@rate_limit("export")
def export(request: HttpRequest, kind: str) -> HttpResponse:
    kind = _kind_or_404(kind)
    scope = get_scope(request.user)
    placements = selectors.placement_list(user=request.user)
    if kind == "stages":
        queryset = placements
    elif kind == "studenten":
        queryset = selectors.student_export_list(user=request.user)
    else:
        queryset = mentor_queryset(services.editable_location_ids(scope), scope.year)
    headers, rows = export_rows(kind, queryset)
    title = imports.KINDS[kind][0]
    return xlsx_response(f"{kind}-{scope.year}.xlsx", title, headers, rows)
