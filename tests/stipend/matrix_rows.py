"""Permission-matrix rows of the stipend URLs added after the main matrix."""

from tests.matrix import Case, expect
from tests.stipend.matrix_objects import stipend_own_concept, stipend_sovot_submitted

ROWS: dict[str, list[Case]] = {
    # Only the student changes the bank account (POST only).
    "stipend:change_iban": [
        Case(expect(403, student=405), kwargs=stipend_own_concept),
        Case(expect(403, student=404), kwargs=stipend_sovot_submitted, method="post"),
    ],
    # Approving from a row of the list (POST only); out of turn it is a message, not an error.
    "stipend:so_approve_row": [
        Case(expect(403, so=405), kwargs=stipend_own_concept),
        Case(expect(403, so=302), kwargs=stipend_own_concept, method="post"),
    ],
    "stipend:director_approve_row": [
        Case(expect(403, director=405), kwargs=stipend_own_concept),
        Case(expect(403, director=302), kwargs=stipend_own_concept, method="post"),
    ],
}
