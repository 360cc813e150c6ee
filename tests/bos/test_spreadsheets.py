"""The one reader for every uploaded spreadsheet: hostile files are refused fast, in Dutch."""

import datetime as dt
import time

import pytest

from bos.spreadsheets import Limits, SpreadsheetError, read_workbook
from tests import hostile_xlsx as hostile

BASE = hostile.workbook_bytes(["Naam", "Datum", "Getal"], ["Fenna", dt.date(2021, 9, 1), 2.5])

HOSTILE = {
    "rij 50.000.000": lambda: hostile.far_row(BASE),
    "zip-bom": lambda: hostile.zip_bomb(BASE),
    "shared-strings-bom": lambda: hostile.shared_strings_bomb(BASE),
    "macro onder andere naam": lambda: hostile.macro_renamed(BASE),
    "alleen een vbaProject-relatie": lambda: hostile.macro_relation_only(BASE),
    "te veel cellen": lambda: hostile.many_cells(BASE),
}


def test_a_plain_workbook_is_read_with_types_and_row_numbers():
    workbook = read_workbook(BASE, name="lijst.xlsx")
    assert workbook.sheetnames == ["Sheet"]
    assert workbook["Sheet"].rows == [
        (1, ("Naam", "Datum", "Getal")),
        (2, ("Fenna", dt.datetime(2021, 9, 1), 2.5)),
    ]


@pytest.mark.parametrize("kind", HOSTILE)
def test_hostile_files_are_refused_within_two_seconds(kind):
    data = HOSTILE[kind]()
    assert len(data) < 2 * 1024 * 1024
    started = time.monotonic()
    with pytest.raises(SpreadsheetError) as refused:
        read_workbook(data, name="lijst.xlsx")
    assert time.monotonic() - started < 2
    message = str(refused.value)
    assert any(word in message for word in ("macro", "te groot", "buiten het bereik"))


def test_a_declared_dimension_of_the_whole_grid_costs_nothing():
    started = time.monotonic()
    workbook = read_workbook(hostile.huge_dimension(BASE), name="lijst.xlsx")
    assert time.monotonic() - started < 2
    assert len(workbook["Sheet"].rows) == 2


def test_a_row_of_many_cells_is_refused_at_the_column_cap():
    wide = hostile.workbook_bytes(list(range(40)))
    with pytest.raises(SpreadsheetError, match="meer dan 30 kolommen"):
        read_workbook(wide, name="lijst.xlsx")


def test_row_cap_counts_rows_below_the_header():
    data = hostile.workbook_bytes(["kop"], ["a"], ["b"], ["c"])
    assert len(read_workbook(data, limits=Limits(max_rows=3))["Sheet"].rows) == 4
    with pytest.raises(SpreadsheetError, match="meer dan 2 rijen"):
        read_workbook(data, limits=Limits(max_rows=2))


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("lijst.xlsm", BASE, "macro"),
        ("lijst.csv", BASE, "Alleen Excel-bestanden"),
        ("lijst.xlsx", b"", "leeg"),
        ("lijst.xlsx", b"PK\x03\x04 kapot", "geen geldig Excel-bestand"),
        ("lijst.xlsx", b"x" * (2 * 1024 * 1024 + 1), "groter dan 2 MB"),
    ],
)
def test_whole_file_refusals_are_dutch(name, data, message):
    with pytest.raises(SpreadsheetError, match=message):
        read_workbook(data, name=name)


def test_the_time_cap_stops_a_slow_read():
    rows = [[f"tekst {i}", i] for i in range(1500)]
    data = hostile.workbook_bytes(["a", "b"], *rows)
    with pytest.raises(SpreadsheetError, match="te groot of te ingewikkeld"):
        read_workbook(data, limits=Limits(max_seconds=0.0))
