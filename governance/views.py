"""Pages of the decision log: a year's decisions (paged), one decision with what it
changes and its attachments, and the projectleider's forms. Thin: reads through
`selectors`, writes through `services`."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from bos.forms import apply_service_errors
from bos.lists import pager_query, paginate
from bos.models import SchoolYear
from bos.permissions import get_scope, require

from . import selectors, services
from .forms import ChangeForm, DecisionForm
from .models import Body, Decision, DecisionChange

PAGE_SIZE = 25


def _decision(request: HttpRequest, pk: int) -> Decision:
    try:
        return selectors.decision_get(user=request.user, pk=pk)
    except Decision.DoesNotExist as exc:
        raise Http404("Besluit niet gevonden.") from exc


def _apply_errors(form: Form, error: ValidationError) -> None:
    apply_service_errors(form, error)


@require("governance.view")
def decision_list(request: HttpRequest) -> HttpResponse:
    year = get_scope(request.user).year
    if year is None:
        raise Http404("Er is nog geen schooljaar.")
    body = request.GET.get("orgaan", "")
    decisions = selectors.decision_list(user=request.user, year=year, body=body)
    context = {
        "year": year,
        "page": paginate(decisions, request.GET.get("pagina"), per_page=PAGE_SIZE),
        "query": pager_query(request),
        "bodies": Body.choices,
        "body": body if body in Body.values else "",
        "may_edit": selectors.may_edit(request.user, year),
    }
    return render(request, "governance/list.html", context)


@require("governance.view")
def decision_detail(request: HttpRequest, pk: int) -> HttpResponse:
    decision = _decision(request, pk)
    context = {
        "decision": decision,
        "year": decision.school_year,
        "changes": selectors.changes_of(decision),
        "attachments": selectors.attachments_of(user=request.user, decision=decision),
        "may_edit": selectors.may_edit(request.user, decision.school_year),
    }
    return render(request, "governance/detail.html", context)


@require("governance.edit")
def decision_create(request: HttpRequest, year: str) -> HttpResponse:
    school_year = get_object_or_404(SchoolYear, name=year)
    form = DecisionForm(request.POST or None, year=school_year)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            decision = services.decision_create(
                user=request.user,
                year=school_year,
                values=data,
                attachments=data["attachments"],
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, f"Besluit „{decision.title}” vastgelegd.")
            return redirect("governance:detail", pk=decision.pk)
    return render(
        request,
        "governance/form.html",
        {"form": form, "year": school_year},
        status=400 if form.errors else 200,
    )


@require("governance.edit")
def decision_edit(request: HttpRequest, pk: int) -> HttpResponse:
    decision = _decision(request, pk)
    form = DecisionForm(
        request.POST or None, year=decision.school_year, initial=DecisionForm.initial_of(decision)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.decision_update(
                user=request.user, decision=decision, values=data, attachments=data["attachments"]
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, f"Besluit „{data['title']}” opgeslagen.")
            return redirect("governance:detail", pk=pk)
    return render(
        request,
        "governance/form.html",
        {"form": form, "year": decision.school_year, "decision": decision},
        status=400 if form.errors else 200,
    )


@require("governance.edit")
def change_add(request: HttpRequest, pk: int) -> HttpResponse:
    decision = _decision(request, pk)
    form = ChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.change_add(user=request.user, decision=decision, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, "De wijziging staat bij het besluit.")
            return redirect("governance:detail", pk=pk)
    return render(
        request,
        "governance/change_form.html",
        {"form": form, "decision": decision, "year": decision.school_year},
        status=400 if form.errors else 200,
    )


@require("governance.edit")
@require_POST
def change_delete(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        change = selectors.change_get(user=request.user, pk=pk)
    except DecisionChange.DoesNotExist as exc:
        raise Http404("Wijziging niet gevonden.") from exc
    try:
        services.change_delete(user=request.user, change=change)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, f"„{change.label}” staat niet meer bij het besluit.")
    return redirect("governance:detail", pk=change.decision_id)
