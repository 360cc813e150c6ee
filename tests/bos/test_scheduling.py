"""The test processes' scheduling (tests/scheduling.py): a group stays one unit of work, and
every grouped test still exists under the name the scheduler knows it by."""

import importlib
from pathlib import Path

import pytest

from tests.scheduling import SAME_PROCESS, group_of

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("function", sorted(SAME_PROCESS))
def test_every_grouped_test_exists(function):
    # A renamed test would silently fall out of its group and walk the pages again.
    path, name = function.split("::")
    assert (ROOT / path).is_file(), path
    module = importlib.import_module(path.removesuffix(".py").replace("/", "."))
    assert callable(getattr(module, name, None)), function


def test_a_parametrized_test_is_in_its_functions_group():
    fuzz, closed = sorted(SAME_PROCESS)
    assert group_of(f"{fuzz}[3]") == group_of(f"{closed}[so-30]") == "form_walk"
    assert group_of(fuzz) == "form_walk"


def test_any_other_test_is_a_unit_of_its_own():
    other = "tests/bos/test_permission_matrix.py::test_permission[home-0]"
    assert group_of(other) == other
    # A test whose name only starts like a grouped one is not in the group.
    fuzz = sorted(SAME_PROCESS)[0]
    assert group_of(f"{fuzz}_too[1]") == f"{fuzz}_too[1]"
