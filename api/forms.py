from typing import Any

from django import forms
from django.conf import settings
from django.core.validators import MaxValueValidator

from bos.models import Institute


class ApiKeyForm(forms.Form):
    institute = forms.ModelChoiceField(
        label="Instituut", queryset=Institute.objects.order_by("short_name")
    )
    name = forms.CharField(
        label="Omschrijving",
        max_length=100,
        help_text="Waarvoor de sleutel is, bijvoorbeeld 'koppeling stagebureau'.",
    )
    valid_days = forms.IntegerField(label="Geldig (dagen)", min_value=1)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Read when the form is made, so a changed setting applies without a restart of tests.
        field = self.fields["valid_days"]
        field.initial = settings.API_KEY_VALID_DAYS
        field.validators.append(MaxValueValidator(settings.API_KEY_MAX_VALID_DAYS))
        field.widget.attrs["max"] = settings.API_KEY_MAX_VALID_DAYS
