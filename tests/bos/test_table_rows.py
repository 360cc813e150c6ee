"""Rows rendered in Python (`BosTable.prepared_rows`) are the rows django-tables2's own cell
rendering and the former row template gave, cell for cell: choices as their labels, empty
values as the column's default, localized numbers and dates, escaped text."""

import datetime as dt
import re
from decimal import Decimal

import django_tables2 as tables
import pytest
from django.template import engines
from django.test import RequestFactory
from django.utils.safestring import mark_safe

from bos.lists import BosTable, DateColumn
from placements.lists.placements import PlacementTable, StudentTable
from placements.models import Placement, StageLevel, Student
from tests.factories import PlacementFactory, SchoolYearFactory

pytestmark = pytest.mark.django_db

# The row template the tables used before rows were prepared in Python: the reference.
REFERENCE_ROW = engines["django"].from_string(
    "{% load l10n %}"
    '<tr class="utrecht-table__row"{% if row.attrs.id %} id="{{ row.attrs.id }}"{% endif %}>'
    "{% for column, cell in row.items %}"
    '<td class="utrecht-table__cell{% if column.attrs.td.class %} {{ column.attrs.td.class }}'
    '{% endif %}" data-label="{{ column.header|striptags }}">'
    "{% if column.localize == None %}{{ cell }}{% elif column.localize %}{{ cell|localize }}"
    "{% else %}{{ cell|unlocalize }}{% endif %}</td>"
    "{% endfor %}</tr>"
)


def _squeezed(html: str) -> str:
    return re.sub(r">\s+<", "><", re.sub(r"\s+", " ", html)).strip()


def _reference(table: tables.Table) -> list[str]:
    return [_squeezed(REFERENCE_ROW.render({"row": row})) for row in table.paginated_rows]


def _prepared(table: BosTable) -> list[str]:
    return [_squeezed(row) for row in table.prepared_rows()]


class MixedTable(BosTable):
    """Every kind of cell the application's tables use, over plain records."""

    name = tables.Column(verbose_name=mark_safe("Naam <em>kort</em>"))
    amount = tables.Column(verbose_name="Bedrag", attrs={"td": {"class": "num"}})
    amount_plain = tables.Column(verbose_name="Bedrag (kaal)", accessor="amount", localize=False)
    amount_local = tables.Column(verbose_name="Bedrag (NL)", accessor="amount", localize=True)
    day = DateColumn(verbose_name="Dag")
    note = tables.Column(verbose_name="Notitie", default="—")
    missing = tables.Column(verbose_name="Ontbreekt", accessor="nope__deeper")
    shouted = tables.Column(verbose_name="Hoofdletters", accessor="name", empty_values=())

    def render_shouted(self, value: str, record: dict) -> str:
        return f"{value.upper()} ({record['amount']})"

    def render_note(self, value: str) -> str:
        # A render method may return safe HTML; the row keeps it as it is.
        return mark_safe(f"<strong>{value}</strong>") if value == "veilig" else value  # noqa: S308

    class Meta(BosTable.Meta):
        row_attrs = {"id": lambda record: f"rij-{record['name']}"}


@pytest.mark.parametrize("localization_case", range(3))
def test_plain_records_render_as_the_template_did(localization_case):
    records = [
        {
            "name": "Ans & <Bob>",
            "amount": Decimal("1234.5") * (localization_case + 1),
            "day": dt.date(2026, 12, localization_case + 1),
            "note": "<script>",
        },
        {"name": "Cor", "amount": 7, "day": dt.date(2027, 1, 31), "note": ""},
        {"name": "Dik", "amount": None, "day": dt.date(2027, 2, 1), "note": "veilig"},
    ]
    table = MixedTable(records)
    prepared = _prepared(table)
    assert prepared == _reference(table)
    # Not only equal, but the values themselves as people expect them.
    if localization_case == 0:
        assert ">1.234,5<" in prepared[0] and ">1234.5<" in prepared[0]
    assert "&lt;script&gt;" in prepared[0] and "<script>" not in prepared[0]
    assert 'id="rij-Cor"' in prepared[1]
    assert ">—<" in prepared[1]
    assert "<strong>veilig</strong>" in prepared[2]


def test_model_tables_render_as_the_template_did():
    year = SchoolYearFactory()
    # Only this test's rows: the process may hold the demo's too.
    ids = [
        PlacementFactory(school_year=year, level=level).pk
        for level in (StageLevel.VT1, StageLevel.VT3, StageLevel.VT1)
    ]
    request = RequestFactory().get("/")
    placements = PlacementTable(Placement.objects.filter(pk__in=ids), request=request)
    students = StudentTable(Student.objects.filter(placements__pk__in=ids), request=request)
    for table in (placements, students):
        prepared = _prepared(table)
        assert prepared == _reference(table)
        assert len(prepared) == 3


class ChoiceTable(BosTable):
    """A model field with choices, straight and through a relation: the label shows."""

    level = tables.Column(verbose_name="Niveau")
    again = tables.Column(verbose_name="Nogmaals", accessor="level")
    school_year = tables.Column(verbose_name="Jaar", accessor="school_year__name")


def test_a_field_with_choices_shows_its_label():
    year = SchoolYearFactory()
    ids = [
        PlacementFactory(school_year=year, level=level).pk
        for level in (StageLevel.MASTER, StageLevel.MINOR_P1)
    ]
    table = ChoiceTable(Placement.objects.filter(pk__in=ids).order_by("level"))
    prepared = _prepared(table)
    assert prepared == _reference(table)
    # The label ("minor P1"), not the stored code ("minor_P1").
    assert ">master<" in prepared[0]
    assert ">minor P1<" in prepared[1] and "minor_P1" not in prepared[1]


def test_one_row_on_its_own_is_the_same_row():
    table = MixedTable([{"name": "Eef", "amount": 1, "day": dt.date(2027, 3, 1), "note": "x"}])
    assert table.prepare_row(table.rows[0]) == table.prepared_rows()[0]
