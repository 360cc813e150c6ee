"""The running year's pages for the projectleider: the years, the new-year wizard, pupil
counts, closing and reopening. Thin views over years.wizard/pupils/closing."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from bos.lists import pager_query, paginate
from bos.models import Role, RoleAssignment, SchoolLocation, SchoolYear
from bos.permissions import require
from bos.security.ratelimit import rate_limit
from governance.selectors import year_decisions
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
LOCATION_ROLES = {Role.SO, Role.IO, Role.WPB, Role.DIRECTOR, Role.LERARENCOACH}


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


@require("year.manage")
def history(request: HttpRequest, year: str) -> HttpResponse:
    """What happened to one year: the decisions taken in it (the decision log) and its own
    events (started, closed, reopened)."""
    school_year = _year(year)
    decisions = paginate(year_decisions(school_year), request.GET.get("pagina"), per_page=25)
    return render(
        request,
        "years/history.html",
        {
            "year": school_year,
            "page": decisions,
            "query": pager_query(request),
            "events": selectors.events(school_year),
        },
    )


REVIEW_PER_PAGE = 25


def _draft_key(source: SchoolYear) -> str:
    return f"years-wizard-{source.name}"


def _draft(request: HttpRequest, source: SchoolYear) -> dict[int, RoleChoice]:
    """The decisions made so far on the review's pages, kept in the session: the review is
    paged, and the decisions on other pages must survive moving between them."""
    stored = request.session.get(_draft_key(source), {})
    choices: dict[int, RoleChoice] = {}
    for key, (raw, location_ids) in stored.items():
        try:
            choices[int(key)] = RoleChoice(Decision(raw), tuple(int(i) for i in location_ids))
        except (ValueError, TypeError):
            continue  # a draft from an older form: the default applies
    return choices


def _store_draft(request: HttpRequest, source: SchoolYear, choices: dict[int, RoleChoice]) -> None:
    request.session[_draft_key(source)] = {
        str(pk): [choice.decision.value, list(choice.location_ids)]
        for pk, choice in choices.items()
        if choice != RoleChoice()
    }


def _posted_choices(request: HttpRequest, assignments: list) -> dict[int, RoleChoice]:
    """The decisions posted for the rows on the page (the others are not in the form); a
    location id that does not exist is ignored rather than copied."""
    known_locations = set(SchoolLocation.objects.values_list("pk", flat=True))
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
            if value.isdigit() and len(value) < 10 and int(value) in known_locations
        )
        if decision == Decision.CHANGE and not location_ids:
            decision = Decision.KEEP
        choices[assignment.pk] = RoleChoice(decision, location_ids)
    return choices


def _selected(request: HttpRequest, assignments: list) -> list[int]:
    known = {assignment.pk for assignment in assignments}
    picked = {
        int(value) for value in request.POST.getlist("kies") if value.isdigit() and len(value) < 10
    }
    return sorted(picked & known)


def _matches(assignment: RoleAssignment, query: str, school: int | None, role: str) -> bool:
    locations = list(assignment.locations.all())
    if school is not None and school not in {loc.pk for loc in locations}:
        return False
    if role and assignment.role != role:
        return False
    if query:
        texts = (
            assignment.person.full_name,
            assignment.person.email,
            assignment.get_role_display(),
            *(loc.name for loc in locations),
        )
        return any(query in text.lower() for text in texts)
    return True


def _review_filters(request: HttpRequest) -> tuple[str, int | None, str]:
    query = request.GET.get("q", "").strip().lower()[:100]
    school_raw = request.GET.get("school", "")
    school = int(school_raw) if school_raw.isdigit() and len(school_raw) < 10 else None
    role = request.GET.get("rol", "")
    if role not in Role.values:
        role = ""
    return query, school, role


@require("year.manage")
def wizard(request: HttpRequest, year: str) -> HttpResponse:
    """Start the year after `year` from it: a preview of every step and the review list of
    roles, 25 a page, filtered by school and role; the decisions are kept while moving
    between pages, and the button carries it all out in one transaction."""
    source = _year(year)
    assignments = source_assignments(source)
    choices = _draft(request, source)
    if request.method == "POST":
        choices.update(_posted_choices(request, assignments))
        action = request.POST.get("action")
        selected = _selected(request, assignments)
        if action in ("keep", "drop"):
            decision = Decision.KEEP if action == "keep" else Decision.DROP
            for pk in selected:
                choices[pk] = RoleChoice(decision)
            if selected:
                label = DECISION_LABELS[decision]
                messages.success(request, f"{len(selected)} rol(len) gemarkeerd: {label}.")
            else:
                messages.error(request, "Kies eerst een of meer rollen met de vakjes.")
        _store_draft(request, source, choices)
        if action == "start":
            try:
                target, _ = start_new_year(source=source, user=request.user, choices=choices)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                request.session.pop(_draft_key(source), None)
                messages.success(
                    request,
                    f"Schooljaar {target} is gestart vanuit {source}. Vul nu de "
                    "leerlingaantallen op 1 oktober in.",
                )
                return redirect("years:pupils", year=target.name)
        elif action in ("keep", "drop", "save"):
            if action == "save":
                messages.success(request, "De besluiten op deze pagina zijn bewaard.")
            # Back to the same page of the same filtered list (post/redirect/get).
            return redirect(request.get_full_path() + "#rollen")
    plan = plan_new_year(source=source, choices=choices)
    query, school, role = _review_filters(request)
    matching = [a for a in assignments if _matches(a, query, school, role)]
    page = paginate(matching, request.GET.get("pagina"), per_page=REVIEW_PER_PAGE)
    rows = []
    for assignment in page.object_list:
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
    filters = {
        key: value
        for key, value in (("q", query), ("school", school or ""), ("rol", role))
        if value
    }
    filter_query = urlencode(filters)
    present_roles = {a.role for a in assignments}
    location_ids = {loc.pk for a in assignments for loc in a.locations.all()}
    all_locations = list(SchoolLocation.objects.order_by("name"))
    return render(
        request,
        "years/wizard.html",
        {
            "source": source,
            "plan": plan,
            "rows": rows,
            "page": page,
            "matching_count": len(matching),
            "total_count": len(assignments),
            "changed_count": sum(1 for c in choices.values() if c.decision != Decision.KEEP),
            "query": query,
            "school": school,
            "role": role,
            "filter_query": filter_query,
            "query_prefix": f"{filter_query}&" if filter_query else "",
            "schools": [loc for loc in all_locations if loc.pk in location_ids],
            "roles": [(value, label) for value, label in Role.choices if value in present_roles],
            "decisions": [(d.value, label) for d, label in DECISION_LABELS.items()],
            "all_locations": all_locations,
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
