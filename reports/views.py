"""The report pages, its exports and the budget entry; thin views over selectors/services."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_POST

from bos import dataversion
from bos.models import SchoolYear
from bos.permissions import can, get_scope, require
from bos.security.ratelimit import rate_limit
from facilitation.selectors import PolicyMissing

from . import selectors, services
from .budget import overruns
from .budget_import import import_budget
from .forms import (
    ActualEntryForm,
    BudgetAdoptForm,
    BudgetForm,
    BudgetImportForm,
    BudgetLineForm,
    SupportStaffForm,
)
from .goals import by_chapter
from .models import (
    ActualEntry,
    BudgetLine,
    BudgetState,
    BudgetVersion,
    GeneratedReport,
    ReportStatus,
    SupportStaff,
)
from .renderers import page
from .renderers.excel import report_workbook
from .subsidy_list import subsidy_workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


UNDO_SESSION_KEY = "reports_undo_entry"


def _year(name: str) -> SchoolYear:
    return get_object_or_404(SchoolYear, name=name)


@require("report.view")
def report_page(request: HttpRequest) -> HttpResponse:
    years = list(selectors.report_years())
    wanted = request.GET.get("jaar")
    scope_year = get_scope(request.user).year
    year = next((y for y in years if y.name == wanted), None) if wanted else None
    if wanted and year is None:
        raise Http404("Onbekend schooljaar.")
    year = year or (scope_year if scope_year in years else (years[0] if years else None))
    context = {"year": year, "years": years, "report": None, "error": None}
    if year is not None:
        try:
            context.update(_document_part(request, context, year))
        except PolicyMissing as exc:
            context["error"] = str(exc)
        context["can_export"] = can(request.user, "report.export")
        context["can_pdf"] = can(request.user, "report.pdf")
        context["can_budget"] = can(request.user, "budget.view")
        context["can_edit_budget"] = can(request.user, "budget.edit")
        context["can_publish"] = can(request.user, "report.publish")
        context["publication"] = selectors.publication_of(year=year)
        if context["can_pdf"]:
            context["generated"] = selectors.generated_reports(user=request.user, year=year)
    return render(request, "reports/report.html", context)


def _part_key(name: str, request: HttpRequest, year: SchoolYear, *parts: object) -> str:
    """The key of what is kept of the year's report for the part the reader sees: every
    reader of the same schools (or of the whole partnership) shares it."""
    schools = selectors.report_locations(user=request.user, year=year)
    part = "all" if schools is None else sorted(schools)
    return dataversion.reader_key(name, None, year, dataversion.digest((part, *parts)))


def _document_part(
    request: HttpRequest, context: dict[str, Any], year: SchoolYear
) -> dict[str, Any]:
    """What the page shows of the report document: the document with its long tables cut
    to their first rows, the goals by chapter and the sections as HTML. Kept per data
    version for the part of the report the reader sees (its schools): loading a region's
    document from the cache and rendering its sections took some 40 ms on each visit. The
    part shows the document only, nothing of the reader besides its schools. A stale
    document (its successor is being built) is kept only briefly."""
    key = _part_key("reports:page", request, year, settings.REPORT_PAGE_ROWS)

    def build() -> dict[str, Any]:
        report = selectors.report_for(user=request.user, year=year)
        shown, cuts = page.shortened(report, limit=settings.REPORT_PAGE_ROWS)
        built = {"goal_chapters": by_chapter(report.goals), "report": shown, "cuts": cuts}
        built["tables_html"] = render_to_string(
            "reports/_tables.html", {**context, **built}, request
        )
        return built

    return dataversion.kept_figures(key, build, keep_for=_seconds_to_keep)


# A part of a stale document is kept this briefly: its successor is being built, and no
# write will tell the kept part that it arrived.
STALE_PART_SECONDS = 30


def _seconds_to_keep(built: dict[str, Any]) -> int:
    return STALE_PART_SECONDS if built["report"].stale else settings.FIGURES_CACHE_SECONDS


@require("report.view")
def report_table(request: HttpRequest, year: str, key: str) -> HttpResponse:
    """One of the report's long tables, a page of rows at a time."""
    if key not in page.LONG_TABLES:
        raise Http404("Deze tabel bestaat niet.")
    school_year = _year(year)
    if school_year not in selectors.report_years():
        raise Http404("Onbekend schooljaar.")
    try:
        report = selectors.report_for(user=request.user, year=school_year)
    except PolicyMissing as exc:
        raise Http404(str(exc)) from exc
    report, table_page, cuts = page.table_page(
        report, key=key, number=request.GET.get("pagina"), size=settings.REPORT_PAGE_ROWS
    )
    anchor, title = page.LONG_TABLES[key]
    context = {
        "year": school_year,
        "report": report,
        "key": key,
        "title": title,
        "anchor": anchor,
        "page": table_page,
        "section": page.SECTION_TEMPLATES[key],
        "cuts": cuts,
        "can_export": can(request.user, "report.export"),
    }
    return render(request, "reports/report_table.html", context)


@require("report.export")
@rate_limit("export")
def report_excel(request: HttpRequest, year: str) -> HttpResponse:
    school_year = _year(year)
    try:
        report = selectors.report_for(user=request.user, year=school_year, fresh=True)
    except PolicyMissing as exc:
        raise Http404(str(exc)) from exc
    response = HttpResponse(report_workbook(report), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="jaarverslag-{school_year}.xlsx"'
    return response


@require("report.pdf")
@require_POST
@rate_limit("pdf")
def report_pdf_request(request: HttpRequest, year: str) -> HttpResponse:
    generated = services.report_request(year=_year(year), user=request.user)
    return redirect("reports:pdf_status", pk=generated.pk)


@require("report.pdf")
def report_pdf_status(request: HttpRequest, pk: int) -> HttpResponse:
    generated = get_object_or_404(GeneratedReport.objects.select_related("school_year"), pk=pk)
    busy = generated.status in (ReportStatus.PENDING, ReportStatus.RUNNING)
    return render(request, "reports/pdf_status.html", {"generated": generated, "busy": busy})


@require("report.pdf")
def report_pdf_download(request: HttpRequest, pk: int) -> HttpResponse:
    generated = get_object_or_404(GeneratedReport, pk=pk, status=ReportStatus.DONE)
    path = services.report_path(generated)
    if not path.is_file():
        raise Http404("Het bestand is niet meer beschikbaar.")
    return FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=f"jaarverslag-{generated.school_year.name}.pdf",
        content_type="application/pdf",
    )


@require("budget.view")
def budget_current(request: HttpRequest) -> HttpResponse:
    """The menu's "Begroting": the budget of the year the header shows."""
    year = get_scope(request.user).year
    if year is None:
        raise Http404("Er is geen schooljaar ingericht.")
    return redirect("reports:budget", year=year.name)


@require("budget.view")
def budget_edit(request: HttpRequest, year: str) -> HttpResponse:
    """The year's budget: read by whoever may see it (the penvoerder), kept by the
    projectleider (a reader's POST is a 403; the page shows them no edit actions)."""
    school_year = _year(year)
    budget = selectors.budget_get(year=school_year)
    may_edit = can(request.user, "budget.edit")
    if request.method == "POST" and not may_edit:
        raise PermissionDenied
    form = BudgetForm(request.POST or None, instance=budget)
    if request.method == "POST" and form.is_valid():
        try:
            budget = budget or services.budget_ensure(year=school_year)
            services.budget_update(
                budget=budget,
                income_label=form.cleaned_data["income_label"],
                income_amount=form.cleaned_data["income_amount"],
                reserve_carried_in=form.cleaned_data["reserve_carried_in"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "De begroting is opgeslagen.")
            return redirect("reports:budget", year=school_year.name)
    figures = None
    if budget is not None:
        try:
            figures = _budget_figures(request, school_year)
        except PolicyMissing as exc:
            messages.warning(request, str(exc))
    versions = selectors.budget_versions(budget=budget) if budget is not None else []
    return render(
        request,
        "reports/budget.html",
        {
            "year": school_year,
            "budget": budget,
            "form": form,
            "figures": figures,
            "versions": versions,
            "overruns": {line.pk: overrun for line, overrun in overruns(figures)},
            "adopted": budget is not None and budget.state == BudgetState.ADOPTED,
            "may_edit": may_edit,
            "can_adopt": may_edit and can(request.user, "governance.edit", school_year),
            "can_export_subsidy": can(request.user, "subsidy.export"),
        },
    )


def _budget_figures(request: HttpRequest, year: SchoolYear) -> Any:
    """The budget's figures of the current report, kept per data version for the reader's
    part (as current as a fresh build: any write makes them computed again). Loading the
    region's whole document for them took some 30 ms on each visit."""
    return dataversion.kept_figures(
        _part_key("reports:budget", request, year),
        lambda: selectors.report_for(user=request.user, year=year, fresh=True).budget,
    )


@require("budget.edit")
def budget_adopt(request: HttpRequest, year: str) -> HttpResponse:
    """Adopt the budget's current lines with the stuurgroep's decision."""
    school_year = _year(year)
    budget = selectors.budget_get(year=school_year)
    if budget is None:
        raise Http404("Er is nog geen begroting voor dit schooljaar.")
    if not can(request.user, "governance.edit", school_year):
        raise PermissionDenied
    form = BudgetAdoptForm(request.POST or None, user=request.user, year=school_year)
    if request.method == "POST" and form.is_valid():
        try:
            version = services.budget_adopt(
                user=request.user,
                budget=budget,
                decision=form.cleaned_data["decision"],
                adopted_on=form.cleaned_data["adopted_on"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request, f"Versie {version.number} van de begroting {school_year} is vastgesteld."
            )
            return redirect("reports:budget", year=school_year.name)
    return render(
        request,
        "reports/budget_adopt.html",
        {
            "year": school_year,
            "budget": budget,
            "form": form,
            "adopted": budget.state == BudgetState.ADOPTED,
        },
    )


@require("budget.edit")
@require_POST
def budget_revise(request: HttpRequest, year: str) -> HttpResponse:
    """Start a new concept version of an adopted budget."""
    school_year = _year(year)
    budget = selectors.budget_get(year=school_year)
    if budget is None:
        raise Http404("Er is nog geen begroting voor dit schooljaar.")
    try:
        services.budget_revise(user=request.user, budget=budget)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            "Er is een nieuwe conceptversie gemaakt; de vastgestelde versie blijft bewaard.",
        )
    return redirect("reports:budget", year=school_year.name)


@require("subsidy.export")
@rate_limit("export")
def subsidy_list(request: HttpRequest, year: str) -> HttpResponse:
    """The per-student list for the subsidy application, as Excel."""
    school_year = _year(year)
    try:
        content = subsidy_workbook(school_year)
    except PolicyMissing as exc:
        raise Http404(str(exc)) from exc
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="subsidielijst-{school_year}.xlsx"'
    return response


@require("budget.view")
def budget_version(request: HttpRequest, pk: int) -> HttpResponse:
    """An adopted version as it was adopted (read only)."""
    try:
        version = selectors.budget_version_get(pk=pk)
    except BudgetVersion.DoesNotExist as exc:
        raise Http404("Deze versie bestaat niet.") from exc
    rows = [
        {
            **row,
            "budget_hours": None if row["budget_hours"] is None else Decimal(row["budget_hours"]),
            "budget_eur": None if row["budget_eur"] is None else Decimal(row["budget_eur"]),
        }
        for row in version.lines
    ]
    return render(
        request,
        "reports/budget_version.html",
        {"version": version, "rows": rows, "year": version.budget.school_year},
    )


@require("budget.edit")
def budget_line_new(request: HttpRequest, year: str) -> HttpResponse:
    school_year = _year(year)
    return _line_form(request, school_year, None)


@require("budget.edit")
def budget_line_edit(request: HttpRequest, pk: int) -> HttpResponse:
    line = get_object_or_404(
        BudgetLine.objects.select_related("section__budget__school_year"), pk=pk
    )
    return _line_form(request, line.section.budget.school_year, line)


def _line_form(request: HttpRequest, year: SchoolYear, line: BudgetLine | None) -> HttpResponse:
    form = BudgetLineForm(request.POST or None, instance=line)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        section_name = data.pop("section_name")
        try:
            services.budget_line_save(
                budget=services.budget_ensure(year=year),
                section_name=section_name,
                line=line,
                **data,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "De begrotingsregel is opgeslagen.")
            return redirect("reports:budget", year=year.name)
    return render(request, "reports/budget_line.html", {"year": year, "line": line, "form": form})


@require("budget.edit")
def budget_entry_new(request: HttpRequest, pk: int) -> HttpResponse:
    line = get_object_or_404(
        BudgetLine.objects.select_related("section__budget__school_year"), pk=pk
    )
    year = line.section.budget.school_year
    form = ActualEntryForm(request.POST or None, initial={"rate_kind": line.rate_kind})
    if request.method == "POST" and form.is_valid():
        try:
            services.actual_entry_add(line=line, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "De realisatie is toegevoegd.")
            return redirect("reports:budget", year=year.name)
    return render(
        request,
        "reports/budget_entry.html",
        {
            "year": year,
            "line": line,
            "form": form,
            "can_undo": bool(request.session.get(UNDO_SESSION_KEY)),
        },
    )


@require("budget.edit")
def budget_entry_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks for confirmation, naming the entry; POST deletes it and offers an undo."""
    entry = get_object_or_404(
        ActualEntry.objects.select_related("line__section__budget__school_year"), pk=pk
    )
    line = entry.line
    if request.method != "POST":
        amount = (f"{entry.hours} uur" if entry.hours is not None else f"€ {entry.amount}").replace(
            ".", ","
        )
        return render(
            request,
            "confirm.html",
            {
                "heading": "Realisatie verwijderen?",
                "consequences": [
                    f"De realisatie “{entry.description}” van {entry.date:%d-%m-%Y} ({amount}) "
                    f"op de regel “{line.name}” wordt verwijderd.",
                    "De realisatie van de begroting en het resultaat van "
                    f"{line.section.budget.school_year} worden opnieuw berekend.",
                ],
                "undo_note": "Vergist? Direct na het verwijderen kun je het nog een dag lang "
                "ongedaan maken.",
                "action": reverse("reports:budget_entry_delete", args=[entry.pk]),
                "hidden": [],
                "confirm_label": "Ja, verwijder deze realisatie",
                "cancel_url": reverse("reports:budget_entry_new", args=[line.pk]),
            },
        )
    try:
        request.session[UNDO_SESSION_KEY] = services.actual_entry_delete(entry=entry)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("reports:budget_entry_new", pk=line.pk)
    messages.success(request, "De realisatie is verwijderd. Je kunt dit hieronder ongedaan maken.")
    return redirect("reports:budget_entry_new", pk=line.pk)


@require("budget.edit")
@require_POST
def budget_entry_restore(request: HttpRequest) -> HttpResponse:
    token = request.session.pop(UNDO_SESSION_KEY, None)
    if not token:
        messages.error(request, "Er is geen verwijdering om ongedaan te maken.")
        return redirect("home")
    try:
        entry = services.actual_entry_restore(token=token)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("home")
    messages.success(request, "De verwijderde realisatie staat er weer.")
    return redirect("reports:budget_entry_new", pk=entry.line_id)


@require("budget.edit")
@rate_limit("import", methods=("POST",))
def budget_import(request: HttpRequest, year: str) -> HttpResponse:
    school_year = _year(year)
    form = BudgetImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        budget = selectors.budget_get(year=school_year)
        try:
            if budget is None:
                budget = services.budget_ensure(year=school_year)
            upload = form.cleaned_data["file"]
            counts = import_budget(budget=budget, content=upload.read(), name=upload.name)
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            messages.success(
                request,
                f"{counts['lines']} begrotingsregel(s) en {counts['entries']} "
                "realisatie(s) ingelezen.",
            )
            return redirect("reports:budget", year=school_year.name)
    return render(request, "reports/budget_import.html", {"year": school_year, "form": form})


@require("budget.edit")
def support_staff(request: HttpRequest, year: str) -> HttpResponse:
    """The year's support staff (figure 6's Ondersteuning column): list and add."""
    school_year = _year(year)
    form = SupportStaffForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.support_staff_add(user=request.user, year=school_year, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "De ondersteuning is toegevoegd.")
            return redirect("reports:support_staff", year=school_year.name)
    staff = SupportStaff.objects.filter(school_year=school_year).select_related(
        "person", "board", "institute"
    )
    return render(
        request,
        "reports/support_staff.html",
        {
            "year": school_year,
            "staff": staff,
            "form": form,
            "closed": school_year.closed_at is not None,
        },
    )


@require("budget.edit")
def support_staff_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks for confirmation; POST removes the person from the year's support."""
    staff = get_object_or_404(SupportStaff.objects.select_related("person", "school_year"), pk=pk)
    year = staff.school_year
    if request.method != "POST":
        return render(
            request,
            "confirm.html",
            {
                "heading": "Ondersteuning verwijderen?",
                "consequences": [
                    f"{staff.person} ({staff.task}) staat niet langer bij de ondersteuning "
                    f"van {year}; de persoon zelf blijft bestaan.",
                    f"Figuur 6 van {year} wordt opnieuw berekend.",
                ],
                "action": reverse("reports:support_staff_delete", args=[staff.pk]),
                "hidden": [],
                "confirm_label": "Ja, verwijder",
                "cancel_url": reverse("reports:support_staff", args=[year.name]),
            },
        )
    try:
        services.support_staff_remove(user=request.user, staff=staff)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"{staff.person} is verwijderd uit de ondersteuning.")
    return redirect("reports:support_staff", year=year.name)
