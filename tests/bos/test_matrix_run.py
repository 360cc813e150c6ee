"""The matrices' runner (tests/matrix_run.py): each role finds the database as the test found
it, and one failing role neither hides another nor stops the rest."""

import pytest

from bos.models import Institute
from tests.factories import InstituteFactory
from tests.matrix_run import for_every_role

pytestmark = pytest.mark.django_db


def test_each_role_finds_the_database_as_the_test_found_it():
    before = Institute.objects.count()
    seen: list[int] = []

    def check(role: str) -> None:
        seen.append(Institute.objects.count())
        InstituteFactory(short_name=f"T{role}")

    for_every_role(["so", "io", "wpb"], check, row="row")
    assert seen == [before, before, before]
    assert Institute.objects.count() == before


def test_every_failing_role_is_named_and_the_others_still_run():
    asked: list[str] = []

    def check(role: str) -> None:
        asked.append(role)
        if role == "so":
            raise AssertionError("200, expected 403")
        if role == "wpb":
            raise KeyError("kapot")

    with pytest.raises(AssertionError) as failure:
        for_every_role(["so", "io", "wpb", "student"], check, row="placements:list [0]")
    message = str(failure.value)
    assert asked == ["so", "io", "wpb", "student"]
    assert message.startswith("placements:list [0]:\n- so: 200, expected 403\n- wpb: Traceback")
    assert "KeyError: 'kapot'" in message
    assert "- io" not in message and "- student" not in message
