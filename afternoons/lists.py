"""The projectleider's list of theme proposals: search, filter by afternoon, sort, 50 a page
and an Excel download (bos.lists shows them)."""

from __future__ import annotations

from typing import Any

import django_filters
import django_tables2 as tables

from bos.lists import BosTable, DateColumn, SearchFilterSet, occurring

from .models import DeepeningAfternoon, ThemeProposal


class ProposalFilter(SearchFilterSet):
    search_fields = ("theme", "explanation", "student__first_name", "student__last_name")

    afternoon = django_filters.ModelChoiceFilter(
        label="Bij de evaluatie van",
        queryset=DeepeningAfternoon.objects.none(),
        empty_label="Alle",
    )
    via_form = django_filters.BooleanFilter(
        label="Via het formulier", field_name="afternoon", lookup_expr="isnull"
    )

    class Meta:
        model = ThemeProposal
        fields: list[str] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["afternoon"].queryset = occurring(
            DeepeningAfternoon.objects.order_by("date"), self.queryset.values("afternoon")
        )
        self.filters["q"].extra["help_text"] = "Thema, toelichting of naam van de student"


class ProposalTable(BosTable):
    theme = tables.Column(verbose_name="Thema")
    explanation = tables.Column(verbose_name="Toelichting", default="–")
    student = tables.Column(
        verbose_name="Student",
        order_by=("student__last_name", "student__first_name"),
        default="–",
    )
    institute = tables.Column(
        verbose_name="Instituut", accessor="student__institute__short_name", default="–"
    )
    afternoon = tables.Column(
        verbose_name="Via", default="formulier", order_by=("afternoon__date",)
    )
    created_at = DateColumn(
        verbose_name="Datum", format="d-m-Y", attrs={"td": {"class": "bos-nowrap"}}
    )

    class Meta(BosTable.Meta):
        model = ThemeProposal
        fields = ("theme", "explanation", "student", "institute", "afternoon", "created_at")
        order_by = ("-created_at",)
        caption = "Themavoorstellen"

    def render_student(self, record: ThemeProposal) -> str:
        return record.student.full_name if record.student else "–"

    def render_afternoon(self, record: ThemeProposal) -> str:
        return f"evaluatie {record.afternoon}" if record.afternoon else "formulier"
