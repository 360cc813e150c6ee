"""One way to show a list: search and filters (django-filter), sort and 50 rows a page
(django-tables2), a result count, and the filtered set as an Excel download.

A view calls `list_page(...)`; its template includes `includes/list.html`. The page's
queries do not depend on the page size or the number of rows: the table gets a queryset with
its relations selected, the paginator counts in SQL and only the page's rows are fetched.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

import django_filters
import django_tables2 as tables
from django import forms
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import dateformat, timezone
from django_tables2.config import RequestConfig
from openpyxl import Workbook

from .spreadsheets import escape_formula

PER_PAGE = 50
NOTHING_FOUND = "Niets gevonden met deze zoekopdracht of filters."
EXPORT_PARAMETER = "export"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class SearchFilterSet(django_filters.FilterSet):
    """A FilterSet with a free-text search box `q` over `search_fields`."""

    search_fields: tuple[str, ...] = ()

    q = django_filters.CharFilter(label="Zoeken", method="search", max_length=100)

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        from django.db.models import Q

        condition = Q()
        for term in value.split()[:5]:
            part = Q()
            for field in self.search_fields:
                part |= Q(**{f"{field}__icontains": term})
            condition &= part
        return queryset.filter(condition)


class BosTable(tables.Table):
    """Tables in the NL Design System look, sortable by their column headers."""

    class Meta:
        template_name = "tables/table.html"
        attrs = {"class": "utrecht-table utrecht-table--html-table"}
        empty_text = NOTHING_FOUND
        per_page = PER_PAGE

    # Shown for an empty list that nobody searched or filtered: the list itself is empty.
    nothing_yet = "Er staat hier nog niets."


class DateColumn(tables.Column):
    """A date, or a moment in Dutch local time, shown in `format`; Excel gets the value
    itself. django-tables2's own date columns compile a template for every cell, which
    was a tenth of a list page's time."""

    def __init__(self, *args: Any, format: str = "d-m-Y", **kwargs: Any) -> None:
        self.format = format
        super().__init__(*args, **kwargs)

    def render(self, value: dt.date) -> str:
        if isinstance(value, dt.datetime) and timezone.is_aware(value):
            value = timezone.localtime(value)
        return dateformat.format(value, self.format)

    def value(self, value: Any) -> Any:
        return value


def paginate(items: Sequence[Any] | QuerySet, number: Any, *, per_page: int = PER_PAGE) -> Page:
    """A page of `items` for `includes/pager.html`; a number out of range or not a number
    gives the nearest page."""
    page = Paginator(items, per_page).get_page(number)
    page.elided_range = list(page.paginator.get_elided_page_range(page.number))
    return page


def pager_query(request: HttpRequest, param: str = "pagina") -> str:
    """The request's query without `param`, ready for `includes/pager.html` to put
    `param=N` behind: a page with several paged lists keeps the other lists' pages."""
    query = request.GET.copy()
    query.pop(param, None)
    encoded = query.urlencode()
    return f"{encoded}&" if encoded else ""


def _excel_value(value: Any) -> Any:
    """Dates stay Excel dates and numbers stay numbers; text is escaped against formulas."""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, dt.datetime):
        # Excel has no time zones: the moment as a clock in the Netherlands showed it.
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(tzinfo=None)
    if isinstance(value, dt.date | int | float | Decimal) or value is None:
        return value
    return escape_formula(str(value))


def table_workbook(table: tables.Table, title: str) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    rows: Iterable[list[Any]] = iter(table.as_values())
    header = next(rows, [])
    sheet.append([str(cell) for cell in header])
    for row in rows:
        sheet.append([_excel_value(cell) for cell in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _searched(filterset: django_filters.FilterSet) -> bool:
    """Whether the request searched or filtered: any of the filter set's fields filled in."""
    data = filterset.data
    # Range filters arrive as name_after / name_before (or _min / _max).
    return any(
        value not in (None, "")
        for key in data
        if any(key == name or key.startswith(f"{name}_") for name in filterset.filters)
        for value in data.getlist(key)
    )


def list_page(
    request: HttpRequest,
    *,
    queryset: QuerySet,
    filterset_class: type[django_filters.FilterSet],
    table_class: type[tables.Table],
    template: str,
    export_name: str | None = None,
    context: dict[str, Any] | None = None,
    filterset_kwargs: dict[str, Any] | None = None,
) -> HttpResponse:
    data = request.GET.copy()
    data.pop(EXPORT_PARAMETER, None)
    data.pop("page", None)
    data.pop("sort", None)
    data.pop("jaar", None)
    filterset = filterset_class(
        data, queryset=queryset, request=request, **(filterset_kwargs or {})
    )
    rows = filterset.qs if filterset.is_valid() else queryset.none()
    table = table_class(rows, request=request)
    if not _searched(filterset):
        # "Nothing found with this search" only after a search; otherwise say the list is
        # empty (a table's own `nothing_yet`, else the shared sentence).
        table.empty_text = getattr(table, "nothing_yet", BosTable.nothing_yet)
    if export_name and request.GET.get(EXPORT_PARAMETER) == "xlsx":
        # The whole filtered and sorted set, not just the page on screen.
        RequestConfig(request, paginate=False).configure(table)
        response = HttpResponse(table_workbook(table, export_name), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="{export_name}.xlsx"'
        return response
    RequestConfig(request, paginate={"per_page": PER_PAGE}).configure(table)
    query = request.GET.copy()
    query.pop("page", None)
    query[EXPORT_PARAMETER] = "xlsx"
    return render(
        request,
        template,
        {
            "filter": filterset,
            "table": table,
            "result_count": table.paginator.count,
            "export_query": query.urlencode() if export_name else "",
            **(context or {}),
        },
    )


class DateRangeWidget(forms.DateInput):
    input_type = "date"
