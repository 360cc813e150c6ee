"""The names readers see for the report's internal keys, in tables, charts and Excel alike."""

COLUMN_LABELS: dict[str, str] = {
    "other": "overig",
    "total": "totaal",
    "minor_P1": "minor P1",
    "minor_P2": "minor P2",
}


def column_label(key: str) -> str:
    return COLUMN_LABELS.get(key, key)
