"""What every spreadsheet the application writes shares: text that Excel or LibreOffice would
run as a formula is written as text (OWASP's advice against CSV and Excel injection)."""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def escape_formula(text: str) -> str:
    """Text starting like a formula gets a leading quote, so it is shown, never evaluated."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text
