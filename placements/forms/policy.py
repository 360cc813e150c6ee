"""The placement policy's numbers (placements.policy)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.text import capfirst

from ..models import PlacementPolicy
from ..policy import EDITED_FIELDS


class PlacementPolicyForm(forms.ModelForm):
    class Meta:
        model = PlacementPolicy
        fields = list(EDITED_FIELDS)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.label = capfirst(field.label)
