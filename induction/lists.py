"""The induction register as a list (bos.lists shows it)."""

from __future__ import annotations

from typing import Any

import django_filters
import django_tables2 as tables
from django.utils.html import format_html

from bos.labels import choice_label
from bos.lists import (
    BosTable,
    DateColumn,
    SearchFilterSet,
    school_choices,
)
from bos.models import SchoolLocation

from .models import Starter, StarterKind


class StarterFilter(SearchFilterSet):
    search_fields = ("first_name", "last_name", "subject", "coach__last_name")

    location = django_filters.ModelChoiceFilter(
        label="School", queryset=SchoolLocation.objects.none(), empty_label="Alle"
    )
    kind = django_filters.ChoiceFilter(label="Soort starter", choices=StarterKind.choices)
    induction_year = django_filters.ChoiceFilter(
        label="Inductiejaar", choices=[(1, "1"), (2, "2"), (3, "3")]
    )

    class Meta:
        model = Starter
        fields: list[str] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        school_choices(
            self,
            "location",
            self.queryset.values("location"),
            field_name="location",
            label="School",
        )
        self.filters["q"].extra["help_text"] = "Naam, vak of coach"


class StarterTable(BosTable):
    nothing_yet = "Er zijn nog geen startende leraren."

    name = tables.Column(verbose_name="Naam", empty_values=(), order_by=("last_name", "first_name"))
    location = tables.Column(verbose_name="School", accessor="location__name")
    subject = tables.Column(verbose_name="Vak")
    kind = tables.Column(verbose_name="Soort")
    coach = tables.Column(verbose_name="Coach", order_by=("coach__last_name",), empty_values=())
    induction_year = tables.Column(
        verbose_name="Inductiejaar", attrs={"td": {"class": "num"}, "th": {"class": "num"}}
    )
    hired_on = DateColumn(verbose_name="In dienst sinds", format="d-m-Y")

    class Meta(BosTable.Meta):
        model = Starter
        fields = ("name", "location", "subject", "kind", "coach", "induction_year", "hired_on")
        caption = "Startende leraren"

    def render_name(self, record: Starter) -> str:
        return format_html(
            '<a href="{}">{}</a>', self.url_of("induction:starter", record.pk), record.full_name
        )

    def value_name(self, record: Starter) -> str:
        return record.full_name

    def render_kind(self, record: Starter) -> str:
        label = choice_label(record, "kind")
        if record.registered_student_id:
            return f"{label} (student {record.registered_student.student_number})"
        return label

    def render_coach(self, record: Starter) -> str:
        return record.coach.full_name if record.coach else "nog geen coach"

    def value_coach(self, record: Starter) -> str:
        return record.coach.full_name if record.coach else ""

    def value_hired_on(self, record: Starter) -> object:
        return record.hired_on
