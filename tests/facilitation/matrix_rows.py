"""Permission-matrix rows of the policy pages added beside tests/matrix.py's (issue #25)."""

from tests.demo_years import RUNNING_YEAR
from tests.matrix import Case, expect

ROWS: dict[str, list[Case]] = {
    # The placement policy's numbers, kept by whoever keeps the policy.
    "facilitation:placement_policy_edit": [
        Case(expect(403, projectleider=200, admin=200), kwargs=lambda: {"year": RUNNING_YEAR})
    ],
    # The year's other settings the projectleider owns, each on a page of its own.
    **{
        f"facilitation:{name}": [
            Case(expect(403, projectleider=200, admin=200), kwargs=lambda: {"year": RUNNING_YEAR})
        ]
        for name in (
            "supervision_policy_edit",
            "afternoon_policy_edit",
            "intervision_policy_edit",
            "report_targets_edit",
            "agreements_edit",
            "online_rights_edit",
            "unknown_counts_edit",
        )
    },
}
