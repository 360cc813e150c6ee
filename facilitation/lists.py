"""The policy's change log as a list: who changed which parameter when, from what to what."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables

from bos.lists import BosTable, DateColumn, SearchFilterSet

from .models import PolicyChange


class PolicyChangeFilter(SearchFilterSet):
    search_fields = ("field_label", "old_value", "new_value", "changed_by__email")

    class Meta:
        model = PolicyChange
        fields: list[str] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["q"].extra["help_text"] = "Parameter, waarde of e-mailadres"


class PolicyChangeTable(BosTable):
    nothing_yet = "Het beleid is nog niet gewijzigd."

    changed_at = DateColumn(verbose_name="Wanneer", format="d-m-Y H:i")
    changed_by = tables.Column(verbose_name="Door", accessor="changed_by__email", default="–")
    field_label = tables.Column(verbose_name="Parameter")
    old_value = tables.Column(verbose_name="Oud", default="–")
    new_value = tables.Column(verbose_name="Nieuw", default="–")

    class Meta(BosTable.Meta):
        model = PolicyChange
        fields = ("changed_at", "changed_by", "field_label", "old_value", "new_value")
        order_by = ("-changed_at",)
        caption = "Wijzigingen in het beleid"

    def render_field_label(self, value: str) -> str:
        return value[:1].upper() + value[1:]
