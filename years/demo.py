"""The demo's running year (the school year containing the day of loading), started from
2020-2021 with the wizard's own services, and 2020-2021 closed afterwards (its report kept as
a snapshot; it still reproduces the seed). Runs after every other app's demo (the years app
is the last installed app with a demo module). Its dates are the template year 2021-2022's
moved into it (`bos.demo.dates`), and what is done lies before the day of loading.

The running year holds: every role kept, pupils on 1 October, the guidelines' policy (stipend in
force, subsidy €100,000 + 199 × €955 = €290,045), the budget lines copied with a few months
of actuals, the reserve €208,862.40 carried in from 2020-2021's snapshot, continuing students
a level up, new first-years, two stopped and two switched placements, and stipend
applications in every state. Idempotent: a second run finds everything present."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from decimal import Decimal
from itertools import cycle

from django.utils import timezone

from bos.demo import DemoContext
from bos.demo.dates import from_today, not_after_today, running_start_year, shift_into
from bos.demo.organisation import DEMO_DOMAIN, NameGenerator
from bos.models import (
    LocationYear,
    Qualification,
    QualificationKind,
    Role,
    RoleAssignment,
    SchoolYear,
    User,
)
from placements import services as placement_services
from placements.demo.students import FINAL_LEVELS, LABELS, SUBJECTS, VARIANT_OF_LEVEL, _days
from placements.models import ChecklistItem, Placement, PlacementStatus, StageLevel, Student
from reports import selectors as report_selectors
from reports import services as report_services
from reports.models import ActualEntry, Budget, BudgetLine, BudgetState, LineKind

from .closing import year_close
from .models import DevelopmentTeamYear
from .pupils import pupil_counts_set
from .teams import member_set, team_save
from .wizard import start_new_year

NEXT_LEVEL = {StageLevel.VT1: StageLevel.VT2, StageLevel.VT2: StageLevel.VT3,
              StageLevel.VT3: StageLevel.VT4}  # fmt: skip
TEAM_ASSIGNMENTS = {
    "programma": ("Programma", "Het opleidingsprogramma van de scholen op elkaar afstemmen."),
    "professionalisering": ("Professionalisering", "Scholing voor SO's en WPB's."),
    "intervisie": ("Intervisie", "Intervisie voor studenten en begeleiders organiseren."),
    "inductie": ("Inductie", "Begeleiding van startende docenten."),
}
STOPPED = 2
SWITCHED = 2
OPEN_EVERY = 6


def load(ctx: DemoContext) -> None:
    source = ctx.year
    pl = User.objects.get(email=f"projectleider@{DEMO_DOMAIN}")
    if source.closed_at is None:
        _teams(source)
    running, _ = start_new_year(source=source, user=None, start_year=running_start_year())
    ctx.running_year = running  # type: ignore[attr-defined]
    _pupils(source, running)
    if not Placement.objects.filter(school_year=running).exists():
        _placements(ctx, source, running, pl)
    from stipend.demo import load_year as load_stipends

    load_stipends(ctx, running)
    _late_arrivals(ctx, running, pl)
    from placements.demo import load_offers

    # After every placement of the year exists, so a reload computes the same offers.
    load_offers(DemoContext(year=running, locations=ctx.locations))
    _compensation_line(running)
    _actuals(running)
    if source.closed_at is None:
        # Before the seed year closes: its goals moved on are copied into the running year,
        # and its standards linked to the library's documents (that app loads after reports).
        report_services.goals_carry_forward(year=source)
        from reports.demo import load_quality_documents

        load_quality_documents(source)
        year_close(year=source, user=None, note="Jaarverslag vastgesteld.", with_pdf=False)
    # The closed year's report is published on the web (/jaarverslag/2020-2021/), so a
    # newcomer finds the publication as the public reads it.
    closed = SchoolYear.objects.get(pk=source.pk)
    publication = report_selectors.publication_of(year=closed)
    if publication is None or not publication.is_published:
        report_services.report_publish(year=closed, user=pl)
    # The verdiepingsmiddagen's cycle needs the running year's placements, made just above.
    from afternoons.demo import load_running_year

    load_running_year(running)
    # Matching (offers for the year after) and supervision need the same placements.
    from placements.demo.matching import load_running_year as load_matching

    load_matching(ctx, running)
    # The running year's offer, start meetings and conversations (the year's roles exist now).
    from professionalization.demo import load_running_year as load_professionalization

    load_professionalization(running)
    # Intervision at the demo schools (groups, meetings, reports) needs the same placements.
    from intervision.demo import load_school_intervision

    load_school_intervision(running)
    # An open survey for the WPBs and a concept for the students (the year's roles exist now).
    from surveys.demo import load_running_year as load_surveys

    load_surveys(running)
    # Starting teachers and their programme (the year's roles and policy exist now).
    from induction.demo import load_running_year as load_induction

    load_induction(running)
    # Qualifications belong to a person, not a year: after the running year's roles exist.
    _qualifications()


# What the demo records of the qualifications the seed asks (l. 2017-2025, 4121, 4158,
# 4232): BRLO for the SOs, the assessor training for the IOs, the WPB course for the WPBs,
# every fifth person without, so the opleidingsteams' flags show what a real region would;
# every other IO is BRLO-registered as well (asked "bij voorkeur", l. 4232).
QUALIFICATION_OF_ROLE = {
    Role.SO: QualificationKind.BRLO,
    Role.IO: QualificationKind.ASSESSOR,
    Role.WPB: QualificationKind.WPB_COURSE,
}
WITHOUT_EVERY = 5


def _qualifications() -> None:
    """Fictitious dates between 2012 and 2019, so each was obtained before 2020-2021."""
    holders = (
        RoleAssignment.objects.filter(role__in=QUALIFICATION_OF_ROLE)
        .order_by("role", "person__email")
        .values_list("role", "person_id")
        .distinct()
    )
    rows = []
    seen: set[tuple[int, str]] = set()
    for index, (role, person_id) in enumerate(holders):
        kind = QUALIFICATION_OF_ROLE[role]
        if index % WITHOUT_EVERY == WITHOUT_EVERY - 1 or (person_id, kind) in seen:
            continue
        seen.add((person_id, kind))
        obtained = dt.date(2012 + index % 8, 1 + index % 12, 1 + index % 28)
        rows.append(Qualification(person_id=person_id, kind=kind, obtained_on=obtained))
        if role == Role.IO and index % 2 == 0:
            brlo = dt.date(2014 + index % 6, 1 + (index + 5) % 12, 1 + index % 28)
            rows.append(
                Qualification(person_id=person_id, kind=QualificationKind.BRLO, obtained_on=brlo)
            )
    Qualification.objects.bulk_create(rows, ignore_conflicts=True)


def _teams(year: SchoolYear) -> None:
    """The fixed teams of the first year as per-year teams (members from their roles)."""
    if DevelopmentTeamYear.objects.filter(school_year=year).exists():
        return
    assignments = RoleAssignment.objects.filter(
        school_year=year, role=Role.ONTWIKKELTEAM
    ).select_related("person")
    by_team = defaultdict(list)
    for assignment in assignments:
        by_team[assignment.team].append(assignment)
    for code, members in by_team.items():
        name, text = TEAM_ASSIGNMENTS.get(code, (code, ""))
        kartrekker = next((m.person for m in members if m.is_kartrekker), None)
        team = team_save(year=year, name=name, assignment=text, kartrekker=kartrekker)
        for member in members:
            member_set(team=team, person=member.person, hours=member.hours or Decimal(0))


def _pupils(source: SchoolYear, running: SchoolYear) -> None:
    """A little growth on last year's count; a school without one gets an estimate."""
    before = dict(
        LocationYear.objects.filter(school_year=source).values_list("location_id", "pupils")
    )
    counts = {}
    for row in LocationYear.objects.filter(school_year=running, is_member=True):
        if row.pupils is not None:
            continue
        previous = before.get(row.location_id)
        counts[row.location_id] = previous + previous * 2 // 100 if previous else 450
    if counts:
        pupil_counts_set(year=running, counts=counts, user=None)


def _placements(ctx: DemoContext, source: SchoolYear, running: SchoolYear, pl: User) -> None:
    start = shift_into(running, dt.date(2021, 9, 1))
    end = shift_into(running, dt.date(2022, 7, 1))
    registered_on = not_after_today(running, shift_into(running, dt.date(2021, 8, 11)))
    previous = list(
        Placement.objects.for_year(source)
        .filter(status__in=[PlacementStatus.ACTIVE, PlacementStatus.COMPLETED])
        .filter(switched_from__isnull=True, registered_in_institute_system=True)
        .select_related("student__institute", "location", "wpb")
        .order_by("pk")
    )
    made: list[Placement] = []

    def create(
        student: Student,
        location_id: int,
        level: str,
        wpb_id: int | None,
        until: dt.date | None = None,
    ) -> None:
        code = student.institute.short_name
        result = placement_services.placement_create(
            user=pl,
            location_id=location_id,
            student=student,
            level=level,
            institute_label=LABELS.get(code, {}).get(level, ""),
            start_date=start,
            end_date=until or end,
            days_per_week=_days(level),
            wpb=None,
            io=placement_services.io_of(
                student.institute_id, ctx.locations_by_pk[location_id], running
            ),
            is_final=level in FINAL_LEVELS and code in ("FLOT", "HR", "ESoE", "FHK", "ALO"),
            registered_on=registered_on,
            year=running,
        )
        result.placement.wpb_id = wpb_id
        made.append(result.placement)

    ctx.locations_by_pk = {loc.pk: loc for loc in ctx.locations.values()}  # type: ignore[attr-defined]
    continuing = [p for p in previous if p.level in NEXT_LEVEL]
    for placement in continuing:
        create(
            placement.student,
            placement.location_id,
            NEXT_LEVEL[StageLevel(placement.level)],
            placement.wpb_id,
        )
    wpbs = _mentors(running)
    beatrix = ctx.locations["Beatrix College"].pk
    # The demo student (final year in 2020-2021) goes on to a master placement, mentored by
    # the demo WPB (the stipend form needs the WPB's name).
    demo_student = Student.objects.filter(user__email=f"student@{DEMO_DOMAIN}").first()
    # The master placement runs to the year's last day, so the student is in the audience of
    # a verdiepingsmiddag (and can choose themes) whenever the demo is loaded.
    if demo_student is not None:
        mentor = (wpbs.get(beatrix) or [None])[0]
        create(demo_student, beatrix, StageLevel.MASTER, mentor, until=running.end_date)
    # New first-years: as many FLOT PHP students per school as it had last year.
    first_years = Counter(
        p.location_id
        for p in previous
        if p.level == StageLevel.VT1 and p.student.institute.short_name == "FLOT"
    )
    flot = ctx.institutes["FLOT"]
    names = NameGenerator(offset=900)
    subjects = cycle(SUBJECTS)
    number = 0
    for location_id, count in sorted(first_years.items()):
        for _ in range(count):
            number += 1
            first, last = names.next()
            student_number = f"FL{2021000 + number:07d}"
            student, _ = Student.objects.update_or_create(
                institute=flot,
                student_number=student_number,
                defaults={
                    "first_name": first,
                    "last_name": last,
                    "email": f"{student_number.lower()}@student.flot.example",
                    "programme": next(subjects),
                    "variant": VARIANT_OF_LEVEL[StageLevel.VT1],
                },
            )
            mentors = wpbs.get(location_id) or [None]
            create(student, location_id, StageLevel.VT1, mentors[number % len(mentors)])
    # In progress: everything started (unless loaded before the first day) and registered
    # with the institute; checklists mostly worked through (every sixth placement still has
    # its last items open).
    started = start <= from_today(running, 0)
    Placement.objects.filter(pk__in=[p.pk for p in made]).update(
        status=PlacementStatus.ACTIVE if started else PlacementStatus.PLANNED,
        registered_in_institute_system=True,
    )
    for placement in made:
        Placement.objects.filter(pk=placement.pk).update(wpb_id=placement.wpb_id)
    _tick_checklists(made, running)
    _stop_and_switch(made, pl, running)


def _late_arrivals(ctx: DemoContext, running: SchoolYear, pl: User) -> None:
    """Two final-year students who came to Beatrix College later: one in September, one
    registered on the day of loading and starting in three weeks (its checklist is still
    ahead). Their stipend applications have not been started yet (the SO can start one)."""
    flot = ctx.institutes["FLOT"]
    names = NameGenerator(offset=1200)
    for number in (1, 2):
        first, last = names.next()
        student_number = f"FL{2021900 + number:07d}"
        student, _ = Student.objects.get_or_create(
            institute=flot,
            student_number=student_number,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": f"{student_number.lower()}@student.flot.example",
                "programme": "Nederlands",
                "variant": VARIANT_OF_LEVEL[StageLevel.VT4],
            },
        )
        # Idempotent per year: a demo loaded again in a later year (the student exists from
        # the first load) still gets its late arrivals in the new running year.
        if Placement.objects.filter(student=student, school_year=running).exists():
            continue
        if number == 1:
            registered_on = shift_into(running, dt.date(2021, 9, 13))
            start = shift_into(running, dt.date(2021, 9, 20))
        else:
            registered_on = from_today(running, 0)
            start = min(from_today(running, 21), running.end_date - dt.timedelta(days=7))
        end = max(shift_into(running, dt.date(2022, 7, 1)), start + dt.timedelta(days=7))
        result = placement_services.placement_create(
            user=pl,
            location_id=ctx.locations["Beatrix College"].pk,
            student=student,
            level=StageLevel.VT4,
            institute_label=LABELS["FLOT"][StageLevel.VT4],
            start_date=start,
            end_date=min(end, running.end_date),
            days_per_week=_days(StageLevel.VT4),
            wpb=None,
            is_final=True,
            registered_on=registered_on,
            year=running,
        )
        mentors = _mentors(running).get(ctx.locations["Beatrix College"].pk) or [None]
        Placement.objects.filter(pk=result.placement.pk).update(
            registered_in_institute_system=True, wpb_id=mentors[number % len(mentors)]
        )
        if start <= from_today(running, 0):
            Placement.objects.filter(pk=result.placement.pk).update(status=PlacementStatus.ACTIVE)


def _mentors(year: SchoolYear) -> dict[int, list[int]]:
    """WPBs per location in the year, the demo WPB first at Beatrix College."""
    result: dict[int, list[int]] = defaultdict(list)
    rows = (
        RoleAssignment.objects.filter(school_year=year, role=Role.WPB)
        .order_by("person__email")
        .values_list("locations", "person_id", "person__email")
    )
    for location_id, person_id, email in rows:
        if location_id is None:
            continue
        if email == f"wpb@{DEMO_DOMAIN}":
            result[location_id].insert(0, person_id)
        else:
            result[location_id].append(person_id)
    return result


def _tick_checklists(placements: list[Placement], running: SchoolYear) -> None:
    # Work done is never in the future, even when the demo is loaded early in the year.
    done_on = not_after_today(running, shift_into(running, dt.date(2021, 10, 15)))
    done_at = min(timezone.make_aware(dt.datetime.combine(done_on, dt.time(10, 0))), timezone.now())
    keep_open = {p.pk for index, p in enumerate(placements) if index % OPEN_EVERY == 0}
    ChecklistItem.objects.filter(placement__in=[p.pk for p in placements]).exclude(
        placement__in=keep_open
    ).update(done_at=done_at, done_by_name="Demo")


def _stop_and_switch(placements: list[Placement], pl: User, running: SchoolYear) -> None:
    """Two continuing students stopped in November; two switched school in February (in
    the past: early in the year, a few days before the day of loading)."""
    recent = from_today(running, -7)
    if recent <= placements[0].start_date:
        return  # too early in the year: nobody has stopped or switched yet
    candidates = [p for p in placements if p.level in (StageLevel.VT2, StageLevel.VT3)]
    for placement in candidates[:STOPPED]:
        current = Placement.objects.get(pk=placement.pk)
        placement_services.placement_stop(
            user=pl,
            placement_id=current.pk,
            version=current.version,
            stopped_on=min(shift_into(running, dt.date(2021, 11, 15)), recent),
            reason="De student is gestopt met de opleiding.",
        )
    locations = list(
        LocationYear.objects.filter(school_year=placements[0].school_year, is_member=True)
        .order_by("location__name")
        .values_list("location_id", flat=True)
    )
    for placement in candidates[STOPPED : STOPPED + SWITCHED]:
        current = Placement.objects.get(pk=placement.pk)
        target = next(loc for loc in locations if loc != current.location_id)
        placement_services.placement_record_switch(
            user=pl,
            placement_id=current.pk,
            version=current.version,
            location_id=target,
            switch_date=min(shift_into(running, dt.date(2022, 2, 1)), recent),
        )


def _compensation_line(running: SchoolYear) -> None:
    """From 2021-2022 every school with a facilitated SO receives 50 hours at € 70 (the
    guideline of April 2021): a line computed from the qualifying schools."""
    budget = Budget.objects.filter(school_year=running).first()
    if budget is None or budget.state != BudgetState.CONCEPT:
        return
    if BudgetLine.objects.filter(section__budget=budget, kind=LineKind.COMPENSATION).exists():
        return
    report_services.budget_line_save(
        budget=budget,
        section_name="Scholen",
        name="Tegemoetkoming SO per school",
        kind=LineKind.COMPENSATION,
        note="50 klokuren à het uurtarief voor elke school met een gefaciliteerde SO.",
    )


def _actuals(running: SchoolYear) -> None:
    """The running year's first months booked (up to the day of loading): the
    projectleider's and coordinators' hours."""
    lines = BudgetLine.objects.filter(section__budget__school_year=running)
    if ActualEntry.objects.filter(line__in=lines).exists():
        return
    booked = {
        "Projectleider/programmadirecteur": Decimal("331.8"),
        "Bestuurscoördinator Sovot": Decimal("55.3"),
        "Bestuurscoördinator SKVOB": Decimal("55.3"),
    }
    for line in lines.select_related("section__budget"):
        if line.name in booked:
            report_services.actual_entry_add(
                line=line,
                date=not_after_today(running, shift_into(running, dt.date(2021, 11, 30))),
                description="Uren tot nu toe",
                hours=booked[line.name],
                amount=None,
                rate_kind=line.rate_kind,
            )
