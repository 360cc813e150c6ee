"""The report on the web: a published year's report for everyone, without logging in, and
the projectleider's two actions that publish it and take it off the web again.

An unpublished year answers 404 at its public address, like a year that does not exist."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from bos.models import SchoolYear
from bos.permissions import require
from facilitation.selectors import PolicyMissing

from . import selectors, services
from .renderers.public import page_with_neighbours, publication


def _publication(year: str) -> dict[str, Any]:
    found = selectors.published_year(name=year)
    if found is None:
        raise Http404("Dit jaarverslag is niet gepubliceerd.")
    school_year, published = found
    try:
        report = selectors.public_report(year=school_year)
    except PolicyMissing as exc:
        raise Http404("Dit jaarverslag is niet beschikbaar.") from exc
    return {**publication(report), "year": school_year, "publication": published}


def contents(request: HttpRequest, year: str) -> HttpResponse:
    """The publication's front page: its title and the table of contents."""
    context = _publication(year)
    return render(request, "reports/public/contents.html", context)


def chapter(request: HttpRequest, year: str, chapter: str) -> HttpResponse:
    """One page of the publication, with the way to the pages before and after it."""
    context = _publication(year)
    found = page_with_neighbours(context["pages"], chapter)
    if found is None:
        raise Http404("Dit hoofdstuk bestaat niet.")
    context["page"], context["previous"], context["next"] = found
    return render(request, "reports/public/chapter.html", context)


def _report_page(year: SchoolYear) -> str:
    return f"{reverse('reports:report')}?{urlencode({'jaar': year.name})}"


@require("report.publish")
@require_POST
def publish(request: HttpRequest, year: str) -> HttpResponse:
    school_year = get_object_or_404(SchoolYear, name=year)
    try:
        services.report_publish(year=school_year, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, f"Het jaarverslag {school_year} is gepubliceerd en voor iedereen te lezen."
        )
    return redirect(_report_page(school_year))


@require("report.publish")
@require_POST
def unpublish(request: HttpRequest, year: str) -> HttpResponse:
    school_year = get_object_or_404(SchoolYear, name=year)
    services.report_unpublish(year=school_year, user=request.user)
    messages.success(request, f"Het jaarverslag {school_year} is niet meer openbaar.")
    return redirect(_report_page(school_year))
