"""Demo stipend applications: one in every status, on final placements of the running year
(the first year of the stipend scheme in the demo).

Fictitious people only; BSNs pass the 11-proef and IBANs the mod-97 check but belong to
nobody (111222333 and NL91ABNA0417164300 are the well-known test values). The states are
set directly, so the demo has each state with its history at once; the two submitted ones
(one per board) are complete and eligible, so HR of either board can accept one through
the services. Idempotent: a placement that already has an application is left alone."""

from __future__ import annotations

import datetime as dt

from bos.demo import DemoContext
from bos.demo.dates import shift_into, today
from bos.models import Role, RoleAssignment, SchoolYear, User
from placements.models import Placement

from . import storage
from .models import (
    Action,
    ApplicationEvent,
    Degree,
    DocumentKind,
    IdDocumentType,
    Level,
    MaritalStatus,
    Status,
    StipendApplication,
    StipendDocument,
    StudyVariant,
    VogClaim,
)

DEMO_BSN = "111222333"
DEMO_IBAN = "NL91ABNA0417164300"
# (status, steps taken) per demo application, in the order the placements are used.
STEPS: dict[str, tuple[str, ...]] = {
    Status.SUBMITTED: (Action.SIGN, Action.SO_APPROVE, Action.DIRECTOR_APPROVE),
    Status.CONCEPT: (),
    Status.SIGNED: (Action.SIGN,),
    Status.SO_APPROVED: (Action.SIGN, Action.SO_APPROVE),
    Status.RETURNED: (Action.SIGN, Action.SO_APPROVE, Action.DIRECTOR_APPROVE, Action.SEND_BACK),
    Status.ACCEPTED: (Action.SIGN, Action.SO_APPROVE, Action.DIRECTOR_APPROVE, Action.ACCEPT),
    Status.REJECTED: (Action.SIGN, Action.SO_APPROVE, Action.DIRECTOR_APPROVE, Action.REJECT),
    Status.STOPPED: (
        Action.SIGN, Action.SO_APPROVE, Action.DIRECTOR_APPROVE, Action.ACCEPT, Action.STOP,
    ),
    Status.ENDED: (
        Action.SIGN, Action.SO_APPROVE, Action.DIRECTOR_APPROVE, Action.ACCEPT, Action.END,
    ),
}  # fmt: skip
RESULT = {
    Action.SIGN: Status.SIGNED,
    Action.SO_APPROVE: Status.SO_APPROVED,
    Action.DIRECTOR_APPROVE: Status.SUBMITTED,
    Action.SEND_BACK: Status.RETURNED,
    Action.ACCEPT: Status.ACCEPTED,
    Action.REJECT: Status.REJECTED,
    Action.STOP: Status.STOPPED,
    Action.END: Status.ENDED,
}
SOVOT_SCHOOLS = ("Beatrix College", "Koning Willem II College", "Reeshofcollege")
# A minimal valid PDF, standing in for a scanned document.
DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def make_bsn(seed: int) -> str:
    """The first number from 200000000 + 1000 * seed that passes the 11-proef."""
    number = 200_000_000 + 1000 * seed
    while True:
        digits = f"{number:09d}"
        total = sum(int(d) * w for d, w in zip(digits, (9, 8, 7, 6, 5, 4, 3, 2, -1), strict=True))
        if total % 11 == 0:
            return digits
        number += 1


def make_iban(account: int, bank: str = "INGB") -> str:
    bban = f"{bank}{account:010d}"
    numeric = "".join(str(int(ch, 36)) for ch in bban + "NL00")
    check = 98 - int(numeric) % 97
    return f"NL{check:02d}{bban}"


def _director_of(placement: Placement) -> User | None:
    assignment = (
        RoleAssignment.objects.filter(
            role=Role.DIRECTOR, school_year=placement.school_year, locations=placement.location
        )
        .select_related("person__user")
        .first()
    )
    return assignment.person.user if assignment and assignment.person.user else None


def _hr_of(placement: Placement) -> User | None:
    assignment = (
        RoleAssignment.objects.filter(
            role=Role.HR, school_year=placement.school_year, board=placement.location.board
        )
        .select_related("person__user")
        .first()
    )
    return assignment.person.user if assignment and assignment.person.user else None


def _fill(application: StipendApplication, index: int, placement: Placement) -> None:
    student = placement.student
    application.given_names = f"{student.first_name} Maria" if index % 2 else student.first_name
    application.last_name = student.last_name
    application.call_name = student.first_name
    application.date_of_birth = dt.date(1997 + index % 5, 1 + index % 12, 3 + index)
    application.place_of_birth = "Tilburg"
    application.country_of_birth = "Nederland"
    application.nationality = "Nederlandse"
    application.marital_status = MaritalStatus.MARRIED if index == 3 else MaritalStatus.UNMARRIED
    if index == 3:
        application.partner_initials = "J.P."
        application.partner_last_name = "Voorbeeld"
        application.partner_date_of_birth = dt.date(1995, 6, 14)
    application.bsn = DEMO_BSN if index == 0 else make_bsn(index)
    application.iban = DEMO_IBAN if index == 0 else make_iban(0o417164300 + index)
    application.address = f"Voorbeeldstraat {10 + index}"
    application.postcode_city = "5000 AA Tilburg"
    application.phone = f"06-000000{index:02d}"
    master = placement.level == "master"
    application.degree = Degree.MASTER if master else Degree.BACHELOR
    application.study_variant = StudyVariant.FULL_TIME
    application.institute_address = "Postbus 90900"
    application.institute_postcode_city = "5000 GA Tilburg"
    application.school_address = "Schoolstraat 1"
    application.school_postcode_city = "5000 AB Tilburg"
    # ESoE (TU/e) is a university programme; the others in the demo are hbo.
    if student.institute.short_name == "ESoE":
        application.level = Level.WO_MASTER if master else Level.WO_BACHELOR
    else:
        application.level = Level.HBO_MASTER if master else Level.HBO_BACHELOR
    application.id_document_type = IdDocumentType.ID_CARD


def _document(application: StipendApplication, kind: str, user: User | None) -> None:
    StipendDocument.objects.create(
        application=application,
        kind=kind,
        stored_name=storage.save_bytes(DEMO_PDF, ".pdf"),
        original_name=f"{kind}.pdf",
        content_type="application/pdf",
        size=len(DEMO_PDF),
        uploaded_by=user,
    )


# (status, board group) of each demo application after the demo student's concept: the demo
# SO and director work at Beatrix College (Sovot), so the steps they take are there.
PLAN: tuple[tuple[str, str], ...] = (
    (Status.SUBMITTED, "sovot"),
    (Status.SIGNED, "sovot"),
    (Status.SO_APPROVED, "sovot"),
    (Status.ACCEPTED, "sovot"),
    (Status.STOPPED, "sovot"),
    (Status.SUBMITTED, "skvob"),
    (Status.RETURNED, "skvob"),
    (Status.REJECTED, "skvob"),
    (Status.ACCEPTED, "skvob"),
    (Status.ENDED, "skvob"),
)


def _pools(year: SchoolYear) -> tuple[list[Placement], dict[str, list[Placement]]]:
    finals = (
        Placement.objects.filter(school_year=year, is_final=True, status="active")
        .select_related("student__user", "location__board", "so__user", "school_year")
        .order_by("pk")
    )
    own = [p for p in finals if p.student.user and p.student.user.email.startswith("student@")]
    rest = [p for p in finals if p not in own]
    # Beatrix College first among the Sovot schools.
    sovot = sorted(
        (p for p in rest if p.location.name in SOVOT_SCHOOLS),
        key=lambda p: (p.location.name != "Beatrix College", p.pk),
    )
    skvob = [p for p in rest if p.location.name not in SOVOT_SCHOOLS]
    return own, {"sovot": sovot, "skvob": skvob}


def load(ctx: DemoContext) -> None:
    """The stipend starts in the running year: the applications are made for the running year by
    `load_year`, which the running year's demo (years.demo) calls once it is built."""


def load_year(ctx: DemoContext, year: SchoolYear) -> None:
    own, pools = _pools(year)
    if own and not StipendApplication.objects.filter(placement=own[0]).exists():
        _create(ctx, own[0], Status.CONCEPT, 1)
    used = {"sovot": 0, "skvob": 0}
    for index, (status, group) in enumerate(PLAN):
        placement = pools[group][used[group]]
        used[group] += 1
        if StipendApplication.objects.filter(placement=placement).exists():
            continue
        # The first one carries the well-known test BSN and IBAN.
        _create(ctx, placement, status, index + 2 if index else 0)


def _create(ctx: DemoContext, placement: Placement, status: str, index: int) -> None:
    so = placement.so.user if placement.so and placement.so.user else None
    student_user = placement.student.user
    application = StipendApplication(
        placement=placement,
        email=placement.student.email,
        institute_name=placement.student.institute.name,
        programme=placement.student.programme,
        school_name=placement.location.name,
        start_date=placement.start_date,
        end_date=placement.end_date,
        days_per_week=min(int(placement.days_per_week), 3),
        so_name=placement.so.full_name if placement.so else "",
        so_email=placement.so.email if placement.so else "",
        wpb_name=placement.wpb.full_name if placement.wpb else "",
        status=status,
    )
    if status != Status.CONCEPT:
        _fill(application, index, placement)
    if status in (Status.ACCEPTED, Status.STOPPED, Status.ENDED):
        application.employee_reference = f"BOS-DEMO-{index:03d}"
        application.decided_on = placement.start_date - dt.timedelta(days=7)
        application.vog_claim = VogClaim.PAID if status == Status.ENDED else VogClaim.CLAIMED
    if status == Status.REJECTED:
        application.employed_by_board = True
        application.decided_on = placement.start_date - dt.timedelta(days=7)
    if status == Status.STOPPED:
        # End of January, or earlier when the demo is loaded before then: a stop has happened.
        stopped = shift_into(placement.school_year, dt.date(2022, 1, 31))
        application.stopped_on = max(placement.start_date, min(stopped, today()))
        application.stop_reason = (
            "WPB en SO: stageverplichtingen niet nagekomen (besproken met student en IO)."
        )
    if status == Status.ENDED:
        application.ended_on = placement.end_date
    application.save()
    actors = {
        Action.SIGN: student_user,
        Action.SO_APPROVE: so,
        Action.DIRECTOR_APPROVE: _director_of(placement),
        Action.SEND_BACK: _hr_of(placement),
        Action.ACCEPT: _hr_of(placement),
        Action.REJECT: _hr_of(placement),
        Action.STOP: so,
        Action.END: _hr_of(placement),
    }
    reasons = {
        Action.SEND_BACK: "Het bewijs van het voorafgaande stageniveau ontbreekt.",
        Action.REJECT: "De student is in dienst van het bestuur als onbevoegd docent.",
        Action.STOP: application.stop_reason,
    }
    ApplicationEvent.objects.create(
        application=application, action=Action.CREATE, actor=so, actor_name=_name(so)
    )
    for action in STEPS[status]:
        actor = actors.get(action)
        # Only the demo student has an account; the others still signed their own form.
        name = placement.student.full_name if action == Action.SIGN else _name(actor)
        ApplicationEvent.objects.create(
            application=application,
            action=action,
            actor=actor,
            actor_name=name,
            to_status=RESULT[action],
            reason=reasons.get(action, ""),
        )
    if status != Status.CONCEPT:
        _document(application, DocumentKind.ID_COPY, student_user)
        _document(application, DocumentKind.AGREEMENT, student_user)
        if status != Status.RETURNED:
            _document(application, DocumentKind.PREVIOUS_LEVEL, student_user)
    if status in (Status.ACCEPTED, Status.STOPPED, Status.ENDED):
        _document(application, DocumentKind.TAX_FORM, student_user)


def _name(user: User | None) -> str:
    if user is None:
        return "systeem"
    person = getattr(user, "person", None)
    if person is not None:
        return person.full_name
    student = getattr(user, "student", None)
    return student.full_name if student is not None else user.email
