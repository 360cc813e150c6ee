"""The running year's pages for the projectleider: the years, the new-year wizard, pupil
counts, closing and reopening. Thin views over years.wizard/pupils/closing."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from bos.models import Role, SchoolLocation, SchoolYear
from bos.permissions import require
from bos.security.ratelimit import rate_limit
from reports.selectors import latest_snapshot

from . import pupils, selectors
from .closing import year_close, year_reopen
from .forms import CloseForm, PupilCountsForm, PupilUploadForm, ReopenForm
from .wizard import (
    DECISION_LABELS,
    Decision,
    RoleChoice,
    plan_new_year,
    source_assignments,
    start_new_year,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
LOCATION_ROLES = {Role.SO, Role.IO, Role.WPB, Role.DIRECTOR}


def _year(name: str) -> SchoolYear:
    return get_object_or_404(SchoolYear, name=name)


@require("year.manage")
def overview(request: HttpRequest) -> HttpResponse:
    rows = selectors.year_rows()
    latest_with_data = next((row.year for row in rows if row.locations), None)
    return render(
        request,
        "years/overview.html",
        {"rows": rows, "latest": latest_with_data, "events": selectors.events()},
    )


def _choices(request: HttpRequest, assignments: list) -> dict[int, RoleChoice]:
    choices: dict[int, RoleChoice] = {}
    for assignment in assignments:
        raw = request.POST.get(f"role-{assignment.pk}")
        if raw is None:
            continue
        try:
            decision = Decision(raw)
        except ValueError:
            decision = Decision.KEEP
        location_ids = tuple(
            int(value)
            for value in request.POST.getlist(f"locations-{assignment.pk}")
            if value.isdigit()
        )
        if decision == Decision.CHANGE and not location_ids:
            decision = Decision.KEEP
        choices[assignment.pk] = RoleChoice(decision, location_ids)
    return choices


@require("year.manage")
def wizard(request: HttpRequest, year: str) -> HttpResponse:
    """Start the year after `year` from it: a preview of every step and the review list of
    roles; the button carries it out in one transaction."""
    source = _year(year)
    assignments = source_assignments(source)
    choices = _choices(request, assignments) if request.method == "POST" else {}
    if request.method == "POST" and request.POST.get("action") == "start":
        try:
            target, _ = start_new_year(source=source, user=request.user, choices=choices)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                f"Schooljaar {target} is gestart vanuit {source}. Vul nu de leerlingaantallen "
                "op 1 oktober in.",
            )
            return redirect("years:pupils", year=target.name)
    plan = plan_new_year(source=source, choices=choices)
    query = request.GET.get("q", "").strip().lower()
    rows = []
    for assignment in assignments:
        if query and not any(
            query in text.lower()
            for text in (
                assignment.person.full_name,
                assignment.person.email,
                assignment.get_role_display(),
                *(loc.name for loc in assignment.locations.all()),
            )
        ):
            continue
        choice = choices.get(assignment.pk, RoleChoice())
        rows.append(
            {
                "assignment": assignment,
                "choice": choice.decision.value,
                "locations": {loc.pk for loc in assignment.locations.all()}
                if choice.decision != Decision.CHANGE
                else set(choice.location_ids),
                "has_locations": assignment.role in LOCATION_ROLES,
            }
        )
    return render(
        request,
        "years/wizard.html",
        {
            "source": source,
            "plan": plan,
            "rows": rows,
            "query": query,
            "decisions": [(d.value, label) for d, label in DECISION_LABELS.items()],
            "all_locations": SchoolLocation.objects.order_by("name"),
        },
    )


@require("year.manage")
def pupil_counts(request: HttpRequest, year: str) -> HttpResponse:
    school_year = _year(year)
    rows = pupils.member_locations(school_year)
    form = PupilCountsForm(request.POST or None, rows=rows)
    if request.method == "POST" and form.is_valid():
        try:
            changed = pupils.pupil_counts_set(
                year=school_year, counts=form.counts(), user=request.user
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Leerlingaantallen opgeslagen ({changed} gewijzigd).")
            return redirect("years:pupils", year=school_year.name)
    return render(
        request,
        "years/pupils.html",
        {
            "year": school_year,
            "form": form,
            "upload_form": PupilUploadForm(),
            "missing": sum(1 for row in rows if row.pupils is None),
        },
    )


@require("year.manage")
@rate_limit("import", methods=("POST",))
def pupil_upload(request: HttpRequest, year: str) -> HttpResponse:
    school_year = _year(year)
    form = PupilUploadForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = pupils.pupil_counts_upload(
                year=school_year,
                name=upload.name,
                data=upload.read(pupils.MAX_BYTES + 1),
                user=request.user,
            )
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            if not result.errors:
                messages.success(
                    request, f"{len(result.counts)} leerlingaantallen ingelezen en opgeslagen."
                )
                return redirect("years:pupils", year=school_year.name)
    return render(
        request,
        "years/pupil_upload.html",
        {"year": school_year, "form": form, "result": result},
    )


@require("year.manage")
@rate_limit("export")
def pupil_template(request: HttpRequest, year: str) -> HttpResponse:
    school_year = _year(year)
    response = HttpResponse(pupils.template_workbook(school_year), content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="leerlingen-1-oktober-{school_year.name}.xlsx"'
    )
    return response


@require("year.manage")
def close(request: HttpRequest, year: str) -> HttpResponse:
    school_year = _year(year)
    form = CloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            year_close(year=school_year, user=request.user, note=form.cleaned_data["note"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                f"Schooljaar {school_year} is afgesloten. Het jaarverslag is vastgelegd; de PDF "
                "wordt gemaakt.",
            )
            return redirect("years:overview")
    return render(request, "years/close.html", {"year": school_year, "form": form})


@require("year.manage")
def reopen(request: HttpRequest, year: str) -> HttpResponse:
    school_year = _year(year)
    form = ReopenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            year_reopen(year=school_year, user=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Schooljaar {school_year} is heropend.")
            return redirect("years:overview")
    return render(
        request,
        "years/reopen.html",
        {"year": school_year, "form": form, "snapshot": latest_snapshot(school_year)},
    )
