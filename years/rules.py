"""Pure rules of the organisation per year.

training_team_flags(members, students_per_institute) → [TeamFlag]
    what a location's opleidingsteam lacks, by the seed: a fixed SO and IO at every
    location who with the WPBs form its opleidingsteam (l. 818, 3928-3929, 4255-4266),
    an IO of every institute whose students are placed there, and the qualifications
    the seed asks of an SO, IO and WPB (l. 2017-2025, 4121, 4158, 4232; what each role
    is asked lives in `facilitation.rules.qualification_gaps`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from facilitation.rules import qualification_gaps

SO, IO, WPB = "so", "io", "wpb"


@dataclass(frozen=True)
class TeamMemberFacts:
    """One member of a location's opleidingsteam: their role there ("so", "io", "wpb" or
    another role the page shows beside them), the institute an IO works for (its short
    name), and the kinds of qualification recorded for them."""

    name: str
    role: str
    institute: str = ""
    held: frozenset[str] = frozenset()


@dataclass(frozen=True)
class TeamFlag:
    """Something the team lacks: `kind` is "no_so", "no_io" or "qualification"; `text` the
    Dutch sentence the page shows."""

    kind: str
    text: str


def _students(count: int) -> str:
    return "1 student" if count == 1 else f"{count} studenten"


def training_team_flags(
    members: Iterable[TeamMemberFacts], students_per_institute: Mapping[str, int]
) -> list[TeamFlag]:
    """What the location's team lacks, in the order the page shows it: no SO; per institute
    (by name) with students at the location but no IO of its own there; per SO and IO the
    qualifications the seed asks and are not recorded; the WPBs without the WPB course, in
    one line (a school may have many)."""
    members = list(members)
    flags: list[TeamFlag] = []
    if not any(member.role == SO for member in members):
        flags.append(
            TeamFlag("no_so", "Er is geen schoolopleider (SO); elke locatie heeft een vaste SO.")
        )
    covered = {member.institute for member in members if member.role == IO}
    for institute in sorted(students_per_institute):
        count = students_per_institute[institute]
        if count > 0 and institute not in covered:
            flags.append(
                TeamFlag(
                    "no_io",
                    f"Geen instituutsopleider (IO) van {institute}, terwijl hier "
                    f"{_students(count)} van {institute} stage "
                    f"{'loopt' if count == 1 else 'lopen'}.",
                )
            )
    for role, label in ((SO, "SO"), (IO, "IO")):
        for member in members:
            if member.role != role:
                continue
            where = f"{label} van {member.institute}" if member.institute else label
            for note in qualification_gaps(role, member.held):
                flags.append(TeamFlag("qualification", f"{member.name} ({where}): {note}"))
    without_course = sorted(
        member.name
        for member in members
        if member.role == WPB and qualification_gaps(WPB, member.held)
    )
    if without_course:
        what = (
            "werkplekbegeleider zonder"
            if len(without_course) == 1
            else "werkplekbegeleiders zonder"
        )
        flags.append(
            TeamFlag(
                "qualification",
                f"{len(without_course)} {what} vastgelegde cursus werkplekbegeleiding "
                f"(bij voorkeur gecertificeerd): {', '.join(without_course)}.",
            )
        )
    return flags
