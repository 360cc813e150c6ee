"""The settings of a school year that the projectleider owns beside the facilitation policy,
each on a page of its own under the year's policy (/beleid/<jaar>/...): the supervision
policy (placements), the rules of the afternoons (afternoons), the intervision policy
(intervision) and the report's targets (reports). Each page edits one row of its app; a
change may name the decision it follows (governance.services.setting_update records old →
new with it), and the page shows the row's history: the decisions that changed it and the
audit trail's entries.

A page is a `SettingPage`: which row of the year, which fields, which form. The view is one
(`views.setting_edit`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.utils.text import capfirst

from afternoons.models import AfternoonPolicy
from bos.audit import display
from bos.audit.recorder import model_label
from bos.fields import DutchDecimalField
from bos.models import AuditEntry, Institute, SchoolLocation, SchoolYear
from intervision.models import IntervisionPolicy
from placements import supervision
from placements.models import SupervisionAgreement, SupervisionPolicy
from reports.models import ReportTargets

# The page shows this many of the row's latest audit entries.
HISTORY_SHOWN = 20


class _SettingForm(forms.ModelForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        for form_field in self.fields.values():
            form_field.label = capfirst(form_field.label)


class SupervisionPolicyForm(_SettingForm):
    class Meta:
        model = SupervisionPolicy
        fields = [
            "intake_within_days",
            "acquaintance_before_days",
            "final_before_days",
            "min_weeks_for_progress",
        ]


class AfternoonPolicyForm(_SettingForm):
    class Meta:
        model = AfternoonPolicy
        fields = ["reminder_days_before", "default_capacity"]


class IntervisionPolicyForm(_SettingForm):
    class Meta:
        model = IntervisionPolicy
        fields = [
            "weeks_between_meetings",
            "min_attendance_percent",
            "absences_in_a_row",
            "min_group_size",
            "max_group_size",
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        low, high = cleaned.get("min_group_size"), cleaned.get("max_group_size")
        if low is not None and high is not None and high < low:
            self.add_error("max_group_size", GROUP_SIZES)
        return cleaned


class AgreementForm(_SettingForm):
    """One supervision agreement: for a level, optionally one institute or special group."""

    class Meta:
        model = SupervisionAgreement
        fields = list(supervision.AGREEMENT_FIELDS)
        widgets = {"agreements": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["institute"].queryset = Institute.objects.order_by("short_name")
        self.fields["institute"].empty_label = "Elk instituut"


def agreement_history(rows: list[SupervisionAgreement]) -> tuple[list[Any], list[HistoryLine]]:
    """The decisions that changed the year's agreements and the audit trail's latest
    entries for them: two queries, whatever the number of agreements."""
    from governance.models import DecisionChange

    ids = [row.pk for row in rows if row.pk]
    decided = list(
        DecisionChange.objects.filter(
            content_type__app_label="placements",
            content_type__model="supervisionagreement",
            object_id__in=ids,
        )
        .select_related("decision")
        .order_by("-decision__decided_on", "-pk")[:HISTORY_SHOWN]
    )
    label = model_label(SupervisionAgreement)
    entries = AuditEntry.objects.filter(
        model=label, object_pk__in=[str(pk) for pk in ids]
    ).order_by("-created_at", "-pk")[:HISTORY_SHOWN]
    return decided, [_line(label, entry) for entry in entries]


def _line(label: str, entry: AuditEntry) -> HistoryLine:
    return HistoryLine(
        when=entry.created_at,
        who=entry.actor_email or "systeem",
        action=entry.get_action_display(),
        # A row's first values are on the page above it; an update lists old → new.
        lines=[] if entry.action == "create" else display.describe(label, entry.changes),
        what=entry.object_repr,
    )


class UnknownCountsForm(forms.Form):
    """Mark a school whose counts are unknown this year (the report shows "?")."""

    location = forms.ModelChoiceField(label="School", queryset=SchoolLocation.objects.none())
    note = forms.CharField(
        label="Toelichting",
        max_length=300,
        required=False,
        help_text="Bijvoorbeeld: de school heeft geen aantallen doorgegeven.",
    )

    def __init__(self, *args: Any, schools: list[Any], **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["location"].queryset = SchoolLocation.objects.filter(
            pk__in=[school.pk for school in schools]
        ).order_by("name")


GROUP_SIZES = "De maximale groepsgrootte is kleiner dan de minimale."
INSTITUTE_PREFIX = "instituut_"


class ReportTargetsForm(_SettingForm):
    """The report's targets; the minimum per institute as one number field per institute
    (empty: no target for that institute)."""

    class Meta:
        model = ReportTargets
        fields = [
            "min_partner_students",
            "min_first_year_students",
            "max_unregistered_percent",
            "vt1_percent",
            "vt2_percent",
            "vt3_percent",
            "vt4_percent",
            "level_tolerance_percent",
            "min_afternoon_attendance_percent",
            "min_afternoon_score",
            "min_intervision_attendance_percent",
            "min_professionalization_participants",
        ]
        # A score as a Dutch reader writes it: 3,5.
        field_classes = {"min_afternoon_score": DutchDecimalField}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        current = self.instance.min_students_per_institute or {}
        codes = sorted(set(Institute.objects.values_list("short_name", flat=True)) | set(current))
        for code in codes:
            self.fields[f"{INSTITUTE_PREFIX}{code}"] = forms.IntegerField(
                label=f"Minimaal aantal studenten van {code}",
                min_value=0,
                max_value=10000,
                required=False,
                initial=current.get(code),
            )

    def institute_fields(self) -> list[Any]:
        return [self[name] for name in self.fields if name.startswith(INSTITUTE_PREFIX)]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        cleaned["min_students_per_institute"] = {
            name.removeprefix(INSTITUTE_PREFIX): value
            for name, value in cleaned.items()
            if name.startswith(INSTITUTE_PREFIX) and value is not None
        }
        return cleaned


def _group_sizes(row: IntervisionPolicy) -> None:
    if row.max_group_size < row.min_group_size:
        raise ValidationError({"max_group_size": GROUP_SIZES})


def _stored_or_new(model: type[Model]) -> Callable[[SchoolYear], Model]:
    def row_of(year: SchoolYear) -> Model:
        # A read creates nothing: a year without the row shows the defaults.
        return model.objects.filter(school_year=year).first() or model(school_year=year)

    return row_of


@dataclass(frozen=True)
class SettingPage:
    slug: str
    title: str
    intro: str
    form_class: type[forms.ModelForm]
    row_of: Callable[[SchoolYear], Model]
    extra_fields: tuple[str, ...] = ()
    check: Callable[[Any], None] | None = None
    links: tuple[tuple[str, str], ...] = field(default_factory=tuple)

    @property
    def fields(self) -> tuple[str, ...]:
        return (*self.form_class._meta.fields, *self.extra_fields)  # type: ignore[misc]

    def label(self, year: SchoolYear) -> str:
        return f"{self.title} {year}"


PAGES: dict[str, SettingPage] = {
    page.slug: page
    for page in (
        SettingPage(
            slug="begeleidingsbeleid",
            title="Begeleidingsbeleid",
            intro=(
                "Wanneer de gesprekken van een stage moeten plaatsvinden (bijlage 10): de "
                "intake, de kennismaking, het eindgesprek en vanaf welke stageduur er "
                "voortgangsgesprekken zijn."
            ),
            form_class=SupervisionPolicyForm,
            row_of=supervision.policy_for,
        ),
        SettingPage(
            slug="verdiepingsmiddagen",
            title="Regels verdiepingsmiddagen",
            intro="De herinnering vóór de keuzedeadline en het standaard aantal plaatsen per "
            "workshop.",
            form_class=AfternoonPolicyForm,
            row_of=_stored_or_new(AfternoonPolicy),
        ),
        SettingPage(
            slug="intervisiebeleid",
            title="Intervisiebeleid",
            intro="De afspraken over intervisie op school (handreiking, bijlage 3): hoe vaak, "
            "de aanwezigheid en de groepsgrootte.",
            form_class=IntervisionPolicyForm,
            row_of=_stored_or_new(IntervisionPolicy),
            check=_group_sizes,
        ),
        SettingPage(
            slug="doelen-jaarverslag",
            title="Doelen jaarverslag",
            intro=(
                "De doelen waaraan het jaarverslag het jaar meet: het aantal studenten, per "
                "instituut en eerstejaars, de spreiding over de stageniveaus, de opkomst bij "
                "verdiepingsmiddagen en intervisie en de deelname aan professionalisering."
            ),
            form_class=ReportTargetsForm,
            row_of=_stored_or_new(ReportTargets),
            extra_fields=("min_students_per_institute",),
        ),
    )
}


@dataclass(frozen=True)
class HistoryLine:
    when: Any
    who: str
    action: str
    lines: list[tuple[str, str]]
    what: str = ""


def audit_history(row: Model, limit: int = HISTORY_SHOWN) -> list[HistoryLine]:
    """The audit trail's latest entries for one settings row, readable."""
    if row.pk is None:
        return []
    label = model_label(type(row))
    entries = AuditEntry.objects.filter(model=label, object_pk=str(row.pk)).order_by(
        "-created_at", "-pk"
    )[:limit]
    return [_line(label, entry) for entry in entries]


def values_of(page: SettingPage, row: Model) -> list[tuple[str, str]]:
    """(label, value) of a row's settings, for a year that is closed."""
    shown = []
    for name in page.fields:
        value = getattr(row, name)
        if isinstance(value, dict):
            text = ", ".join(f"{key}: {item}" for key, item in sorted(value.items())) or "–"
        else:
            text = "–" if value is None else str(value)
        shown.append((capfirst(str(type(row)._meta.get_field(name).verbose_name)), text))
    return shown
