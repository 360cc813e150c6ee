"""Excel import of students, mentors and placements: read, check every row, preview, apply.

Reading refuses what is not a plain .xlsx. Applying runs every row through the services in
one transaction: the preview is the same run rolled back, and a real run with any error is
rolled back whole (all or nothing). Rows that match what is stored change nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from bos.models import Institute, Person, Role, RoleAssignment, SchoolLocation
from bos.permissions import get_scope
from bos.spreadsheets import Limits, SpreadsheetError, read_workbook

from . import services
from .models import Placement, StageLevel, Student, Variant

MAX_ROWS = 2000
MAX_BYTES = 2 * 1024 * 1024
# Every kind has at most ten columns; room for a few notes beside them, no more.
LIMITS = Limits(max_bytes=MAX_BYTES, max_rows=MAX_ROWS, max_columns=20, max_cells=60_000)


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

    @property
    def preview(
        self,
    ) -> list[tuple[RowResult, list[tuple[str, bool]], list[tuple[str, str]]]]:
        """Per row: the row, its cells for display, and its errors in column order."""
        order = {column.header: position for position, column in enumerate(self.columns)}
        return [
            (
                row,
                row.cells(self.columns),
                sorted(row.errors, key=lambda error: order.get(error[0], len(order))),
            )
            for row in self.rows
        ]

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


def read_rows(name: str, data: bytes, kind: str) -> ImportResult:
    """Read and type-check an uploaded file. Whole-file problems raise ImportFileError."""
    columns = KINDS[kind][1]
    try:
        workbook = read_workbook(data, name=name, limits=LIMITS, first_only=True)
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
        if len(results) >= MAX_ROWS:
            raise ImportFileError(f"Het bestand heeft meer dan {MAX_ROWS} rijen.")
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


def _institute(code: str) -> Institute:
    institute = Institute.objects.filter(short_name__iexact=code).first()
    if institute is None:
        raise ValidationError({"Instituut": f"onbekend instituut “{code}”"})
    return institute


def _choice(value: str, choices: Any, header: str) -> str:
    for option in choices:
        if value.lower() in {str(option.value).lower(), str(option.label).lower()}:
            return option.value
    allowed = ", ".join(str(option.value) for option in choices)
    raise ValidationError({header: f"“{value}” is geen geldige waarde (kies uit {allowed})"})


def _location(user: Any, name: str) -> SchoolLocation:
    location = SchoolLocation.objects.filter(name__iexact=name).first()
    allowed = services.editable_location_ids(get_scope(user))
    if location is None or (allowed is not None and location.pk not in allowed):
        raise ValidationError({"Locatie": f"“{name}” is geen locatie van jou"})
    return location


def _apply_student(user: Any, values: dict[str, Any], row: RowResult, confirmed: bool) -> str:
    institute = _institute(values["institute"])
    variant = _choice(values["variant"], Variant, "Variant")
    try:
        _student, status = services.student_register(
            user=user,
            institute_id=institute.pk,
            student_number=values["student_number"],
            first_name=values["first_name"],
            last_name=values["last_name"],
            email=values["email"],
            programme=values["programme"],
            variant=variant,
        )
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            raise
        raise ValidationError(
            {
                STUDENT_HEADERS.get(key, key): messages
                for key, messages in error.message_dict.items()
            }
        ) from error
    return status


STUDENT_HEADERS = {c.key: c.header for c in STUDENT_COLUMNS}


def _apply_mentor(user: Any, values: dict[str, Any], row: RowResult, confirmed: bool) -> str:
    location = _location(user, values["location"])
    grade = values.get("qualification_grade")
    if grade not in (None, 1, 2):
        raise ValidationError({"Bevoegdheid": "kies 1 (eerstegraads) of 2 (tweedegraads)"})
    year = get_scope(user).year
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


def _apply_placement(user: Any, values: dict[str, Any], row: RowResult, confirmed: bool) -> str:
    institute = _institute(values["institute"])
    student = Student.objects.filter(
        institute=institute, student_number=values["student_number"]
    ).first()
    if student is None:
        raise ValidationError({"Studentnummer": "onbekende student: importeer eerst de studenten"})
    location = _location(user, values["location"])
    _check_student_name(user, student, values)
    level = _choice(values["level"], StageLevel, "Niveau")
    year = get_scope(user).year
    wpb = None
    if values.get("wpb_email"):
        wpb = Person.objects.filter(email__iexact=values["wpb_email"]).first()
        if wpb is None:
            raise ValidationError({"WPB e-mailadres": "onbekende werkplekbegeleider"})
    wanted = {
        "level": level,
        "institute_label": values.get("institute_label") or "",
        "end_date": values["end_date"],
        "days_per_week": values["days_per_week"],
        "wpb": wpb,
        "is_final": bool(values.get("is_final")),
    }
    existing = Placement.objects.filter(
        student=student, location=location, school_year=year, start_date=values["start_date"]
    ).first()
    if existing is None:
        services.placement_create(
            user=user,
            location_id=location.pk,
            student=student,
            start_date=values["start_date"],
            **wanted,
        )
        return "nieuw"
    if all(getattr(existing, key) == value for key, value in wanted.items()):
        return "ongewijzigd"
    services.placement_update(
        user=user,
        placement_id=existing.pk,
        version=existing.version,
        start_date=existing.start_date,
        io=existing.io,
        four_eyes_exception=existing.four_eyes_exception,
        **wanted,
    )
    return "bijgewerkt"


def _check_student_name(user: Any, student: Student, values: dict[str, Any]) -> None:
    """A student the SO's school does not work with yet is placed only when the row also
    carries the name the institute knows them by."""
    if services.student_in_scope(get_scope(user), student):
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


APPLY: dict[str, Callable[[Any, dict[str, Any], RowResult, bool], str]] = {
    "studenten": _apply_student,
    "werkplekbegeleiders": _apply_mentor,
    "stages": _apply_placement,
}
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


class _Lookups:
    """What the rows refer to, looked up once per import rather than once per row."""

    def __init__(self, user: Any) -> None:
        self.user = user
        self.scope = get_scope(user)
        self.allowed = services.editable_location_ids(self.scope)
        self.institutes = {i.short_name.lower(): i for i in Institute.objects.all()}
        self.locations = {loc.name.lower(): loc for loc in SchoolLocation.objects.all()}
        self._people: dict[str, bool] = {}

    def location_ok(self, name: str) -> bool:
        location = self.locations.get(name.lower())
        return location is not None and (self.allowed is None or location.pk in self.allowed)

    def person_known(self, email: str) -> bool:
        key = email.lower()
        if key not in self._people:
            self._people[key] = Person.objects.filter(email__iexact=email).exists()
        return self._people[key]


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
        student = Student.objects.filter(
            institute=institute, student_number=values["student_number"]
        ).first()
        if student is None:
            add("Studentnummer", "onbekende student: importeer eerst de studenten")
        else:
            try:
                _check_student_name(lookups.user, student, values)
            except ValidationError as error:
                for header, messages in error.message_dict.items():
                    row.errors += [(header, message) for message in messages]


def apply(
    user: Any, result: ImportResult, *, commit: bool, confirmed: bool = False
) -> ImportResult:
    """Run every row; without commit, or with any error, nothing is kept. The preview runs
    as confirmed and lists on each row what the user must confirm (`RowResult.notices`);
    a commit without `confirmed` refuses those rows.

    Every row is checked, also after an earlier row failed, and a row is checked on all its
    columns before the services see it: one upload shows every error of every row."""
    lookups = _Lookups(user)
    with transaction.atomic():
        for row in result.rows:
            _check_references(result.kind, row, lookups)
            if row.errors:
                row.status = "fout"
                continue
            try:
                with transaction.atomic():
                    row.status = APPLY[result.kind](user, row.values, row, confirmed or not commit)
            except ValidationError as error:
                row.status = "fout"
                if hasattr(error, "error_dict"):
                    for key, messages in error.message_dict.items():
                        header = SERVICE_FIELDS.get(key, key)
                        row.errors += [(header, message) for message in messages]
                else:
                    row.errors += [("", message) for message in error.messages]
            except PermissionDenied:
                row.status = "fout"
                row.errors.append(("", "je mag deze gegevens niet invoeren"))
        if not commit or not result.ok:
            transaction.set_rollback(True)
    return result
