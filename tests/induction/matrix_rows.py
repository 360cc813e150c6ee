"""Permission-matrix rows of the induction register (issue #16)."""

from typing import Any

from tests.matrix import Case, expect


def beatrix_starter() -> dict[str, Any]:
    from induction.models import Starter

    return {"pk": Starter.objects.filter(location__name="Beatrix College").order_by("pk")[0].pk}


INDUCTION_VIEWERS = {
    "so": 200,
    "director": 200,
    "projectleider": 200,
    "kernteam": 200,
    "admin": 200,
}

ROWS: dict[str, list[Case]] = {
    "induction:register": [Case(expect(403, **INDUCTION_VIEWERS))],
    "induction:new": [Case(expect(403, so=200, director=200, projectleider=200, admin=200))],
    # The starter form's search suggestions (issue #29).
    "induction:search": [
        Case(
            expect(403, so=200, director=200, projectleider=200, admin=200),
            kwargs=lambda: {"source": "coach"},
            data={"veld": "coach", "id": "id_coach", "coach": "an"},
        ),
        Case(
            expect(403, so=200, director=200, projectleider=200, admin=200),
            kwargs=lambda: {"source": "oud-student"},
            data={"veld": "s", "id": "id_s", "s": "an"},
        ),
    ],
    "induction:as_student": [
        Case(expect(403, so=200, projectleider=200, admin=200), kwargs=beatrix_starter)
    ],
    "induction:blocks": [Case(expect(403, **INDUCTION_VIEWERS))],
    "induction:figures": [Case(expect(403, projectleider=200, kernteam=200, admin=200))],
}
