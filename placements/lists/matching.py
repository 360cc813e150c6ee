"""The lists of matching: places on offer for the institute to propose students for, and
the proposals (bos.lists shows them)."""

from __future__ import annotations

from typing import Any

import django_filters
import django_tables2 as tables
from django.utils.html import format_html

from bos.labels import choice_label
from bos.lists import BosTable, SearchFilterSet, occurring, school_choices
from bos.models import SchoolLocation, SchoolYear

from ..models import PlaceOffer, Proposal, ProposalSource, ProposalStatus, StageLevel


class OfferFilter(SearchFilterSet):
    search_fields = ("subject", "location__name", "mentor__last_name")

    school_year = django_filters.ModelChoiceFilter(
        label="Schooljaar", queryset=SchoolYear.objects.none(), empty_label="Beide jaren"
    )
    subject = django_filters.CharFilter(label="Vak", lookup_expr="icontains")
    level = django_filters.ChoiceFilter(label="Niveau", choices=StageLevel.choices)
    location = django_filters.ModelChoiceFilter(
        label="Locatie", queryset=SchoolLocation.objects.none(), empty_label="Alle"
    )

    class Meta:
        model = PlaceOffer
        fields: list[str] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        base = self.queryset
        self.filters["school_year"].queryset = occurring(
            SchoolYear.objects.order_by("start_date"), base.values("school_year")
        )
        school_choices(
            self, "location", base.values("location"), field_name="location", label="Locatie"
        )
        self.filters["q"].extra["help_text"] = "Vak, locatie of werkplekbegeleider"


class OfferTable(BosTable):
    school_year = tables.Column(verbose_name="Schooljaar", accessor="school_year__name")
    subject = tables.Column(verbose_name="Vak")
    level = tables.Column(verbose_name="Niveau", empty_values=())
    location = tables.Column(verbose_name="Locatie", accessor="location__name")
    period = tables.Column(verbose_name="Periode en dagen", empty_values=(), orderable=False)
    mentor = tables.Column(
        verbose_name="Werkplekbegeleider", order_by=("mentor__last_name",), empty_values=()
    )
    taken = tables.Column(verbose_name="Bezetting", empty_values=(), orderable=False)
    action = tables.Column(
        verbose_name="Actie", empty_values=(), orderable=False, exclude_from_export=True
    )

    class Meta(BosTable.Meta):
        model = PlaceOffer
        fields = ("school_year", "subject", "level", "location", "period", "mentor", "taken")
        sequence = (*fields, "action")
        caption = "Aangeboden stageplaatsen"

    def render_level(self, record: PlaceOffer) -> str:
        return choice_label(record, "level") or "elk niveau"

    def render_period(self, record: PlaceOffer) -> str:
        if record.start_date:
            text = f"{record.start_date:%d-%m-%Y} – "
            text += f"{record.end_date:%d-%m-%Y}" if record.end_date else "?"
        else:
            text = "nog niet bekend"
        return f"{text}, {record.days}" if record.days else text

    def render_mentor(self, record: PlaceOffer) -> str:
        return record.mentor.full_name if record.mentor else "nog te bepalen"

    def render_taken(self, record: PlaceOffer) -> str:
        text = f"{record.accepted} van {record.places} bezet"
        return f"{text}, {record.pending} in behandeling" if record.pending else text

    def render_action(self, record: PlaceOffer) -> str:
        if record.accepted >= record.places:
            return "bezet"
        return format_html(
            '<a href="{}" aria-label="Student voordragen: {} op {} ({})">Student voordragen</a>',
            self.url_of("placements:propose", record.pk),
            record.subject,
            record.location.name,
            record.school_year.name,
        )


class OwnOfferTable(OfferTable):
    """The school's own places: the same columns, with the first-year reservation and a
    link that fills the form below with the offer, instead of a proposal link."""

    first_year_reserved = tables.Column(verbose_name="Voor eerstejaars")
    places = tables.Column(verbose_name="Plaatsen")

    class Meta(OfferTable.Meta):
        fields = (
            "school_year",
            "location",
            "subject",
            "level",
            "period",
            "places",
            "first_year_reserved",
            "mentor",
            "taken",
        )
        sequence = (*fields, "action")
        caption = "Aanbod van jouw school"

    def render_action(self, record: PlaceOffer) -> str:
        return format_html(
            '<a href="?wijzig={}#aanbod-form" aria-label="Wijzigen: {} op {} ({})">Wijzigen</a>',
            record.pk,
            record.subject,
            record.location.name,
            record.school_year.name,
        )


class ProposalFilter(SearchFilterSet):
    search_fields = (
        "student__first_name",
        "student__last_name",
        "student__student_number",
        "offer__subject",
    )

    status = django_filters.ChoiceFilter(label="Status", choices=ProposalStatus.choices)
    school_year = django_filters.ModelChoiceFilter(
        label="Schooljaar", queryset=SchoolYear.objects.none(), empty_label="Beide jaren"
    )
    source = django_filters.ChoiceFilter(label="Herkomst", choices=ProposalSource.choices)

    class Meta:
        model = Proposal
        fields: list[str] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["school_year"].queryset = occurring(
            SchoolYear.objects.order_by("start_date"), self.queryset.values("school_year")
        )
        self.filters["q"].extra["help_text"] = "Naam, studentnummer of vak"


class ProposalTable(BosTable):
    student = tables.Column(
        verbose_name="Student", order_by=("student__last_name", "student__first_name")
    )
    institute = tables.Column(verbose_name="Instituut", accessor="student__institute__short_name")
    school_year = tables.Column(verbose_name="Schooljaar", accessor="school_year__name")
    location = tables.Column(verbose_name="Locatie", accessor="location__name")
    place = tables.Column(verbose_name="Vak en niveau", empty_values=(), orderable=False)
    source = tables.Column(verbose_name="Herkomst")
    status = tables.Column(verbose_name="Status")

    class Meta(BosTable.Meta):
        model = Proposal
        fields = ("student", "institute", "school_year", "location", "place", "source", "status")
        caption = "Voordrachten"

    def render_student(self, record: Proposal) -> str:
        return format_html(
            '<a href="{}">{}</a>',
            self.url_of("placements:proposal", record.pk),
            record.student.full_name,
        )

    def value_student(self, record: Proposal) -> str:
        return record.student.full_name

    def render_place(self, record: Proposal) -> str:
        subject = record.offer.subject if record.offer else record.student.programme
        return f"{subject}, {choice_label(record, 'level') or 'elk niveau'}"
