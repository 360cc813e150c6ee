"""The online-rights rule: which Magister rights group a student gets during a placement, by
the school year's table (Besluit online rechten voor studenten, december 2020). Pure: values
in, the group and an explanation out. Apart from `rules.py` because the placement model
applies it: this module imports only the choices in `models/students.py`, so the model can
import it without an import circle."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .models.students import OnlineRightsGroup, StageLevel


@dataclass(frozen=True)
class RightsRow:
    """One row of the year's online-rights table: which placements it covers and the group
    it gives. Empty `levels` or `institutes` cover every level or institute; `final` and
    `taster` None cover both values."""

    row: str
    group: OnlineRightsGroup
    levels: frozenset[str] = frozenset()
    final: bool | None = None
    taster: bool | None = None
    institutes: frozenset[str] = frozenset()
    note: str = ""

    def covers(self, *, level: str, is_taster: bool, is_final: bool, institute: str) -> bool:
        return (
            (not self.levels or level in self.levels)
            and (self.final is None or self.final == is_final)
            and (self.taster is None or self.taster == is_taster)
            and (not self.institutes or institute in self.institutes)
        )

    @property
    def covers_label(self) -> str:
        """Which placements the row covers, in Dutch, for the policy page."""
        parts = [
            ", ".join(str(StageLevel(v).label) for v in sorted(self.levels, key=level_order))
            if self.levels
            else "elk stageniveau"
        ]
        if self.final is not None:
            parts.append("afrondende stage" if self.final else "geen afrondende stage")
        if self.taster is not None:
            parts.append("snuffelstage" if self.taster else "geen snuffelstage")
        if self.institutes:
            parts.append("instituut " + ", ".join(sorted(self.institutes)))
        return "; ".join(parts)


def level_order(value: str) -> int:
    """A level's place in the report's order (VT1 … kop)."""
    return [level.value for level in StageLevel].index(value)


RIGHTS_ROW_KEYS = frozenset({"row", "group", "levels", "final", "taster", "institutes", "note"})


def _optional_bool(entry: Mapping[str, object], key: str, number: int) -> bool | None:
    value = entry.get(key)
    if value is None or isinstance(value, bool):
        return value
    raise ValueError(f"Regel {number}: ‘{key}’ is waar, onwaar of leeg.")


def _names(entry: Mapping[str, object], key: str, number: int) -> frozenset[str]:
    value = entry.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise ValueError(f"Regel {number}: ‘{key}’ is een lijst van namen.")
    return frozenset(value)


def parse_online_rights_table(raw: object) -> tuple[RightsRow, ...]:
    """Read a stored table (a JSON list of rows); a table the rule cannot apply raises
    ValueError with a Dutch message naming the row."""
    if not isinstance(raw, list) or not raw:
        raise ValueError("De tabel online rechten is een niet-lege lijst van regels.")
    known_levels = {level.value for level in StageLevel}
    groups = {group.value for group in OnlineRightsGroup}
    rows = []
    for number, entry in enumerate(raw, start=1):
        if not isinstance(entry, Mapping):
            raise ValueError(f"Regel {number} van de tabel online rechten is geen regel.")
        unknown = set(entry) - RIGHTS_ROW_KEYS
        if unknown:
            raise ValueError(f"Regel {number}: onbekend veld {', '.join(sorted(unknown))}.")
        text = entry.get("row")
        if not isinstance(text, str) or not text.strip():
            raise ValueError(f"Regel {number}: de tekst van het besluit ontbreekt.")
        group = entry.get("group")
        if isinstance(group, bool) or not isinstance(group, int) or group not in groups:
            raise ValueError(f"Regel {number}: de rechtengroep is 0, 1 of 2.")
        levels = _names(entry, "levels", number)
        if levels - known_levels:
            raise ValueError(
                f"Regel {number}: onbekend stageniveau {', '.join(sorted(levels - known_levels))}."
            )
        note = entry.get("note", "")
        if not isinstance(note, str):
            raise ValueError(f"Regel {number}: de toelichting is tekst.")
        rows.append(
            RightsRow(
                row=text.strip(),
                group=OnlineRightsGroup(group),
                levels=levels,
                final=_optional_bool(entry, "final", number),
                taster=_optional_bool(entry, "taster", number),
                institutes=_names(entry, "institutes", number),
                note=note.strip(),
            )
        )
    return tuple(rows)


def online_rights_group(
    *,
    level: str,
    is_taster: bool,
    is_final: bool,
    institute: str,
    table: Sequence[RightsRow],
) -> tuple[OnlineRightsGroup, str]:
    """The rights group of one placement by the year's table: the first row that covers
    the placement's level, taster flag, final flag and institute. No row: no account, since
    the decision gives access to pupil data only where a row grants it (AVG)."""
    for number, row in enumerate(table, start=1):
        if row.covers(level=level, is_taster=is_taster, is_final=is_final, institute=institute):
            explanation = (
                f"Regel {number} van de tabel online rechten, “{row.row}”, geeft {row.group.label}."
            )
            return row.group, f"{explanation} {row.note}".strip()
    return OnlineRightsGroup.NONE, (
        f"Geen regel van de tabel past bij stageniveau {level or 'onbekend'} ({institute}): "
        "geen account tot de tabel het regelt."
    )


def online_rights_by_policy(
    *, level: str, is_taster: bool, is_final: bool, institute: str, table: object
) -> tuple[OnlineRightsGroup, str]:
    """`online_rights_group` on a stored table; a table stored past its validation (it is
    checked on every form) gives no account and says why, never an error page."""
    try:
        rows = parse_online_rights_table(table)
    except ValueError as exc:
        return OnlineRightsGroup.NONE, f"De tabel online rechten van het jaar is ongeldig: {exc}"
    return online_rights_group(
        level=level, is_taster=is_taster, is_final=is_final, institute=institute, table=rows
    )


def table_summary(raw: object) -> str:
    """A stored table as one line of Dutch, for the decision log's old → new: each row's
    number, what it covers and the group it gives, in the order the rule reads them."""
    try:
        rows = parse_online_rights_table(raw)
    except ValueError as exc:
        return f"ongeldige tabel ({exc})"
    return "; ".join(
        f"{number}. {row.covers_label}: {row.group.label}" for number, row in enumerate(rows, 1)
    )
