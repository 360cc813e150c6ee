"""Demo starters and building blocks in the demo year, written through the services: at
Beatrix College by its SO, elsewhere by the projectleider."""

from __future__ import annotations

import datetime as dt

from bos.demo import DemoContext
from bos.models import Person, User
from placements.models import Placement

from . import services
from .models import BlockState, BuildingBlock, Starter, StarterKind

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
    if Starter.objects.filter(school_year=ctx.year).exists():
        return
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
