"""Demo data for matching and supervision, written through the services, around the running
year (the one containing the day of loading): places on offer for the year after at Beatrix College,
proposals in every state, two early-matching reservations, and conversations, a signal and
a second teacher on the running year's placements. The closed year refuses writes, so the
years app's demo calls `load_running_year` once the running year's placements exist."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile

from bos.demo import DemoContext
from bos.demo.dates import from_today, today
from bos.models import Person, SchoolYear, User

from .. import matching, offers, portfolio, supervision
from ..models import OPEN_STATUSES, Conversation, Placement, PlaceOffer, Proposal, StageLevel

DOMAIN = "demo.bos.example"
# A tiny valid PDF for the demo applications (a letter and a CV).
DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)

NEXT_YEAR_OFFERS = [
    # subject, level, places, with the mentor known
    ("Engels", StageLevel.VT4, 2, True),
    ("Wiskunde", StageLevel.VT3, 1, True),
    ("Geschiedenis", StageLevel.VT2, 1, False),
    ("Nederlands", StageLevel.MINOR_P2, 2, False),
]


def _user(local: str) -> User:
    return User.objects.get(email=f"{local}@{DOMAIN}")


def load_running_year(ctx: DemoContext, running: SchoolYear) -> None:
    """Called by the running year's demo once its placements exist."""
    if Placement.objects.filter(school_year=running).exists():
        load(DemoContext(year=running, locations=ctx.locations))


def load(ctx: DemoContext) -> None:
    next_year = matching.next_year_of(ctx.year)
    # Loaded before for this running year: the demo is idempotent. A demo loaded again in a
    # later year gets that year's proposals.
    if next_year is not None and Proposal.objects.filter(school_year=next_year).exists():
        return
    so, io, wpb = _user("so.beatrix"), _user("io.flot"), _user("wpb")
    if next_year is not None:
        _offers_and_proposals(ctx, next_year, so, io)
        _reservations(ctx, so)
    _conversations(ctx, so, io, wpb)
    _portfolio(ctx)


def _portfolio(ctx: DemoContext) -> None:
    """The demo student's portfolio: a reflection shared with the supervisors (feedback of
    the WPB worked in) and one kept private."""
    student = User.objects.filter(email=f"student@{DOMAIN}").first()
    placement = Placement.objects.filter(
        school_year=ctx.year, student__user=student, status__in=OPEN_STATUSES
    ).first()
    if student is None or placement is None:
        return
    for title, text, shared in (
        (
            "De eerste weken: orde in de onderbouw",
            "Mijn eerste lessen in de brugklas begonnen onrustig: ik startte de uitleg "
            "voordat iedereen zat.\n\nMijn WPB gaf als feedback eerst stilte te vragen en "
            "met een vraag op het bord te beginnen. Dat werkt: de laatste drie lessen "
            "begonnen rustig. Mijn volgende leervraag: hoe houd ik de aandacht vast bij "
            "zelfstandig werken?",
            True,
        ),
        (
            "Wat ik nog lastig vind",
            "Differentiëren in een klas met grote niveauverschillen. Eerst zelf uitzoeken "
            "voordat ik dit deel.",
            False,
        ),
    ):
        portfolio.reflection_write(
            user=student, placement_id=placement.pk, title=title, text=text, shared=shared
        )


def _offers_and_proposals(ctx: DemoContext, next_year: SchoolYear, so: User, io: User) -> None:
    beatrix = ctx.locations["Beatrix College"]
    mentor = (
        Placement.objects.filter(school_year=ctx.year, location=beatrix, wpb__isnull=False)
        .order_by("pk")
        .values_list("wpb", flat=True)
        .first()
    )
    made: dict[str, PlaceOffer] = {}
    for subject, level, places, known in NEXT_YEAR_OFFERS:
        made[subject] = offers.offer_save(
            user=so,
            location_id=beatrix.pk,
            subject=subject,
            level=level,
            places=places,
            first_year_reserved=0,
            mentor=Person.objects.get(pk=mentor) if known and mentor else None,
            year=next_year,
            start_date=dt.date(next_year.start_year, 9, 1),
            end_date=dt.date(next_year.start_year + 1, 6, 30),
            days="maandag en donderdag" if level == StageLevel.VT4 else "dinsdag",
        )
    # FLOT students of this year at Beatrix, in a fixed order, for the IO to propose.
    students = [
        p.student
        for p in Placement.objects.filter(
            school_year=ctx.year, location=beatrix, student__institute__short_name="FLOT"
        )
        .select_related("student__user")
        .order_by("student__last_name", "pk")
    ]
    # The demo login is the student whose address starts with "student@"; the running year
    # gives other students logins too, so having a user does not single it out.
    demo_student = next(
        (s for s in students if s.user_id and s.user.email == f"student@{DOMAIN}"), None
    )
    others = [s for s in students if s is not demo_student]
    # The demo student is proposed and can apply in the demo.
    if demo_student is not None:
        matching.proposal_create(
            user=io,
            offer_id=made["Engels"].pk,
            student=demo_student,
            note="Afrondende stage: past goed bij de vakgroep Engels.",
        )
    plan = [
        ("Engels", "applied"),
        ("Wiskunde", "meeting"),
        ("Geschiedenis", "declined"),
        ("Nederlands", "proposed"),
    ]
    for subject, state in plan:
        # Prefer a student of the place's own subject.
        student = next((s for s in others if s.programme == subject), others[0] if others else None)
        if student is None:
            break
        others.remove(student)
        proposal = matching.proposal_create(user=io, offer_id=made[subject].pk, student=student)
        if state == "proposed":
            continue
        if student.user_id is None:
            student.user, _ = User.objects.get_or_create(
                email=f"{student.student_number.lower()}@student.{DOMAIN}"
            )
            student.save(update_fields=["user"])
        matching.proposal_apply(
            user=student.user,
            proposal_id=proposal.pk,
            letter=SimpleUploadedFile("motivatiebrief.pdf", DEMO_PDF),
            cv=SimpleUploadedFile("cv.pdf", DEMO_PDF),
        )
        if state == "meeting":
            matching.proposal_plan_meeting(
                user=so,
                proposal_id=proposal.pk,
                # A fortnight ahead, at half past three (inside the running year).
                meeting_at=dt.datetime.combine(
                    from_today(ctx.year, 14), dt.time(15, 30), tzinfo=dt.UTC
                ),
                place="Beatrix College, kamer van de schoolopleider",
            )
        elif state == "declined":
            matching.proposal_decline(
                user=so,
                proposal_id=proposal.pk,
                reason="De stagedag past niet in het rooster van de vakgroep.",
            )


def _reservations(ctx: DemoContext, so: User) -> None:
    """Early matching: two third-year students at Beatrix keep their place next year."""
    placements = Placement.objects.filter(
        school_year=ctx.year, location=ctx.locations["Beatrix College"], level=StageLevel.VT3
    ).order_by("pk")[:2]
    for placement in placements:
        offers.reservation_create(user=so, placement_id=placement.pk, level=StageLevel.VT4)


def _conversations(ctx: DemoContext, so: User, io: User, wpb: User) -> None:
    """The demo WPB's placements have their intake, acquaintance and progress conversations;
    the first also its mid-term evaluation and final conversation; one has a signal and a
    second teacher."""
    placements = list(
        Placement.objects.filter(school_year=ctx.year, wpb__user=wpb)
        .select_related("so", "io", "wpb", "student")
        .order_by("pk")
    )
    for index, placement in enumerate(placements):
        if Conversation.objects.filter(placement=placement).exists():
            continue
        start = placement.start_date
        people = [p for p in (placement.so, placement.io) if p]
        steps = [
            (
                wpb,
                "acquaintance",
                start,
                [placement.wpb],
                "Leerwensen en een vast overlegmoment op donderdag afgesproken.",
            ),
            (
                so,
                "intake",
                start + dt.timedelta(days=7),
                people,
                "Werkafspraken over begeleiding en opleidingseisen gemaakt.",
            ),
            (
                wpb,
                "progress",
                start + dt.timedelta(days=42),
                [placement.wpb],
                "Lesvoorbereidingen zijn op orde; werkt aan klassenmanagement.",
            ),
        ]
        if index == 0 and placement.io:
            middle = start + (placement.end_date - start) / 2
            steps += [
                (
                    so,
                    "midterm",
                    middle,
                    [placement.so, placement.io, placement.wpb],
                    "Tussenevaluatie: op koers voor een voldoende afronding.",
                ),
                (
                    io,
                    "final",
                    placement.end_date,
                    [placement.io, placement.wpb],
                    "Eindgesprek: stage met een voldoende afgerond.",
                ),
            ]
        for user, kind, day, participants, notes in steps:
            if user is None or not all(participants) or day > today():
                continue  # a conversation still ahead of the day of loading is not held yet
            supervision.conversation_record(
                user=user,
                placement_id=placement.pk,
                kind=kind,
                held_on=day,
                participants=participants,
                notes=notes,
                confidential_notes="Thuissituatie besproken; geen actie nodig."
                if kind == "intake"
                else "",
            )
        if index == 1 and placement.is_open:
            supervision.signal_raise(
                user=wpb,
                placement_id=placement.pk,
                areas="Orde houden in de onderbouw en lessen tijdig voorbereiden.",
            )
        if index == 1:
            supervision.second_teacher_add(
                user=so,
                placement_id=placement.pk,
                email=f"vakgenoot.beatrix@{DOMAIN}",
                first_name="Vera",
                last_name="Vakgenoot",
                subjects=placement.student.programme,
            )
