"""Pages of the year calendar: month and list, the projectleider's own dates, the printable
year, and the iCal feeds (personal by secret URL, per school, public)."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.http import require_POST
from django_tables2.config import RequestConfig

from bos import partnership
from bos.fragments import kept_fragment
from bos.lists import filter_fields, page_number, pager_query, paginate
from bos.models import SchoolLocation, SchoolYear
from bos.permissions import can, get_scope, require
from bos.security.ratelimit import rate_limit

from . import ical, selectors, services
from .forms import CalendarFilter, PlanningEventForm
from .lists import EventTable
from .models import PlanningEvent
from .pdf import render_year_pdf
from .sources import DayEvents, Kind, Window, scope_location_ids

MONTHS = [
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
]  # fmt: skip
WEEKDAYS = ["ma", "di", "wo", "do", "vr", "za", "zo"]
PAGE_SIZE = 50
# A day of the month grid lists this many dates; the rest are one link to that day's list, so
# the grid's size does not grow with the partnership (the agenda below pages the month).
DAY_LIMIT = 3
# Public feeds change when the planning does; a few minutes' delay is fine for subscribers.
PUBLIC_FEED_CACHE_SECONDS = 5 * 60


def _year(request: HttpRequest) -> SchoolYear:
    year = get_scope(request.user).year
    if year is None:
        raise Http404("Er is nog geen schooljaar.")
    return year


def _filters(request: HttpRequest) -> tuple[CalendarFilter, selectors.EventFilter]:
    scope = get_scope(request.user)
    own = (
        None
        if scope.sees_everything
        else SchoolLocation.objects.filter(pk__in=scope_location_ids(scope)).order_by("name")
    )
    filterset = CalendarFilter(
        request.GET or None, queryset=PlanningEvent.objects.none(), locations=own
    )
    chosen = selectors.EventFilter()
    if filterset.is_bound and filterset.form.is_valid():
        data = filterset.form.cleaned_data
        school = data.get("school")
        location_ids = frozenset({school.pk}) if school else None
        if data.get("schoolnaam"):
            location_ids = frozenset(
                SchoolLocation.objects.filter(name__icontains=data["schoolnaam"]).values_list(
                    "pk", flat=True
                )
            )
        chosen = selectors.EventFilter(
            kind=data.get("soort") or "",
            audience=data.get("voor") or "",
            location_ids=location_ids,
            own_only=bool(data.get("eigen")),
        )
    return filterset, chosen


def _query_without(request: HttpRequest, *names: str) -> str:
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


def _month_of(request: HttpRequest, year: SchoolYear) -> dt.date:
    raw = request.GET.get("maand", "")
    try:
        first = dt.datetime.strptime(raw, "%Y-%m").date()
    except ValueError:
        today = timezone.localdate()
        first = today.replace(day=1) if year.contains(today) else year.start_date.replace(day=1)
    if not (year.start_date.replace(day=1) <= first <= year.end_date):
        first = year.start_date.replace(day=1)
    return first


def _day_of(request: HttpRequest, year: SchoolYear) -> dt.date | None:
    """The day asked for with `?dag=`, when it is a date of the year's calendar months."""
    try:
        day = dt.date.fromisoformat(request.GET.get("dag", ""))
    except ValueError:
        return None
    if not (year.start_date.replace(day=1) <= day <= year.end_date):
        return None
    return day


def _shift(month: dt.date, by: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + by
    return dt.date(index // 12, index % 12 + 1, 1)


def _base_context(request: HttpRequest, year: SchoolYear) -> dict[str, Any]:
    return {
        "year": year,
        "can_edit": can(request.user, "planning.edit"),
        "kinds": Kind,
    }


@require("planning.view")
def month(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    filterset, chosen = _filters(request)
    first = _month_of(request, year)
    query = _query_without(request, "maand", "pagina")
    # The grid and the month's dates as HTML: the same until the next write for this reader,
    # day and query (month, page, filters), so a visit does not print a busy month again.
    body = kept_fragment(
        request,
        "planning:month",
        "planning/_month_body.html",
        lambda: _month_context(request, year, chosen, first, query, filterset.is_bound),
    )
    previous, following = _shift(first, -1), _shift(first, 1)
    context = _base_context(request, year) | {
        "filter": filterset,
        "filter_fields": filter_fields(filterset),
        "month_body": body,
        "month_label": _month_label(first),
        "previous": previous if previous >= year.start_date.replace(day=1) else None,
        "following": following if following <= year.end_date else None,
        "query": query,
        "months": [
            {
                "value": f"{m:%Y-%m}",
                "label": f"{MONTHS[m.month - 1]} {m.year}",
                "current": m == first,
            }
            for m in _months_of(year)
        ],
    }
    return render(request, "planning/month.html", context)


def _month_label(first: dt.date) -> str:
    return f"{MONTHS[first.month - 1]} {first.year}"


def _month_context(
    request: HttpRequest,
    year: SchoolYear,
    chosen: selectors.EventFilter,
    first: dt.date,
    query: str,
    filtered: bool,
) -> dict[str, Any]:
    """The context of the month's grid and its dates, a page at a time (no form in it)."""
    grid = calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    # Only the days the grid shows (the month plus the leading and trailing days) are read,
    # and of each day its first few dates: a busy day's cell links to that day's list.
    window = Window(grid[0][0], grid[-1][-1] + dt.timedelta(days=1))
    days = selectors.calendar_days(
        user=request.user, year=year, chosen=chosen, window=window, count=DAY_LIMIT
    )
    empty = DayEvents([], 0)
    today = timezone.localdate()
    day_list = reverse("planning:list")
    weeks = [
        [
            {
                "date": day,
                "in_month": day.month == first.month,
                "is_today": day == today,
                "events": days.get(day, empty).events,
                # None: more dates than were read (the day's list has them all).
                "more": days.get(day, empty).more,
                "more_url": f"{day_list}?dag={day:%Y-%m-%d}{'&' + query if query else ''}",
            }
            for day in week
        ]
        for week in grid
    ]
    # The agenda: the month's dates a page at a time, reading only the pages up to the one
    # shown plus one date (is there a next page?), not the whole month.
    shown_page = _page_number(request, "pagina")
    month = Window(first, _shift(first, 1))
    found = selectors.first_calendar_events(
        user=request.user, year=year, chosen=chosen, window=month, count=shown_page * PAGE_SIZE + 1
    )
    agenda = paginate(found.events, shown_page, per_page=PAGE_SIZE)
    return {
        "weeks": weeks,
        "weekdays": WEEKDAYS,
        "month_label": _month_label(first),
        "month_events": agenda.object_list,
        "agenda": agenda,
        "agenda_query": pager_query(request),
        "filtered": filtered,
    }


def _months_of(year: SchoolYear) -> list[dt.date]:
    months, current = [], year.start_date.replace(day=1)
    while current <= year.end_date:
        months.append(current)
        current = _shift(current, 1)
    return months


@require("planning.view")
def event_list(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    filterset, chosen = _filters(request)
    shown_month = None
    shown_day = _day_of(request, year)
    if shown_day is None and request.GET.get("maand") and request.GET.get("vanaf") != "begin":
        shown_month = _month_of(request, year)
    months = _list_months(request, year, shown_month)
    # The dates as HTML, per reader, day and query (filters, month, page, sort), until the
    # next write: a visit does not gather and print them again.
    body = kept_fragment(
        request,
        "planning:list",
        "planning/_list_body.html",
        lambda: _list_context(request, year, chosen, shown_day, shown_month) | months,
    )
    context = (
        _base_context(request, year)
        | {"filter": filterset, "filter_fields": filter_fields(filterset), "body": body}
        | months
    )
    return render(request, "planning/list.html", context)


def _list_context(
    request: HttpRequest,
    year: SchoolYear,
    chosen: selectors.EventFilter,
    shown_day: dt.date | None,
    shown_month: dt.date | None,
) -> dict[str, Any]:
    """The list's dates: one day, one month, or from today on a page at a time."""
    window = None
    if shown_day is not None:
        # One day: the grid's "more" link of a busy day.
        window = Window.days(shown_day, 1)
    elif shown_month is not None:
        # Month by month: only the chosen month is read, with links to the months around it.
        window = Window(shown_month, _shift(shown_month, 1))
    elif request.GET.get("vanaf") != "begin":
        today = timezone.localdate()
        if year.contains(today):
            # From today on: the days already past are not read. The end leaves room for a
            # year's dates that fall after its last day (a reply due in the summer).
            window = Window(today, year.end_date + dt.timedelta(days=366))
    complete = True
    if (
        shown_month is None
        and shown_day is None
        and window is not None
        and not request.GET.get("sort")
    ):
        # From today on, in date order: only the pages up to the one shown are read, plus one
        # date to know whether a next page exists (the rest of the year is not).
        shown_page = _page_number(request)
        first = selectors.first_calendar_events(
            user=request.user,
            year=year,
            chosen=chosen,
            window=window,
            count=shown_page * PAGE_SIZE + 1,
        )
        events, complete = first.events, first.complete
    else:
        events = selectors.calendar_events(
            user=request.user, year=year, chosen=chosen, window=window
        )
    table = EventTable(events, request=request)
    if chosen == selectors.EventFilter():
        # Nothing filtered: an empty list is an empty calendar, not a fruitless search.
        table.empty_text = EventTable.nothing_yet
    RequestConfig(request, paginate={"per_page": PAGE_SIZE}).configure(table)
    return {
        "table": table,
        "result_count": len(events),
        # Not every date was read: the count says "more than".
        "count_complete": complete,
        "counted_before": len(events) - 1,
        "query": _query_without(request, "page", "sort"),
        "list_day": shown_day,
    }


# A page number beyond this is read as this one: it still reads every date up to it.
MAX_PAGE = 1000


def _page_number(request: HttpRequest, param: str = "page") -> int:
    """The page asked for (the list's is django-tables2's `page`), 1 when missing or not a
    number."""
    return page_number(request.GET.get(param, "1"), maximum=MAX_PAGE)


def _list_months(request: HttpRequest, year: SchoolYear, shown: dt.date | None) -> dict[str, Any]:
    """The month links of the list: the month shown with its neighbours, or the current
    month to start paging from."""
    start = shown or _month_of(request, year)
    previous, following = _shift(start, -1), _shift(start, 1)
    return {
        "list_month": start if shown else None,
        "list_month_label": f"{MONTHS[start.month - 1]} {start.year}",
        "list_month_start": start,
        "list_previous": previous if previous >= year.start_date.replace(day=1) else None,
        "list_following": following if following <= year.end_date else None,
        "month_query": _query_without(request, "page", "maand", "vanaf", "dag"),
    }


@require("planning.view")
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(PlanningEvent.objects.select_related("school_year"), pk=pk)
    event = selectors.event_by_uid(
        user=request.user, year=item.school_year, uid=f"planning-{item.uid}", day=item.date
    )
    if event is None:
        raise Http404("Agendapunt niet gevonden.")
    context = _base_context(request, item.school_year) | {"item": item, "event": event}
    return render(request, "planning/event_detail.html", context)


def _save_event(
    request: HttpRequest, form: PlanningEventForm, item: PlanningEvent | None
) -> PlanningEvent | None:
    values = {name: form.cleaned_data.get(name) for name in services.EVENT_FIELDS}
    locations = form.cleaned_data.get("locations") or []
    try:
        if item is None:
            return services.create_event(
                user=request.user, year=_year(request), values=values, locations=locations
            )
        return services.update_event(
            user=request.user, event=item, values=values, locations=locations
        )
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, errors in error.message_dict.items():
                for message in errors:
                    form.add_error(field if field in form.fields else None, message)
        else:
            for message in error.messages:
                form.add_error(None, message)
    return None


@require("planning.edit")
def event_create(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    if request.method == "POST":
        form = PlanningEventForm(request.POST)
        if form.is_valid():
            saved = _save_event(request, form, None)
            if saved is not None:
                messages.success(
                    request,
                    f"{saved.title} op {date_format(saved.date, 'j F Y')} staat in de planning.",
                )
                return redirect(f"{reverse('planning:month')}?maand={saved.date:%Y-%m}")
    else:
        initial: dict[str, Any] = {"kind": request.GET.get("soort", Kind.STUURGROEP.value)}
        form = PlanningEventForm(initial=initial)
    return render(
        request, "planning/event_form.html", _base_context(request, year) | {"form": form}
    )


@require("planning.edit")
def event_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(PlanningEvent, pk=pk)
    if request.method == "POST":
        form = PlanningEventForm(request.POST, instance=PlanningEvent.objects.get(pk=pk))
        if form.is_valid():
            saved = _save_event(request, form, item)
            if saved is not None:
                messages.success(request, f"{saved.title} is gewijzigd.")
                return redirect("planning:event", pk=saved.pk)
    else:
        form = PlanningEventForm(instance=item, initial={"audience": item.audience})
    context = _base_context(request, item.school_year) | {"form": form, "item": item}
    return render(request, "planning/event_form.html", context)


@require("planning.edit")
@require_POST
def event_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(PlanningEvent, pk=pk)
    restore = request.POST.get("herstellen") == "1"
    try:
        saved = services.set_cancelled(user=request.user, event=item, cancelled=not restore)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("planning:event", pk=item.pk)
    if restore:
        messages.success(request, f"{saved.title} gaat weer door.")
    else:
        messages.success(request, f"{saved.title} is vervallen; abonnees zien het als vervallen.")
    return redirect("planning:event", pk=saved.pk)


@require("planning.view")
@rate_limit("pdf")
def year_pdf(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    _filterset, chosen = _filters(request)
    events = selectors.calendar_events(user=request.user, year=year, chosen=chosen)
    pdf = render_year_pdf(year, events)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="jaarplanning-{year.name}.pdf"'
    return response


# --- Feeds ------------------------------------------------------------------------------

NEW_FEED_SESSION_KEY = "planning_new_feed_token"


@require("planning.view")
def feeds(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    token = request.session.pop(NEW_FEED_SESSION_KEY, None)
    personal_url = (
        request.build_absolute_uri(reverse("planning:feed_personal", args=[token]))
        if token
        else None
    )
    scope = get_scope(request.user)
    own_ids = scope_location_ids(scope)
    schools = [
        {
            "location": location,
            "url": request.build_absolute_uri(reverse("planning:feed_school", args=[location.pk])),
            "own": location.pk in own_ids,
        }
        for location in SchoolLocation.objects.order_by("name")
    ]
    schools.sort(key=lambda row: (not row["own"], row["location"].name))
    context = _base_context(request, year) | {
        "personal_url": personal_url,
        "has_token": hasattr(request.user, "feed_token"),
        "public_url": request.build_absolute_uri(reverse("planning:feed_public")),
        "schools": schools,
    }
    response = render(request, "planning/feeds.html", context)
    response["Cache-Control"] = "no-store"
    return response


@require("planning.view")
@require_POST
def feed_reset(request: HttpRequest) -> HttpResponse:
    if request.POST.get("intrekken") == "1":
        services.revoke_feed_token(user=request.user)
        messages.success(
            request, "Je persoonlijke agendalink is ingetrokken; de oude link werkt niet meer."
        )
        return redirect("planning:feeds")
    token = services.reset_feed_token(user=request.user)
    request.session[NEW_FEED_SESSION_KEY] = token
    messages.success(
        request, "Je hebt een nieuwe persoonlijke agendalink; een eerdere link werkt niet meer."
    )
    return redirect("planning:feeds")


def _ics(body: bytes, name: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{name}.ics"'
    response["Cache-Control"] = "private, max-age=900"
    return response


@rate_limit("feed")
def feed_personal(request: HttpRequest, token: str) -> HttpResponse:
    user = services.user_for_token(token)
    if user is None:
        raise Http404("Onbekende agendalink.")
    events = selectors.personal_feed_events(user, selectors.feed_years())
    body = ical.build_calendar(
        events, name=f"{partnership.current().short_name} – mijn planning", public=False
    )
    response = _ics(body, "bos-mijn-planning")
    response["Cache-Control"] = "private, no-store"
    return response


def _cached_public_feed(key: str, build: Callable[[], bytes]) -> bytes:
    """Public feeds are the same for every caller and polled by calendar services from shared
    addresses: serve them from the cache for a few minutes instead of rebuilding each time."""
    cache_key = f"planning-feed:{key}"
    body = cache.get(cache_key)
    if body is None:
        body = build()
        cache.set(cache_key, body, timeout=PUBLIC_FEED_CACHE_SECONDS)
    return body


@rate_limit("feed")
def feed_school(request: HttpRequest, location: int) -> HttpResponse:
    place = get_object_or_404(SchoolLocation, pk=location)

    def build() -> bytes:
        events = selectors.public_feed_events(selectors.feed_years(), location_id=place.pk)
        return ical.build_calendar(
            events, name=f"{partnership.current().short_name} – {place.name}", public=True
        )

    return _ics(_cached_public_feed(f"school-{place.pk}", build), "bos-school")


@rate_limit("feed")
def feed_public(request: HttpRequest) -> HttpResponse:
    def build() -> bytes:
        events = selectors.public_feed_events(selectors.feed_years())
        return ical.build_calendar(events, name=partnership.current().name, public=True)

    return _ics(_cached_public_feed("public", build), "bos")
