"""`python manage.py rules <rule> --year YYYY-YYYY ...`: apply a year's policy and print one
JSON object (exit 0). Unknown year, a year without policy or bad input: a Dutch message on
stderr and exit code 2. Money is a string with two decimals.

    rules so-hours --year 2021-2022 6 25
    rules streefaantal --year 2020-2021 2188
    rules bonus --year 2020-2021 --pupils 1627 --students 40
    rules subsidy --year 2021-2022 [--students 199]   (default: the previous year's count)
    rules stipend --year 2021-2022 --days 2 [--start 2021-09-01 --end 2022-07-01]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from bos.models import SchoolYear
from facilitation import rules
from facilitation.params import PolicyParams
from facilitation.selectors import PolicyMissing, funding_count_for_year, policy_for
from stipend import rules as stipend_rules

# argparse's own (English) messages, as the Dutch user reads them.
_MESSAGES = [
    (r"the following arguments are required: (.*)", r"verplicht: \1"),
    (r"unrecognized arguments: (.*)", r"onbekende argumenten: \1"),
    (r"argument (\S+): invalid choice: (.*?) \(choose from (.*)\)", r"\1: ongeldige keuze \2"),
    (r"argument (\S+): expected one argument", r"\1: waarde ontbreekt"),
    (r"argument (\S+): (.*)", r"\1: \2"),
]


def _dutch(message: str) -> str:
    for pattern, replacement in _MESSAGES:
        if re.fullmatch(pattern, message):
            return re.sub(pattern, replacement, message)
    return message


class DutchParser(CommandParser):
    """Bad input: a Dutch message and exit code 2, also when called through call_command."""

    def error(self, message: str) -> None:  # type: ignore[override]
        text = f"Ongeldige invoer: {_dutch(message)}"
        if self.called_from_command_line:
            self.print_usage(sys.stderr)
            self.exit(2, f"{self.prog}: {text}\n")
        raise CommandError(text, returncode=2)


def count(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"geen geheel getal: {value!r}") from None
    if number < 0:
        raise argparse.ArgumentTypeError(f"negatief aantal: {value}")
    return number


def days(value: str) -> Decimal:
    try:
        number = Decimal(value.replace(",", "."))
    except InvalidOperation:
        raise argparse.ArgumentTypeError(f"geen aantal dagen: {value!r}") from None
    if not number.is_finite() or number < 0 or number > 7:
        raise argparse.ArgumentTypeError(f"aantal dagen moet tussen 0 en 7 liggen: {value}")
    return number


def date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"geen datum (JJJJ-MM-DD): {value!r}") from None


def eur(amount: Decimal) -> str:
    return f"{rules.money(amount):.2f}"


def number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


class Command(BaseCommand):
    help = "Past de regels van het beleid van een schooljaar toe en drukt één JSON-object af."

    def add_arguments(self, parser: CommandParser) -> None:
        # Top-level errors (a missing or unknown rule) get the Dutch parser too; it adds only
        # behaviour to CommandParser, so switching the class of the instance is safe.
        parser.__class__ = DutchParser
        sub = parser.add_subparsers(
            dest="rule", required=True, parser_class=DutchParser, metavar="regel"
        )

        def rule(name: str, help_text: str) -> CommandParser:
            p = sub.add_parser(name, help=help_text)
            p.add_argument("--year", required=True, help="schooljaar, bijv. 2021-2022")
            return p

        p = rule("so-hours", "uren van een SO; één aantal studenten per locatie")
        p.add_argument("counts", nargs="+", type=count, metavar="studenten")
        p = rule("streefaantal", "streefaantal van een school")
        p.add_argument("pupils", type=count, metavar="leerlingen")
        p = rule("bonus", "bonus van een school boven haar streefaantal")
        p.add_argument("--pupils", type=count, required=True)
        p.add_argument("--students", type=count, required=True)
        p = rule("subsidy", "subsidie van het schooljaar")
        p.add_argument(
            "--students", type=count, help="getelde studenten (standaard: vorig schooljaar)"
        )
        p = rule("stipend", "stagevergoeding voor een periode")
        p.add_argument("--days", type=days, required=True, help="dagen per week")
        p.add_argument("--half-days", type=count, default=0, help="losse halve dagen per week")
        p.add_argument("--start", type=date, help="begindatum (standaard: beleid)")
        p.add_argument("--end", type=date, help="einddatum, inclusief (standaard: beleid)")
        p.add_argument("--study-year", type=count, help="studiejaar, als het beleid dat vraagt")
        p.add_argument("--not-final", action="store_true", help="geen afrondende stage")
        p.add_argument("--unrecognised", action="store_true", help="geen erkende opleiding")
        p.add_argument("--employed", action="store_true", help="in dienst van het bestuur")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            year = SchoolYear.objects.get(name=options["year"])
        except SchoolYear.DoesNotExist:
            raise CommandError(f"Onbekend schooljaar: {options['year']}.", returncode=2) from None
        try:
            params = policy_for(year)
        except PolicyMissing as exc:
            raise CommandError(str(exc), returncode=2) from None
        handler = getattr(self, "rule_" + options["rule"].replace("-", "_"))
        try:
            result = handler(params, year, options)
        except ValueError as exc:
            raise CommandError(f"Ongeldige invoer: {exc}", returncode=2) from None
        self.stdout.write(json.dumps(result, ensure_ascii=False))

    def rule_so_hours(self, params: PolicyParams, year: SchoolYear, options: dict) -> dict:
        counts = options["counts"]
        result = rules.so_hours(params, counts)
        free = rules.free_time(params, result.students)
        return {
            "hours": number(result.hours),
            "lines": list(result.lines),
            "students": result.students,
            "locations": result.locations,
            "free_time": free.requirement,
            "second_so_advice": [rules.second_so_advice(params, c).advised for c in counts],
        }

    def rule_streefaantal(self, params: PolicyParams, year: SchoolYear, options: dict) -> dict:
        return {"streefaantal": rules.streefaantal(options["pupils"], params)}

    def rule_bonus(self, params: PolicyParams, year: SchoolYear, options: dict) -> dict:
        result = rules.bonus(params, pupils=options["pupils"], students=options["students"])
        return {"extra_students": result.extra_students, "bonus_eur": eur(result.amount)}

    def rule_subsidy(self, params: PolicyParams, year: SchoolYear, options: dict) -> dict:
        students = options["students"]
        if students is None:
            previous = year.previous()
            students = funding_count_for_year(previous, params).count if previous else 0
        return {"subsidy_eur": eur(rules.subsidy(params, students).amount)}

    def rule_stipend(self, params: PolicyParams, year: SchoolYear, options: dict) -> dict:
        default_start, default_end = stipend_rules.default_period(params, year.start_year)
        start, end = options["start"] or default_start, options["end"] or default_end
        eligibility = stipend_rules.eligibility(
            params,
            final_placement=not options["not_final"],
            recognised_programme=not options["unrecognised"],
            days=options["days"],
            half_days=options["half_days"],
            employed_by_board=options["employed"],
        )
        study_year = options["study_year"]
        if not eligibility.eligible:
            zero = Decimal(0)
            return {
                "eligible": False,
                "monthly_eur": eur(zero),
                "months": 0,
                "total_eur": eur(zero),
                "reason": eligibility.reason,
            }
        monthly = stipend_rules.monthly_amount(
            params, options["days"], study_year, half_days=options["half_days"]
        )
        plan = stipend_rules.schedule(
            params,
            days=options["days"],
            half_days=options["half_days"],
            start=start,
            end=end,
            study_year=study_year,
        )
        return {
            "eligible": True,
            "monthly_eur": eur(monthly.amount),
            "months": plan.count,
            "total_eur": eur(plan.total),
        }
