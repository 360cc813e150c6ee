"""The student's portfolio of reflections on a placement: the student writes and shares,
the placement's supervisors read what is shared."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from bos.permissions import require

from .. import portfolio
from ..forms.portfolio import ReflectionForm
from ..models import Placement, PortfolioReflection
from ._common import _apply_errors


def _portfolio(request: HttpRequest, pk: int) -> portfolio.PortfolioView:
    try:
        return portfolio.portfolio_for(user=request.user, placement_id=pk)
    except Placement.DoesNotExist as exc:
        raise Http404("Stage niet gevonden.") from exc


@require("supervision.view")
def page(request: HttpRequest, pk: int) -> HttpResponse:
    """The portfolio of a placement; the student adds a reflection here (POST)."""
    view = _portfolio(request, pk)
    form = ReflectionForm(request.POST or None)
    if request.method == "POST":
        if not view.is_owner:
            raise PermissionDenied
        if form.is_valid():
            try:
                reflection = portfolio.reflection_write(
                    user=request.user, placement_id=pk, **form.cleaned_data
                )
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(
                    request,
                    "Je reflectie is opgeslagen en gedeeld met je begeleiders."
                    if reflection.is_shared
                    else "Je reflectie is opgeslagen; alleen jij leest hem.",
                )
                return redirect("placements:reflection", pk=reflection.pk)
    return render(
        request,
        "placements/portfolio.html",
        {"view": view, "placement": view.placement, "form": form},
        status=400 if request.method == "POST" else 200,
    )


def _reflection(request: HttpRequest, pk: int) -> tuple[PortfolioReflection, bool]:
    try:
        return portfolio.reflection_get(user=request.user, pk=pk)
    except PortfolioReflection.DoesNotExist as exc:
        raise Http404("Reflectie niet gevonden.") from exc


@require("supervision.view")
def reflection(request: HttpRequest, pk: int) -> HttpResponse:
    """One reflection: the student rewrites it (POST), a supervisor reads it."""
    item, is_owner = _reflection(request, pk)
    form = None
    if is_owner:
        form = ReflectionForm(
            request.POST or None,
            initial={"title": item.title, "text": item.text, "shared": item.is_shared},
        )
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                portfolio.reflection_edit(user=request.user, reflection_id=pk, **form.cleaned_data)
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, "Je reflectie is bijgewerkt.")
                return redirect("placements:reflection", pk=pk)
    return render(
        request,
        "placements/reflection.html",
        {"reflection": item, "placement": item.placement, "is_owner": is_owner, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@require("portfolio.write")
@require_POST
def reflection_share(request: HttpRequest, pk: int) -> HttpResponse:
    """The student shares a reflection with the supervisors, or takes it back."""
    share = request.POST.get("share") == "1"
    try:
        item = portfolio.reflection_share(user=request.user, reflection_id=pk, share=share)
    except (PortfolioReflection.DoesNotExist, Placement.DoesNotExist, PermissionDenied) as exc:
        raise Http404("Reflectie niet gevonden.") from exc
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("placements:reflection", pk=pk)
    messages.success(
        request,
        "Gedeeld met je begeleiders."
        if item.is_shared
        else "Niet meer gedeeld: alleen jij leest deze reflectie.",
    )
    return redirect("placements:reflection", pk=pk)
