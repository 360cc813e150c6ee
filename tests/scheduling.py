"""How `make test` hands tests to its processes (pytest-xdist).

Like xdist's own `load` distribution, one test at a time to whichever process is free, except
that tests sharing a costly per-process walk go to one process together, so that the walk is
made once: the form fuzz and the closed-year matrix both open every page of the demo as each
role sees it (`page_forms` in tests/bos/test_form_fuzz.py), about half a minute per process.

xdist's `loadgroup` distribution would do this with a mark, but it renames the test ids to
carry the group, which no longer works since pytest 9 made the id read-only."""

from __future__ import annotations

from xdist.scheduler import LoadScopeScheduling

# Test functions (their id without parameters) -> the group that runs in one process.
SAME_PROCESS = {
    "tests/bos/test_form_fuzz.py::test_no_form_of_the_application_answers_hostile_input_with_a_500": "form_walk",  # noqa: E501
    "tests/years/test_closed_year_matrix.py::test_no_form_changes_a_closed_year_or_sends_a_mail": "form_walk",  # noqa: E501
}


def group_of(nodeid: str) -> str:
    """The unit of work a test belongs to: its group, else the test alone."""
    return SAME_PROCESS.get(nodeid.split("[", 1)[0], nodeid)


class GroupedLoadScheduling(LoadScopeScheduling):
    """A group is one unit of work; the largest units are handed out first (xdist orders
    them by size), so a long group starts while the short tests fill the other process."""

    def _split_scope(self, nodeid: str) -> str:
        return group_of(nodeid)


# Modules whose tests take seconds each (measured with `--durations`), longest first: they are
# handed out before the many short tests, so the run does not end with one process still busy
# with a long test while the other waits (the longest-first rule for two machines).
LONG_FIRST = (
    "tests/bos/test_backup.py",
    "tests/afternoons/test_migration.py",
    "tests/bos/test_demo_dates.py",
    "tests/afternoons/test_app_move.py",
    "tests/bos/test_scale.py",
    "tests/bos/test_links.py",
    "tests/reports/test_pdf.py",
)


def run_order(nodeid: str, is_browser: bool) -> int:
    """The rank of a test in the run: the long modules, then the browser tests (seconds each),
    then everything else in the order it was collected."""
    module = nodeid.split("::", 1)[0]
    if module in LONG_FIRST:
        return LONG_FIRST.index(module)
    return len(LONG_FIRST) + (0 if is_browser else 1)
