"""Fictitious data at N times the demo, for measuring pages and reports at regional scale.

`generate(factor=N, years=Y)` adds, for each of the Y school years ending at the anchor
year (the latest year with an organisation, else the current one): 16·N school locations
with their pupils, boards, groups and HR offices, institutes and partnerships, staff with
their roles (SO, IO, WPB, director, BC, IC, HR, projectleider, kernteam, ontwikkelteam),
students, about 254·N placements over the report's levels (students move up a level from
one year to the next), the intake checklist of the anchor year, the SO's granted hours and
count bases, verdiepingsmiddagen (with invitations, preferences and assignments in the last two
years), intervision groups with meetings and attendance (the last two years), starting
teachers (induction), the projectleider's planning dates, professionalisation meetings with
registered WPBs, a budget with lines and actuals, and stipend applications
for final placements with their personal fields encrypted as the model stores them.

The data is lopsided the way a real region is: one school (`LARGEST_SCHOOL`, its own SO)
takes about a tenth of all placements, and the first board (`LARGE_BOARD`) about a quarter,
so the logins `so_largest` and `hr_largest` see the biggest workload at any factor.

Everything is written with `bulk_create` in batches, so model signals (and the audit trail)
are not involved, but every database constraint and the open-placement trigger is: a student
has one placement per year, its dates lie inside the year, and a switched placement is
stopped before the next one starts. The same factor and seed give the same data; names are
made up (`@scale.bos.example`), so nothing here is personal data.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import connection, models, transaction
from django.utils import timezone

from bos.models import (
    DevelopmentTeam,
    HROffice,
    Institute,
    InstitutePartnership,
    LocationYear,
    Person,
    Role,
    RoleAssignment,
    SchoolBoard,
    SchoolGroup,
    SchoolLocation,
    SchoolYear,
    User,
)
from bos.yearbound import closed_year_writes

DOMAIN = "scale.bos.example"
PASSWORD = "bos-scale-2020"  # noqa: S105  # nosec B105 - fictitious benchmark accounts
PREFIX = "Schaal"
BATCH = 2000

# Per factor 1, roughly the demo year: 16 member locations and 254 placements a year.
LOCATIONS_PER_FACTOR = 16
PLACEMENTS_PER_FACTOR = 254
# The teacher-education institutes students come from: a country's, the same for a small
# partnership and a large region (a region does not have a hundred of them).
INSTITUTES = 24
WPB_PER_LOCATION = 8
# The first board is large: a tenth of all locations, so its HR office and coordinator see
# a workload that grows with the factor.
LARGE_BOARD_SHARE = 10
# The largest school: the second SO area, which is one school of the large board with an SO
# of its own (so.1). Its share (per cent) of the placements, and the large board's share
# (the largest school included), make the region lopsided as real ones are.
LARGEST_SCHOOL = 3
LARGEST_SCHOOL_PERCENT = 10
LARGE_BOARD_PERCENT = 25
# The afternoons' invitations and the intervision groups cover the last so many years: the
# growth shows in a year's volume, and older years only add generation time at 100x.
ACTIVITY_YEARS = 2
INTERVISION_GROUP_SIZE = 10
INTERVISION_MEETINGS = 5
# Locations per SO, cycled: most SOs have one school, some cover a group of two or three.
SO_AREA_SIZES = (1, 1, 2, 1, 3)

# Report levels with their share (per mille) of a year's placements, the institute label
# (per partner kind) and whether the placement is final.
LEVELS: tuple[tuple[str, int], ...] = (
    ("VT1", 300),
    ("VT2", 180),
    ("VT3", 150),
    ("VT4", 140),
    ("minor_P1", 40),
    ("minor_P2", 30),
    ("DT", 60),
    ("master", 70),
    ("kop", 30),
)
NEXT_LEVEL = {"VT1": "VT2", "VT2": "VT3", "VT3": "VT4", "minor_P1": "minor_P2"}
FINAL_LEVELS = {"VT4", "master", "minor_P2"}
VARIANT = {
    "VT1": "vt",
    "VT2": "vt",
    "VT3": "vt",
    "VT4": "vt",
    "minor_P1": "minor",
    "minor_P2": "minor",
    "DT": "dt",
    "master": "master",
    "kop": "kop",
}
FIRST_YEAR_LABEL = "J1"
SUBJECTS = (
    "Engels", "Spaans", "Geschiedenis", "Maatschappijleer", "Nederlands", "Wiskunde",
    "Biologie", "Aardrijkskunde", "Frans", "Duits", "Economie", "Scheikunde", "Natuurkunde",
    "Lichamelijke opvoeding", "Muziek", "Beeldende vorming",
)  # fmt: skip
FIRST_NAMES = (
    "Anouk", "Bram", "Charlotte", "Daan", "Eva", "Fleur", "Gijs", "Hanna", "Ilse", "Jesse",
    "Kim", "Lars", "Maud", "Niels", "Olivia", "Pim", "Quinten", "Roos", "Sem", "Tess",
    "Ruben", "Vera", "Wout", "Yara", "Zoë", "Thijs", "Lotte", "Milan", "Noor", "Stijn",
)  # fmt: skip
LAST_NAMES = (
    "Aalbers", "Bakkenes", "Coppens", "Donkers", "Eijkelkamp", "Franssen", "Geurts",
    "Hendrikx", "Janssens", "Kuijpers", "Lambrechts", "Mutsaers", "Nooijen", "Oomen",
    "Peeters", "Rovers", "Smulders", "Timmermans", "Verhoeven", "Wouters", "Brands",
    "Claassen", "Dirven", "Evers", "Gevers", "Hurkmans", "Jacobs", "Maas", "Swinkels",
    "Willems",
)  # fmt: skip
CHECKLIST = (
    ("reply", "so", 3),
    ("interview", "so", 10),
    ("data", "so", 10),
    ("wpb_intro", "so", 14),
    ("ict", "so", 21),
    ("facilities", "so", 21),
    ("vog", "so", 21),
    ("agreement", "io", 28),
    ("start_meeting", "so", 28),
)


# The SO area (index of so.<k>) that is the largest school alone (see `organisation`).
LARGEST_SCHOOL_AREA = 1


class ScaleDataExists(Exception):
    """Generated data is already present; generating twice would double it."""


def address(local: str, tag: str = "") -> str:
    """A generated e-mail address; a tag keeps a second generated set apart."""
    return f"{local}{'.' + tag if tag else ''}@{DOMAIN}"


@dataclass(frozen=True)
class ScaleLogins:
    """The generated accounts that see the most at any factor (for benchmarks and tests)."""

    tag: str = ""
    password: str = PASSWORD

    def by_role(self) -> dict[str, str]:
        locals_ = {
            "so": "so.0",
            "io": "io.0",
            "wpb": "wpb.0.0",
            "projectleider": "projectleider",
            "kernteam": "kernteam",
            "bc": "bc.0",
            "hr": "hr.0",
            "director": "director.0",
            "ic": "ic.0",
            # The largest school's own SO and a second HR officer of the large board.
            "so_largest": f"so.{LARGEST_SCHOOL_AREA}",
            "hr_largest": "hr.largest",
            # The first school's lerarencoach and the large board as penvoerder (issue #25).
            "lerarencoach": "lerarencoach.0",
            "penvoerder": "penvoerder",
        }
        return {role: address(local, self.tag) for role, local in locals_.items()}


LOGINS = ScaleLogins()


@dataclass
class ScaleResult:
    factor: int
    years: list[str]
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


def _bulk[M: models.Model](model: type[M], objects: Iterable[M], counts: dict[str, int]) -> list[M]:
    """Insert in batches; the returned objects carry their primary keys."""
    created: list[M] = []
    batch: list[M] = []
    for obj in objects:
        batch.append(obj)
        if len(batch) >= BATCH:
            created.extend(model.objects.bulk_create(batch))
            batch = []
    if batch:
        created.extend(model.objects.bulk_create(batch))
    key = model._meta.label
    counts[key] = counts.get(key, 0) + len(created)
    return created


def _bulk_m2m(through: type[models.Model], rows: Iterable[dict[str, int]], counts: dict) -> None:
    _bulk(through, (through(**row) for row in rows), counts)


def _anchor_year() -> SchoolYear:
    with_schools = LocationYear.objects.values("school_year_id")
    year = SchoolYear.objects.filter(pk__in=with_schools).order_by("-start_date").first()
    return year or SchoolYear.objects.current() or _year_for(timezone.localdate().year - 1)


def _year_for(start_year: int) -> SchoolYear:
    start, end = SchoolYear.bounds_for(start_year)
    year, _ = SchoolYear.objects.get_or_create(
        name=SchoolYear.name_for(start_year), defaults={"start_date": start, "end_date": end}
    )
    return year


def _ensure_policies(years: Sequence[SchoolYear]) -> None:
    """Every generated year needs a policy (the rules) and a placement policy; a missing
    one copies the nearest existing policy, or takes the model's defaults."""
    from facilitation.models import Policy
    from placements.models import PlacementPolicy

    existing = {p.school_year_id: p for p in Policy.objects.all()}
    template = next(iter(sorted(existing.values(), key=lambda p: -p.school_year_id)), None)
    for year in years:
        PlacementPolicy.for_year(year)
        if year.pk in existing:
            continue
        values: dict[str, Any] = {}
        if template is not None:
            for model_field in Policy._meta.concrete_fields:
                if model_field.name not in ("id", "school_year"):
                    values[model_field.attname] = getattr(template, model_field.attname)
        Policy.objects.create(school_year=year, **values)


class _Names:
    """Deterministic fictitious names."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def person(self) -> tuple[str, str]:
        return self.rng.choice(FIRST_NAMES), self.rng.choice(LAST_NAMES)


def generate(
    *,
    factor: int,
    years: int = 5,
    seed: int = 19,
    tag: str = "",
    progress: Callable[[str], None] | None = None,
) -> ScaleResult:
    """Generate the data in one transaction. Raises ScaleDataExists when already present."""
    if factor < 1 or years < 1:
        raise ValueError("factor and years must be at least 1")
    if Institute.objects.filter(short_name__startswith=f"{PREFIX}{tag}-").exists():
        raise ScaleDataExists("Er staan al gegenereerde schaalgegevens in de database.")
    started = time.monotonic()
    say = progress or (lambda message: None)
    # Generated data fills earlier years too, some of which (the demo's seed year, say) are
    # closed: it is benchmark data, not a change of a year's records.
    with transaction.atomic(), closed_year_writes("schaalgegevens voor de prestatiemeting"):
        result = _Generator(factor=factor, years=years, seed=seed, tag=tag, say=say).run()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    result.seconds = round(time.monotonic() - started, 1)
    return result


class _Generator:
    def __init__(
        self, *, factor: int, years: int, seed: int, tag: str, say: Callable[[str], None]
    ) -> None:
        self.factor = factor
        self.tag = tag
        self.prefix = f"{PREFIX}{tag}"
        self.logins = ScaleLogins(tag=tag)
        self.rng = random.Random(seed)  # nosec B311 - reproducible fake data, not secrets
        self.names = _Names(self.rng)
        self.say = say
        anchor = _anchor_year()
        self.years = [_year_for(anchor.start_year - back) for back in range(years - 1, -1, -1)]
        self.anchor = self.years[-1]
        self.counts: dict[str, int] = {}
        self.password_hash = make_password(PASSWORD)
        self.today = timezone.localdate()

    # The organisation ---------------------------------------------------------------------

    def run(self) -> ScaleResult:
        _ensure_policies(self.years)
        self.organisation()
        self.say("organisatie klaar")
        self.staff()
        self.say("personeel en rollen klaar")
        self.placements()
        self.say("studenten en stages klaar")
        self.checklists()
        self.facilitation()
        self.intervision()
        self.invitations()
        self.intervision_groups()
        self.induction()
        self.planning()
        self.professionalization()
        self.budgets()
        self.say("checklists, facilitering en begroting klaar")
        self.stipends()
        self.say("stagevergoedingen klaar")
        return ScaleResult(
            factor=self.factor, years=[y.name for y in self.years], counts=dict(self.counts)
        )

    def organisation(self) -> None:
        n_locations = LOCATIONS_PER_FACTOR * self.factor
        n_boards = max(2, math.ceil(n_locations / 8))
        n_offices = max(1, math.ceil(n_boards / 4))
        offices = _bulk(
            HROffice,
            (
                HROffice(
                    name=f"{self.prefix} HR {i:04d}", email=address(f"hr-office.{i}", self.tag)
                )
                for i in range(n_offices)
            ),
            self.counts,
        )
        # The large board has an HR office of its own.
        self.boards = _bulk(
            SchoolBoard,
            (
                SchoolBoard(
                    name=f"{self.prefix} bestuur {i:04d}",
                    hr_office=offices[0]
                    if i == 0
                    else offices[1 + (i - 1) % (n_offices - 1)]
                    if n_offices > 1
                    else offices[0],
                )
                for i in range(n_boards)
            ),
            self.counts,
        )
        # At least the first SO's group and the largest school.
        large = max(LARGEST_SCHOOL + 1, n_locations // LARGE_BOARD_SHARE)
        self.large_board_size = large
        board_of = [
            0 if i < large else 1 + (i - large) % (n_boards - 1) for i in range(n_locations)
        ]
        # Groups of three consecutive locations of a board, as the SO areas below use.
        self.areas: list[list[int]] = []
        i = 0
        size_cycle = 0
        while i < n_locations:
            size = SO_AREA_SIZES[size_cycle % len(SO_AREA_SIZES)]
            size_cycle += 1
            if len(self.areas) == 0:
                size = 3  # SO 0 covers a group: the "SO of a large school group"
            area = [j for j in range(i, min(n_locations, i + size))]
            # An area stays within one board.
            area = [j for j in area if board_of[j] == board_of[area[0]]]
            self.areas.append(area)
            i = area[-1] + 1
        if self.areas[LARGEST_SCHOOL_AREA] != [LARGEST_SCHOOL]:
            raise RuntimeError("the largest school must be an SO area of its own")
        groups = _bulk(
            SchoolGroup,
            (
                SchoolGroup(
                    name=f"{self.prefix} scholengroep {k:05d}",
                    board=self.boards[board_of[area[0]]],
                )
                for k, area in enumerate(self.areas)
                if len(area) > 1
            ),
            self.counts,
        )
        group_of: dict[int, SchoolGroup] = {}
        grouped = iter(groups)
        for area in self.areas:
            if len(area) > 1:
                group = next(grouped)
                for j in area:
                    group_of[j] = group
        self.locations = _bulk(
            SchoolLocation,
            (
                SchoolLocation(
                    name=f"{self.prefix} {i:05d} {self.rng.choice(LAST_NAMES)} College",
                    board=self.boards[board_of[i]],
                    group=group_of.get(i),
                )
                for i in range(n_locations)
            ),
            self.counts,
        )
        self.board_of = board_of
        self.pupils = [self.rng.randint(350, 2600) for _ in range(n_locations)]
        _bulk(
            LocationYear,
            (
                LocationYear(
                    location=location,
                    school_year=year,
                    is_member=True,
                    pupils=max(200, self.pupils[i] + self.rng.randint(-60, 60)),
                    is_kartrekker=i % 25 == 0,
                )
                for year in self.years
                for i, location in enumerate(self.locations)
            ),
            self.counts,
        )
        n_institutes = INSTITUTES
        self.institutes = _bulk(
            Institute,
            (
                Institute(
                    name=f"{self.prefix} lerarenopleiding {i:03d}",
                    short_name=f"{self.prefix}-{i:03d}",
                    first_year_label=FIRST_YEAR_LABEL if i % 3 != 2 else "",
                )
                for i in range(n_institutes)
            ),
            self.counts,
        )
        # A third of the institutes are partners; one changes status halfway.
        _bulk(
            InstitutePartnership,
            (
                InstitutePartnership(
                    institute=institute,
                    school_year=year,
                    is_partner=(i % 3 == 0) or (i == 1 and y >= len(self.years) // 2),
                )
                for y, year in enumerate(self.years)
                for i, institute in enumerate(self.institutes)
            ),
            self.counts,
        )

    def _people(self, emails: list[str], *, login: set[str]) -> list[Person]:
        users = {
            u.email: u
            for u in _bulk(
                User,
                (
                    User(email=email, password=self.password_hash, is_active=True)
                    for email in emails
                    if email in login
                ),
                self.counts,
            )
        }
        people = []
        for email in emails:
            first, last = self.names.person()
            people.append(Person(first_name=first, last_name=last, email=email))
            people[-1].user = users.get(email)
        return _bulk(Person, people, self.counts)

    def staff(self) -> None:
        logins = set(self.logins.by_role().values())
        n_loc = len(self.locations)
        so_emails = [address(f"so.{k}", self.tag) for k in range(len(self.areas))]
        director_emails = [address(f"director.{i}", self.tag) for i in range(n_loc)]
        wpb_emails = [
            address(f"wpb.{i}.{w}", self.tag) for i in range(n_loc) for w in range(WPB_PER_LOCATION)
        ]
        io_emails = [address(f"io.{k}", self.tag) for k in range(math.ceil(n_loc / 5))]
        ic_emails = [address(f"ic.{k}", self.tag) for k in range(len(self.institutes))]
        bc_emails = [address(f"bc.{b}", self.tag) for b in range(len(self.boards))]
        # One HR officer per board (a role assignment holds one board).
        hr_emails = [address(f"hr.{b}", self.tag) for b in range(len(self.boards))]
        # A second HR officer of the large board: the `hr_largest` login.
        hr_emails.append(address("hr.largest", self.tag))
        pl_emails = [address("projectleider", self.tag), address("kernteam", self.tag)]
        team_emails = [address(f"ontwikkelteam.{k}", self.tag) for k in range(4 * self.factor)]
        # Last, so every other generated name stays what it was.
        coach_email = address("lerarencoach.0", self.tag)
        penvoerder_email = address("penvoerder", self.tag)
        everyone = (
            so_emails
            + director_emails
            + wpb_emails
            + io_emails
            + ic_emails
            + bc_emails
            + hr_emails
            + pl_emails
            + team_emails
            + [coach_email, penvoerder_email]
        )
        people = {p.email: p for p in self._people(everyone, login=logins)}
        self.so_people = [people[e] for e in so_emails]
        self.wpb_people = [people[e] for e in wpb_emails]
        self.io_people = [people[e] for e in io_emails]
        # Per year the same roles; collect (assignment, location indexes) to link after insert.
        pending: list[tuple[RoleAssignment, list[int]]] = []
        teams = list(DevelopmentTeam)
        for year in self.years:
            for k, area in enumerate(self.areas):
                pending.append(
                    (
                        RoleAssignment(person=self.so_people[k], school_year=year, role=Role.SO),
                        area,
                    )
                )
            for i in range(n_loc):
                pending.append(
                    (
                        RoleAssignment(
                            person=people[director_emails[i]],
                            school_year=year,
                            role=Role.DIRECTOR,
                        ),
                        [i],
                    )
                )
                for w in range(WPB_PER_LOCATION):
                    pending.append(
                        (
                            RoleAssignment(
                                person=self.wpb_people[i * WPB_PER_LOCATION + w],
                                school_year=year,
                                role=Role.WPB,
                                subjects=SUBJECTS[(i + w) % len(SUBJECTS)],
                                qualification_grade=1 + (w % 2),
                                started_at_school=year.start_year - 1 - (w % 6),
                            ),
                            [i],
                        )
                    )
            for k, io in enumerate(self.io_people):
                pending.append(
                    (
                        RoleAssignment(
                            person=io,
                            school_year=year,
                            role=Role.IO,
                            institute=self.institutes[(3 * k) % len(self.institutes)],
                        ),
                        list(range(5 * k, min(n_loc, 5 * k + 5))),
                    )
                )
            for k, email in enumerate(ic_emails):
                pending.append(
                    (
                        RoleAssignment(
                            person=people[email],
                            school_year=year,
                            role=Role.IC,
                            institute=self.institutes[k],
                            hours=Decimal(166),
                        ),
                        [],
                    )
                )
            for b, email in enumerate(bc_emails):
                pending.append(
                    (
                        RoleAssignment(
                            person=people[email],
                            school_year=year,
                            role=Role.BC,
                            board=self.boards[b],
                            hours=Decimal(166),
                        ),
                        [],
                    )
                )
            for b, email in enumerate(hr_emails):
                pending.append(
                    (
                        RoleAssignment(
                            person=people[email],
                            school_year=year,
                            role=Role.HR,
                            board=self.boards[b % len(self.boards)],
                        ),
                        [],
                    )
                )
            pending.append(
                (
                    RoleAssignment(
                        person=people[address("projectleider", self.tag)],
                        school_year=year,
                        role=Role.PROJECTLEIDER,
                        hours=Decimal(995),
                    ),
                    [],
                )
            )
            pending.append(
                (
                    RoleAssignment(
                        person=people[address("kernteam", self.tag)],
                        school_year=year,
                        role=Role.KERNTEAM,
                    ),
                    [],
                )
            )
            for k, email in enumerate(team_emails):
                pending.append(
                    (
                        RoleAssignment(
                            person=people[email],
                            school_year=year,
                            role=Role.ONTWIKKELTEAM,
                            team=teams[k % len(teams)],
                            is_kartrekker=k < len(teams),
                            hours=Decimal(40),
                        ),
                        [],
                    )
                )
            pending.append(
                (
                    RoleAssignment(
                        person=people[coach_email], school_year=year, role=Role.LERARENCOACH
                    ),
                    [0],
                )
            )
            pending.append(
                (
                    RoleAssignment(
                        person=people[penvoerder_email],
                        school_year=year,
                        role=Role.PENVOERDER,
                        board=self.boards[0],
                    ),
                    [],
                )
            )
        unique = pending
        created = _bulk(RoleAssignment, (a for a, _ in unique), self.counts)
        through = RoleAssignment.locations.through
        _bulk_m2m(
            through,
            (
                {"roleassignment_id": assignment.pk, "schoollocation_id": self.locations[i].pk}
                for assignment, (_, area) in zip(created, unique, strict=True)
                for i in area
            ),
            self.counts,
        )
        self.so_of_location: dict[int, Person] = {}
        for k, area in enumerate(self.areas):
            for i in area:
                self.so_of_location[i] = self.so_people[k]
        self.io_of_location = {
            i: (self.io_people[i // 5], self.institutes[(3 * (i // 5)) % len(self.institutes)])
            for i in range(n_loc)
        }

    # Students and placements --------------------------------------------------------------

    def _level(self) -> str:
        pick = self.rng.randrange(1000)
        for level, share in LEVELS:
            if pick < share:
                return level
            pick -= share
        return "VT1"

    def _location(self) -> int:
        """A placement's school, lopsided: the largest school and the large board first."""
        roll = self.rng.randrange(100)
        if roll < LARGEST_SCHOOL_PERCENT:
            return LARGEST_SCHOOL
        if roll < LARGE_BOARD_PERCENT:
            return self.rng.randrange(self.large_board_size)
        return self.rng.randrange(len(self.locations))

    def placements(self) -> None:
        from placements.models import Placement, Student

        per_year = PLACEMENTS_PER_FACTOR * self.factor
        n_loc = len(self.locations)
        # Students moving on: (student, next level) from the previous year.
        carried: list[tuple[Student, str]] = []
        self.final_placements: list[Placement] = []
        self.anchor_placements: list[Placement] = []
        self.placements_of_year: dict[int, list[Placement]] = {}
        student_seq = 0
        for year in self.years:
            is_anchor = year == self.anchor
            continuing = carried[: per_year // 2]
            new_count = per_year - len(continuing)
            new_levels = [self._level() for _ in range(new_count)]
            new_students = []
            new_locations: list[int] = []
            for level in new_levels:
                first, last = self.names.person()
                # A new student's school is drawn here, so that one in ten comes from the
                # institute of that school's IO: every IO has students at any factor.
                i = self._location()
                new_locations.append(i)
                if self.rng.randrange(10) == 0:
                    institute = self.io_of_location[i][1]
                else:
                    institute = self.institutes[self.rng.randrange(len(self.institutes))]
                new_students.append(
                    Student(
                        first_name=first,
                        last_name=last,
                        email=address(f"student.{student_seq}", self.tag),
                        institute=institute,
                        programme=SUBJECTS[student_seq % len(SUBJECTS)],
                        variant=VARIANT[level],
                        student_number=f"S{student_seq:07d}",
                        is_zij_instromer=student_seq % 40 == 0,
                    )
                )
                student_seq += 1
            new_students = _bulk(Student, new_students, self.counts)
            rows = [*continuing, *zip(new_students, new_levels, strict=True)]
            placements: list[Placement] = []
            switches: list[tuple[int, int]] = []
            start, end = year.start_date, year.end_date
            # The anchor year is seen from today, or from early autumn when today is outside
            # it, so it has both planned and active placements.
            reference = self.today if year.contains(self.today) else start + dt.timedelta(days=50)
            for n, (student, level) in enumerate(rows):
                new = n >= len(continuing)
                i = new_locations[n - len(continuing)] if new else self._location()
                location = self.locations[i]
                wpb = self.wpb_people[i * WPB_PER_LOCATION + self.rng.randrange(WPB_PER_LOCATION)]
                io, io_institute = self.io_of_location[i]
                begin = start + dt.timedelta(days=31 + self.rng.randrange(40))
                finish = end - dt.timedelta(days=20 + self.rng.randrange(20))
                status = "completed"
                stopped_on = None
                registered = True
                if is_anchor:
                    status = (
                        "active"
                        if begin <= reference <= finish
                        else ("planned" if begin > reference else "completed")
                    )
                roll = self.rng.randrange(100)
                if roll < 3:
                    # Stopped before starting, never registered: not in the report.
                    status, registered = "stopped", False
                    stopped_on = begin
                elif roll < 6:
                    status = "stopped"
                    stopped_on = begin + dt.timedelta(days=60)
                elif roll < 7 and level not in FINAL_LEVELS:
                    switches.append((n, self.rng.randrange(n_loc)))
                label = FIRST_YEAR_LABEL if level in ("VT1", "minor_P1") else level
                placements.append(
                    Placement(
                        student=student,
                        location=location,
                        school_year=year,
                        level=level,
                        institute_label=label,
                        start_date=begin,
                        end_date=finish,
                        days_per_week=Decimal(1 + self.rng.randrange(4)),
                        so=self.so_of_location[i],
                        io=io if student.institute_id == io_institute.pk else None,
                        wpb=wpb,
                        registered_in_institute_system=registered,
                        is_final=level in FINAL_LEVELS,
                        status=status,
                        registered_on=begin - dt.timedelta(days=30),
                        stopped_on=stopped_on,
                        stop_reason="Gestopt" if stopped_on else "",
                    )
                )
            # A switcher stops at the first school halfway and goes on at another one.
            second: list[Placement] = []
            for n, other in switches:
                first = placements[n]
                halfway = first.start_date + (first.end_date - first.start_date) / 2
                first.status = "stopped"
                first.stopped_on = halfway
                first.stop_reason = "Overgestapt naar een andere school"
                first.end_date = halfway
                location = self.locations[other]
                second.append(
                    Placement(
                        student=first.student,
                        location=location,
                        school_year=year,
                        level=first.level,
                        institute_label=first.institute_label,
                        start_date=halfway + dt.timedelta(days=1),
                        end_date=year.end_date - dt.timedelta(days=20),
                        days_per_week=first.days_per_week,
                        so=self.so_of_location[other],
                        wpb=self.wpb_people[other * WPB_PER_LOCATION],
                        registered_in_institute_system=True,
                        is_final=first.is_final,
                        status="completed" if not is_anchor else "active",
                        registered_on=halfway,
                    )
                )
            placements = _bulk(Placement, placements, self.counts)
            for (n, _), follow in zip(switches, second, strict=True):
                follow.switched_from = placements[n]
            second = _bulk(Placement, second, self.counts)
            year_placements = placements + second
            self.final_placements.extend(
                p for p in year_placements if p.is_final and p.status != "stopped"
            )
            self.placements_of_year[year.pk] = year_placements
            if is_anchor:
                self.anchor_placements = year_placements
            carried = [
                (p.student, NEXT_LEVEL[p.level])
                for p in placements
                if p.level in NEXT_LEVEL and p.status == "completed"
            ]
            self.say(f"  {year.name}: {len(year_placements)} stages")

    def checklists(self) -> None:
        from placements.models import ChecklistItem

        now = timezone.now()

        def items() -> Iterable[ChecklistItem]:
            for placement in self.anchor_placements:
                registered = placement.registered_on or placement.start_date
                open_placement = placement.status in ("planned", "active")
                for position, (kind, role, days) in enumerate(CHECKLIST):
                    due = registered + dt.timedelta(days=days)
                    done = not open_placement or self.rng.randrange(3) > 0
                    yield ChecklistItem(
                        placement=placement,
                        kind=kind,
                        position=position,
                        responsible_role=role,
                        due_date=due,
                        done_at=now if done else None,
                        done_by_name="Schaal SO" if done else "",
                    )

        _bulk(ChecklistItem, items(), self.counts)

    def facilitation(self) -> None:
        from facilitation.models import GrantedHours, LocationCountBasis

        _bulk(
            GrantedHours,
            (
                GrantedHours(school_year=year, so=so, hours=Decimal(100 + 20 * (k % 7)), note="")
                for year in self.years
                for k, so in enumerate(self.so_people)
                if k % 3 != 1
            ),
            self.counts,
        )
        _bulk(
            LocationCountBasis,
            (
                LocationCountBasis(
                    school_year=year,
                    location=location,
                    basis=("agreed", "average")[i % 2],
                    agreed_count=12 if i % 2 == 0 else None,
                )
                for year in self.years
                for i, location in enumerate(self.locations)
                if i % 10 == 3
            ),
            self.counts,
        )

    def intervision(self) -> None:
        """Verdiepingsmiddagen with two workshops each (the themes live in the workshops):
        four a year per region, a region per factor."""
        from afternoons.models import DeepeningAfternoon, Workshop

        now = timezone.now()
        active = {year.pk for year in self.years[-ACTIVITY_YEARS:]}

        def afternoon(year: SchoolYear, k: int) -> DeepeningAfternoon:
            # Within the year, whatever the factor.
            date = year.start_date + dt.timedelta(days=60 + (7 * k) % 280)
            past = date < self.today
            invited = year.pk in active
            return DeepeningAfternoon(
                school_year=year,
                number=1 + k % 4,
                date=date,
                audience=f"{self.prefix} regio {k // 4}",
                choice_deadline=date - dt.timedelta(days=14),
                invitations_sent_at=now if invited else None,
                assigned_at=now if invited and past else None,
                published_at=now if invited and past else None,
            )

        self.afternoons = _bulk(
            DeepeningAfternoon,
            (afternoon(year, k) for year in self.years for k in range(4 * self.factor)),
            self.counts,
        )
        workshops = _bulk(
            Workshop,
            (
                Workshop(
                    afternoon_id=a.pk,
                    order=order,
                    theme=theme,
                    leader_name="Workshopleider",
                    # A region's students split over the two workshops.
                    capacity=150,
                    mode="online" if (a.pk + order) % 2 else "on_site",
                )
                for a in self.afternoons
                for order, theme in enumerate(("Feedback geven", "Klassenmanagement"))
            ),
            self.counts,
        )
        self.workshops_of: dict[int, list[Any]] = {}
        for workshop in workshops:
            self.workshops_of.setdefault(workshop.afternoon_id, []).append(workshop)

    def _students_of_year(self, year: SchoolYear) -> list[Any]:
        """The year's placements that ran (not stopped), one per student."""
        seen: set[int] = set()
        rows = []
        for placement in self.placements_of_year[year.pk]:
            if placement.status == "stopped" or placement.student_id in seen:
                continue
            seen.add(placement.student_id)
            rows.append(placement)
        return rows

    def invitations(self) -> None:
        """In the last years every student is invited to the four afternoons of their region,
        chooses both themes in order, and is assigned (and marked present or absent) once the
        afternoon has passed."""
        from afternoons.models import Invitation, Preference, WorkshopAssignment

        now = timezone.now()
        regions = self.factor
        invited: list[tuple[Any, Any, int]] = []  # (afternoon, placement, n)
        for year in self.years[-ACTIVITY_YEARS:]:
            of_year = [a for a in self.afternoons if a.school_year_id == year.pk]
            students = self._students_of_year(year)
            for n, placement in enumerate(students):
                region = n % regions
                for a in of_year[4 * region : 4 * region + 4]:
                    invited.append((a, placement, n))
        _bulk(
            Invitation,
            (
                Invitation(afternoon=a, student_id=p.student_id, email=p.student.email, sent_at=now)
                for a, p, _ in invited
            ),
            self.counts,
        )
        _bulk(
            Preference,
            (
                Preference(
                    afternoon=a,
                    student_id=p.student_id,
                    rank=rank,
                    workshop=self.workshops_of[a.pk][(n + rank - 1) % 2],
                )
                for a, p, n in invited
                for rank in (1, 2)
            ),
            self.counts,
        )
        _bulk(
            WorkshopAssignment,
            (
                WorkshopAssignment(
                    afternoon=a,
                    student_id=p.student_id,
                    workshop=self.workshops_of[a.pk][n % 2],
                    choice_rank=1,
                    attended=n % 7 != 0,
                    attendance_recorded_at=now,
                )
                for a, p, n in invited
                if a.date < self.today
            ),
            self.counts,
        )

    def intervision_groups(self) -> None:
        """In the last years each school's students in groups of ten, led by their SO, with
        meetings through the year and attendance for the ones that have passed."""
        from intervision.models import Attendance, IntervisionGroup, Meeting, Membership

        index_of = {location.pk: i for i, location in enumerate(self.locations)}
        now = timezone.now()
        groups: list[IntervisionGroup] = []
        members: list[list[Any]] = []
        school_of: list[int] = []
        for year in self.years[-ACTIVITY_YEARS:]:
            by_school: dict[int, list[Any]] = {}
            for placement in self._students_of_year(year):
                by_school.setdefault(index_of[placement.location_id], []).append(placement)
            for i, placements in sorted(by_school.items()):
                for c in range(0, len(placements), INTERVISION_GROUP_SIZE):
                    groups.append(
                        IntervisionGroup(
                            school_year=year,
                            name=f"{self.prefix} groep {i:05d}-{c // INTERVISION_GROUP_SIZE + 1}",
                            band="mixed",
                        )
                    )
                    members.append(placements[c : c + INTERVISION_GROUP_SIZE])
                    school_of.append(i)
        groups = _bulk(IntervisionGroup, groups, self.counts)
        _bulk_m2m(
            IntervisionGroup.locations.through,
            (
                {"intervisiongroup_id": g.pk, "schoollocation_id": self.locations[i].pk}
                for g, i in zip(groups, school_of, strict=True)
            ),
            self.counts,
        )
        _bulk(
            Membership,
            (
                Membership(group=g, placement=p, joined_on=p.start_date)
                for g, placements in zip(groups, members, strict=True)
                for p in placements
            ),
            self.counts,
        )
        tz = timezone.get_current_timezone()
        meetings: list[Meeting] = []
        meeting_members: list[list[Any]] = []
        for g, placements, i in zip(groups, members, school_of, strict=True):
            year = g.school_year
            for m in range(INTERVISION_MEETINGS):
                day = year.start_date + dt.timedelta(days=45 + 49 * m)
                past = day < self.today
                meetings.append(
                    Meeting(
                        group=g,
                        starts_at=dt.datetime.combine(day, dt.time(15, 0), tzinfo=tz),
                        place="Mediatheek",
                        leader_kind="so",
                        leader=self.so_of_location[i],
                        attendance_recorded_at=now if past else None,
                    )
                )
                meeting_members.append(placements if past else [])
        meetings = _bulk(Meeting, meetings, self.counts)
        statuses = ("present", "present", "present", "present", "excused", "absent")
        _bulk(
            Attendance,
            (
                Attendance(meeting=meeting, placement=p, status=statuses[(n + k) % len(statuses)])
                for n, (meeting, placements) in enumerate(
                    zip(meetings, meeting_members, strict=True)
                )
                for k, p in enumerate(placements)
            ),
            self.counts,
        )

    def induction(self) -> None:
        """Starting teachers at every school, most at the largest, with a WPB as coach."""
        from induction.models import Starter

        kinds = ("starter", "unqualified", "zij_instromer")

        def starters() -> Iterable[Starter]:
            for year in self.years:
                for i, location in enumerate(self.locations):
                    count = 6 if i == LARGEST_SCHOOL else i % 3
                    for c in range(count):
                        first, last = self.names.person()
                        yield Starter(
                            location=location,
                            school_year=year,
                            first_name=first,
                            last_name=last,
                            email=address(f"starter.{year.start_year}.{i}.{c}", self.tag),
                            subject=SUBJECTS[(i + c) % len(SUBJECTS)],
                            kind=kinds[c % len(kinds)],
                            coach=self.wpb_people[i * WPB_PER_LOCATION + c % WPB_PER_LOCATION],
                            induction_year=1 + c % 3,
                            hired_on=year.start_date,
                        )

        _bulk(Starter, starters(), self.counts)

    def planning(self) -> None:
        """The projectleider's own dates: ten a year per factor, some with a time."""
        from planning.models import OWN_KINDS, PlanningEvent

        kinds = [value for value, _ in OWN_KINDS]
        _bulk(
            PlanningEvent,
            (
                PlanningEvent(
                    school_year=year,
                    kind=kinds[k % len(kinds)],
                    title=f"{self.prefix} {kinds[k % len(kinds)]} {k + 1}",
                    date=year.start_date + dt.timedelta(days=(37 * k) % 330),
                    start_time=dt.time(10, 0) if k % 2 else None,
                    end_time=dt.time(12, 0) if k % 2 else None,
                    place="Regiokantoor" if k % 2 else "",
                )
                for year in self.years
                for k in range(10 * self.factor)
            ),
            self.counts,
        )

    def professionalization(self) -> None:
        """Themes, meetings at the schools led by SOs, and WPBs registered for them (attended
        in the years before the last one)."""
        from professionalization.models import Meeting, Registration, Theme

        first_number = 200 if self.tag else 100  # clear of the plan's own numbers (1-11)
        themes = _bulk(
            Theme,
            (
                Theme(
                    school_year=year,
                    number=first_number + k,
                    title=f"{self.prefix} thema {k + 1}",
                    level=("basic", "deepening")[k % 2],
                    audience="werkplekbegeleiders",
                )
                for year in self.years
                for k in range(10)
            ),
            self.counts,
        )
        themes_of: dict[int, list[Any]] = {}
        for theme in themes:
            themes_of.setdefault(theme.school_year_id, []).append(theme)
        meetings = _bulk(
            Meeting,
            (
                Meeting(
                    school_year=year,
                    theme=themes_of[year.pk][k % 10],
                    date=year.start_date + dt.timedelta(days=45 + 3 * (k % 80)),
                    start_time=dt.time(13, 30),
                    end_time=dt.time(16, 0),
                    location=self.locations[(7 * k) % len(self.locations)],
                    capacity=25,
                    leader=self.so_people[k % len(self.so_people)],
                )
                for year in self.years
                for k in range(4 * self.factor)
            ),
            self.counts,
        )
        per_meeting = 20
        _bulk(
            Registration,
            (
                Registration(
                    meeting=meeting,
                    person=self.wpb_people[(n * per_meeting + j) % len(self.wpb_people)],
                    role="wpb",
                    status="registered",
                    attended=None if meeting.school_year_id == self.anchor.pk else j % 5 != 0,
                    hours=Decimal(0)
                    if meeting.school_year_id == self.anchor.pk or j % 5 == 0
                    else Decimal("2.5"),
                )
                for n, meeting in enumerate(meetings)
                for j in range(per_meeting)
            ),
            self.counts,
        )

        # Every school's start meeting for its WPBs, which its first WPB came to, and a
        # reflective conversation of that WPB with the school's SO, each year: the
        # projectleider's overview has a row per school in each of its tables per school.
        from professionalization.models import ConversationKind, MeetingKind, ReflectiveConversation

        schools = range(len(self.locations))
        starts = _bulk(
            Meeting,
            (
                Meeting(
                    school_year=year,
                    kind=MeetingKind.START,
                    date=year.start_date + dt.timedelta(days=14 + i % 7),
                    start_time=dt.time(15, 30),
                    end_time=dt.time(17, 0),
                    location=self.locations[i],
                    capacity=WPB_PER_LOCATION,
                    leader=self.so_of_location[i],
                )
                for year in self.years
                for i in schools
            ),
            self.counts,
        )
        _bulk(
            Registration,
            (
                Registration(
                    meeting=meeting,
                    person=self.wpb_people[(n % len(schools)) * WPB_PER_LOCATION],
                    role="wpb",
                    status="registered",
                    attended=True,
                    hours=Decimal("1.5"),
                )
                for n, meeting in enumerate(starts)
            ),
            self.counts,
        )
        _bulk(
            ReflectiveConversation,
            (
                ReflectiveConversation(
                    school_year=year,
                    kind=ConversationKind.WPB_SO,
                    participant=self.wpb_people[i * WPB_PER_LOCATION],
                    conductor=self.so_of_location[i],
                    location=self.locations[i],
                    planned_on=year.start_date + dt.timedelta(days=60 + i % 30),
                    held_on=year.start_date + dt.timedelta(days=60 + i % 30)
                    if year.pk != self.anchor.pk
                    else None,
                )
                for year in self.years
                for i in schools
            ),
            self.counts,
        )

    def budgets(self) -> None:
        from reports.models import ActualEntry, Budget, BudgetLine, BudgetSection

        have_budget = set(Budget.objects.values_list("school_year_id", flat=True))
        budgets = _bulk(
            Budget,
            (
                Budget(
                    school_year=year,
                    income_label=f"Baten {year.name} (rijkssubsidie)",
                    reserve_carried_in=Decimal("12000.00") if y == 0 else None,
                )
                for y, year in enumerate(self.years)
                if year.pk not in have_budget
            ),
            self.counts,
        )
        sections = _bulk(
            BudgetSection,
            (
                BudgetSection(budget=budget, name=name, order=order)
                for budget in budgets
                for order, name in enumerate(("Coördinatie", "Schoolopleiders", "Overig"))
            ),
            self.counts,
        )
        lines: list[BudgetLine] = []
        for section in sections:
            if section.name == "Coördinatie":
                lines.append(
                    BudgetLine(
                        section=section, name="Projectleider", order=0, kind="fte", fte=Decimal(1)
                    )
                )
                lines.extend(
                    BudgetLine(
                        section=section,
                        name=f"Bestuurscoördinator {b:04d}",
                        order=1 + b,
                        kind="fte",
                        fte=Decimal("0.2"),
                        half_paid=True,
                    )
                    for b in range(len(self.boards))
                )
            elif section.name == "Schoolopleiders":
                lines.append(
                    BudgetLine(
                        section=section,
                        name="Schoolopleiders",
                        order=0,
                        kind="hours",
                        hours=Decimal(100 * len(self.so_people)),
                    )
                )
            else:
                lines.append(
                    BudgetLine(
                        section=section,
                        name="Bonus extra studenten",
                        order=0,
                        kind="none",
                        actual_source="bonus",
                    )
                )
                lines.append(
                    BudgetLine(
                        section=section,
                        name="Materiaal",
                        order=1,
                        kind="amount",
                        amount=Decimal(2500 * self.factor),
                    )
                )
        lines = _bulk(BudgetLine, lines, self.counts)
        year_of = {b.pk: b.school_year for b in budgets}
        section_budget = {s.pk: s.budget_id for s in sections}
        _bulk(
            ActualEntry,
            (
                ActualEntry(
                    line=line,
                    date=year_of[section_budget[line.section_id]].end_date,
                    description="Realisatie",
                    hours=Decimal(150) if line.kind in ("fte", "hours") else None,
                    amount=None if line.kind in ("fte", "hours") else Decimal(2000 * self.factor),
                )
                for line in lines
                if line.actual_source != "bonus" and line.kind != "none"
            ),
            self.counts,
        )

    def stipends(self) -> None:
        from stipend.crypto import keyed_hash
        from stipend.models import StipendApplication, StipendDocument

        statuses = (
            "concept", "signed", "so_approved", "submitted", "submitted", "returned",
            "accepted", "accepted", "accepted", "rejected", "stopped", "ended",
        )  # fmt: skip
        applications = []
        large_board = {loc.pk for i, loc in enumerate(self.locations) if self.board_of[i] == 0}
        queued = 0
        first_school = self.locations[0].pk  # director.0's: their list is never empty
        for n, placement in enumerate(self.final_placements):
            if n % 2 and placement.location_id != first_school:
                continue  # about half of the final placements apply
            status = statuses[n // 2 % len(statuses)]
            if (
                placement.school_year_id == self.anchor.pk
                and placement.location_id in large_board
                and queued % 3 == 0
            ):
                # The large board's HR always has a queue to work through.
                status = "submitted"
            if placement.location_id in large_board:
                queued += 1
            bsn = f"{100000000 + n:09d}"
            student = placement.student
            applications.append(
                StipendApplication(
                    placement=placement,
                    status=status,
                    last_name=student.last_name,
                    given_names=student.first_name,
                    call_name=student.first_name,
                    date_of_birth=dt.date(1995 + n % 8, 1 + n % 12, 1 + n % 28),
                    place_of_birth="Tilburg",
                    country_of_birth="Nederland",
                    nationality="Nederlandse",
                    marital_status="unmarried",
                    iban=f"NL{n % 90 + 10:02d}BOSS{n:010d}",
                    bsn=bsn,
                    bsn_hash=keyed_hash(bsn),
                    address=f"Schaalstraat {1 + n % 300}",
                    postcode_city="5000 AA Tilburg",
                    phone="0130000000",
                    email=student.email,
                    institute_name=f"{self.prefix} lerarenopleiding",
                    programme=student.programme,
                    degree="master" if placement.level == "master" else "bachelor",
                    study_variant="voltijd",
                    institute_address="Instituutslaan 1",
                    institute_postcode_city="5000 BB Tilburg",
                    school_name=f"{self.prefix} school",
                    school_address="Schoolweg 1",
                    school_postcode_city="5000 CC Tilburg",
                    level="hbo_master" if placement.level == "master" else "hbo_bachelor",
                    start_date=placement.start_date,
                    end_date=placement.end_date,
                    days_per_week=min(3, max(1, int(placement.days_per_week))),
                    so_name="Schaal SO",
                    so_email=address("so", self.tag),
                    wpb_name="Schaal WPB",
                    id_document_type="id_card",
                    decided_on=placement.start_date if status in ("accepted", "stopped") else None,
                    stopped_on=placement.end_date if status == "stopped" else None,
                    ended_on=placement.end_date if status == "ended" else None,
                )
            )
        applications = _bulk(StipendApplication, applications, self.counts)
        kinds = ("id_copy", "agreement", "previous_level")
        _bulk(
            StipendDocument,
            (
                StipendDocument(
                    application=application,
                    kind=kind,
                    stored_name=f"scale{self.tag}-{application.pk}-{kind}",
                    original_name=f"{kind}.pdf",
                    content_type="application/pdf",
                    size=1024,
                )
                for n, application in enumerate(applications)
                for kind in kinds[: 3 if n % 4 else 2]
            ),
            self.counts,
        )


__all__ = [
    "LOGINS",
    "PASSWORD",
    "ScaleDataExists",
    "ScaleLogins",
    "ScaleResult",
    "address",
    "generate",
]


# The main pages of every role (URL names; the budget page takes the year's name, an
# afternoon's page the afternoon with the most invitations), measured by the query-count
# tests and the benchmark. Every app's main page for each role that has it.
_SO_PAGES = (
    "home",
    "placements:list",
    "placements:dashboard",
    "placements:ict",
    "placements:facilities",
    "placements:offers",
    "stipend:list",
    "reports:report",
    "facilitation:overview",
    "planning:month",
    "planning:list",
    "intervision:overview",
    "afternoons:workshops",
    "afternoons:follow_up",
    "professionalization:offer",
    "induction:register",
    "induction:blocks",
    "library:list",
)
_HR_PAGES = ("home", "stipend:hr_queue", "stipend:list", "planning:month")
MAIN_PAGES: dict[str, tuple[str, ...]] = {
    "so": _SO_PAGES,
    "io": (
        "home",
        "placements:list",
        "planning:month",
        "intervision:overview",
        "professionalization:offer",
        "library:list",
    ),
    "wpb": ("home", "placements:list", "planning:month", "professionalization:offer"),
    "projectleider": (
        "home",
        "placements:list",
        "placements:dashboard",
        "placements:supply",
        "placements:offers",
        "stipend:list",
        "reports:report",
        "reports:budget",
        "facilitation:policy",
        "facilitation:overview",
        "facilitation:targets",
        "governance:list",
        "audit:list",
        "planning:month",
        "planning:list",
        "intervision:overview",
        "afternoons:list",
        "afternoons:detail",
        "professionalization:offer",
        "professionalization:overview",
        "induction:register",
        "induction:figures",
        "library:list",
    ),
    "kernteam": (
        "home",
        "reports:report",
        "facilitation:policy",
        "facilitation:overview",
        "facilitation:targets",
        "governance:list",
        "planning:month",
        "library:list",
    ),
    "bc": ("home", "facilitation:targets", "planning:month"),
    "ic": ("home", "facilitation:targets", "planning:month"),
    "hr": _HR_PAGES,
    "director": ("home", "stipend:list", "planning:month", "induction:register"),
    # The largest school's SO and the large board's HR: the same pages, the most data.
    "so_largest": _SO_PAGES,
    "hr_largest": _HR_PAGES,
    "lerarencoach": ("home", "induction:register", "induction:blocks", "induction:intro_meetings"),
    "penvoerder": ("home", "reports:report", "reports:budget", "governance:list"),
}


def page_url(name: str, year: SchoolYear) -> str:
    from django.db.models import Count
    from django.urls import reverse

    if name == "reports:budget":
        return reverse(name, args=[year.name])
    if name == "afternoons:detail":
        from afternoons.models import DeepeningAfternoon

        afternoon = (
            DeepeningAfternoon.objects.filter(school_year=year)
            .annotate(invited=Count("invitations"))
            .order_by("-invited", "date", "pk")
            .first()
        )
        return reverse(name, args=[afternoon.pk])
    return reverse(name)


def anchor_year() -> SchoolYear:
    """The year the generated data ends in (its users work in it by default)."""
    return _anchor_year()
