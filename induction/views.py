"""The induction register: starting teachers per school, the building blocks and the
projectleider's figures."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from bos.lists import list_page, pager_query, paginate
from bos.permissions import can, get_scope, require
from bos.search_choice import suggestions
from placements.views import _apply_errors

from . import selectors, services
from .forms import SEARCHES, BlockForm, StarterForm, StudentRegistrationForm
from .lists import StarterFilter, StarterTable
from .models import Starter, StarterKind


@require("induction.view")
def register(request: HttpRequest) -> HttpResponse:
    scope = get_scope(request.user)
    starters = selectors.starters_for(user=request.user)
    awaiting = list(
        starters.filter(kind=StarterKind.UNQUALIFIED, registered_student__isnull=True)[:50]
    )
    may_register_student = can(request.user, "placement.edit")
    return list_page(
        request,
        queryset=starters,
        filterset_class=StarterFilter,
        table_class=StarterTable,
        template="induction/register.html",
        export_name=f"starters-{scope.year}",
        context={
            "year": scope.year,
            "awaiting": awaiting,
            "early_hires": selectors.early_hire_signals(starters),
            "starter_count": starters.count(),
            "may_edit": can(request.user, "induction.edit"),
            "may_register_student": may_register_student,
            "may_see_figures": can(request.user, "induction.figures"),
        },
    )


@require("induction.edit")
def starter_new(request: HttpRequest) -> HttpResponse:
    scope = get_scope(request.user)
    form = StarterForm(request.POST or None, scope=scope)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            starter = services.starter_register(
                user=request.user,
                location_id=data["location"].pk,
                first_name=data["first_name"],
                last_name=data["last_name"],
                email=data["email"],
                subject=data["subject"],
                kind=data["kind"],
                hired_on=data["hired_on"],
                induction_year=data["induction_year"],
                coach=data["coach"],
                former_student=data["former_student"],
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, f"{starter.full_name} staat in het inductieregister.")
            if starter.kind == StarterKind.UNQUALIFIED:
                messages.info(
                    request,
                    "Onbevoegde collega: de schoolopleider is geïnformeerd en kan de collega "
                    "als zij-instromer inschrijven.",
                )
            return redirect("induction:register")
    status = 400 if request.method == "POST" else 200
    return render(
        request, "induction/starter_form.html", {"form": form, "year": scope.year}, status=status
    )


@require("induction.edit")
def search(request: HttpRequest, source: str) -> HttpResponse:
    """The starter form's search suggestions: coaches (people with a role this year) or
    former students, the same the form accepts; names and a school or institute only."""
    if source not in SEARCHES:
        raise Http404("Onbekende zoekvraag.")
    if source == "coach":
        queryset = selectors.coach_choices(get_scope(request.user))
    else:
        queryset = selectors.former_students()
    return suggestions(request, queryset=queryset, spec=SEARCHES[source])


@require("placement.edit")
def register_as_student(request: HttpRequest, pk: int) -> HttpResponse:
    """An unqualified starter enrolled as a zij-instromer, on a page of its own: the
    register links here from each waiting starter instead of repeating the form (with
    every institute) under each of them."""
    starter = (
        selectors.starters_for(user=request.user).filter(pk=pk).select_related("location").first()
    )
    if starter is None:
        raise Http404("Starter niet gevonden.")
    form = StudentRegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            student = services.starter_register_as_student(
                user=request.user,
                starter_id=pk,
                institute_id=form.cleaned_data["institute"].pk,
                student_number=form.cleaned_data["student_number"],
                programme=form.cleaned_data["programme"],
            )
        except (ValidationError, Starter.DoesNotExist) as error:
            for message in getattr(error, "messages", ["Starter niet gevonden."]):
                form.add_error(None, message)
        else:
            messages.success(request, f"{student.full_name} is ingeschreven als zij-instromer.")
            return redirect("induction:register")
    status = 400 if request.method == "POST" else 200
    return render(
        request, "induction/as_student.html", {"form": form, "starter": starter}, status=status
    )


@require("induction.view")
def blocks(request: HttpRequest) -> HttpResponse:
    scope = get_scope(request.user)
    may_edit = can(request.user, "induction.edit")
    form = BlockForm(request.POST or None, scope=scope)
    if request.method == "POST":
        if not may_edit:
            return HttpResponse(status=403)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.block_set(
                    user=request.user,
                    location_id=data["location"].pk,
                    block=data["block"],
                    state=data["state"],
                    note=data["note"],
                )
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, "Status van de bouwsteen opgeslagen.")
                return redirect("induction:blocks")
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "induction/blocks.html",
        {
            "year": scope.year,
            "rows": selectors.blocks_for(user=request.user),
            "form": form,
            "may_edit": may_edit,
        },
        status=status,
    )


@require("induction.figures")
def figures(request: HttpRequest) -> HttpResponse:
    year = get_scope(request.user).year
    rows = selectors.figures(year=year) if year else []
    # A page of schools on screen; the totals are those of every school.
    page = paginate(rows, request.GET.get("pagina"))
    return render(
        request,
        "induction/figures.html",
        {
            "year": year,
            "rows": page.object_list,
            "page": page,
            "pager_query": pager_query(request),
            "total_starters": sum(r.starters for r in rows),
            "total_former": sum(r.former_students for r in rows),
            "total_unqualified": sum(r.unqualified for r in rows),
            "total_zij": sum(r.zij_instromers for r in rows),
        },
    )
