"""The audit trail as a list: search, filters (kind, action, dates), sort, pages, Excel."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import django_filters
import django_tables2 as tables
from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from bos.lists import BosTable, DateColumn
from bos.models import AuditAction, AuditEntry

from ..labels import choice_label
from . import display

# Dates outside this range cannot be stored or compared as moments; refuse them in Dutch.
EARLIEST = dt.date(2000, 1, 1)
LATEST = dt.date(2999, 12, 31)


class _AuditForm(forms.Form):
    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        for name in ("date_from", "date_to"):
            value = cleaned.get(name)
            if value is not None and not EARLIEST <= value <= LATEST:
                self.add_error(name, "Kies een datum tussen 2000 en 2999.")
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            raise forms.ValidationError("De einddatum ligt vóór de begindatum.")
        return cleaned


def _moment(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=timezone.get_current_timezone())


class AuditFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Zoeken",
        method="search",
        max_length=200,
        help_text="Naam, e-mailadres van de gebruiker of recordnummer.",
    )
    model = django_filters.ChoiceFilter(label="Soort gegevens", choices=[])
    action = django_filters.ChoiceFilter(label="Actie", choices=AuditAction.choices)
    date_from = django_filters.DateFilter(
        label="Vanaf",
        method="after",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    date_to = django_filters.DateFilter(
        label="Tot en met",
        method="before",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    class Meta:
        model = AuditEntry
        fields: list[str] = []
        form = _AuditForm

    def __init__(
        self, *args: Any, models: list[str] | Callable[[], list[str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        # A function: read only when the form is built (not on a visit the list is kept for).
        models = models() if callable(models) else models
        # The kinds by their Dutch names, in the order a person reads them.
        self.filters["model"].extra["choices"] = sorted(
            ((m, display.model_name(m)) for m in models), key=lambda pair: pair[1].lower()
        )

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(
            Q(object_repr__icontains=value) | Q(actor_email__icontains=value) | Q(object_pk=value)
        )

    def after(self, queryset: QuerySet, name: str, value: dt.date) -> QuerySet:
        return queryset.filter(created_at__gte=_moment(value))

    def before(self, queryset: QuerySet, name: str, value: dt.date) -> QuerySet:
        return queryset.filter(created_at__lt=_moment(value + dt.timedelta(days=1)))


class AuditTable(BosTable):
    nothing_yet = "De audittrail is nog leeg."

    created_at = DateColumn(verbose_name="Tijdstip", format="d-m-Y H:i:s")
    actor_email = tables.Column(verbose_name="Gebruiker", default="–")
    action = tables.Column(verbose_name="Actie")
    model = tables.Column(verbose_name="Soort", default="–")
    object_repr = tables.Column(verbose_name="Record", default="–")
    changes = tables.Column(
        verbose_name="Wijzigingen",
        orderable=False,
        empty_values=(),
    )

    class Meta(BosTable.Meta):
        model = AuditEntry
        fields = ("created_at", "actor_email", "action", "model", "object_repr", "changes")
        order_by = ("-created_at",)
        caption = "Audittrail"
        # On a phone each entry is a card of lines labelled with the column names
        # (data-label in tables/_row.html, static/css/app.css).
        attrs = {"class": "utrecht-table utrecht-table--html-table bos-cards"}

    def value_created_at(self, record: AuditEntry) -> Any:
        return timezone.localtime(record.created_at)

    def render_actor_email(self, record: AuditEntry) -> str:
        if record.ip_address:
            return format_html("{} <small>({})</small>", record.actor_email, record.ip_address)
        return record.actor_email

    def render_object_repr(self, record: AuditEntry) -> str:
        # Many descriptions end in their own number already ("Aanvraag stagevergoeding #11").
        if record.object_pk and not record.object_repr.endswith(f"#{record.object_pk}"):
            return format_html("{} <small>#{}</small>", record.object_repr, record.object_pk)
        return record.object_repr

    def render_model(self, record: AuditEntry) -> str:
        return display.model_name(record.model)

    def value_model(self, record: AuditEntry) -> str:
        return display.model_name(record.model)

    def render_action(self, record: AuditEntry) -> str:
        return choice_label(record, "action")

    def render_changes(self, record: AuditEntry) -> str:
        lines = display.describe(record.model, record.changes)
        if not lines:
            return "–"
        return format_html(
            '<ul class="changes">{}</ul>',
            format_html_join("", "<li><strong>{}</strong>: {}</li>", lines),
        )

    def value_changes(self, record: AuditEntry) -> str:
        lines = display.describe(record.model, record.changes)
        return "; ".join(f"{name}: {text}" for name, text in lines)
