"""Demo starters and building blocks in the demo year, written through the services: at
Beatrix College by its SO, elsewhere by the projectleider. Around them the programme of
bijlage 4: the year's induction policy (the CAO's 20 % and 10 %), development plans, the
workload measures, an introduction meeting with its attendance and the information package;
in the running year (`load_running_year`, called by the years app once that year exists)
three starters at Beatrix College, coached by its lerarencoach, and one at Newmancollege who
left, with an exit interview.
Every person is fictitious."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from bos.demo import DemoContext
from bos.demo.dates import not_after_today, shift_into
from bos.models import Person, Role, SchoolLocation, SchoolYear, User
from library import files
from library import services as library_services
from library.demo import tiny_pdf
from library.models import Audience, Document, DocumentKind
from placements.models import Placement

from . import services
from .models import (
    BlockState,
    BuildingBlock,
    InductionPolicy,
    LeavingReason,
    MeasureState,
    Starter,
    StarterKind,
    WorkloadMeasure,
)

DOMAIN = "demo.bos.example"
# (school, first name, last name, subject, kind, induction year)
STARTERS = [
    ("Beatrix College", "Noor", "Aanvang", "Engels", StarterKind.FORMER_STUDENT, 1),
    ("Beatrix College", "Joris", "Beginsel", "Wiskunde", StarterKind.STARTER, 2),
    ("Beatrix College", "Lotte", "Onderweg", "Scheikunde", StarterKind.UNQUALIFIED, 1),
    ("Newmancollege", "Daan", "Instap", "Geschiedenis", StarterKind.FORMER_STUDENT, 1),
    ("Newmancollege", "Fleur", "Nieuwkoop", "Frans", StarterKind.STARTER, 3),
]
# Building blocks in place (or in development) per school.
BLOCKS = {
    "Beatrix College": (8, 3),
    "Newmancollege": (5, 4),
}


def load(ctx: DemoContext) -> None:
    if not Starter.objects.filter(school_year=ctx.year).exists():
        _register(ctx)
    if not InductionPolicy.objects.filter(school_year=ctx.year).exists():
        _programme_of_seed_year(ctx.year)


def _register(ctx: DemoContext) -> None:
    so = User.objects.get(email=f"so.beatrix@{DOMAIN}")
    pl = User.objects.get(email=f"projectleider@{DOMAIN}")
    former = list(
        Placement.objects.filter(school_year=ctx.year, is_final=True)
        .select_related("student")
        .order_by("pk")[:5]
    )
    for index, (school, first, last, subject, kind, induction_year) in enumerate(STARTERS):
        location = ctx.locations.get(school)
        if location is None:
            continue
        user = so if school == "Beatrix College" else pl
        former_student = None
        if kind == StarterKind.FORMER_STUDENT:
            if not former:
                continue
            former_student = former[index % len(former)].student
            first, last = former_student.first_name, former_student.last_name
        coach = (
            Placement.objects.filter(school_year=ctx.year, location=location, wpb__isnull=False)
            .order_by("-pk")
            .values_list("wpb", flat=True)
            .first()
        )
        services.starter_register(
            user=user,
            coach=Person.objects.filter(pk=coach).first() if index != 1 else None,
            location_id=location.pk,
            first_name=first,
            last_name=last,
            email=f"{first}.{last}@{DOMAIN}".lower().replace(" ", ""),
            subject=subject,
            kind=kind,
            hired_on=dt.date(ctx.year.start_year + 1 - induction_year, 8, 1),
            induction_year=induction_year,
            former_student=former_student,
            year=ctx.year,
        )
    blocks = list(BuildingBlock)
    for school, (in_place, developing) in BLOCKS.items():
        location = ctx.locations.get(school)
        if location is None:
            continue
        for position, block in enumerate(blocks[: in_place + developing]):
            services.block_set(
                user=pl,
                location_id=location.pk,
                block=block.value,
                state=BlockState.IN_PLACE if position < in_place else BlockState.DEVELOPING,
                year=ctx.year,
            )


PACKAGE_TITLE = "Informatiepakket startende leraren"
PACKAGE_LINES = [
    "Welkom als startende leraar. Dit pakket beschrijft de begeleiding in de eerste drie",
    "jaren: de coach, het ontwikkelplan, de werkdrukmaatregelen en de procedure rond",
    "begeleiding en beoordeling, die strikt gescheiden zijn.",
]
# Measures per starter (by last name): done, and not applicable.
SEED_MEASURES = {
    "Beginsel": (["cao_reduction", "fewer_lessons", "fixed_meetings", "intervision"], []),
    "Onderweg": (
        ["cao_reduction", "no_mentor", "no_extra_tasks", "general_coach", "confidant"],
        ["switch_class"],
    ),
}


def information_package(year: SchoolYear) -> Document:
    """The year's information package for starting teachers, in the library."""
    existing = Document.objects.filter(school_year=year, title=PACKAGE_TITLE).first()
    if existing is not None:
        return existing
    return library_services.add_document(
        user=None,
        year=year,
        values={
            "title": PACKAGE_TITLE,
            "kind": DocumentKind.HANDREIKING,
            "audience": Audience.EVERYONE,
            "implements": "",
            "version": "1.0",
            "adopted_on": shift_into(year, dt.date(2021, 7, 12)),
            "adopted_by": "stuurgroep",
        },
        upload=files.check_bytes(tiny_pdf(f"{PACKAGE_TITLE} {year}", PACKAGE_LINES)),
        original_name=f"{PACKAGE_TITLE}.pdf",
    )


def _policy(year: SchoolYear, pl: User) -> None:
    services.policy_update(
        user=pl,
        year=year,
        values={
            "reduction_first_year_pct": Decimal(20),
            "reduction_second_year_pct": Decimal(10),
            "coach_hours_first_year": Decimal(40),
            "coach_hours_later_years": Decimal(20),
        },
        information_package=information_package(year),
    )


def _programme_of_seed_year(year: SchoolYear) -> None:
    """2020-2021: the CAO's reductions, the Beatrix College starters' plans and measures and
    their introduction meeting (two of three present); Newmancollege has no plan yet."""
    so = User.objects.get(email=f"so.beatrix@{DOMAIN}")
    pl = User.objects.get(email=f"projectleider@{DOMAIN}")
    _policy(year, pl)
    beatrix = list(Starter.objects.filter(school_year=year, location__name="Beatrix College"))
    for starter in beatrix:
        services.plan_record(
            user=so,
            starter_id=starter.pk,
            goals=(
                "Klassenmanagement in de onderbouw; differentiëren in de lessen "
                f"{starter.subject.lower()}."
            ),
            agreements="Elke twee weken een gesprek met de coach; twee lesobservaties per periode.",
            review_on=dt.date(2021, 1, 29),
        )
        done, not_applicable = SEED_MEASURES.get(starter.last_name, (["cao_reduction"], []))
        states = {m: MeasureState.DONE for m in done}
        states.update({m: MeasureState.NOT_APPLICABLE for m in not_applicable})
        services.measures_set(user=so, starter_id=starter.pk, states=states)
    if beatrix:
        meeting = services.intro_meeting_create(
            user=so,
            location_id=beatrix[0].location_id,
            date=dt.date(2020, 9, 2),
            note="Kennismaking met elkaar, de school, de coaches en de schoolleiding.",
            year=year,
        )
        present = {inv.starter_id: True for inv in meeting.invitations.all()}
        present[beatrix[-1].pk] = False
        services.intro_attendance_set(user=so, meeting_id=meeting.pk, present=present)


# The running year's starters at Beatrix College: (first, last, subject, kind, year).
RUNNING_STARTERS = [
    ("Sanne", "Eerstejaar", "Biologie", StarterKind.STARTER, 1),
    ("Milan", "Tweedejaars", "Aardrijkskunde", StarterKind.STARTER, 2),
    ("Lotte", "Onderweg", "Scheikunde", StarterKind.UNQUALIFIED, 2),
]


def load_running_year(year: SchoolYear) -> None:
    if Starter.objects.filter(school_year=year).exists():
        return
    so = User.objects.get(email=f"so.beatrix@{DOMAIN}")
    pl = User.objects.get(email=f"projectleider@{DOMAIN}")
    beatrix = SchoolLocation.objects.filter(name="Beatrix College").first()
    newman = SchoolLocation.objects.filter(name="Newmancollege").first()
    if beatrix is None:
        return
    # The wizard copied the seed year's policy; this year has its own package.
    _policy(year, pl)
    # The school's lerarencoach coaches its starters (a WPB when the school has none).
    coach = None
    for role in (Role.LERARENCOACH, Role.WPB):
        coach = coach or (
            Person.objects.filter(
                roles__school_year=year, roles__role=role, roles__locations=beatrix
            )
            .order_by("last_name")
            .first()
        )
    starters = []
    for first, last, subject, kind, induction_year in RUNNING_STARTERS:
        starters.append(
            services.starter_register(
                user=so,
                location_id=beatrix.pk,
                first_name=first,
                last_name=last,
                email=f"{first}.{last}@{DOMAIN}".lower(),
                subject=subject,
                kind=kind,
                hired_on=dt.date(year.start_year + 1 - induction_year, 8, 1),
                induction_year=induction_year,
                coach=coach,
                year=year,
            )
        )
    meeting = services.intro_meeting_create(
        user=so,
        location_id=beatrix.pk,
        date=not_after_today(year, shift_into(year, dt.date(2021, 9, 1))),
        note="Samen met de stagiairs van dit jaar.",
        year=year,
    )
    services.intro_attendance_set(
        user=so,
        meeting_id=meeting.pk,
        present={starters[0].pk: True, starters[1].pk: True, starters[2].pk: False},
    )
    # The second-year starter has a plan and most measures; the first-year starter's plan
    # is the SO's next step (the demo leaves it open).
    services.plan_record(
        user=so,
        starter_id=starters[1].pk,
        goals="Formatief toetsen in de bovenbouw; meer eigenaarschap bij leerlingen.",
        agreements="Maandelijks gesprek met de coach; een leerlingenenquête in periode 2.",
        review_on=shift_into(year, dt.date(2022, 1, 28)),
    )
    services.measures_set(
        user=so,
        starter_id=starters[1].pk,
        states={
            WorkloadMeasure.CAO_REDUCTION: MeasureState.DONE,
            WorkloadMeasure.SPREAD: MeasureState.DONE,
            WorkloadMeasure.FIXED_MEETINGS: MeasureState.DONE,
            WorkloadMeasure.NO_MENTOR: MeasureState.NOT_APPLICABLE,
        },
    )
    if newman is not None:
        left = services.starter_register(
            user=pl,
            location_id=newman.pk,
            first_name="Bram",
            last_name="Vertrek",
            email=f"bram.vertrek@{DOMAIN}",
            subject="Natuurkunde",
            kind=StarterKind.STARTER,
            hired_on=dt.date(year.start_year, 8, 1),
            year=year,
        )
        services.exit_record(
            user=pl,
            starter_id=left.pk,
            left_on=not_after_today(year, shift_into(year, dt.date(2021, 11, 30))),
            reason=LeavingReason.OTHER_SCHOOL,
            notes="Vaste baan dichter bij huis. Advies: de coach eerder koppelen.",
        )
