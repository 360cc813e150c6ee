"""Permission-matrix rows of the decision log (issue #25), merged into tests.matrix.MATRIX.

The partnership's governance reads it (the projectleider, the kernteam and coordinators,
the directors, the penvoerder, the admin); the projectleider alone keeps it. The object URLs
use the demo's seed-year decisions (2020-2021, closed: a post is refused and nothing changes)."""

from typing import Any

from tests.demo_years import RUNNING_YEAR
from tests.matrix import Case, expect

READERS = {
    "projectleider": 200,
    "kernteam": 200,
    "director": 200,
    "penvoerder": 200,
    "admin": 200,
}
KEEPER = {"projectleider": 200}


def seed_decision() -> dict[str, Any]:
    from governance.models import Decision

    decision = Decision.objects.get(
        school_year__name="2020-2021", title="Online rechten voor studenten"
    )
    return {"pk": decision.pk}


def seed_change() -> dict[str, Any]:
    from governance.models import DecisionChange

    change = DecisionChange.objects.filter(
        decision__school_year__name="2020-2021", kind="begroting"
    ).first()
    return {"pk": change.pk}


ROWS: dict[str, list[Case]] = {
    "governance:list": [Case(expect(403, **READERS))],
    "governance:detail": [Case(expect(403, **READERS), kwargs=seed_decision)],
    "governance:create": [Case(expect(403, **KEEPER), kwargs=lambda: {"year": RUNNING_YEAR})],
    "governance:edit": [Case(expect(403, **KEEPER), kwargs=seed_decision)],
    "governance:change_add": [Case(expect(403, **KEEPER), kwargs=seed_decision)],
    "governance:change_delete": [
        Case(expect(403, projectleider=405), kwargs=seed_change),
        # The seed year is closed: the change stays, the page says why.
        Case(expect(403, projectleider=302), kwargs=seed_change, method="post"),
    ],
}
