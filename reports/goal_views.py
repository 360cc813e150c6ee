"""The goals per school year and the quality framework: thin views over selectors and
services. Reading goes with the report (report.view); keeping them is goal.edit."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from bos.models import SchoolYear
from bos.permissions import can, require
from bos.security.ratelimit import rate_limit

from . import selectors, services
from .forms import EvidenceForm, GoalForm, GoalStatusForm, StandardForm
from .goals import by_chapter
from .models import Evidence, Goal, QualityStandard
from .renderers.pdf import peer_review_pdf


def _year(name: str) -> SchoolYear:
    return get_object_or_404(SchoolYear, name=name)


def _refused(form: object, exc: ValidationError) -> None:
    form.add_error(None, exc)  # type: ignore[attr-defined]


@require("report.view")
def goal_list(request: HttpRequest, year: str) -> HttpResponse:
    school_year = _year(year)
    rows = selectors.goal_rows_for(year=school_year)
    return render(
        request,
        "reports/goals.html",
        {
            "year": school_year,
            "chapters": by_chapter(rows),
            "count": len(rows),
            "can_edit": can(request.user, "goal.edit") and school_year.closed_at is None,
        },
    )


@require("goal.edit")
def goal_new(request: HttpRequest, year: str) -> HttpResponse:
    return _goal_form(request, _year(year), None)


@require("goal.edit")
def goal_edit(request: HttpRequest, pk: int) -> HttpResponse:
    goal = get_object_or_404(Goal.objects.select_related("school_year"), pk=pk)
    return _goal_form(request, goal.school_year, goal)


def _goal_form(request: HttpRequest, year: SchoolYear, goal: Goal | None) -> HttpResponse:
    form = GoalForm(request.POST or None, instance=goal or Goal(school_year=year))
    if request.method == "POST" and form.is_valid():
        try:
            services.goal_save(year=year, goal=goal, **form.cleaned_data)
        except ValidationError as exc:
            _refused(form, exc)
        else:
            messages.success(request, "Het doel is opgeslagen.")
            return redirect("reports:goals", year=year.name)
    return render(request, "reports/goal_form.html", {"year": year, "goal": goal, "form": form})


@require("goal.edit")
def goal_status(request: HttpRequest, pk: int) -> HttpResponse:
    goal = get_object_or_404(Goal.objects.select_related("school_year"), pk=pk)
    form = GoalStatusForm(request.POST or None, instance=goal)
    if request.method == "POST" and form.is_valid():
        try:
            services.goal_set_status(goal=goal, **form.cleaned_data)
        except ValidationError as exc:
            _refused(form, exc)
        else:
            messages.success(request, "De status is opgeslagen.")
            return redirect("reports:goals", year=goal.school_year.name)
    return render(
        request,
        "reports/goal_form.html",
        {"year": goal.school_year, "goal": goal, "form": form, "status_only": True},
    )


@require("report.view")
def standard_list(request: HttpRequest, year: str) -> HttpResponse:
    school_year = _year(year)
    rows = selectors.standard_rows_for(year=school_year)
    return render(
        request,
        "reports/standards.html",
        {
            "year": school_year,
            "rows": rows,
            "missing": sum(1 for row in rows if row.lacks_evidence),
            "can_edit": can(request.user, "goal.edit") and school_year.closed_at is None,
        },
    )


@require("goal.edit")
def standard_new(request: HttpRequest, year: str) -> HttpResponse:
    return _standard_form(request, _year(year), None)


@require("goal.edit")
def standard_edit(request: HttpRequest, pk: int) -> HttpResponse:
    standard = get_object_or_404(QualityStandard.objects.select_related("school_year"), pk=pk)
    return _standard_form(request, standard.school_year, standard)


def _standard_form(
    request: HttpRequest, year: SchoolYear, standard: QualityStandard | None
) -> HttpResponse:
    form = StandardForm(
        request.POST or None, instance=standard or QualityStandard(school_year=year)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.standard_save(year=year, standard=standard, **form.cleaned_data)
        except ValidationError as exc:
            _refused(form, exc)
        else:
            messages.success(request, "De standaard is opgeslagen.")
            return redirect("reports:standards", year=year.name)
    return render(
        request, "reports/standard_form.html", {"year": year, "standard": standard, "form": form}
    )


@require("goal.edit")
def evidence_new(request: HttpRequest, pk: int) -> HttpResponse:
    standard = get_object_or_404(QualityStandard.objects.select_related("school_year"), pk=pk)
    year = standard.school_year
    form = EvidenceForm(
        request.POST or None,
        documents=selectors.documents_for(year=year),
        goals=Goal.objects.filter(school_year=year).order_by("order", "pk"),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.evidence_add(standard=standard, **form.cleaned_data)
        except ValidationError as exc:
            _refused(form, exc)
        else:
            messages.success(request, "Het bewijs is toegevoegd.")
            return redirect("reports:standards", year=year.name)
    return render(
        request,
        "reports/standard_form.html",
        {"year": year, "standard": standard, "form": form, "evidence": True},
    )


@require("goal.edit")
@require_POST
def evidence_delete(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = get_object_or_404(Evidence.objects.select_related("standard__school_year"), pk=pk)
    year = evidence.standard.school_year
    try:
        services.evidence_delete(evidence=evidence)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Het bewijs is verwijderd.")
    return redirect("reports:standards", year=year.name)


@require("report.view")
@rate_limit("pdf")
def standards_pdf(request: HttpRequest, year: str) -> HttpResponse:
    """The peer-review PDF, made at once: a few pages of text, unlike the annual report."""
    school_year = _year(year)
    pdf = peer_review_pdf(year=school_year, rows=selectors.standard_rows_for(year=school_year))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="kwaliteitskader-{school_year.name}.pdf"'
    )
    return response
