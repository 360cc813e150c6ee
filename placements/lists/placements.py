"""The lists of placements, students without one, students and mentors: their filters and
tables (bos.lists shows them)."""

from __future__ import annotations

from typing import Any

import django_filters
import django_tables2 as tables
from django.db.models import QuerySet
from django.utils.html import format_html

from bos.labels import choice_label
from bos.lists import (
    BosTable,
    DateColumn,
    SearchFilterSet,
    occurring,
    school_choices,
)
from bos.models import Institute, RoleAssignment, SchoolLocation
from bos.permissions import get_scope
from facilitation.rules import qualification_gaps

from ..models import Placement, PlacementStatus, StageLevel, Student, Variant


class PlacementFilter(SearchFilterSet):
    search_fields = (
        "student__first_name",
        "student__last_name",
        "student__student_number",
        "student__programme",
        "wpb__first_name",
        "wpb__last_name",
    )

    institute = django_filters.ModelChoiceFilter(
        label="Instituut",
        field_name="student__institute",
        queryset=Institute.objects.none(),
        empty_label="Alle",
    )
    location = django_filters.ModelChoiceFilter(
        label="Schoollocatie",
        field_name="location",
        queryset=SchoolLocation.objects.none(),
        empty_label="Alle",
    )
    level = django_filters.ChoiceFilter(label="Niveau", choices=StageLevel.choices)
    status = django_filters.ChoiceFilter(label="Status", choices=PlacementStatus.choices)
    subject = django_filters.CharFilter(
        label="Opleiding (vak)", field_name="student__programme", lookup_expr="icontains"
    )

    class Meta:
        model = Placement
        fields: list[str] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        base: QuerySet[Placement] = self.queryset
        # Only the institutes and locations that occur in the user's own rows.
        self.filters["institute"].queryset = occurring(
            Institute.objects.order_by("short_name"), base.values("student__institute")
        )
        school_choices(
            self, "location", base.values("location"), field_name="location", label="Schoollocatie"
        )
        self.filters["q"].extra["help_text"] = "Naam, studentnummer, vak of werkplekbegeleider"


class PlacementTable(BosTable):
    nothing_yet = "Er zijn in dit schooljaar nog geen stages."

    student = tables.Column(
        verbose_name="Student", order_by=("student__last_name", "student__first_name")
    )
    institute = tables.Column(verbose_name="Instituut", accessor="student__institute__short_name")
    location = tables.Column(verbose_name="Locatie", accessor="location__name")
    level = tables.Column(verbose_name="Niveau")
    start_date = DateColumn(
        verbose_name="Begin", format="d-m-Y", attrs={"td": {"class": "bos-nowrap"}}
    )
    end_date = DateColumn(
        verbose_name="Einde", format="d-m-Y", attrs={"td": {"class": "bos-nowrap"}}
    )
    wpb = tables.Column(
        verbose_name="Werkplekbegeleider", order_by=("wpb__last_name", "wpb__first_name")
    )
    status = tables.Column(verbose_name="Status")
    open_items = tables.Column(
        verbose_name="Open checklist", attrs={"td": {"class": "num"}, "th": {"class": "num"}}
    )

    class Meta(BosTable.Meta):
        model = Placement
        fields = (
            "student",
            "institute",
            "location",
            "level",
            "start_date",
            "end_date",
            "wpb",
            "status",
            "open_items",
        )
        caption = "Stages"

    def render_student(self, record: Placement) -> str:
        return format_html(
            '<a href="{}">{}</a>',
            self.url_of("placements:detail", record.pk),
            record.student.full_name,
        )

    def value_student(self, record: Placement) -> str:
        return record.student.full_name

    # Excel gets real dates, the page d-m-Y.
    def value_start_date(self, record: Placement) -> object:
        return record.start_date

    def value_end_date(self, record: Placement) -> object:
        return record.end_date

    def render_level(self, record: Placement) -> str:
        return choice_label(record, "level") or "–"

    def render_wpb(self, record: Placement) -> str:
        return record.wpb.full_name if record.wpb else "–"

    def value_wpb(self, record: Placement) -> str:
        return record.wpb.full_name if record.wpb else ""

    def render_status(self, record: Placement) -> str:
        label = choice_label(record, "status")
        return f"{label}, eerstejaars" if record.is_first_year else label

    def render_open_items(self, record: Placement) -> str:
        overdue = getattr(record, "overdue_items", 0)
        return f"{record.open_items} ({overdue} te laat)" if overdue else str(record.open_items)

    def value_open_items(self, record: Placement) -> int:
        return record.open_items


# --- Werkplekbegeleiders -------------------------------------------------------------------


class MentorFilter(SearchFilterSet):
    search_fields = ("person__first_name", "person__last_name", "person__email", "subjects")

    location = django_filters.ModelChoiceFilter(
        label="Schoollocatie",
        field_name="locations",
        queryset=SchoolLocation.objects.none(),
        empty_label="Alle",
    )
    qualification_grade = django_filters.ChoiceFilter(
        label="Bevoegdheid",
        choices=[(1, "eerstegraads"), (2, "tweedegraads"), (0, "onbevoegd")],
    )
    # A choice with "Alle" rather than a yes/no/"Onbekend" box, which read as a data value.
    without_students = django_filters.ChoiceFilter(
        label="Studenten dit jaar",
        choices=[("ja", "zonder studenten"), ("nee", "met studenten")],
        empty_label="Alle",
        method="filter_without_students",
    )

    class Meta:
        model = RoleAssignment
        fields: list[str] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["location"].queryset = occurring(
            SchoolLocation.objects.order_by("name"), self.queryset.values("locations")
        )
        self.filters["q"].extra["help_text"] = "Naam, e-mailadres of vak"

    def filter_without_students(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if value == "ja":
            return queryset.filter(student_count=0)
        return queryset.filter(student_count__gt=0)


class MentorTable(BosTable):
    nothing_yet = "Er zijn in dit schooljaar nog geen werkplekbegeleiders."

    name = tables.Column(
        verbose_name="Werkplekbegeleider",
        accessor="person__last_name",
        order_by=("person__last_name", "person__first_name"),
    )
    email = tables.EmailColumn(verbose_name="E-mailadres", accessor="person__email")
    locations = tables.Column(verbose_name="Locatie", accessor="pk", orderable=False)
    subjects = tables.Column(verbose_name="Vakken", default="–")
    qualification_grade = tables.Column(verbose_name="Bevoegdheid", default="–")
    started_at_school = tables.Column(verbose_name="Op school sinds", default="–")
    wpb_course_on = tables.Column(
        verbose_name="Cursus WPB", accessor="pk", orderable=False, empty_values=()
    )
    student_count = tables.Column(
        verbose_name="Studenten", attrs={"td": {"class": "num"}, "th": {"class": "num"}}
    )

    class Meta(BosTable.Meta):
        model = RoleAssignment
        fields = (
            "name",
            "email",
            "locations",
            "subjects",
            "qualification_grade",
            "started_at_school",
            "wpb_course_on",
            "student_count",
        )
        caption = "Werkplekbegeleiders"

    def render_name(self, record: RoleAssignment) -> str:
        # A mentor who also works at another school is linked, not changed, by this one.
        if getattr(record, "elsewhere", True):
            return record.person.full_name
        return format_html(
            '<a href="{}">{}</a>',
            self.url_of("placements:mentor_edit", record.pk),
            record.person.full_name,
        )

    def render_wpb_course_on(self, record: RoleAssignment) -> str:
        """The course's date, or the seed's check (issue #25): flagged when missing."""
        obtained = getattr(record, "wpb_course_on", None)
        if obtained is not None:
            return obtained.strftime("%d-%m-%Y")
        [note] = qualification_gaps("wpb", ())
        return format_html('<span class="bos-flag" title="{}">niet vastgelegd</span>', note)

    def value_wpb_course_on(self, record: RoleAssignment) -> str:
        obtained = getattr(record, "wpb_course_on", None)
        return obtained.strftime("%d-%m-%Y") if obtained else ""

    def render_locations(self, record: RoleAssignment) -> str:
        return ", ".join(sorted(location.name for location in record.locations.all())) or "–"

    def value_locations(self, record: RoleAssignment) -> str:
        return ", ".join(sorted(location.name for location in record.locations.all()))

    def value_name(self, record: RoleAssignment) -> str:
        return record.person.full_name

    # django-tables2 hands a choice field's label to `render_*`; the stored number decides.
    def render_qualification_grade(self, record: RoleAssignment) -> str:
        return {1: "eerstegraads", 2: "tweedegraads"}.get(record.qualification_grade, "onbevoegd")

    def value_qualification_grade(self, record: RoleAssignment) -> str:
        return self.render_qualification_grade(record)

    # A year, not a number: no thousands separator.
    def render_started_at_school(self, value: int) -> str:
        return str(value)


# --- Studenten zonder stage -----------------------------------------------------------------


class UnplacedFilter(SearchFilterSet):
    search_fields = ("first_name", "last_name", "student_number", "programme")

    institute = django_filters.ModelChoiceFilter(
        label="Instituut", queryset=Institute.objects.none(), empty_label="Alle"
    )
    subject = django_filters.CharFilter(
        label="Opleiding (vak)", field_name="programme", lookup_expr="icontains"
    )

    class Meta:
        model = Student
        fields: list[str] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["institute"].queryset = occurring(
            Institute.objects.order_by("short_name"), self.queryset.values("institute")
        )


class UnplacedTable(BosTable):
    nothing_yet = "Elke student heeft een stage."

    name = tables.Column(
        verbose_name="Student", accessor="last_name", order_by=("last_name", "first_name")
    )
    institute = tables.Column(verbose_name="Instituut", accessor="institute__short_name")
    student_number = tables.Column(verbose_name="Studentnummer")
    programme = tables.Column(verbose_name="Opleiding (vak)")
    last_school = tables.Column(verbose_name="Laatste stage", default="–", orderable=False)
    reserved = tables.Column(verbose_name="Plaats gereserveerd", default="–", orderable=False)

    class Meta(BosTable.Meta):
        model = Student
        fields = ("name", "institute", "student_number", "programme", "last_school", "reserved")
        caption = "Studenten zonder stage"

    def render_name(self, record: Student) -> str:
        return record.full_name

    def value_name(self, record: Student) -> str:
        return record.full_name


# --- Het studentenregister ------------------------------------------------------------------


PLACED_CHOICES = [("ja", "met stage"), ("nee", "zonder stage")]


class StudentFilter(SearchFilterSet):
    search_fields = ("first_name", "last_name", "student_number", "email")

    institute = django_filters.ModelChoiceFilter(
        label="Instituut", queryset=Institute.objects.none(), empty_label="Alle"
    )
    programme = django_filters.CharFilter(
        label="Opleiding (vak)", field_name="programme", lookup_expr="icontains", max_length=150
    )
    variant = django_filters.ChoiceFilter(label="Variant", choices=Variant.choices)
    placed = django_filters.ChoiceFilter(
        label="Stage dit schooljaar", choices=PLACED_CHOICES, method="filter_placed"
    )
    level = django_filters.ChoiceFilter(
        label="Niveau dit schooljaar", choices=StageLevel.choices, field_name="placement_level"
    )

    class Meta:
        model = Student
        fields: list[str] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["institute"].queryset = occurring(
            Institute.objects.order_by("short_name"), self.queryset.values("institute")
        )
        self.filters["q"].extra["help_text"] = "Naam, studentnummer of e-mailadres"

    def filter_placed(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(placed=value == "ja")


class StudentTable(BosTable):
    nothing_yet = "Er zijn nog geen studenten."

    name = tables.Column(
        verbose_name="Student", accessor="last_name", order_by=("last_name", "first_name")
    )
    student_number = tables.Column(verbose_name="Studentnummer")
    institute = tables.Column(verbose_name="Instituut", accessor="institute__short_name")
    programme = tables.Column(verbose_name="Opleiding (vak)")
    variant = tables.Column(verbose_name="Variant")
    # Contact details stay on the screen; the Excel download carries no personal contact data.
    email = tables.Column(verbose_name="E-mailadres", exclude_from_export=True)
    placement = tables.Column(
        verbose_name="Stage dit schooljaar", accessor="pk", orderable=False, default="–"
    )
    level = tables.Column(
        verbose_name="Niveau", accessor="placement_level", orderable=False, default="–"
    )

    class Meta(BosTable.Meta):
        model = Student
        fields = (
            "name",
            "student_number",
            "institute",
            "programme",
            "variant",
            "email",
            "placement",
            "level",
        )
        caption = "Studenten"

    def render_name(self, record: Student) -> str:
        return format_html(
            '<a href="{}">{}</a>',
            self.url_of("placements:student", record.pk),
            record.full_name,
        )

    def value_name(self, record: Student) -> str:
        return record.full_name

    def render_variant(self, record: Student) -> str:
        return choice_label(record, "variant")

    def value_variant(self, record: Student) -> str:
        return choice_label(record, "variant")

    def render_placement(self, record: Student) -> str:
        return self._placement(record) or "–"

    def value_placement(self, record: Student) -> str:
        return self._placement(record)

    def _placement(self, record: Student) -> str:
        """The school of the student's placement this year, named only when it is in the
        user's scope; another school's is "andere school"."""
        if not getattr(record, "placed", False):
            return ""
        scope = get_scope(self.request.user)
        location_id = record.placement_location_id
        if (
            scope.sees_everything
            or location_id in scope.so_location_ids
            or (record.institute_id, location_id) in scope.io_pairs
        ):
            return record.placement_location
        return "andere school"

    def render_level(self, value: str) -> str:
        return StageLevel(value).label if value in StageLevel.values else "–"

    def value_level(self, value: str | None) -> str:
        return StageLevel(value).label if value in StageLevel.values else ""
