"""Forms of the survey instrument. They only read input; the services check the rules and
save."""

from __future__ import annotations

from typing import Any

from django import forms

from bos.models import Institute, SchoolLocation

from . import catalogue, rules
from .audience import ROLE_CHOICES
from .models import SCALE, Question, QuestionKind, Survey, SurveyPolicy

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
ANONYMITY = [("1", "Anoniem"), ("0", "Op naam")]


class TemplateChoiceForm(forms.Form):
    sjabloon = forms.ChoiceField(
        label="Begin met een sjabloon",
        choices=[("", "Lege vragenlijst"), *catalogue.choices()],
        required=False,
    )


class SurveyForm(forms.Form):
    title = forms.CharField(label="Titel", max_length=200)
    intro = forms.CharField(
        label="Inleiding",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Wat de genodigden boven de vragen lezen.",
    )
    anonymous = forms.TypedChoiceField(
        label="Anoniem of op naam",
        choices=ANONYMITY,
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
        help_text="Ligt vast zodra de vragenlijst open is. Anoniem: niemand kan zien wie wat "
        "antwoordde.",
    )
    opens_on = forms.DateField(label="Open vanaf", widget=DATE_WIDGET)
    closes_on = forms.DateField(label="Open tot en met", widget=DATE_WIDGET)
    audience_roles = forms.MultipleChoiceField(
        label="Doelgroep: rollen",
        choices=ROLE_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    audience_locations = forms.ModelMultipleChoiceField(
        label="Alleen op deze scholen",
        queryset=SchoolLocation.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Niets aangevinkt: alle scholen.",
    )
    audience_institutes = forms.ModelMultipleChoiceField(
        label="Alleen van deze instituten",
        queryset=Institute.objects.order_by("short_name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Geldt voor IO's, IC's en studenten. Niets aangevinkt: alle instituten.",
    )
    extra_emails = forms.CharField(
        label="Extra genodigden (e-mailadressen)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Bijvoorbeeld startende leraren: één adres per regel. Zij loggen in met een "
        "code per e-mail.",
    )

    def clean_extra_emails(self) -> list[str]:
        good, bad = rules.parse_emails(self.cleaned_data.get("extra_emails") or "")
        if bad:
            raise forms.ValidationError(f"Geen geldig e-mailadres: {', '.join(bad[:5])}.")
        return good

    @staticmethod
    def initial_for(survey: Survey) -> dict[str, Any]:
        return {
            "title": survey.title,
            "intro": survey.intro,
            "anonymous": "1" if survey.anonymous else "0",
            "opens_on": survey.opens_on,
            "closes_on": survey.closes_on,
            "audience_roles": survey.audience_roles,
            "audience_locations": list(survey.audience_locations.all()),
            "audience_institutes": list(survey.audience_institutes.all()),
            "extra_emails": "\n".join(survey.extra_emails or ()),
        }

    @staticmethod
    def initial_from_template(key: str) -> dict[str, Any]:
        template = catalogue.TEMPLATES.get(key)
        if template is None:
            return {"anonymous": "1"}
        return {
            "title": template.title,
            "intro": template.intro,
            "anonymous": "1" if template.anonymous else "0",
            "audience_roles": list(template.roles),
        }

    def lock_after_opening(self) -> None:
        """Once open, anonymity, the audience and the opening day are fixed: shown, not
        editable (the service refuses a change too)."""
        for name in (
            "anonymous",
            "opens_on",
            "audience_roles",
            "audience_locations",
            "audience_institutes",
            "extra_emails",
        ):
            self.fields[name].disabled = True


class PageForm(forms.Form):
    title = forms.CharField(label="Titel van de pagina", max_length=200)
    intro = forms.CharField(
        label="Toelichting", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(label="Soort vraag", choices=QuestionKind.choices)
    text = forms.CharField(label="Vraag", max_length=500)
    help_text = forms.CharField(label="Toelichting bij de vraag", max_length=300, required=False)
    required = forms.BooleanField(label="Verplicht", required=False)
    options = forms.CharField(
        label="Keuzes of schaallabels",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Eén per regel. Keuzevraag: minstens twee. Schaal: vijf labels voor 1 tot en "
        "met 5, of leeg voor alleen de cijfers. Open vraag: leeg.",
    )

    def clean_options(self) -> list[str]:
        text = self.cleaned_data.get("options") or ""
        return [line.strip() for line in text.splitlines() if line.strip()]

    @staticmethod
    def initial_for(question: Question) -> dict[str, Any]:
        return {
            "kind": question.kind,
            "text": question.text,
            "help_text": question.help_text,
            "required": question.required,
            "options": "\n".join(question.options or ()),
        }


class PolicyForm(forms.ModelForm):
    class Meta:
        model = SurveyPolicy
        fields = ["min_group_for_open_answers", "reminder_days_before_close"]


class AnswerForm(forms.Form):
    """One field per question (named q<id>), in the order of the pages."""

    def __init__(self, *args: Any, questions: list[Question], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            self.fields[f"q{question.pk}"] = self._field(question)

    @staticmethod
    def _field(question: Question) -> forms.Field:
        common = {
            "label": question.text,
            "required": question.required,
            "help_text": question.help_text,
        }
        if question.kind == QuestionKind.OPEN:
            return forms.CharField(
                widget=forms.Textarea(attrs={"rows": 4}), max_length=5000, **common
            )
        choices = [(str(value), label) for value, label in enumerate(question.labels, start=1)]
        if question.kind == QuestionKind.SCALE:
            choices = [(str(value), question.labels[value - 1]) for value in SCALE]
        if question.kind == QuestionKind.MULTIPLE:
            return forms.TypedMultipleChoiceField(
                choices=choices, coerce=int, widget=forms.CheckboxSelectMultiple, **common
            )
        return forms.TypedChoiceField(
            choices=choices, coerce=int, empty_value=None, widget=forms.RadioSelect, **common
        )

    def answers(self) -> dict[int, Any]:
        return {
            question.pk: self.cleaned_data.get(f"q{question.pk}") for question in self.questions
        }

    def fields_of(self, page_questions: list[Question]) -> list[forms.BoundField]:
        return [self[f"q{question.pk}"] for question in page_questions]
