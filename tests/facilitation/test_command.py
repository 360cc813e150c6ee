"""The command-line contract of `manage.py rules` on the demo database."""

import datetime as dt
import json
from io import StringIO
from unittest.mock import patch

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from facilitation.management.commands.rules import Command
from tests.demo_years import NEXT_YEAR, RUNNING_YEAR, running_date

pytestmark = pytest.mark.django_db


def run(*args: str) -> dict:
    out = StringIO()
    call_command("rules", *args, stdout=out)
    return json.loads(out.getvalue())


def run_cli(capsys, *args: str) -> tuple[int, str, str]:
    """As from the shell: parse errors and CommandErrors become an exit code."""
    code = 0
    # run_from_argv closes every database connection when it ends, as a real process would;
    # inside a test that would close the test transaction's connection (PostgreSQL).
    with patch("django.core.management.base.connections.close_all"):
        try:
            Command().run_from_argv(["manage.py", "rules", *args])
        except SystemExit as exc:
            code = exc.code
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_so_hours(demo):
    result = run("so-hours", "--year", RUNNING_YEAR, "6", "25")
    assert result["hours"] == 388
    assert result["lines"][-1] == "Totaal: 388 uur per jaar."
    assert result["second_so_advice"] == [False, False]
    assert run("so-hours", "--year", RUNNING_YEAR, "6")["hours"] == 123


def test_streefaantal(demo):
    assert run("streefaantal", "--year", "2020-2021", "2188") == {"streefaantal": 44}


def test_bonus(demo):
    result = run("bonus", "--year", "2020-2021", "--pupils", "1627", "--students", "40")
    assert result == {"extra_students": 7, "bonus_eur": "3920.00"}


def test_subsidy(demo):
    assert run("subsidy", "--year", RUNNING_YEAR, "--students", "199") == {
        "subsidy_eur": "290045.00"
    }
    # Without --students the previous year's funding count (199) is used.
    assert run("subsidy", "--year", RUNNING_YEAR) == {"subsidy_eur": "290045.00"}
    assert run("subsidy", "--year", "2020-2021") == {"subsidy_eur": "250000.00"}


def test_stipend(demo):
    args = ["stipend", "--year", RUNNING_YEAR, "--days", "2"]
    expected = {"eligible": True, "monthly_eur": "250.00", "months": 10, "total_eur": "2500.00"}
    start = running_date(dt.date(2021, 9, 1)).isoformat()
    end = running_date(dt.date(2022, 7, 1)).isoformat()
    assert run(*args, "--start", start, "--end", end) == expected
    assert run(*args) == expected  # the policy's default period
    employed = run(*args, "--employed")
    assert employed["eligible"] is False
    assert "schoolbestuur" in employed["reason"]
    before = run("stipend", "--year", "2020-2021", "--days", "2")
    assert before["eligible"] is False


def test_cli_prints_json_and_exits_zero(demo, capsys):
    code, out, _ = run_cli(capsys, "streefaantal", "--year", "2020-2021", "2188")
    assert code == 0
    assert json.loads(out) == {"streefaantal": 44}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["streefaantal", "--year", "1999-2000", "100"], "Onbekend schooljaar: 1999-2000."),
        (["streefaantal", "--year", NEXT_YEAR, "100"], "geen beleid vastgesteld"),
        (["streefaantal", "--year", "2020-2021", "veel"], "geen geheel getal"),
        (["so-hours", "--year", RUNNING_YEAR, "-3"], "Ongeldige invoer"),
        (["bonus", "--year", "2020-2021", "--pupils", "10"], "verplicht: --students"),
        (["stipend", "--year", RUNNING_YEAR, "--days", "2", "--start", "1-9-2021"], "geen datum"),
        (
            [
                "stipend",
                "--year",
                RUNNING_YEAR,
                "--days",
                "2",
                "--start",
                "2022-07-01",
                "--end",
                "2021-09-01",
            ],
            "einddatum ligt vóór de begindatum",
        ),
        (["onzin", "--year", RUNNING_YEAR], "ongeldige keuze"),
    ],
)
def test_bad_input_gives_dutch_message_and_exit_code_2(demo, capsys, args, message):
    code, out, err = run_cli(capsys, *args)
    assert code == 2
    assert out == ""
    assert message in err
    with pytest.raises(CommandError) as info:
        call_command("rules", *args, stdout=StringIO(), stderr=StringIO())
    assert info.value.returncode == 2
