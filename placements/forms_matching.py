"""Forms of matching and supervision."""

from __future__ import annotations

from typing import Any

from django import forms

from bos import limits
from bos.fields import DutchDecimalField, NameField
from bos.models import Institute, Person

from .forms import DATE_WIDGET, PersonChoiceField
from .models import StageLevel, Student, Variant
from .models_supervision import ConversationKind, WpbPresence


class StudentChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Student) -> str:
        return f"{obj.full_name} ({obj.institute.short_name} {obj.student_number}, {obj.programme})"


class ProposeForm(forms.Form):
    """Propose a known student of the institute, or enter a new one."""

    student = StudentChoice(
        label="Student",
        queryset=Student.objects.none(),
        required=False,
        empty_label="nieuwe student (vul hieronder in)",
    )
    institute = forms.ModelChoiceField(
        label="Instituut (nieuwe student)", queryset=Institute.objects.none(), required=False
    )
    student_number = forms.CharField(label="Studentnummer", max_length=30, required=False)
    first_name = NameField(label="Voornaam", max_length=limits.FIRST_NAME_MAX, required=False)
    last_name = NameField(label="Achternaam", max_length=limits.LAST_NAME_MAX, required=False)
    email = forms.EmailField(label="E-mailadres van het instituut", required=False)
    programme = forms.CharField(label="Opleiding (vak)", max_length=150, required=False)
    variant = forms.ChoiceField(label="Variant", choices=Variant.choices, required=False)
    note = forms.CharField(
        label="Toelichting bij de voordracht",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def __init__(self, *args: Any, institute_ids: frozenset[int] | None, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        institutes = Institute.objects.all()
        if institute_ids is not None:
            institutes = institutes.filter(pk__in=institute_ids)
        self.fields["institute"].queryset = institutes
        self.fields["student"].queryset = (
            Student.objects.filter(institute__in=institutes)
            .select_related("institute")
            .order_by("last_name", "first_name")
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("student") is None:
            for name in (
                "institute",
                "student_number",
                "first_name",
                "last_name",
                "email",
                "programme",
                "variant",
            ):
                if not data.get(name):
                    self.add_error(name, "Vul dit in voor een nieuwe student.")
        return data


class ApplyForm(forms.Form):
    letter = forms.FileField(label="Motivatiebrief (PDF of Word)")
    cv = forms.FileField(label="Cv (PDF of Word)", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class MeetingForm(forms.Form):
    meeting_at = forms.DateTimeField(
        label="Datum en tijd van de kennismaking",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    place = forms.CharField(label="Plaats", max_length=limits.PLACE_MAX)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def clean_meeting_at(self) -> Any:
        # A far date cannot be converted between time zones (nor is it a real appointment).
        meeting_at = self.cleaned_data["meeting_at"]
        if meeting_at is not None and not 2000 <= meeting_at.year <= 2100:
            raise forms.ValidationError("Kies een datum tussen 2000 en 2100.")
        return meeting_at


class AcceptForm(forms.Form):
    start_date = forms.DateField(label="Begindatum", widget=DATE_WIDGET)
    end_date = forms.DateField(label="Einddatum", widget=DATE_WIDGET)
    days_per_week = DutchDecimalField(
        label="Dagen per week",
        min_value=0.5,
        max_value=5,
        decimal_places=1,
        max_digits=3,
        localize=True,
    )
    wpb = PersonChoiceField(
        label="Werkplekbegeleider",
        queryset=Person.objects.none(),
        required=False,
        empty_label="nog te bepalen",
    )
    institute_label = forms.CharField(
        label="Label van het instituut", max_length=30, required=False
    )
    is_final = forms.BooleanField(label="Afrondende stage", required=False)

    def __init__(self, *args: Any, wpbs: Any = None, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        if wpbs is not None:
            self.fields["wpb"].queryset = wpbs


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label="Reden van de afwijzing", widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


# --- Supervision ----------------------------------------------------------------------

RECORDABLE_KINDS = [(k.value, k.label) for k in ConversationKind if k != ConversationKind.STOP]


class ConversationForm(forms.Form):
    kind = forms.ChoiceField(label="Soort gesprek", choices=RECORDABLE_KINDS)
    held_on = forms.DateField(label="Datum van het gesprek", widget=DATE_WIDGET)
    participants = forms.ModelMultipleChoiceField(
        label="Deelnemers (begeleiders)",
        queryset=Person.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    student_present = forms.BooleanField(label="Student aanwezig", required=False, initial=True)
    notes = forms.CharField(
        label="Korte aantekeningen (de student leest mee)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    confidential_notes = forms.CharField(
        label="Vertrouwelijke aantekening (alleen SO en IO)",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    request_id = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, people: list[Person], confidential: bool, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["participants"].queryset = Person.objects.filter(
            pk__in=[p.pk for p in people]
        ).order_by("last_name")
        self.fields["participants"].label_from_instance = lambda p: p.full_name
        if not confidential:
            del self.fields["confidential_notes"]


class RequestForm(forms.Form):
    kind = forms.ChoiceField(label="Soort gesprek", choices=RECORDABLE_KINDS)
    text = forms.CharField(
        label="Waarover wil je het hebben?", widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class SignalForm(forms.Form):
    areas = forms.CharField(
        label="Waarin moet de student zich ontwikkelen? (de student krijgt dit per e-mail)",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    review_on = forms.DateField(label="Opnieuw bekijken op", widget=DATE_WIDGET, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class StopNoProspectForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    held_on = forms.DateField(label="Datum van het gesprek (stopdatum)", widget=DATE_WIDGET)
    participants = forms.ModelMultipleChoiceField(
        label="Deelnemers", queryset=Person.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    decided_by = forms.ModelChoiceField(
        label="Besloten door", queryset=Person.objects.none(), empty_label="kies wie besloot"
    )
    decision = forms.CharField(label="Besluit en reden", widget=forms.Textarea(attrs={"rows": 3}))
    notes = forms.CharField(
        label="Aantekeningen van het gesprek",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def __init__(self, *args: Any, people: list[Person], **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        queryset = Person.objects.filter(pk__in=[p.pk for p in people]).order_by("last_name")
        for name in ("participants", "decided_by"):
            self.fields[name].queryset = queryset
            self.fields[name].label_from_instance = lambda p: p.full_name


class SecondTeacherForm(forms.Form):
    email = forms.EmailField(label="E-mailadres van de vakgenoot")
    first_name = NameField(label="Voornaam vakgenoot", max_length=limits.FIRST_NAME_MAX)
    last_name = NameField(label="Achternaam vakgenoot", max_length=limits.LAST_NAME_MAX)
    subjects = forms.CharField(label="Vak(ken)", max_length=300, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class AgreementForm(forms.Form):
    level = forms.ChoiceField(label="Stageniveau", choices=StageLevel.choices)
    phase = forms.CharField(label="Studiefase", max_length=150)
    min_lessons = forms.IntegerField(
        label="Minimaal aantal zelfstandige lessen", min_value=0, max_value=500
    )
    wpb_presence = forms.ChoiceField(
        label="Aanwezigheid WPB in de klas", choices=WpbPresence.choices
    )
    progress_conversations = forms.IntegerField(
        label="Aantal voortgangsgesprekken", min_value=0, max_value=10
    )
    agreements = forms.CharField(
        label="Werkafspraken", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
