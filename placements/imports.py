"""Excel import of students, mentors and placements: read, check every row, preview, apply.

Reading refuses what is not a plain .xlsx. Applying checks every row against what the file
refers to (read once per file, not per row) and writes through the bulk services in one
transaction: the preview is the same run rolled back, and a real run with any error is
rolled back whole (all or nothing). Rows that match what is stored change nothing and cost
no write. Large files run in a background task (placements.tasks.run_import)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from itertools import islice
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models.functions import Lower

from bos.models import Institute, Person, Role, RoleAssignment, SchoolLocation
from bos.permissions import get_scope
from bos.spreadsheets import Limits, SpreadsheetError, read_workbook

from . import services
from .models import Placement, StageLevel, Student, StudentSchool, Variant

MAX_ROWS = 2000
MAX_BYTES = 2 * 1024 * 1024
# Every kind has at most ten columns; room for a few notes beside them, no more.
LIMITS = Limits(max_bytes=MAX_BYTES, max_rows=MAX_ROWS, max_columns=20, max_cells=60_000)
CHUNK = 500  # values per `__in` look-up
# The preview page shows at most this many rows (and notices); the counts above it cover
# the whole file.
PREVIEW_ROWS = 100


def max_rows_for(user: Any) -> int:
    """The row cap for this user's uploads: the SO's, or the larger one for whoever may
    change every location (the projectleider's bulk imports)."""
    if services.editable_location_ids(get_scope(user)) is None:
        return max(MAX_ROWS, settings.IMPORT_MAX_ROWS_ALL_LOCATIONS)
    return MAX_ROWS


def max_bytes_for(max_rows: int) -> int:
    return MAX_BYTES * max(1, max_rows // MAX_ROWS)


def _limits(max_rows: int) -> Limits:
    if max_rows <= LIMITS.max_rows:
        return LIMITS
    factor = max_rows / LIMITS.max_rows
    return Limits(
        max_bytes=max_bytes_for(max_rows),
        max_rows=max_rows,
        max_columns=LIMITS.max_columns,
        max_cells=int(LIMITS.max_cells * factor),
        max_row_number=max(Limits.max_row_number, 2 * max_rows),
        max_shared_strings=int(Limits.max_shared_strings * factor),
        max_seconds=Limits.max_seconds * factor,
    )


class ImportFileError(Exception):
    """The file as a whole cannot be read; the message is for the user (Dutch)."""


@dataclass(frozen=True)
class Column:
    header: str
    key: str
    kind: str = "text"  # text, date, decimal, int, bool
    required: bool = True
    # Optional columns may also be left out of the header (older templates).
    in_header: bool = True


@dataclass
class RowResult:
    number: int  # the row number as Excel shows it
    values: dict[str, Any]
    status: str = ""  # nieuw, bijgewerkt, ongewijzigd, fout
    errors: list[tuple[str, str]] = field(default_factory=list)  # (column, reason)
    notices: list[str] = field(default_factory=list)  # what the user must confirm

    def cells(self, columns: list[Column]) -> list[tuple[str, bool]]:
        """The row as the preview shows it: (text, has an error) per column."""
        wrong = {header for header, _reason in self.errors}
        return [
            (display(self.values.get(column.key)), column.header in wrong) for column in columns
        ]


@dataclass
class ImportResult:
    kind: str
    columns: list[Column]
    rows: list[RowResult]

    @property
    def error_count(self) -> int:
        return sum(len(row.errors) for row in self.rows)

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    @property
    def needs_confirmation(self) -> bool:
        return any(row.notices for row in self.rows)

    def _shown(self) -> list[RowResult]:
        """The rows the preview shows: with errors only the rows that have them (those are
        what the user must fix, and a large file's good rows would bury them), and of those
        the first PREVIEW_ROWS, so the page stays the same size however long the file."""
        rows = self.rows if self.ok else (row for row in self.rows if row.errors)
        return list(islice(rows, PREVIEW_ROWS))

    @property
    def preview(
        self,
    ) -> list[tuple[RowResult, list[tuple[str, bool]], list[tuple[str, str]]]]:
        """Per shown row: the row, its cells for display, and its errors in column order."""
        order = {column.header: position for position, column in enumerate(self.columns)}
        return [
            (
                row,
                row.cells(self.columns),
                sorted(row.errors, key=lambda error: order.get(error[0], len(order))),
            )
            for row in self._shown()
        ]

    @property
    def preview_limit(self) -> int:
        return PREVIEW_ROWS

    @property
    def preview_hidden(self) -> int:
        """How many of the rows the preview is about (all, or those with errors) it leaves out."""
        about = len(self.rows) if self.ok else self.rows_with_errors
        return max(0, about - PREVIEW_ROWS)

    @property
    def counts(self) -> dict[str, int]:
        """Rows per outcome over the whole file, shown or not: nieuw, bijgewerkt, ongewijzigd
        and fout (a row with errors)."""
        counts = dict.fromkeys(("nieuw", "bijgewerkt", "ongewijzigd", "fout"), 0)
        for row in self.rows:
            status = "fout" if row.errors else row.status
            if status in counts:
                counts[status] += 1
        return counts

    @property
    def notice_lines(self) -> list[tuple[int, str]]:
        """What the user must confirm, as (row number, notice), the first PREVIEW_ROWS."""
        lines = ((row.number, notice) for row in self.rows for notice in row.notices)
        return list(islice(lines, PREVIEW_ROWS))

    @property
    def notices_hidden(self) -> int:
        return max(0, sum(len(row.notices) for row in self.rows) - PREVIEW_ROWS)

    @property
    def rows_with_errors(self) -> int:
        return sum(1 for row in self.rows if row.errors)


def display(value: Any) -> str:
    """A value as a Dutch reader expects it: ja/nee, 01-09-2021, 2,5."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, dt.date):
        return value.strftime("%d-%m-%Y")
    if isinstance(value, Decimal):
        return format(value.normalize(), "f").replace(".", ",")
    return str(value)


STUDENT_COLUMNS = [
    Column("Instituut", "institute"),
    Column("Studentnummer", "student_number"),
    Column("Voornaam", "first_name"),
    Column("Achternaam", "last_name"),
    Column("E-mailadres", "email"),
    Column("Opleiding", "programme"),
    Column("Variant", "variant"),
]
MENTOR_COLUMNS = [
    Column("E-mailadres", "email"),
    Column("Voornaam", "first_name"),
    Column("Achternaam", "last_name"),
    Column("Locatie", "location"),
    Column("Vakken", "subjects", required=False),
    Column("Bevoegdheid", "qualification_grade", kind="int", required=False),
    Column("Werkzaam sinds", "started_at_school", kind="int", required=False),
]
PLACEMENT_COLUMNS = [
    Column("Instituut", "institute"),
    Column("Studentnummer", "student_number"),
    # A student who does not yet have a placement at the SO's school is identified by number
    # and name together: a number alone would show a stranger's stored name and e-mail.
    Column("Voornaam", "first_name", required=False, in_header=False),
    Column("Achternaam", "last_name", required=False, in_header=False),
    Column("Locatie", "location"),
    Column("Niveau", "level"),
    Column("Label instituut", "institute_label", required=False),
    Column("Begindatum", "start_date", kind="date"),
    Column("Einddatum", "end_date", kind="date"),
    Column("Dagen per week", "days_per_week", kind="decimal"),
    Column("WPB e-mailadres", "wpb_email", required=False),
    Column("Afrondend", "is_final", kind="bool", required=False),
]
KINDS: dict[str, tuple[str, list[Column]]] = {
    "studenten": ("Studenten", STUDENT_COLUMNS),
    "werkplekbegeleiders": ("Werkplekbegeleiders", MENTOR_COLUMNS),
    "stages": ("Stages", PLACEMENT_COLUMNS),
}


# The template's second row shows how a row is filled in. Its identifier is one no real
# student or WPB has, so a file that still carries the example is read without it.
EXAMPLE_STUDENT_NUMBER = "VOORBEELD"
EXAMPLE_EMAIL = "voorbeeld@voorbeeld.example"
EXAMPLE_KEY = {
    "studenten": ("student_number", EXAMPLE_STUDENT_NUMBER),
    "werkplekbegeleiders": ("email", EXAMPLE_EMAIL),
    "stages": ("student_number", EXAMPLE_STUDENT_NUMBER),
}


def _is_example(kind: str, columns: list[Column], index: dict[str, int], raw_row: tuple) -> bool:
    key, marker = EXAMPLE_KEY[kind]
    header = next(column.header for column in columns if column.key == key)
    position = index.get(header)
    if position is None or position >= len(raw_row) or raw_row[position] is None:
        return False
    return str(raw_row[position]).strip().lower() == marker.lower()


def _parse(column: Column, raw: Any) -> Any:
    """A cell's value in the column's type; ValueError carries the Dutch reason."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        if column.required:
            raise ValueError("is verplicht maar leeg")
        return None
    if column.kind == "date":
        if isinstance(raw, dt.datetime):
            return raw.date()
        if isinstance(raw, dt.date):
            return raw
        text = str(raw).strip()
        for pattern in ("%d-%m-%Y", "%Y-%m-%d", "%d/%m/%Y"):
            try:
                return dt.datetime.strptime(text, pattern).date()
            except ValueError:
                continue
        raise ValueError(f"“{text}” is geen datum (gebruik bijvoorbeeld 01-09-2020)")
    if column.kind == "decimal":
        try:
            return Decimal(str(raw).strip().replace(",", "."))
        except InvalidOperation as exc:
            raise ValueError(f"“{raw}” is geen getal") from exc
    if column.kind == "int":
        try:
            return int(Decimal(str(raw).strip()))
        except (InvalidOperation, ValueError) as exc:
            raise ValueError(f"“{raw}” is geen geheel getal") from exc
    if column.kind == "bool":
        text = str(raw).strip().lower()
        if text in {"ja", "j", "1", "true", "waar"}:
            return True
        if text in {"nee", "n", "0", "false", "onwaar"}:
            return False
        raise ValueError(f"“{raw}” is geen ja of nee")
    return str(raw).strip()


def read_rows(name: str, data: bytes, kind: str, *, max_rows: int | None = None) -> ImportResult:
    """Read and type-check an uploaded file. Whole-file problems raise ImportFileError."""
    columns = KINDS[kind][1]
    max_rows = max_rows or MAX_ROWS
    try:
        workbook = read_workbook(data, name=name, limits=_limits(max_rows), first_only=True)
    except SpreadsheetError as error:
        raise ImportFileError(str(error)) from error
    rows_iter = iter(workbook.sheets[0].rows if workbook.sheets else [])
    first = next(rows_iter, None)
    if first is None:
        raise ImportFileError("Het bestand is leeg.")
    header = first[1]
    header_names = [str(cell).strip() if cell is not None else "" for cell in header]
    expected = [column.header for column in columns]
    missing = [
        column.header
        for column in columns
        if column.in_header and column.header not in header_names
    ]
    unknown = [name for name in header_names if name and name not in expected]
    if missing or unknown:
        parts = []
        if missing:
            parts.append("ontbrekende kolommen: " + ", ".join(missing))
        if unknown:
            parts.append("onbekende kolommen: " + ", ".join(unknown))
        raise ImportFileError(
            "De kolommen kloppen niet (" + "; ".join(parts) + "). Gebruik het sjabloon."
        )
    index = {name: header_names.index(name) for name in expected if name in header_names}
    results: list[RowResult] = []
    for number, raw_row in rows_iter:
        if all(cell is None or str(cell).strip() == "" for cell in raw_row):
            continue
        if _is_example(kind, columns, index, raw_row):
            continue
        if len(results) >= max_rows:
            raise ImportFileError(f"Het bestand heeft meer dan {max_rows} rijen.")
        row = RowResult(number=number, values={})
        for column in columns:
            position = index.get(column.header, len(raw_row))
            raw = raw_row[position] if position < len(raw_row) else None
            try:
                row.values[column.key] = _parse(column, raw)
            except ValueError as error:
                row.values[column.key] = raw
                row.errors.append((column.header, str(error)))
        results.append(row)
    if not results:
        raise ImportFileError("Het bestand bevat geen rijen om in te lezen.")
    _mark_duplicates(kind, columns, results)
    return ImportResult(kind=kind, columns=columns, rows=results)


def _mark_duplicates(kind: str, columns: list[Column], rows: list[RowResult]) -> None:
    keys = {
        "studenten": ("institute", "student_number"),
        "werkplekbegeleiders": ("email", "location"),
        "stages": ("institute", "student_number", "start_date"),
    }[kind]
    header = next(c.header for c in columns if c.key == keys[-1])
    seen: dict[tuple, int] = {}
    for row in rows:
        key = tuple(str(row.values.get(k) or "").lower() for k in keys)
        if key in seen:
            row.errors.append((header, f"dubbel: staat ook in rij {seen[key]}"))
        else:
            seen[key] = row.number


# Applying ----------------------------------------------------------------------------------


def _choice(value: str, choices: Any, header: str) -> str:
    for option in choices:
        if value.lower() in {str(option.value).lower(), str(option.label).lower()}:
            return option.value
    allowed = ", ".join(str(option.value) for option in choices)
    raise ValidationError({header: f"“{value}” is geen geldige waarde (kies uit {allowed})"})


STUDENT_HEADERS = {c.key: c.header for c in STUDENT_COLUMNS}


def _apply_mentor(
    user: Any, values: dict[str, Any], row: RowResult, confirmed: bool, lookups: _Lookups
) -> str:
    location = lookups.location(str(values["location"]))
    if location is None:
        raise ValidationError({"Locatie": f"“{values['location']}” is geen locatie van jou"})
    grade = values.get("qualification_grade")
    if grade not in (None, 1, 2):
        raise ValidationError({"Bevoegdheid": "kies 1 (eerstegraads) of 2 (tweedegraads)"})
    year = lookups.year
    if services.wpb_needs_confirmation(email=values["email"], year=year):
        row.notices.append(
            f"{values['email']} is al medewerker met een andere rol en wordt ook "
            "werkplekbegeleider."
        )
    before = RoleAssignment.objects.filter(
        person__email__iexact=values["email"], school_year=year, role=Role.WPB
    ).first()
    snapshot = (
        (
            before.subjects,
            before.qualification_grade,
            before.started_at_school,
            set(before.locations.values_list("pk", flat=True)),
        )
        if before
        else None
    )
    services.wpb_find_or_create(
        user=user,
        location_id=location.pk,
        email=values["email"],
        first_name=values["first_name"],
        last_name=values["last_name"],
        subjects=values.get("subjects") or "",
        qualification_grade=grade,
        started_at_school=values.get("started_at_school"),
        confirm_staff=confirmed,
    )
    if snapshot is None:
        return "nieuw"
    before.refresh_from_db()
    after = (
        before.subjects,
        before.qualification_grade,
        before.started_at_school,
        set(before.locations.values_list("pk", flat=True)),
    )
    return "ongewijzigd" if after == snapshot else "bijgewerkt"


def _check_student_name(lookups: _Lookups, student: Student, values: dict[str, Any]) -> None:
    """A student the SO's school does not work with yet is placed only when the row also
    carries the name the institute knows them by."""
    if lookups.student_in_scope(student):
        typed = (values.get("first_name"), values.get("last_name"))
        if not any(typed):
            return
    first, last = (
        str(value or "") for value in (values.get("first_name"), values.get("last_name"))
    )
    if not first.strip() or not last.strip():
        raise ValidationError(
            {
                "Achternaam": "deze student loopt nog geen stage op jouw school: vul voornaam "
                "en achternaam in zoals het instituut ze kent"
            }
        )
    if not (
        services.same_text(student.first_name, first)
        and services.same_text(student.last_name, last)
    ):
        raise ValidationError({"Achternaam": services.KNOWN_UNDER_OTHER_NAME})


SERVICE_FIELDS = {
    "__all__": "",
    "location": "Locatie",
    "start_date": "Begindatum",
    "end_date": "Einddatum",
    "days_per_week": "Dagen per week",
    "wpb": "WPB e-mailadres",
    "four_eyes_exception": "WPB e-mailadres",
    "wpb_email": "E-mailadres",
}


def _chunks(values: list[Any]) -> list[list[Any]]:
    return [values[i : i + CHUNK] for i in range(0, len(values), CHUNK)]


class _Lookups:
    """What the rows refer to, looked up once per file rather than once per row: institutes,
    locations, the students, the people (by e-mail address), the year's placements of those
    students and the people's WPB roles, each in a few chunked queries."""

    def __init__(self, user: Any, kind: str, rows: list[RowResult]) -> None:
        self.user = user
        self.scope = get_scope(user)
        self.year = self.scope.year
        self.allowed = services.editable_location_ids(self.scope)
        self.institutes = {i.short_name.lower(): i for i in Institute.objects.all()}
        self.locations = {loc.name.lower(): loc for loc in SchoolLocation.objects.all()}
        self.students: dict[tuple[int, str], Student] = {}
        self.people: dict[str, Person] = {}
        self.placements: dict[tuple[int, int, dt.date], Placement] = {}
        self._in_scope: set[int] = set()
        numbers = sorted(
            {
                str(row.values["student_number"])
                for row in rows
                if kind in ("studenten", "stages")
                and isinstance(row.values.get("student_number"), str)
            }
        )
        for chunk in _chunks(numbers):
            for student in Student.objects.filter(student_number__in=chunk).select_related(
                "institute"
            ):
                self.students[(student.institute_id, student.student_number)] = student
        email_key = "wpb_email" if kind == "stages" else "email"
        emails = sorted(
            {
                row.values[email_key].lower()
                for row in rows
                if kind != "studenten" and isinstance(row.values.get(email_key), str)
            }
        )
        for chunk in _chunks(emails):
            for person in Person.objects.annotate(email_lower=Lower("email")).filter(
                email_lower__in=chunk
            ):
                self.people.setdefault(person.email.lower(), person)
        student_ids = sorted(student.pk for student in self.students.values())
        for chunk in _chunks(student_ids):
            if self.allowed is not None:
                self._in_scope |= set(
                    Placement.objects.filter(
                        student_id__in=chunk, location_id__in=self.allowed
                    ).values_list("student_id", flat=True)
                )
                # A student the SO's school registered first is its own, placed or not.
                self._in_scope |= set(
                    StudentSchool.objects.filter(
                        student_id__in=chunk, location_id__in=self.allowed, is_owner=True
                    ).values_list("student_id", flat=True)
                )
            if kind == "stages" and self.year is not None:
                for placement in Placement.objects.filter(
                    student_id__in=chunk, school_year=self.year
                ).order_by("pk"):
                    key = (placement.student_id, placement.location_id, placement.start_date)
                    self.placements.setdefault(key, placement)

    def location(self, name: str) -> SchoolLocation | None:
        location = self.locations.get(name.lower())
        if location is None or (self.allowed is not None and location.pk not in self.allowed):
            return None
        return location

    def location_ok(self, name: str) -> bool:
        return self.location(name) is not None

    def person_known(self, email: str) -> bool:
        return email.lower() in self.people

    def student(self, institute: Institute, number: str) -> Student | None:
        return self.students.get((institute.pk, number))

    def student_in_scope(self, student: Student) -> bool:
        """`services.student_in_scope` without a query per student."""
        return self.allowed is None or student.pk in self._in_scope


def _choice_error(value: str, choices: Any) -> str | None:
    if any(value.lower() in {str(o.value).lower(), str(o.label).lower()} for o in choices):
        return None
    allowed = ", ".join(str(option.value) for option in choices)
    return f"“{value}” is geen geldige waarde (kies uit {allowed})"


def _check_references(kind: str, row: RowResult, lookups: _Lookups) -> None:
    """Every problem with what a row refers to (institute, location, level, student, WPB),
    added to the row's errors, so the user sees all of them in one pass. Columns that did
    not parse are already reported and are not checked again."""
    failed = {header for header, _reason in row.errors}
    values = row.values

    def usable(key: str, header: str) -> bool:
        return header not in failed and values.get(key) not in (None, "")

    def add(header: str, reason: str) -> None:
        row.errors.append((header, reason))

    institute = None
    if kind in ("studenten", "stages") and usable("institute", "Instituut"):
        institute = lookups.institutes.get(str(values["institute"]).lower())
        if institute is None:
            add("Instituut", f"onbekend instituut “{values['institute']}”")
    variant_error = (
        _choice_error(str(values["variant"]), Variant)
        if kind == "studenten" and usable("variant", "Variant")
        else None
    )
    if variant_error:
        add("Variant", variant_error)
    located = kind in ("werkplekbegeleiders", "stages") and usable("location", "Locatie")
    if located and not lookups.location_ok(str(values["location"])):
        add("Locatie", f"“{values['location']}” is geen locatie van jou")
    graded = kind == "werkplekbegeleiders" and usable("qualification_grade", "Bevoegdheid")
    if graded and values["qualification_grade"] not in (1, 2):
        add("Bevoegdheid", "kies 1 (eerstegraads) of 2 (tweedegraads)")
    if kind != "stages":
        return
    if usable("level", "Niveau") and (error := _choice_error(str(values["level"]), StageLevel)):
        add("Niveau", error)
    if usable("wpb_email", "WPB e-mailadres") and not lookups.person_known(values["wpb_email"]):
        add("WPB e-mailadres", "onbekende werkplekbegeleider")
    start, end = values.get("start_date"), values.get("end_date")
    if isinstance(start, dt.date) and isinstance(end, dt.date) and end < start:
        add("Einddatum", "ligt voor de begindatum")
    if institute is not None and usable("student_number", "Studentnummer"):
        student = lookups.student(institute, str(values["student_number"]))
        if student is None:
            add("Studentnummer", "onbekende student: importeer eerst de studenten")
        else:
            try:
                _check_student_name(lookups, student, values)
            except ValidationError as error:
                for header, messages in error.message_dict.items():
                    row.errors += [(header, message) for message in messages]


def _add_error(row: RowResult, error: ValidationError, headers: dict[str, str]) -> None:
    row.status = "fout"
    if hasattr(error, "error_dict"):
        for key, messages in error.message_dict.items():
            header = headers.get(key, key)
            row.errors += [(header, message) for message in messages]
    else:
        row.errors += [("", message) for message in error.messages]


def _run_batch(rows: list[RowResult], headers: dict[str, str], write: Callable[[], Any]) -> None:
    """Run one bulk service for `rows` (in batch order); its per-row refusals land on the
    rows, in a savepoint so a refused batch leaves nothing behind."""
    if not rows:
        return
    try:
        with transaction.atomic():
            write()
    except services.BatchErrors as errors:
        for position, error in errors.errors.items():
            _add_error(rows[position], error, headers)
    except ValidationError as error:
        for row in rows:
            _add_error(row, error, headers)
    except PermissionDenied:
        for row in rows:
            row.status = "fout"
            row.errors.append(("", "je mag deze gegevens niet invoeren"))


def _apply_students(user: Any, rows: list[RowResult], lookups: _Lookups, confirmed: bool) -> None:
    """Unchanged students cost nothing, new ones are created in one batch; a stored student
    whose empty fields get filled in (rare) goes through `student_register`."""
    headers = {**STUDENT_HEADERS, **SERVICE_FIELDS}
    new_rows: list[RowResult] = []
    new_items: list[services.NewStudent] = []
    known: list[tuple[RowResult, int]] = []
    for row in rows:
        values = row.values
        institute = lookups.institutes[str(values["institute"]).lower()]
        variant = _choice(values["variant"], Variant, "Variant")
        number = str(values["student_number"]).strip()
        existing = lookups.students.get((institute.pk, number))
        fields = {
            "first_name": values["first_name"],
            "last_name": values["last_name"],
            "email": values["email"],
            "programme": values["programme"],
            "variant": variant,
        }
        if existing is None:
            new_rows.append(row)
            new_items.append(
                services.NewStudent(institute_id=institute.pk, student_number=number, **fields)
            )
            row.status = "nieuw"
            continue
        wanted = services.student_wanted(**fields)
        changes, errors = services.student_changes(
            existing, wanted, in_scope=lookups.student_in_scope(existing)
        )
        if errors:
            _add_error(row, ValidationError(errors), headers)
            continue
        known.append((row, existing.pk))
        if not changes:
            row.status = "ongewijzigd"
        else:

            def register(
                values: dict[str, Any] = values,
                institute: Institute = institute,
                fields: dict[str, Any] = fields,
            ) -> None:
                services.student_register(
                    user=user,
                    institute_id=institute.pk,
                    student_number=values["student_number"],
                    **fields,
                )

            row.status = "bijgewerkt"
            _run_batch([row], headers, register)

    def create() -> None:
        created = services.students_create_bulk(user=user, items=new_items)
        services.students_register_at(user=user, student_ids=[student.pk for student in created])

    _run_batch(new_rows, headers, create)
    # A known student imported again (by the same or another school) is now in this
    # school's register too; their data stay with the school that holds them.
    good = [(row, student_id) for row, student_id in known if row.status != "fout"]
    _run_batch(
        [row for row, _student_id in good],
        headers,
        lambda: services.students_register_at(
            user=user, student_ids=[student_id for _row, student_id in good]
        ),
    )


def _unchanged(placement: Placement, wanted: dict[str, Any]) -> bool:
    # Foreign keys compared by id: loading the stored WPB would cost a query per row.
    return all(
        placement.wpb_id == (value.pk if value is not None else None)
        if key == "wpb"
        else getattr(placement, key) == value
        for key, value in wanted.items()
    )


def _apply_placements(user: Any, rows: list[RowResult], lookups: _Lookups, confirmed: bool) -> None:
    """Unchanged placements cost nothing; new ones are created, changed ones updated, each
    in one batch through the bulk services (the same rules as the forms)."""
    new_rows: list[RowResult] = []
    new_items: list[services.NewPlacement] = []
    changed_rows: list[RowResult] = []
    changes: list[services.PlacementChange] = []
    for row in rows:
        values = row.values
        institute = lookups.institutes[str(values["institute"]).lower()]
        student = lookups.student(institute, str(values["student_number"]))
        location = lookups.location(str(values["location"]))
        assert student is not None and location is not None  # checked by _check_references
        wpb = lookups.people[values["wpb_email"].lower()] if values.get("wpb_email") else None
        wanted = {
            "level": _choice(values["level"], StageLevel, "Niveau"),
            "institute_label": values.get("institute_label") or "",
            "end_date": values["end_date"],
            "days_per_week": values["days_per_week"],
            "wpb": wpb,
            "is_final": bool(values.get("is_final")),
        }
        existing = lookups.placements.get((student.pk, location.pk, values["start_date"]))
        if existing is None:
            row.status = "nieuw"
            new_rows.append(row)
            new_items.append(
                services.NewPlacement(
                    student=student,
                    location_id=location.pk,
                    start_date=values["start_date"],
                    **wanted,
                )
            )
        elif _unchanged(existing, wanted):
            row.status = "ongewijzigd"
        else:
            row.status = "bijgewerkt"
            changed_rows.append(row)
            changes.append(
                services.PlacementChange(
                    placement_id=existing.pk, version=existing.version, values=wanted
                )
            )
    _run_batch(
        changed_rows,
        SERVICE_FIELDS,
        lambda: services.placements_update_bulk(user=user, changes=changes),
    )
    _run_batch(
        new_rows,
        SERVICE_FIELDS,
        lambda: services.placements_create_bulk(user=user, items=new_items, year=lookups.year),
    )


def _apply_mentors(user: Any, rows: list[RowResult], lookups: _Lookups, confirmed: bool) -> None:
    # Mentors stay row by row (a mentor's role and locations are linked, not replaced);
    # there are a few dozen per school, not thousands.
    for row in rows:
        try:
            with transaction.atomic():
                row.status = _apply_mentor(user, row.values, row, confirmed, lookups)
        except ValidationError as error:
            _add_error(row, error, SERVICE_FIELDS)
        except PermissionDenied:
            row.status = "fout"
            row.errors.append(("", "je mag deze gegevens niet invoeren"))


APPLY: dict[str, Callable[[Any, list[RowResult], _Lookups, bool], None]] = {
    "studenten": _apply_students,
    "werkplekbegeleiders": _apply_mentors,
    "stages": _apply_placements,
}
PROGRESS_EVERY = 100  # rows between two progress reports


def apply(
    user: Any,
    result: ImportResult,
    *,
    commit: bool,
    confirmed: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> ImportResult:
    """Run every row; without commit, or with any error, nothing is kept. The preview runs
    as confirmed and lists on each row what the user must confirm (`RowResult.notices`);
    a commit without `confirmed` refuses those rows.

    Every row is checked, also after an earlier row failed, and a row is checked on all its
    columns before the services see it: one upload shows every error of every row. What the
    rows refer to is read once per file; the writes go through the bulk services.
    `progress(done, total)` hears how far the check is."""
    total = len(result.rows)
    lookups = _Lookups(user, result.kind, result.rows)
    with transaction.atomic():
        good: list[RowResult] = []
        for done, row in enumerate(result.rows, start=1):
            _check_references(result.kind, row, lookups)
            if row.errors:
                row.status = "fout"
            else:
                good.append(row)
            if progress is not None and done % PROGRESS_EVERY == 0:
                progress(done, total)
        if good:
            APPLY[result.kind](user, good, lookups, confirmed or not commit)
        if progress is not None:
            progress(total, total)
        if not commit or not result.ok:
            transaction.set_rollback(True)
    return result


def result_to_json(result: ImportResult) -> dict[str, Any]:
    """The preview as stored with a background import: the cells as the page shows them."""
    return {
        "kind": result.kind,
        "rows": [
            {
                "number": row.number,
                "values": {c.key: display(row.values.get(c.key)) for c in result.columns},
                "status": row.status,
                "errors": [list(error) for error in row.errors],
                "notices": row.notices,
            }
            for row in result.rows
        ],
    }


def result_from_json(data: dict[str, Any]) -> ImportResult:
    kind = data["kind"]
    return ImportResult(
        kind=kind,
        columns=KINDS[kind][1],
        rows=[
            RowResult(
                number=row["number"],
                values=row["values"],
                status=row["status"],
                errors=[(header, reason) for header, reason in row["errors"]],
                notices=row["notices"],
            )
            for row in data["rows"]
        ],
    )
