"""The planning list as a table in the project's list style (django-tables2 over the
collected events, which are not one queryset)."""

from __future__ import annotations

import datetime as dt

import django_tables2 as tables
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString

from bos.lists import BosTable

from .sources import Event


class EventTable(BosTable):
    nothing_yet = "Er zijn nog geen data gepland."

    day = tables.Column(
        verbose_name="Datum", accessor="sort_key", attrs={"td": {"class": "bos-nowrap"}}
    )
    time = tables.Column(
        verbose_name="Tijd",
        accessor="start",
        orderable=False,
        attrs={"td": {"class": "bos-nowrap"}},
    )
    title = tables.Column(verbose_name="Wat", order_by=("title",))
    kind = tables.Column(verbose_name="Soort", accessor="kind_label")
    audience = tables.Column(verbose_name="Voor wie", accessor="audience_labels", orderable=False)
    place = tables.Column(verbose_name="Plaats", default="–", orderable=False)
    status = tables.Column(verbose_name="Status", accessor="status_label")

    class Meta(BosTable.Meta):
        caption = "Data in de planning"
        empty_text = "Geen data gevonden met deze filters."
        row_attrs = {"class": lambda record: "cancelled" if record.is_cancelled else ""}

    def render_day(self, record: Event) -> str:
        label = date_format(record.day, "D d-m-Y")
        if record.last_day != record.day:
            label += f" t/m {date_format(record.last_day, 'd-m-Y')}"
        return label

    def render_time(self, record: Event) -> str:
        if record.all_day:
            return "hele dag"
        start = date_format(_local(record.start), "H:i")
        return f"{start}–{date_format(_local(record.end), 'H:i')}" if record.end else start

    def render_title(self, record: Event) -> SafeString:
        cancelled = (
            format_html(' <strong class="event-cancelled">{}</strong>', "vervallen")
            if record.is_cancelled
            else ""
        )
        if record.url:
            return format_html('<a href="{}">{}</a>{}', record.url, record.title, cancelled)
        return format_html("{}{}", record.title, cancelled)

    def render_kind(self, record: Event) -> SafeString:
        return format_html(
            '<span class="event-kind kind-{}">{}</span>', record.kind, record.kind_label
        )

    def render_audience(self, record: Event) -> str:
        return ", ".join(record.audience_labels)


def _local(value: dt.datetime | dt.date | None) -> dt.datetime | dt.date | None:
    if isinstance(value, dt.datetime):
        return timezone.localtime(value)
    return value
