"""Permission-matrix rows of the policy pages added beside tests/matrix.py's (issue #25)."""

from tests.demo_years import RUNNING_YEAR
from tests.matrix import Case, expect

ROWS: dict[str, list[Case]] = {
    # The placement policy's numbers, kept by whoever keeps the policy.
    "facilitation:placement_policy_edit": [
        Case(expect(403, projectleider=200, admin=200), kwargs=lambda: {"year": RUNNING_YEAR})
    ],
}
