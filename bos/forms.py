"""One form rendering for the whole application.

Views render `{{ form }}` and nothing else: the renderer's templates (templates/forms/) put
each label above its input, tie help text and errors to the input with `aria-describedby`
(Django's ids `<id>_helptext` and `<id>_error`), mark required fields, and open the form with
a summary of its errors that links to the fields. Inputs get the NL Design System classes.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.boundfield import BoundField
from django.forms.renderers import TemplatesSetting
from django_filters.fields import ChoiceField as FilterChoiceField

from bos.fields import use_dutch_number_messages

# The Dutch label of every choice list's empty option; Django's own is English or dashes.
CHOOSE_LABEL = "Kies…"

_TEXT = "utrecht-textbox utrecht-textbox--html-input"
WIDGET_CLASSES: list[tuple[type[forms.Widget], str]] = [
    # Choice lists: Django puts widget classes on the wrapping element too, so their inputs
    # are styled by the page's HTML stylesheet instead (no class here).
    (forms.CheckboxSelectMultiple, ""),
    (forms.RadioSelect, ""),
    (forms.CheckboxInput, "utrecht-checkbox utrecht-checkbox--html-input"),
    (forms.Select, "utrecht-select utrecht-select--html-select"),
    (forms.Textarea, "utrecht-textarea utrecht-textarea--html-textarea"),
    (forms.ClearableFileInput, "bos-file"),
    (forms.FileInput, "bos-file"),
    (forms.widgets.Input, _TEXT),
]
INVALID_CLASSES = {
    _TEXT: "utrecht-textbox--invalid",
    "utrecht-select utrecht-select--html-select": "utrecht-select--invalid",
    "utrecht-textarea utrecht-textarea--html-textarea": "utrecht-textarea--invalid",
}


def _says_nothing(label: object) -> bool:
    return not any(char.isalpha() for char in str(label))


def _is_blank(value: Any) -> bool:
    return value in ("", None)


class BosBoundField(BoundField):
    def __init__(self, form: forms.BaseForm, field: forms.Field, name: str) -> None:
        super().__init__(form, field, name)
        self._dutch_choices(field)
        is_number = isinstance(field, forms.IntegerField | forms.DecimalField | forms.FloatField)
        if is_number and not getattr(field, "keeps_plain_numbers", False):
            # "minstens 0,5", not "minstens 0.5": limits in messages read the Dutch way.
            use_dutch_number_messages(field)

    @staticmethod
    def _dutch_choices(field: forms.Field) -> None:
        """A required radio choice starts with nothing selected and offers no empty option;
        a select's empty option reads "Kies…"."""
        if isinstance(field, forms.ModelChoiceField):
            if field.empty_label is not None and field.empty_label.startswith("-"):
                if isinstance(field.widget, forms.RadioSelect) and field.required:
                    field.empty_label = None
                else:
                    field.empty_label = CHOOSE_LABEL
            return
        if not isinstance(field, forms.ChoiceField) or isinstance(field, forms.MultipleChoiceField):
            return
        if isinstance(field, FilterChoiceField):
            # A filter's choice labels its own empty option ("Alle"); relabelling it would
            # add a second empty option.
            return
        choices = list(field.choices)
        if not any(_is_blank(value) for value, _label in choices):
            return
        if isinstance(field.widget, forms.RadioSelect) and field.required:
            field.choices = [(v, label) for v, label in choices if not _is_blank(v)]
        else:
            # An empty option that says what it means ("elk niveau", "onbekend") keeps its
            # words; a label without words (dashes, nothing) becomes "Kies…".
            field.choices = [
                (v, CHOOSE_LABEL if _is_blank(v) and _says_nothing(label) else label)
                for v, label in choices
            ]

    def build_widget_attrs(self, attrs: dict[str, Any], widget: forms.Widget | None = None):
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        css = next((c for kind, c in WIDGET_CLASSES if isinstance(widget, kind)), "")
        if css:
            classes = [css]
            if self.errors and css in INVALID_CLASSES:
                classes.append(INVALID_CLASSES[css])
            existing = attrs.get("class")
            attrs["class"] = " ".join([*classes, existing] if existing else classes)
        return attrs

    @property
    def field_kind(self) -> str:
        widget = self.field.widget
        if isinstance(widget, forms.CheckboxInput):
            return "checkbox"
        if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
            return "choices"
        return "input"


class BosFormRenderer(TemplatesSetting):
    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"
    bound_field_class = BosBoundField


def apply_service_errors(
    form: forms.Form,
    error: Any,
    *,
    aliases: dict[str, str] | None = None,
    non_field: str | None = None,
) -> None:
    """Put a service's ValidationError on the form: each message on its field when the form
    has it (a service's name for it may differ: `aliases`), else on the form as a whole (or
    on `non_field`, a form whose one field is what every message is about)."""
    if hasattr(error, "error_dict"):
        for name, messages in error.message_dict.items():
            field = (aliases or {}).get(name, name)
            for message in messages:
                form.add_error(field if field in form.fields else None, message)
        return
    target = non_field if non_field in form.fields else None
    for message in error.messages:
        form.add_error(target, message)


def message_service_errors(request: Any, error: Any) -> None:
    """A service's ValidationError as error messages on the next page (a button's POST)."""
    from django.contrib import messages

    for message in error.messages:
        messages.error(request, message)
