"""Excel exports with django-import-export resources; columns match the import template so
an exported file can be edited and imported again. Text is formula-escaped on writing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from import_export import fields, resources

from bos.models import Role, RoleAssignment

from .imports import KINDS
from .models import Placement, Student


class StudentResource(resources.ModelResource):
    institute = fields.Field(attribute="institute__short_name", column_name="Instituut")
    student_number = fields.Field(attribute="student_number", column_name="Studentnummer")
    first_name = fields.Field(attribute="first_name", column_name="Voornaam")
    last_name = fields.Field(attribute="last_name", column_name="Achternaam")
    email = fields.Field(attribute="email", column_name="E-mailadres")
    programme = fields.Field(attribute="programme", column_name="Opleiding")
    variant = fields.Field(attribute="variant", column_name="Variant")

    class Meta:
        model = Student
        fields = (
            "institute",
            "student_number",
            "first_name",
            "last_name",
            "email",
            "programme",
            "variant",
        )


class MentorResource(resources.ModelResource):
    email = fields.Field(attribute="person__email", column_name="E-mailadres")
    first_name = fields.Field(attribute="person__first_name", column_name="Voornaam")
    last_name = fields.Field(attribute="person__last_name", column_name="Achternaam")
    location = fields.Field(column_name="Locatie")
    subjects = fields.Field(attribute="subjects", column_name="Vakken")
    grade = fields.Field(attribute="qualification_grade", column_name="Bevoegdheid")
    since = fields.Field(attribute="started_at_school", column_name="Werkzaam sinds")

    class Meta:
        model = RoleAssignment
        fields = ("email", "first_name", "last_name", "location", "subjects", "grade", "since")

    def dehydrate_location(self, assignment: RoleAssignment) -> str:
        return ", ".join(location.name for location in assignment.locations.all())

    # Numbers stay numbers in the workbook (the widget would render them as text).
    def dehydrate_grade(self, assignment: RoleAssignment) -> int | None:
        return assignment.qualification_grade

    def dehydrate_since(self, assignment: RoleAssignment) -> int | None:
        return assignment.started_at_school


class PlacementResource(resources.ModelResource):
    institute = fields.Field(attribute="student__institute__short_name", column_name="Instituut")
    student_number = fields.Field(attribute="student__student_number", column_name="Studentnummer")
    first_name = fields.Field(attribute="student__first_name", column_name="Voornaam")
    last_name = fields.Field(attribute="student__last_name", column_name="Achternaam")
    location = fields.Field(attribute="location__name", column_name="Locatie")
    level = fields.Field(attribute="level", column_name="Niveau")
    label = fields.Field(attribute="institute_label", column_name="Label instituut")
    start = fields.Field(attribute="start_date", column_name="Begindatum")
    end = fields.Field(attribute="end_date", column_name="Einddatum")
    days = fields.Field(attribute="days_per_week", column_name="Dagen per week")
    wpb = fields.Field(attribute="wpb__email", column_name="WPB e-mailadres")
    final = fields.Field(column_name="Afrondend")

    class Meta:
        model = Placement
        fields = (
            "institute",
            "student_number",
            "first_name",
            "last_name",
            "location",
            "level",
            "label",
            "start",
            "end",
            "days",
            "wpb",
            "final",
        )

    def dehydrate_final(self, placement: Placement) -> str:
        return "ja" if placement.is_final else "nee"


def export_rows(kind: str, queryset: QuerySet[Any]) -> tuple[list[str], Iterator[list[Any]]]:
    """Headers and rows, as plain values; the writer escapes formulas."""
    resource = {
        "studenten": StudentResource,
        "werkplekbegeleiders": MentorResource,
        "stages": PlacementResource,
    }[kind]()
    if kind in FLAT_COLUMNS:
        return [column.header for column in KINDS[kind][1]], _flat_rows(kind, queryset)
    export_fields = resource.get_export_fields()
    # Rows are produced while the workbook is written, read from the database in chunks.
    rows = (
        [resource.export_field(f, obj) for f in export_fields]
        for obj in queryset.iterator(chunk_size=2000)
    )
    headers = [column.header for column in KINDS[kind][1]]
    return headers, rows


def mentor_queryset(location_ids: frozenset[int] | None, year: Any) -> QuerySet[RoleAssignment]:
    qs = RoleAssignment.objects.filter(role=Role.WPB, school_year=year)
    if location_ids is not None:
        qs = qs.filter(locations__in=location_ids).distinct()
    return qs.select_related("person").prefetch_related("locations").order_by("person__last_name")


# The same columns as the resources above, read as plain values in one query: at regional
# scale an export is tens of thousands of rows, too many for a resource call per cell.
FLAT_COLUMNS: dict[str, tuple[str, ...]] = {
    "stages": (
        "student__institute__short_name",
        "student__student_number",
        "student__first_name",
        "student__last_name",
        "location__name",
        "level",
        "institute_label",
        "start_date",
        "end_date",
        "days_per_week",
        "wpb__email",
        "is_final",
    ),
    "studenten": (
        "institute__short_name",
        "student_number",
        "first_name",
        "last_name",
        "email",
        "programme",
        "variant",
    ),
}


def _value(value: Any) -> Any:
    """A value as the workbook stores it: dates as Excel dates, numbers as numbers (so a
    school office can sort and sum them), ja/nee for booleans, empty for none."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, (dt.date, int, Decimal)):
        return value
    return str(value)


def _flat_rows(kind: str, queryset: QuerySet[Any]) -> Iterator[list[Any]]:
    for row in queryset.values_list(*FLAT_COLUMNS[kind]).iterator(chunk_size=5000):
        yield [_value(value) for value in row]
