"""The demo year 2020-2021: the partnership's organisation (boards, schools, institutes) and
its staff with their roles, built from the report's figures in `data/` so that every figure of
the report can be recomputed from it. Students and placements are the placements app's demo
(`placements.demo.students`); this module imports no app, so every app's demo can use it.

All people are fictitious. Loading is idempotent: every object is found by a natural key
(name, e-mail) and updated."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction

from bos.models import (
    BoardName,
    DevelopmentTeam,
    HROffice,
    Institute,
    InstitutePartnership,
    LocationYear,
    Partnership,
    Person,
    Role,
    RoleAssignment,
    SchoolBoard,
    SchoolGroup,
    SchoolLocation,
    SchoolYear,
    User,
)

from .dates import running_start_year

DATA_DIR = Path(__file__).resolve().parent / "data"
DEMO_DOMAIN = "demo.bos.example"
YEAR_NAME = "2020-2021"

PARTNERS = ("FLOT", "ESoE", "HR")
INSTITUTES = {
    # short name: (name, first-year label, partner in 2020-2021, partner in the running year)
    "FLOT": ("Fontys Lerarenopleiding Tilburg", "PHP", True, True),
    "ESoE": ("Eindhoven School of Education (TU/e)", "P1", True, True),
    "HR": ("Hogeschool Rotterdam", "N1", True, False),
    "FHK": ("Fontys Hogeschool voor de Kunsten", "", False, False),
    "ALO": ("Fontys Sporthogeschool (ALO)", "", False, False),
    "HU": ("Hogeschool Utrecht", "", False, False),
    "RDA": ("Radboud Docenten Academie", "", False, False),
    "ILO": ("Universiteit Utrecht, Graduate School of Teaching", "", False, False),
    "HvA": ("Hogeschool van Amsterdam", "", False, False),
}

HR_OFFICES = {"Sovot": "HR Sovot", "SKVOB": "Servicebureau SKVOB"}
# One SO can cover several locations of a group.
SO_AREAS = {
    "Mencia": ["Mencia de Mendoza", "Mencia Sandrode"],
    "De Campus": ["Markenhage", "Michaël College", "Orion Lyceum"],
    "OG Tessenderlandt": ["Christoffel", "De la Salle", "Tessenderlandt"],
}

FIRST_NAMES = [
    "Anouk", "Bram", "Charlotte", "Daan", "Eva", "Fleur", "Gijs", "Hanna", "Ilse", "Jesse",
    "Kim", "Lars", "Maud", "Niels", "Olivia", "Pim", "Quinten", "Roos", "Sem", "Tess",
    "Ruben", "Vera", "Wout", "Yara", "Zoë", "Thijs", "Lotte", "Milan", "Noor", "Stijn",
    "Femke", "Joris", "Lieke", "Mees", "Sanne", "Teun", "Britt", "Luuk", "Iris", "Koen",
]  # fmt: skip
LAST_NAMES = [
    "Aalbers", "Bakkenes", "Coppens", "Donkers", "Eijkelkamp", "Franssen", "Geurts", "Hendrikx",
    "IJzerman", "Janssens", "Kuijpers", "Lambrechts", "Mutsaers", "Nooijen", "Oomen", "Peeters",
    "Quaedvlieg", "Rovers", "Smulders", "Timmermans", "Uijtdewilligen", "Verhoeven", "Wouters",
    "Ypma", "Zwanenberg", "Brands", "Claassen", "Dirven", "Evers", "Gevers", "Hurkmans",
    "Jacobs", "Kerkhofs", "Leijten", "Maas", "Nuijten", "Panken", "Raaijmakers", "Swinkels",
    "Vermeulen", "Willems",
]  # fmt: skip


def read_csv(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _int(value: str) -> int:
    return int(value) if value.strip() else 0


class NameGenerator:
    """Deterministic fictitious names: every combination of first and last name once."""

    def __init__(self, offset: int = 0) -> None:
        self.index = offset

    def next(self) -> tuple[str, str]:
        first = FIRST_NAMES[self.index % len(FIRST_NAMES)]
        # Stepping the surname by 7 per round keeps every pair unique for 1,640 names.
        last = LAST_NAMES[(self.index + 7 * (self.index // len(FIRST_NAMES))) % len(LAST_NAMES)]
        self.index += 1
        return first, last


@dataclass
class DemoContext:
    """What later loaders (policy, stipend, report) need from the organisation."""

    year: SchoolYear
    locations: dict[str, SchoolLocation] = field(default_factory=dict)
    institutes: dict[str, Institute] = field(default_factory=dict)
    boards: dict[str, SchoolBoard] = field(default_factory=dict)
    logins: list[tuple[str, str, str]] = field(default_factory=list)  # (role, e-mail, note)
    # Handed on to the placements' demo, which adds the students, their WPBs and placements:
    # the name sequence continues there, and every placement gets its location's SO and IO.
    names: NameGenerator = field(default_factory=NameGenerator)
    so_of_school: dict[str, Person] = field(default_factory=dict)
    io_of: dict[tuple[str, int], Person] = field(default_factory=dict)


@cache
def _demo_password_hash() -> str:
    # Hashing is deliberately slow; the demo accounts share one password, so hash it once.
    return make_password(settings.DEMO_PASSWORD)


def _ensure_user(email: str, *, superuser: bool = False) -> User:
    user, _ = User.objects.get_or_create(email=email)
    user.is_active = True
    user.is_staff = superuser
    user.is_superuser = superuser
    user.password = _demo_password_hash()
    user.save()
    return user


def _person(first: str, last: str, email: str, *, login: bool = False) -> Person:
    person, _ = Person.objects.update_or_create(
        email=email, defaults={"first_name": first, "last_name": last}
    )
    if login and person.user is None:
        person.user = _ensure_user(email)
        person.save(update_fields=["user"])
    elif login:
        _ensure_user(email)
    return person


def _assign(
    person: Person, year: SchoolYear, role: str, *, locations=(), **fields
) -> RoleAssignment:
    team = fields.pop("team", "")
    assignment, _ = RoleAssignment.objects.update_or_create(
        person=person, school_year=year, role=role, team=team, defaults=fields
    )
    if locations:
        assignment.locations.set(locations)
    return assignment


def _email(first: str, last: str, domain: str = DEMO_DOMAIN) -> str:
    local = f"{first}.{last}".lower().replace(" ", "").replace("ë", "e").replace("ï", "i")
    return f"{local}@{domain}"


def _year(start_year: int) -> SchoolYear:
    start, end = SchoolYear.bounds_for(start_year)
    year, _ = SchoolYear.objects.get_or_create(
        name=SchoolYear.name_for(start_year), defaults={"start_date": start, "end_date": end}
    )
    return year


def load_organisation(year: SchoolYear, ctx: DemoContext) -> None:
    # The running year is the one containing the day of loading (the years demo fills it
    # with the wizard); SKVOB's new name starts the year after it, so the naming per year
    # shows in the header when switching to the next year.
    next_year = _year(running_start_year())
    rename_year = _year(next_year.start_year + 1)
    for board_name, office_name in HR_OFFICES.items():
        office, _ = HROffice.objects.update_or_create(
            name=office_name,
            defaults={"email": _email("hr", board_name)},
        )
        board, _ = SchoolBoard.objects.update_or_create(
            name=board_name, defaults={"hr_office": office}
        )
        ctx.boards[board_name] = board
    BoardName.objects.update_or_create(
        board=ctx.boards["SKVOB"], valid_from=rename_year, defaults={"name": "Libréon"}
    )
    for row in read_csv("schools_2020_2021.csv"):
        board = ctx.boards[row["board"]]
        group = None
        if row["group"]:
            group, _ = SchoolGroup.objects.update_or_create(
                name=row["group"], defaults={"board": board}
            )
        location, _ = SchoolLocation.objects.update_or_create(
            name=row["school"], defaults={"board": board, "group": group}
        )
        ctx.locations[row["school"]] = location
        LocationYear.objects.update_or_create(
            location=location,
            school_year=year,
            defaults={
                "pupils": _int(row["pupils_on_2020_10_01"]) or None,
                "is_member": True,
                "is_kartrekker": row["kartrekker"] == "yes",
            },
        )
    for code, (name, label, partner_now, partner_next) in INSTITUTES.items():
        institute, _ = Institute.objects.update_or_create(
            short_name=code, defaults={"name": name, "first_year_label": label}
        )
        ctx.institutes[code] = institute
        for school_year, is_partner in ((year, partner_now), (next_year, partner_next)):
            InstitutePartnership.objects.update_or_create(
                institute=institute, school_year=school_year, defaults={"is_partner": is_partner}
            )


def load_people(year: SchoolYear, ctx: DemoContext) -> None:
    """Staff with their roles; the placements' demo adds students, WPBs and placements."""
    names = ctx.names
    school_of_area = {school: area for area, schools in SO_AREAS.items() for school in schools}
    # Schoolopleiders: one per location, or one for a whole group.
    so_of_school: dict[str, Person] = {}
    for school in ctx.locations:
        area = school_of_area.get(school, school)
        if area in {school_of_area.get(s, s) for s in so_of_school}:
            so_of_school[school] = next(
                so for s, so in so_of_school.items() if school_of_area.get(s, s) == area
            )
            continue
        first, last = names.next()
        login = school == "Beatrix College"
        email = f"so.beatrix@{DEMO_DOMAIN}" if login else _email(first, last)
        so_of_school[school] = _person(first, last, email, login=login)
    for so in dict.fromkeys(so_of_school.values()):
        area_schools = [s for s, p in so_of_school.items() if p == so]
        _assign(so, year, Role.SO, locations=[ctx.locations[s] for s in area_schools])
    # Directors, one per location.
    for school, location in ctx.locations.items():
        first, last = names.next()
        login = school == "Beatrix College"
        email = f"directeur.beatrix@{DEMO_DOMAIN}" if login else _email(first, last)
        director = _person(first, last, email, login=login)
        _assign(director, year, Role.DIRECTOR, locations=[location], board=location.board)
    # Instituutsopleiders: one per partner institute per SO area.
    io_of: dict[tuple[str, int], Person] = {}
    for code in PARTNERS:
        for so in dict.fromkeys(so_of_school.values()):
            area_schools = [s for s, p in so_of_school.items() if p == so]
            first, last = names.next()
            login = code == "FLOT" and "Beatrix College" in area_schools
            email = f"io.flot@{DEMO_DOMAIN}" if login else _email(first, last)
            io = _person(first, last, email, login=login)
            _assign(
                io,
                year,
                Role.IO,
                locations=[ctx.locations[s] for s in area_schools],
                institute=ctx.institutes[code],
            )
            for school in area_schools:
                io_of[(code, ctx.locations[school].pk)] = io
    # Projectleider, coordinators, HR, admin.
    pl = _person("Marieke", "Verstappen", f"projectleider@{DEMO_DOMAIN}", login=True)
    _assign(pl, year, Role.PROJECTLEIDER, hours=Decimal("995.4"))
    _assign(pl, year, Role.KERNTEAM)
    _assign(pl, year, Role.STUURGROEP)
    for board_code, board in ctx.boards.items():
        first, last = names.next()
        login = board_code == "Sovot"
        email = f"bc.sovot@{DEMO_DOMAIN}" if login else _email(first, last)
        bc = _person(first, last, email, login=login)
        _assign(bc, year, Role.BC, board=board, hours=Decimal("165.9"))
        _assign(bc, year, Role.KERNTEAM)
        first, last = names.next()
        hr = _person(first, last, f"hr.{board_code.lower()}@{DEMO_DOMAIN}", login=True)
        _assign(hr, year, Role.HR, board=board)
    for code in PARTNERS:
        first, last = names.next()
        ic = _person(first, last, _email(first, last))
        _assign(ic, year, Role.IC, institute=ctx.institutes[code], hours=Decimal("165.9"))
        _assign(ic, year, Role.KERNTEAM)
    admin_user = _ensure_user(f"admin@{DEMO_DOMAIN}", superuser=True)
    admin_user.first_name, admin_user.last_name = "Beheerder", "Demo"
    admin_user.save(update_fields=["first_name", "last_name"])
    # Ontwikkelteams (figure 2): members from several partners, one kartrekker per team.
    so_people = list(dict.fromkeys(so_of_school.values()))
    io_people = list(dict.fromkeys(io_of.values()))
    # As in the seed's figure 6, the last team has an IO of HR and a director of Sovot (who
    # comes from the partner named on their team role).
    hr_io = next(io for (code, _), io in io_of.items() if code == "HR")
    sovot_director = (
        RoleAssignment.objects.filter(
            school_year=year, role=Role.DIRECTOR, board=ctx.boards["Sovot"], person__user=None
        )
        .order_by("pk")
        .first()
    )
    for index, team in enumerate(DevelopmentTeam):
        members = [so_people[index % len(so_people)], io_people[index % len(io_people)]]
        members.append(so_people[(index + 4) % len(so_people)])
        if index == len(DevelopmentTeam) - 1 and sovot_director is not None:
            members = [members[0], hr_io, sovot_director.person]
        for position, member in enumerate(dict.fromkeys(members)):
            _assign(
                member,
                year,
                Role.ONTWIKKELTEAM,
                team=team,
                is_kartrekker=position == 0,
                hours=Decimal(32),
                board=(
                    ctx.boards["Sovot"]
                    if sovot_director is not None and member == sovot_director.person
                    else None
                ),
            )
    _governance_bodies(year, ctx, so_of_school)
    _coach_and_penvoerder(year, ctx)
    ctx.so_of_school.update(so_of_school)
    ctx.io_of.update(io_of)


# The stuurgroep per partner as in the seed's figure 6 (one each from Sovot, SKVOB, FLOT and
# HR); fixed fictitious names, so the generator's sequence (and every later name) stays.
STUURGROEP = {
    "Sovot": ("Gerard", "Lambooij"),
    "SKVOB": ("Ilse", "Wouters"),
    "FLOT": ("Pieter", "Kolen"),
    "HR": ("Marloes", "Hagelaar"),
}
# Schoolopleiders in the kernteam per board (the budget's "4 schoolopleiders à 100 uur").
KERNTEAM_SOS_PER_BOARD = {"Sovot": 2, "SKVOB": 2}
KERNTEAM_SO_HOURS = Decimal(100)


def _governance_bodies(year: SchoolYear, ctx: DemoContext, so_of_school: dict) -> None:
    for partner, (first, last) in STUURGROEP.items():
        person = _person(first, last, _email(first, last))
        if partner in ctx.boards:
            _assign(person, year, Role.STUURGROEP, board=ctx.boards[partner])
        else:
            _assign(person, year, Role.STUURGROEP, institute=ctx.institutes[partner])
    for board_code, count in KERNTEAM_SOS_PER_BOARD.items():
        board = ctx.boards[board_code]
        chosen = [
            so
            for so in dict.fromkeys(so_of_school.values())
            # Not a login: the demo's SO account keeps an SO's view.
            if so.user_id is None
            and all(
                ctx.locations[school].board_id == board.pk
                for school, holder in so_of_school.items()
                if holder == so
            )
        ][:count]
        for so in chosen:
            _assign(so, year, Role.KERNTEAM, board=board, hours=KERNTEAM_SO_HOURS)


# The school's lerarencoach (coaches its starting teachers) and the penvoerder (the board
# that applied for and receives the subsidy); fixed fictitious names, as the stuurgroep's.
LERARENCOACH = ("Wendy", "Hoogstraten", "Beatrix College")
PENVOERDER = ("Harrie", "Bogaerts", "Sovot")


def _coach_and_penvoerder(year: SchoolYear, ctx: DemoContext) -> None:
    first, last, school = LERARENCOACH
    coach = _person(first, last, f"lerarencoach@{DEMO_DOMAIN}", login=True)
    _assign(coach, year, Role.LERARENCOACH, locations=[ctx.locations[school]])
    first, last, board = PENVOERDER
    penvoerder = _person(first, last, f"penvoerder@{DEMO_DOMAIN}", login=True)
    _assign(penvoerder, year, Role.PENVOERDER, board=ctx.boards[board])


def demo_logins() -> list[tuple[str, str]]:
    """(role, e-mail) of the demo accounts, one per role."""
    return [
        ("Schoolopleider (Beatrix College)", f"so.beatrix@{DEMO_DOMAIN}"),
        ("Instituutsopleider (FLOT)", f"io.flot@{DEMO_DOMAIN}"),
        ("Werkplekbegeleider", f"wpb@{DEMO_DOMAIN}"),
        ("Projectleider", f"projectleider@{DEMO_DOMAIN}"),
        ("Bestuurscoördinator / kernteam (Sovot)", f"bc.sovot@{DEMO_DOMAIN}"),
        ("HR Sovot", f"hr.sovot@{DEMO_DOMAIN}"),
        ("HR SKVOB (servicebureau)", f"hr.skvob@{DEMO_DOMAIN}"),
        ("Schooldirecteur (Beatrix College)", f"directeur.beatrix@{DEMO_DOMAIN}"),
        ("Lerarencoach (Beatrix College)", f"lerarencoach@{DEMO_DOMAIN}"),
        ("Penvoerder (Sovot)", f"penvoerder@{DEMO_DOMAIN}"),
        ("Student (inloggen met code)", f"student@{DEMO_DOMAIN}"),
        ("Beheerder", f"admin@{DEMO_DOMAIN}"),
    ]


DEMO_PARTNERSHIP = {
    "name": "Brabantse Opleidingsschool",
    "short_name": "BOS",
    # Fictitious: no such address.
    "address": "Postbus 1234\n5000 AA Tilburg",
    "website": "https://opleidingsschool.example",
    "primary_color": "#156d84",
    "accent_color": "#f99c10",
}


def load_partnership() -> Partnership:
    """The demo's partnership: the only place its name is written down."""
    row = Partnership.objects.filter(pk=Partnership.SINGLETON_ID).first() or Partnership()
    for name, value in DEMO_PARTNERSHIP.items():
        setattr(row, name, value)
    row.save()
    return row


@transaction.atomic
def load(ctx: DemoContext | None = None) -> DemoContext:
    load_partnership()
    start, end = SchoolYear.bounds_for(2020)
    year, _ = SchoolYear.objects.get_or_create(
        name=YEAR_NAME, defaults={"start_date": start, "end_date": end}
    )
    ctx = ctx or DemoContext(year=year)
    load_organisation(year, ctx)
    load_people(year, ctx)
    return ctx
