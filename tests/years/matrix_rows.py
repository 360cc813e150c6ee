"""Permission-matrix rows of the running-year pages (merged into tests.matrix.MATRIX).

The projectleider and the admin keep the years; everyone else gets a 403. The object URLs
use the demo's closed 2020-2021 and its running 2021-2022."""

from tests.matrix import Case, expect

MANAGERS = {"projectleider": 200, "admin": 200}


def closed_year() -> dict[str, str]:
    return {"year": "2020-2021"}


def running_year() -> dict[str, str]:
    return {"year": "2021-2022"}


ROWS: dict[str, list[Case]] = {
    "years:overview": [Case(expect(403, **MANAGERS))],
    "years:wizard": [Case(expect(403, **MANAGERS), kwargs=running_year)],
    "years:pupils": [Case(expect(403, **MANAGERS), kwargs=running_year)],
    "years:pupil_upload": [Case(expect(403, **MANAGERS), kwargs=running_year)],
    "years:pupil_template": [Case(expect(403, **MANAGERS), kwargs=running_year)],
    "years:close": [Case(expect(403, **MANAGERS), kwargs=running_year)],
    "years:reopen": [Case(expect(403, **MANAGERS), kwargs=closed_year)],
}
