"""The demo year 2020-2021: the partnership's organisation and placements, built from the
report's figures in `data/` so that every figure of the report can be recomputed from it.

All people are fictitious. Loading is idempotent: every object is found by a natural key
(name, e-mail, institute + student number, student + location + start date) and updated."""

from __future__ import annotations

import csv
import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from itertools import cycle
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
from placements.models import Placement, PlacementStatus, StageLevel, Student, Variant

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
# The report names FHK (9) and ALO (8); the remaining 27 "overig" students are spread over
# other institutes.
OTHER_QUOTA = {"FHK": 9, "ALO": 8, "HU": 10, "RDA": 7, "ILO": 6, "HvA": 4}

HR_OFFICES = {"Sovot": "HR Sovot", "SKVOB": "Servicebureau SKVOB"}
# One SO can cover several locations of a group.
SO_AREAS = {
    "Mencia": ["Mencia de Mendoza", "Mencia Sandrode"],
    "De Campus": ["Markenhage", "Michaël College", "Orion Lyceum"],
    "OG Tessenderlandt": ["Christoffel", "De la Salle", "Tessenderlandt"],
}
FIRST_YEAR_ALIASES = {"Mencia de Mendoza & Mencia Sandrode": "Mencia de Mendoza"}
UNREGISTERED_FIRST_YEARS = {"Beatrix College": 3, "Koning Willem II College": 3, "Newmancollege": 2}
SWITCH_COUNT = 3

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
SUBJECTS = [
    "Engels", "Spaans", "Geschiedenis", "Maatschappijleer", "Omgangskunde", "Nederlands",
    "Wiskunde", "Biologie", "Aardrijkskunde", "Frans", "Duits", "Economie", "Scheikunde",
    "Natuurkunde",
]  # fmt: skip
OTHER_SUBJECTS = {
    "FHK": ["Beeldende vorming", "Muziek", "Dans", "Drama"],
    "ALO": ["Lichamelijke opvoeding"],
}

# The institute's own label and the variant for each report level, per institute.
LABELS = {
    "FLOT": {
        StageLevel.VT1: "PHP", StageLevel.VT2: "PH-HF1", StageLevel.VT3: "PH-HF2",
        StageLevel.VT4: "afstudeerfase", StageLevel.DT: "DT", StageLevel.MASTER: "masterstage",
        StageLevel.KOP: "kop",
    },
    "HR": {
        StageLevel.VT1: "N1", StageLevel.VT2: "N2", StageLevel.VT3: "N3", StageLevel.VT4: "N4",
        StageLevel.DT: "DT", StageLevel.KOP: "kop",
    },
    "ESoE": {StageLevel.MINOR_P1: "P1", StageLevel.MINOR_P2: "P2", StageLevel.MASTER: "P3-P4"},
}  # fmt: skip
VARIANT_OF_LEVEL = {
    StageLevel.VT1: Variant.VT, StageLevel.VT2: Variant.VT, StageLevel.VT3: Variant.VT,
    StageLevel.VT4: Variant.VT, StageLevel.MINOR_P1: Variant.MINOR,
    StageLevel.MINOR_P2: Variant.MINOR, StageLevel.DT: Variant.DT,
    StageLevel.MASTER: Variant.MASTER, StageLevel.KOP: Variant.KOP,
}  # fmt: skip
FINAL_LEVELS = {StageLevel.VT4, StageLevel.MASTER, StageLevel.MINOR_P2}
LEVEL_COLUMNS = [level.value for level in StageLevel]


def read_csv(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _int(value: str) -> int:
    return int(value) if value.strip() else 0


@dataclass
class Slot:
    """One placement to create before people are attached."""

    school: str
    institute: str
    level: str
    label: str
    status: str = PlacementStatus.ACTIVE
    registered: bool = True
    student_key: int | None = None  # shared by the two placements of a school switch
    switch_part: int = 0  # 0: no switch, 1: first school, 2: second school


@dataclass
class DemoContext:
    """What later loaders (policy, stipend, report) need from the organisation."""

    year: SchoolYear
    locations: dict[str, SchoolLocation] = field(default_factory=dict)
    institutes: dict[str, Institute] = field(default_factory=dict)
    boards: dict[str, SchoolBoard] = field(default_factory=dict)
    logins: list[tuple[str, str, str]] = field(default_factory=list)  # (role, e-mail, note)


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


def build_slots() -> list[Slot]:
    """Turn figures 1, 7 and 11 into placements: per school, an institute and a level for
    each student, consistent with all three figures at once."""
    institutes = {row["school"]: row for row in read_csv("students_per_institute_2020_2021.csv")}
    levels = {row["school"]: row for row in read_csv("stage_levels_2020_2021.csv")}
    first_years = {
        FIRST_YEAR_ALIASES.get(row["school"], row["school"]): row
        for row in read_csv("first_years_2020_2021.csv")
    }
    slots: list[Slot] = []
    for school, counts in institutes.items():
        level_pool = Counter({col: _int(levels[school][col]) for col in LEVEL_COLUMNS})
        fy = first_years.get(school, {})
        n_flot, n_esoe, n_hr = (_int(counts[k]) for k in PARTNERS)
        f_flot, f_hr, f_esoe = (_int(fy.get(k, "")) for k in ("FLOT_PHP", "HR_N1", "ESoE_P1"))

        def take(
            level: str,
            institute: str,
            label: str,
            *,
            _pool: Counter = level_pool,
            _at: str = school,
        ) -> None:
            if _pool[level] <= 0:
                raise ValueError(f"{_at}: no {level} place left for {institute}")
            _pool[level] -= 1
            slots.append(Slot(_at, institute, level, label))

        # ESoE: the educational minors, then masters. Figure 1 counts ESoE "P1" including
        # masters the institute labelled P1 (a known quirk of the report), so those keep it.
        esoe_left = n_esoe
        p1_left = f_esoe
        for level in (StageLevel.MINOR_P1, StageLevel.MINOR_P2):
            while level_pool[level] and esoe_left:
                label = "P1" if level == StageLevel.MINOR_P1 else "P2"
                p1_left -= label == "P1"
                take(level, "ESoE", label)
                esoe_left -= 1
        while esoe_left:
            label = "P1" if p1_left > 0 else LABELS["ESoE"][StageLevel.MASTER]
            p1_left -= 1
            take(StageLevel.MASTER, "ESoE", label)
            esoe_left -= 1
        # HR: first-years (N1) on VT1, the rest on the later bachelor years, then DT and kop.
        for _ in range(f_hr):
            take(StageLevel.VT1, "HR", "N1")
        hr_left = n_hr - f_hr
        for level in (
            StageLevel.VT2,
            StageLevel.VT3,
            StageLevel.VT4,
            StageLevel.DT,
            StageLevel.KOP,
        ):
            while hr_left and level_pool[level]:
                take(level, "HR", LABELS["HR"][level])
                hr_left -= 1
        # FLOT takes every remaining place; its first-years are exactly the VT1 places left.
        if level_pool[StageLevel.VT1] != f_flot:
            raise ValueError(f"{school}: VT1 places do not match FLOT PHP first-years")
        for level in LEVEL_COLUMNS:
            while level_pool[level]:
                take(level, "FLOT", LABELS["FLOT"][level])
        flot_here = sum(1 for s in slots if s.school == school and s.institute == "FLOT")
        if flot_here != n_flot or hr_left or esoe_left:
            raise ValueError(f"{school}: figures 7 and 11 do not add up")
    _add_other_institutes(slots, institutes)
    _add_switches(slots)
    for school, count in UNREGISTERED_FIRST_YEARS.items():
        for _ in range(count):
            slots.append(
                Slot(
                    school,
                    "FLOT",
                    StageLevel.VT1,
                    "PHP",
                    status=PlacementStatus.STOPPED,
                    registered=False,
                )
            )
    return slots


def _add_other_institutes(slots: list[Slot], institutes: dict[str, dict[str, str]]) -> None:
    pool = [code for code, quota in OTHER_QUOTA.items() for _ in range(quota)]
    levels = cycle([StageLevel.VT2, StageLevel.VT3, StageLevel.VT4, StageLevel.DT, StageLevel.VT1])
    position = 0
    for school, counts in institutes.items():
        for _ in range(_int(counts["other"])):
            code = pool[position]
            position += 1
            level = next(levels)
            slots.append(Slot(school, code, level, ""))
    if position != len(pool):
        raise ValueError("The 'other' students do not add up to the institutes' quota")


def _add_switches(slots: list[Slot]) -> None:
    """Three FLOT students switched school within BOS: pair FLOT placements of one level at
    two different schools and make them one student (counted once for funding)."""
    paired = 0
    used: set[int] = set()
    for level in (StageLevel.VT2, StageLevel.VT3, StageLevel.DT, StageLevel.VT4):
        candidates = [i for i, s in enumerate(slots) if s.institute == "FLOT" and s.level == level]
        for i in candidates:
            if paired == SWITCH_COUNT or i in used:
                continue
            partner = next(
                (
                    j
                    for j in candidates
                    if j not in used and j != i and slots[j].school != slots[i].school
                ),
                None,
            )
            if partner is None:
                continue
            used |= {i, partner}
            paired += 1
            slots[i].student_key = slots[partner].student_key = -paired
            slots[i].switch_part, slots[partner].switch_part = 1, 2
            slots[i].status = PlacementStatus.COMPLETED
    if paired != SWITCH_COUNT:
        raise ValueError("Could not find placements for the school switches")


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


def load_people_and_placements(year: SchoolYear, ctx: DemoContext) -> None:
    names = NameGenerator()
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
    for index, team in enumerate(DevelopmentTeam):
        members = [so_people[index % len(so_people)], io_people[index % len(io_people)]]
        members.append(so_people[(index + 4) % len(so_people)])
        for position, member in enumerate(dict.fromkeys(members)):
            _assign(
                member,
                year,
                Role.ONTWIKKELTEAM,
                team=team,
                is_kartrekker=position == 0,
                hours=Decimal(32),
            )
    _load_placements(year, ctx, names, so_of_school, io_of)


def _load_placements(
    year: SchoolYear,
    ctx: DemoContext,
    names: NameGenerator,
    so_of_school: dict[str, Person],
    io_of: dict[tuple[str, int], Person],
) -> None:
    slots = build_slots()
    subjects = cycle(SUBJECTS)
    other_subjects = {code: cycle(values) for code, values in OTHER_SUBJECTS.items()}
    student_names = NameGenerator(offset=7)
    numbers: Counter[str] = Counter()
    students_by_key: dict[int, Student] = {}
    wpb_pool: dict[str, list[Person]] = {}
    wpb_load: Counter[int] = Counter()
    demo_student_done = False
    demo_wpb_done = False
    zij_instromers_left = 4
    for slot in slots:
        location = ctx.locations[slot.school]
        institute = ctx.institutes[slot.institute]
        # Student
        if slot.student_key is not None and slot.student_key in students_by_key:
            student = students_by_key[slot.student_key]
        else:
            numbers[slot.institute] += 1
            number = f"{slot.institute[:2].upper()}{2020000 + numbers[slot.institute]:07d}"
            first, last = student_names.next()
            if slot.institute in OTHER_SUBJECTS:
                programme = next(other_subjects[slot.institute])
            else:
                programme = next(subjects)
            is_zij = (
                slot.institute == "FLOT" and slot.level == StageLevel.DT and zij_instromers_left > 0
            )
            zij_instromers_left -= is_zij
            institute_domain = f"student.{slot.institute.lower()}.example"
            student, _ = Student.objects.update_or_create(
                institute=institute,
                student_number=number,
                defaults={
                    "first_name": first,
                    "last_name": last,
                    "email": f"{number.lower()}@{institute_domain}",
                    "programme": programme,
                    "variant": VARIANT_OF_LEVEL[StageLevel(slot.level)],
                    "is_zij_instromer": is_zij,
                },
            )
            if slot.student_key is not None:
                students_by_key[slot.student_key] = student
            if (
                not demo_student_done
                and slot.institute == "FLOT"
                and slot.level == StageLevel.VT4
                and slot.school == "Beatrix College"
            ):
                # The demo student: a final-year FLOT student at Beatrix College.
                user = _ensure_user(f"student@{DEMO_DOMAIN}")
                Student.objects.filter(user=user).exclude(pk=student.pk).update(user=None)
                student.user = user
                student.save(update_fields=["user"])
                demo_student_done = True
        # WPB: two students per mentor at a location.
        pool = wpb_pool.setdefault(slot.school, [])
        wpb = next((p for p in pool if wpb_load[p.pk] < 2), None)
        if wpb is None:
            first, last = names.next()
            login = not demo_wpb_done and (slot.school, slot.institute) == (
                "Beatrix College",
                "FLOT",
            )
            email = f"wpb@{DEMO_DOMAIN}" if login else _email(first, last)
            demo_wpb_done = demo_wpb_done or login
            wpb = _person(first, last, email, login=login)
            _assign(
                wpb,
                year,
                Role.WPB,
                locations=[location],
                subjects=student.programme,
                qualification_grade=1 if len(pool) % 3 else 2,
                started_at_school=year.start_year - 1 - len(pool) % 9,
            )
            pool.append(wpb)
        wpb_load[wpb.pk] += 1
        start, end = _period(slot, year)
        defaults = {
            "level": slot.level,
            "institute_label": slot.label,
            "end_date": end,
            "days_per_week": _days(slot.level),
            "so": so_of_school[slot.school],
            "io": io_of.get((slot.institute, location.pk)),
            "wpb": wpb,
            "registered_in_institute_system": slot.registered,
            "is_final": slot.level in FINAL_LEVELS and slot.institute in (*PARTNERS, "FHK", "ALO"),
            "status": slot.status,
            "registered_on": start - dt.timedelta(days=21),
            "stopped_on": dt.date(year.start_year, 10, 30) if slot.status == "stopped" else None,
            "stop_reason": (
                "Niet gestart en niet geregistreerd in het systeem van het instituut."
                if slot.status == "stopped"
                else ""
            ),
        }
        placement, _ = Placement.objects.update_or_create(
            student=student,
            location=location,
            school_year=year,
            start_date=start,
            defaults=defaults,
        )
        if slot.switch_part == 2:
            first_part = (
                Placement.objects.filter(student=student, school_year=year)
                .exclude(pk=placement.pk)
                .get()
            )
            placement.switched_from = first_part
            placement.save(update_fields=["switched_from"])


def _period(slot: Slot, year: SchoolYear) -> tuple[dt.date, dt.date]:
    y = year.start_year
    if slot.switch_part == 1:
        return dt.date(y, 9, 1), dt.date(y + 1, 1, 29)
    if slot.switch_part == 2:
        return dt.date(y + 1, 2, 1), dt.date(y + 1, 7, 1)
    if slot.level == StageLevel.MINOR_P1:
        return dt.date(y, 9, 1), dt.date(y + 1, 1, 29)
    if slot.level == StageLevel.MINOR_P2:
        return dt.date(y + 1, 2, 1), dt.date(y + 1, 7, 1)
    return dt.date(y, 9, 1), dt.date(y + 1, 7, 1)


def _days(level: str) -> Decimal:
    if level in (StageLevel.VT4, StageLevel.MASTER):
        return Decimal(3)
    if level == StageLevel.VT1:
        return Decimal(1)
    return Decimal(2)


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
    load_people_and_placements(year, ctx)
    return ctx
