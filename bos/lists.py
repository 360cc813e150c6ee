"""One way to show a list: search and filters (django-filter), sort and 50 rows a page
(django-tables2), a result count, and the filtered set as an Excel download.

A view calls `list_page(...)`; its template shows `{{ list_html }}` (`includes/list.html`,
kept as HTML per reader and query). The page's queries do not depend on the page size or the
number of rows: the table gets a queryset with its relations selected, the paginator counts in
SQL and only the page's rows are fetched.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from typing import Any

import django_filters
import django_tables2 as tables
from django import forms
from django.core.exceptions import EmptyResultSet, FieldDoesNotExist
from django.core.paginator import Page, Paginator
from django.db import models
from django.db.models import Count, QuerySet, Window
from django.db.models.query import ModelIterable
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import dateformat, formats, timezone
from django.utils.functional import Promise
from django.utils.hashable import make_hashable
from django.utils.html import conditional_escape, strip_tags
from django.utils.safestring import SafeData, SafeString, mark_safe
from django_tables2.config import RequestConfig
from django_tables2.rows import BoundRow, BoundRows
from django_tables2.utils import A, signature
from openpyxl import Workbook

from . import dataversion
from .fragments import CSRF_STAND_IN, kept_fragment, rendering_kept_part
from .models import SchoolLocation
from .spreadsheets import escape_formula

PER_PAGE = 50
# The highest page number `page_with_total` reads; a higher one is read as the last page.
MAX_PAGE = 1_000_000
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


def _cell_html(value: Any, localize: bool | None) -> SafeString:
    """A cell's value as the template language would print it: `{{ cell }}`, `{{ cell|localize
    }}` or `{{ cell|unlocalize }}` for a column's `localize` of None, True or False."""
    if localize is None:
        value = formats.localize(timezone.template_localtime(value))
    else:
        value = str(formats.localize(value, use_l10n=localize))
    return conditional_escape(value)


def pk_url(name: str) -> Callable[[int], str]:
    """The URL of a ``<int:pk>`` route as a function of the pk, with a single ``reverse()``:
    lists and calendars build hundreds of links, and reversing each one dominated the
    calendar's time.

    The route is reversed once with a stand-in pk; the route's fixed text on either side of
    it is kept, and each real pk goes where the stand-in stood. The stand-in must occur in
    the reversed URL exactly once, so the split is never ambiguous."""
    stand_in = "9" * 15
    url = reverse(name, args=[int(stand_in)])
    if url.count(stand_in) != 1:
        raise ValueError(f"{name}: the route's own text contains {stand_in}")
    prefix, suffix = url.split(stand_in)
    return lambda pk: f"{prefix}{pk}{suffix}"


def as_html(value: Any) -> SafeString:
    """A value as `{{ value }}` prints it (localised, escaped): for rows rendered in Python."""
    return _cell_html(value, None)


class _ColumnPlan:
    """What a column's cells share, worked out once per table instead of once per cell.

    django-tables2 renders every cell through its template with `column.attrs` (rebuilt on
    each look-up), `header|striptags` and an `inspect.signature()` of the column's render
    method: two thirds of a list page's time. The plan computes the same values once and
    renders each cell with the same rules as `BoundRow._get_and_render_with`: a model field
    with choices shows its display value, a value in `empty_values` shows the column's
    default, and the render method gets only the arguments it names."""

    def __init__(self, bound_column: Any) -> None:
        self.bound = bound_column
        self.column = bound_column.column
        self.accessor = A(bound_column.accessor)
        td_class = bound_column.attrs["td"].get("class")
        self.css = f" {td_class}" if td_class else ""
        header = bound_column.header
        label = strip_tags(str(header))
        # `header|striptags` kept a safe header safe; an unsafe one is escaped here.
        safe = isinstance(header, SafeData)
        self.label = conditional_escape(mark_safe(label) if safe else label)  # noqa: S308  # nosec B308, B703
        self.localize = bound_column.localize
        self.default = bound_column.default
        args, catch_all = signature(bound_column.render)
        self.arguments: tuple[str, ...] | None = None if catch_all else args
        self.render = bound_column.render
        self.link = bound_column.link
        self.empty_values = self.column.empty_values
        # Per record class: the display labels of the model field with choices the accessor
        # ends on, or None. Django's `get_FOO_display()` rebuilds (and hashes every lazy
        # label of) that mapping for each cell; a page of 50 rows paid for that 50 times.
        self._choices: dict[type, dict[Any, str] | None] = {}

    def _labels(self, record: Any) -> dict[Any, str] | None:
        kind = type(record)
        if kind not in self._choices:
            try:
                field = self.accessor.get_field(record)
            except FieldDoesNotExist:
                field = None
            choices = getattr(field, "flatchoices", None) if field is not None else None
            self._choices[kind] = (
                {make_hashable(value): str(label) for value, label in choices} if choices else None
            )
        return self._choices[kind]

    def value(self, record: Any) -> Any:
        penultimate, remainder = self.accessor.penultimate(record)
        if isinstance(penultimate, models.Model) and remainder:
            labels = self._labels(record)
            if labels is not None:
                value = getattr(penultimate, remainder)
                return labels.get(make_hashable(value), value)
        try:
            return self.accessor.resolve(record)
        except Exception:
            # As django-tables2: a column whose accessor does not resolve shows its default.
            return None

    def html(self, record: Any, row: BoundRow, table: tables.Table) -> SafeString:
        value = self.value(record)
        if value in self.empty_values:
            return _cell_html(self.default, self.localize)
        available = {
            "value": value,
            "record": record,
            "column": self.column,
            "bound_column": self.bound,
            "bound_row": row,
            "table": table,
        }
        if self.arguments is None:
            kwargs = available
        elif all(name in available for name in self.arguments):
            kwargs = {name: available[name] for name in self.arguments}
        else:
            return _cell_html(None, self.localize)
        content = self.render(**kwargs)
        if self.link:
            content = self.link(content, **available)
        return _cell_html(content, self.localize)


def reaches_many_schools(user: Any) -> bool:
    """Whether the user's lists span more schools than a select should offer: the whole
    region, or a whole board (HR, bestuurscoördinator), which can hold a hundred schools."""
    from bos.permissions import get_scope

    if user is None or not user.is_authenticated:
        return False
    scope = get_scope(user)
    return scope.sees_everything or bool(scope.hr_board_ids) or bool(scope.bc_board_ids)


def occurring[M: models.Model](rows: QuerySet[M], keys: QuerySet) -> QuerySet[M]:
    """`rows` narrowed to the keys that occur in `keys` (a `values()` of one column): a
    filter's choices, such as the institutes of the students in a user's list.

    Finding them reads every row of the user's list (a region's year: 25,000 placements, 20 to
    80 ms), so the keys are kept per data version (`bos.dataversion.kept`) under the SQL that
    finds them, which holds the user's scope; the choices query is then a look-up by key."""
    try:
        sql, params = keys.order_by().distinct().query.sql_with_params()
    except EmptyResultSet:  # a scope that holds nothing (no school, no student)
        return rows.none()
    # The SQL holds the scope's ids and dates; its digest names the kept keys.
    key = f"choices:{rows.model._meta.label_lower}:{dataversion.digest((sql, params))}"

    def found() -> list[Any]:
        values = (next(iter(row.values())) for row in keys.order_by().distinct())
        return sorted(value for value in values if value is not None)

    return rows.filter(pk__in=dataversion.kept_figures(key, found))


def school_typed_for_the_region(
    filterset: django_filters.FilterSet, name: str, *, field_name: str, label: str
) -> bool:
    """Those whose lists span a region or a board type part of a school's name instead of
    choosing from every school (a select of hundreds of options on every list page): the
    choice filter `name` becomes the text filter `<name>_naam`. Decided by the reader's
    reach, not by the number of schools, so a page's queries do not depend on the data.
    True when the filter was replaced."""
    request = getattr(filterset, "request", None)
    if not reaches_many_schools(getattr(request, "user", None)):
        return False
    del filterset.filters[name]
    typed = django_filters.CharFilter(
        label=f"{label} (deel van de naam)",
        field_name=f"{field_name}__name",
        lookup_expr="icontains",
        max_length=100,
    )
    # What FilterSet.__init__ does for the filters it declares.
    typed.model = filterset.queryset.model
    typed.parent = filterset
    filterset.filters[f"{name}_naam"] = typed
    return True


def school_choices(
    filterset: django_filters.FilterSet,
    name: str,
    keys: QuerySet,
    *,
    field_name: str,
    label: str,
) -> None:
    """The school filter `name`: typed for those who reach many schools
    (`school_typed_for_the_region`), else a choice of the schools that occur in `keys`."""
    if not school_typed_for_the_region(filterset, name, field_name=field_name, label=label):
        filterset.filters[name].queryset = occurring(SchoolLocation.objects.order_by("name"), keys)


class BosTable(tables.Table):
    """Tables in the NL Design System look, sortable by their column headers.

    Rows are rendered in Python (`prepared_rows`), not with a template per cell: a page of
    50 rows has hundreds of cells, and the template language spent most of a list page's
    time on them."""

    class Meta:
        template_name = "tables/table.html"
        attrs = {"class": "utrecht-table utrecht-table--html-table"}
        empty_text = NOTHING_FOUND
        per_page = PER_PAGE

    # Shown for an empty list that nobody searched or filtered: the list itself is empty.
    nothing_yet = "Er staat hier nog niets."

    def url_of(self, name: str, pk: Any) -> str:
        """`reverse(name, args=[pk])` for a route of one pk, reversed once per table
        (`pk_url`): a page's rows each link to their object."""
        makers: dict[str, Callable[[Any], str]] = self.__dict__.setdefault("_pk_urls", {})
        if name not in makers:
            makers[name] = pk_url(name)
        return makers[name](pk)

    def _plans(self) -> list[_ColumnPlan]:
        return [_ColumnPlan(column) for column in self.columns]

    def prepared_rows(self) -> list[SafeString]:
        """The page's rows as finished `<tr>` elements."""
        plans = self._plans()
        return [self._prepared(row, plans) for row in self.paginated_rows]

    def csrf_token(self) -> str:
        """The CSRF token a row's form carries: the stand-in while the list is built to be
        kept as HTML (`list_page`), whose visit replaces it with each visitor's own."""
        if rendering_kept_part(self.request):
            return CSRF_STAND_IN
        return get_token(self.request)

    def prepare_row(self, row: BoundRow) -> SafeString:
        """One row on its own: the answer to an htmx step in that row."""
        return self._prepared(row, self._plans())

    def _prepared(self, row: BoundRow, plans: list[_ColumnPlan]) -> SafeString:
        record = row.record
        # Only a row's id is used (the target of an htmx step in the row).
        row_id = row.attrs.get("id") if self.row_attrs else None
        id_attr = f' id="{conditional_escape(row_id)}"' if row_id else ""
        cells = "".join(
            f'<td class="utrecht-table__cell{plan.css}" data-label="{plan.label}">'
            f"{plan.html(record, row, self)}</td>"
            for plan in plans
        )
        # Every part is escaped above (`conditional_escape` of each value and attribute).
        return mark_safe(f'<tr class="utrecht-table__row"{id_attr}>{cells}</tr>')  # noqa: S308  # nosec B308, B703


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
    gives the nearest page.

    A queryset of model rows is paged with its count and the page's keys kept per data
    version under its SQL (`paginate_kept`): the SQL holds the reader's scope, the filters,
    the order and any date in them, so it names the rows exactly. At a region's scale the
    count and the sorted page of a large school's list read its whole year (35 to 50 ms
    for the largest); kept, a page costs one query by key."""
    # Where nothing is kept (switched off, or inside a transaction) the plain paginator's
    # two queries, not a count, the page's keys and its rows by key.
    if isinstance(items, QuerySet) and _keyable(items) and dataversion.keeps():
        try:
            sql = str(items.query)
        except (EmptyResultSet, TypeError, ValueError):
            # Nothing to find, or SQL that does not print with its parameters: not kept.
            return _paginate(items, number, per_page=per_page)
        key = f"list:{per_page}:{dataversion.digest(sql)}"
        return paginate_kept(items, number, key=key, per_page=per_page)
    return _paginate(items, number, per_page=per_page)


def kept_count(items: QuerySet) -> int:
    """`items.count()`, kept per data version under the queryset's SQL (which holds the
    reader's scope), like a list's count in `paginate`."""
    if not dataversion.keeps() or not dataversion.announced(items.model._meta.db_table):
        return items.count()
    try:
        sql = str(items.query)
    except EmptyResultSet:
        return 0
    except (TypeError, ValueError):
        return items.count()
    return dataversion.kept_figures(f"count:{dataversion.digest(sql)}", items.count)


def _keyable(items: QuerySet) -> bool:
    """Model rows (not values) that can be read again by key (not a union), of a table whose
    writes change the data version (not the audit trail, written on a plain visit)."""
    return (
        issubclass(items._iterable_class, ModelIterable)
        and not items.query.combinator
        and dataversion.announced(items.model._meta.db_table)
    )


def _paginate(items: Sequence[Any] | QuerySet, number: Any, *, per_page: int) -> Page:
    page = Paginator(items, per_page).get_page(number)
    page.elided_range = list(page.paginator.get_elided_page_range(page.number))
    return page


def page_number(number: Any, *, maximum: int) -> int:
    """The page asked for as a number from 1 to `maximum`; 1 when it is missing or not a
    whole number."""
    try:
        return min(max(int(str(number)), 1), maximum)
    except ValueError:
        return 1


def page_with_total(rows: QuerySet, number: Any, *, per_page: int = PER_PAGE) -> Page:
    """One page of `rows` read in one query, its total riding along as ``COUNT(*) OVER ()``:
    a table per school of a region (grouped counts included) shows a page of its schools
    without a second query for their number. A page past the end (an old link, a typed
    number) reads the count and shows the last page; a number that is not one, the first."""
    # Bounded: a page of a billion would overflow the database's OFFSET.
    asked = page_number(number, maximum=MAX_PAGE)
    # The always-true filter on the window makes Django read the rows in a subquery and cut
    # the page outside it. Without it PostgreSQL plans the LIMIT as if it could stop after a
    # page, which a count over every row cannot: the participants per school at a region's
    # scale took 250 ms that way, 30 ms this way.
    counted = rows.annotate(page_total=Window(Count("*"))).filter(page_total__gt=0)

    def read(page: int) -> list[Any]:
        start = (page - 1) * per_page
        return list(counted[start : start + per_page])

    found = read(asked)
    if found:
        first = found[0]
        total = first["page_total"] if isinstance(first, dict) else first.page_total
    else:
        total = rows.count() if asked > 1 else 0
    page = _paginate(range(total), asked, per_page=per_page)
    if not found and page.number != asked:
        found = read(page.number)
    page.object_list = found
    return page


def page_asked(number: Any) -> str:
    """The page a request asked for, as part of a cache key: letters and digits only."""
    return re.sub(r"[^0-9a-z]", "", str(number).lower())[:12] if number is not None else ""


def paginate_kept(items: QuerySet, number: Any, *, key: str, per_page: int = PER_PAGE) -> Page:
    """`paginate` with the count and the page's keys kept per data version under `key` and
    the page asked for; the rows are read by key. Computed, a page reads what a plain
    paginator reads: a count and one page of keys, however long the list. A list whose
    rows are costly to choose (a school's students judged on their attendance) names its
    reader, year and day in `key`."""
    asked = page_asked(number)

    def choose() -> tuple[int, int, list[Any]]:
        page = _paginate(items.values_list("pk", flat=True), number, per_page=per_page)
        return page.paginator.count, page.number, list(page.object_list)

    count, shown, wanted = dataversion.kept_figures(f"{key}:{asked}", choose)
    page = _paginate(range(count), shown, per_page=per_page)
    found = {row.pk: row for row in items.filter(pk__in=wanted).order_by()} if wanted else {}
    # A row gone since the keys were kept is left out; the write that removed it has
    # already made the kept keys stale for the next request.
    page.object_list = [found[pk] for pk in wanted if pk in found]
    return page


def paginate_table(table: tables.Table, request: HttpRequest, *, per_page: int = PER_PAGE) -> None:
    """Give a sorted table its page as django-tables2's `RequestConfig` would (the request's
    `page`, the nearest page when it is out of range or not a number), through `paginate`,
    which keeps the page's keys. The page size is fixed: a `per_page` in the request does
    not ask for a page of any size."""
    page = paginate(table.data.data, request.GET.get(table.prefixed_page_field), per_page=per_page)
    table.paginator = page.paginator
    page.object_list = BoundRows(list(page.object_list), table)
    table.page = page


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


def _plain(value: Any) -> Any:
    """`value` with lazy texts as text and containers as tuples: a repr without object
    addresses, the same in every process."""
    if isinstance(value, Promise):
        return str(value)
    if isinstance(value, dict):
        return tuple(sorted((str(k), _plain(v)) for k, v in value.items()))
    if isinstance(value, list | tuple):
        return tuple(_plain(item) for item in value)
    return value


class _Unkeyable(Exception):
    """A form field whose choices' SQL does not print: the form is rendered, not kept."""


def _field_shape(field: forms.Field) -> tuple[Any, ...]:
    """Everything of a form field that its HTML shows besides the submitted value: label,
    help, widget and choices (a model choice by its SQL, which names the rows)."""
    queryset = getattr(field, "queryset", None)
    if queryset is not None:
        try:
            choices: Any = str(queryset.query)
        except EmptyResultSet:
            choices = None
        except (TypeError, ValueError) as exc:
            raise _Unkeyable from exc
    else:
        choices = _plain(list(getattr(field, "choices", ()) or ()))
    widget = field.widget
    return _plain(
        (
            type(field).__name__,
            field.label,
            field.help_text,
            field.required,
            field.disabled,
            field.initial,
            getattr(field, "empty_label", None),
            type(widget).__name__,
            widget.attrs,
            [(type(w).__name__, w.attrs) for w in getattr(widget, "widgets", ())],
            choices,
        )
    )


def _kept_form_html(form: forms.Form, identity: tuple[Any, ...], render: Any) -> SafeString:
    """`render()` of `form`, kept per data version under `identity` (what is rendered and
    which data or initial values it shows) and each field's shape (`_field_shape`). A
    select rendered every option through a template: a third of a list page's time."""
    try:
        fields = tuple((name, _field_shape(field)) for name, field in form.fields.items())
    except _Unkeyable:
        html = render()
    else:
        key = f"form:{dataversion.digest((identity, fields))}"
        html = dataversion.kept_figures(key, render)
    # The fields escape their own values and labels.
    return mark_safe(html)  # noqa: S308  # nosec B308, B703


def filter_fields(filterset: django_filters.FilterSet) -> SafeString:
    """A filter set's visible fields as HTML, kept (`_kept_form_html`) under the filter set
    and the filters submitted."""
    form = filterset.form
    identity = (
        "filter fields",
        type(filterset).__module__,
        type(filterset).__qualname__,
        tuple(sorted(form.data.lists())) if form.is_bound else None,
    )
    return _kept_form_html(
        form,
        identity,
        lambda: "".join(str(field.as_field_group()) for field in form.visible_fields()),
    )


def blank_form_html(form: forms.Form) -> SafeString:
    """An unbound form as `{{ form }}` renders it, kept (`_kept_form_html`) under its class,
    ids and initial values: a form of selects beside a list (a school's mentors, locations,
    years). A bound form (its values, its errors) is rendered as it is."""
    if form.is_bound:
        return mark_safe(str(form))  # noqa: S308  # nosec B308, B703
    identity = (
        "form",
        type(form).__module__,
        type(form).__qualname__,
        form.prefix,
        form.auto_id,
        _plain(sorted((str(k), repr(v)) for k, v in form.initial.items())),
    )
    return _kept_form_html(form, identity, lambda: str(form))


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
    singular: str = "resultaat",
    plural: str = "resultaten",
    changes: Callable[[], object] | None = None,
) -> HttpResponse:
    """The page `template` with the list as `list_html`: filters, count, download, table and
    pager, kept as HTML per reader, year, day and query until the next write
    (`bos.fragments`), so a visit builds neither the filter form nor the table again.
    `singular` and `plural` name what the count counts.

    Rows of a table whose writes do not raise the data version (the audit trail) are kept
    only with `changes`: a cheap function whose value changes with every such write; without
    it they are read anew on each visit."""

    def table_of() -> tuple[django_filters.FilterSet, tables.Table]:
        data = request.GET.copy()
        data.pop(EXPORT_PARAMETER, None)
        data.pop("page", None)
        data.pop("sort", None)
        data.pop("jaar", None)
        filterset = filterset_class(
            data, queryset=queryset, request=request, **(filterset_kwargs or {})
        )
        rows = filterset.qs if filterset.is_valid() else queryset.none()
        # Not `request=`: the table would configure itself with it, counting the rows and
        # fetching a page of its own before `paginate_table` chooses the page.
        table = table_class(rows)
        table.request = request
        if not _searched(filterset):
            # "Nothing found with this search" only after a search; otherwise say the list is
            # empty (a table's own `nothing_yet`, else the shared sentence).
            table.empty_text = getattr(table, "nothing_yet", BosTable.nothing_yet)
        return filterset, table

    if export_name and request.GET.get(EXPORT_PARAMETER) == "xlsx":
        # The whole filtered and sorted set, not just the page on screen.
        _, table = table_of()
        RequestConfig(request, paginate=False).configure(table)
        response = HttpResponse(table_workbook(table, export_name), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="{export_name}.xlsx"'
        return response

    def list_context() -> dict[str, Any]:
        filterset, table = table_of()
        # The sort from the request; the page is chosen below, with its keys kept.
        RequestConfig(request, paginate=False).configure(table)
        paginate_table(table, request)
        query = request.GET.copy()
        query.pop("page", None)
        query[EXPORT_PARAMETER] = "xlsx"
        return {
            "filter": filterset,
            "filter_fields": filter_fields(filterset),
            "table": table,
            "result_count": table.paginator.count,
            "export_query": query.urlencode() if export_name else "",
            "singular": singular,
            "plural": plural,
        }

    if dataversion.announced(queryset.model._meta.db_table):
        state = None
    elif changes is not None:
        state = dataversion.digest(changes())
    else:
        # Rows whose writes do not change the data version, and no other sign: not kept.
        list_html = render_to_string("includes/list.html", list_context(), request=request)
        return render(request, template, {"list_html": list_html, **(context or {})})
    list_html = kept_fragment(
        request,
        "list",
        "includes/list.html",
        list_context,
        f"{table_class.__module__}.{table_class.__qualname__}",
        template,
        state,
    )
    return render(request, template, {"list_html": list_html, **(context or {})})


class DateRangeWidget(forms.DateInput):
    input_type = "date"
