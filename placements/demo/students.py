"""The demo year's students, their WPBs and placements, built from the report's figures
(`bos/demo/data`) on the organisation the ground floor's demo loaded (`bos.demo.organisation`),
so that every figure of the report can be recomputed from it. Runs first in this app's demo.

All people are fictitious. Loading is idempotent: every student is found by institute +
student number, every placement by student + location + start date."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from itertools import cycle

from bos.demo import DemoContext
from bos.demo.organisation import (
    DEMO_DOMAIN,
    PARTNERS,
    NameGenerator,
    _assign,
    _email,
    _ensure_user,
    _int,
    _person,
    read_csv,
)
from bos.models import Person, Role, SchoolYear

from ..models import Placement, PlacementStatus, StageLevel, Student, Variant

# The report names FHK (9) and ALO (8); the remaining 27 "overig" students are spread over
# other institutes.
OTHER_QUOTA = {"FHK": 9, "ALO": 8, "HU": 10, "RDA": 7, "ILO": 6, "HvA": 4}

FIRST_YEAR_ALIASES = {"Mencia de Mendoza & Mencia Sandrode": "Mencia de Mendoza"}
UNREGISTERED_FIRST_YEARS = {"Beatrix College": 3, "Koning Willem II College": 3, "Newmancollege": 2}
SWITCH_COUNT = 3

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


def load(ctx: DemoContext) -> None:
    _load_placements(ctx.year, ctx, ctx.names, ctx.so_of_school, ctx.io_of)


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
