"""Permission-matrix rows of matching and supervision (issue #16). Who may open a
placement's supervision page decides who reads its shared notes; the confidential notes
(SO and IO only) are checked per role in test_supervision.py::test_who_sees_which_notes."""

from typing import Any

from tests.demo_years import NEXT_YEAR, RUNNING_YEAR
from tests.matrix import (
    DOMAIN,
    PLACEMENT_EDITORS,
    Case,
    expect,
    other_school_placement,
    own_placement,
)

MATCHING_VIEWERS = {"so": 200, "io": 200, "projectleider": 200, "student": 200, "admin": 200}
SUPERVISORS_POST = {"so": 405, "io": 405, "wpb": 405, "projectleider": 405, "admin": 405}
EDITORS_POST = {"so": 405, "projectleider": 405, "admin": 405}


def _proposal(**filters: Any) -> Any:
    from placements.models import Proposal

    return Proposal.objects.filter(**filters).order_by("pk").first()


def student_proposal() -> dict[str, Any]:
    """The demo student's own proposal for a place at Beatrix College next year."""
    return {"pk": _proposal(student__user__email=f"student@{DOMAIN}").pk}


def applied_proposal() -> dict[str, Any]:
    """Another FLOT student's application at Beatrix College (not the demo student's)."""
    return {"pk": _proposal(status="applied").pk}


def applied_document() -> dict[str, Any]:
    proposal = _proposal(status="applied")
    return {"pk": proposal.pk, "document_pk": proposal.documents.order_by("pk").first().pk}


def next_year_offer() -> dict[str, Any]:
    """Beatrix College's place for Engels in the year after the running year."""
    from placements.models import PlaceOffer

    offer = PlaceOffer.objects.filter(
        location__name="Beatrix College", school_year__name=NEXT_YEAR, subject="Engels"
    ).get()
    return {"offer_pk": offer.pk}


def student_placement() -> dict[str, Any]:
    """The demo student's placement in the running year."""
    from placements.models import Placement

    placement = Placement.objects.filter(
        student__user__email=f"student@{DOMAIN}", school_year__name=RUNNING_YEAR
    ).first()
    return {"pk": placement.pk}


def _reflection(shared: bool) -> dict[str, Any]:
    """A reflection in the demo student's portfolio of the running year."""
    from django.utils import timezone

    from placements.models import PortfolioReflection

    reflection, _ = PortfolioReflection.objects.get_or_create(
        placement_id=student_placement()["pk"],
        title="Matrix gedeeld" if shared else "Matrix privé",
        defaults={"text": "Wat ik leerde.", "shared_at": timezone.now() if shared else None},
    )
    return {"pk": reflection.pk}


def shared_reflection() -> dict[str, Any]:
    return _reflection(shared=True)


def private_reflection() -> dict[str, Any]:
    return _reflection(shared=False)


def _handover(to_beatrix_so: bool) -> dict[str, Any]:
    """A warm handover in the running year: asked of the demo SO (a student who left
    Beatrix College for Newmancollege), or asked by the demo SO of Newmancollege's SO."""
    from bos.models import Person
    from placements.models import HandoverRequest, Placement

    running = {"school_year__name": RUNNING_YEAR}
    beatrix = Placement.objects.filter(location__name="Beatrix College", **running).first()
    newman = Placement.objects.filter(location__name="Newmancollege", **running).first()
    new, previous = (newman, beatrix) if to_beatrix_so else (beatrix, newman)
    previous_so = Person.objects.get(email=f"so.beatrix@{DOMAIN}") if to_beatrix_so else newman.so
    handover, _ = HandoverRequest.objects.get_or_create(
        placement=new,
        previous_placement=previous,
        previous_so=previous_so,
        defaults={"requested_by_name": "Matrix", "message": "Graag de laatste beoordeling."},
    )
    return {"pk": handover.pk}


def handover_to_me() -> dict[str, Any]:
    return _handover(to_beatrix_so=True)


def handover_to_another() -> dict[str, Any]:
    return _handover(to_beatrix_so=False)


def beatrix_start_meeting() -> dict[str, Any]:
    """A start meeting at Beatrix College in the running year (the demo SO's school)."""
    return _start_meeting("Beatrix College")


def newman_start_meeting() -> dict[str, Any]:
    return _start_meeting("Newmancollege")


def _start_meeting(school: str) -> dict[str, Any]:
    import datetime as dt

    from bos.models import SchoolLocation, SchoolYear
    from placements.models import StartMeeting

    year = SchoolYear.objects.get(name=RUNNING_YEAR)
    meeting, _ = StartMeeting.objects.get_or_create(
        school_year=year,
        location=SchoolLocation.objects.get(name=school),
        defaults={
            "starts_at": dt.datetime.combine(year.start_date, dt.time(9), tzinfo=dt.UTC),
            "place": "Aula",
        },
    )
    return {"pk": meeting.pk}


def running_year_school() -> dict[str, Any]:
    from bos.models import SchoolLocation

    return {"year": RUNNING_YEAR, "location": SchoolLocation.objects.get(name="Beatrix College").pk}


def so_import_job() -> dict[str, Any]:
    """A finished background import uploaded by the demo SO: only the SO may see it."""
    from bos.models import User
    from placements.models import ImportJob, ImportJobStatus

    job = ImportJob.objects.create(
        user=User.objects.get(email=f"so.beatrix@{DOMAIN}"),
        kind="stages",
        name="stages.xlsx",
        data=b"",
        sha256="0" * 64,
        token="matrix",
        status=ImportJobStatus.DONE,
        result={"kind": "stages", "rows": []},
    )
    return {"kind": "stages", "pk": job.pk}


def own_student() -> dict[str, Any]:
    """The FLOT student of the own placement at Beatrix College: in the demo SO's and the
    FLOT IO's register; the SO's school placed them, so it holds their data."""
    from placements.models import Placement

    return {"pk": Placement.objects.get(pk=own_placement()["pk"]).student_id}


def other_school_student() -> dict[str, Any]:
    """A student placed at Newmancollege and never at Beatrix College."""
    from placements.models import Student

    student = (
        Student.objects.filter(placements__location__name="Newmancollege")
        .exclude(placements__location__name="Beatrix College")
        .order_by("pk")
        .first()
    )
    return {"pk": student.pk}


def _mentor(location: str) -> Any:
    from bos.models import RoleAssignment
    from tests.demo_years import running_year

    return (
        RoleAssignment.objects.filter(
            role="wpb", school_year=running_year(), locations__name=location
        )
        .exclude(person__email=f"wpb@{DOMAIN}")
        .order_by("pk")
        .first()
    )


def own_mentor() -> dict[str, Any]:
    """A mentor of the running year at Beatrix College only."""
    return {"pk": _mentor("Beatrix College").pk}


def other_school_mentor() -> dict[str, Any]:
    return {"pk": _mentor("Newmancollege").pk}


REGISTER_VIEWERS = {"so": 200, "io": 200, "projectleider": 200, "admin": 200}

ROWS: dict[str, list[Case]] = {
    # The registers of students and mentors (issue #23). The IO reads their institute's
    # students at their schools; only the SO and the projectleider add and change.
    "placements:students": [Case(expect(403, **REGISTER_VIEWERS))],
    "placements:student_add": [Case(expect(403, **PLACEMENT_EDITORS))],
    "placements:student": [
        Case(expect(403, **REGISTER_VIEWERS), kwargs=own_student),
        Case(
            expect(403, so=404, io=404, projectleider=200, admin=200), kwargs=other_school_student
        ),
    ],
    "placements:student_edit": [
        Case(expect(403, **PLACEMENT_EDITORS), kwargs=own_student),
        Case(expect(403, so=404, projectleider=200, admin=200), kwargs=other_school_student),
    ],
    "placements:mentor_add": [Case(expect(403, **PLACEMENT_EDITORS))],
    "placements:mentor_edit": [
        Case(expect(403, **PLACEMENT_EDITORS), kwargs=own_mentor),
        Case(expect(403, so=404, projectleider=200, admin=200), kwargs=other_school_mentor),
    ],
    "placements:import_progress": [
        Case(expect(403, so=200, projectleider=404, admin=404), kwargs=so_import_job)
    ],
    "placements:matching": [Case(expect(403, **MATCHING_VIEWERS))],
    "placements:offers_open": [Case(expect(403, io=200, projectleider=200, admin=200))],
    "placements:propose": [
        Case(expect(403, io=200, projectleider=200, admin=200), kwargs=next_year_offer)
    ],
    # The proposal form's student search (issue #29).
    "placements:student_search": [
        Case(
            expect(403, io=200, projectleider=200, admin=200),
            data={"veld": "student", "id": "id_student", "student": "an"},
        )
    ],
    "placements:proposal": [
        Case(expect(403, **MATCHING_VIEWERS), kwargs=student_proposal),
        Case(expect(403, **{**MATCHING_VIEWERS, "student": 404}), kwargs=applied_proposal),
    ],
    "placements:proposal_document": [
        Case(expect(403, **{**MATCHING_VIEWERS, "student": 404}), kwargs=applied_document)
    ],
    "placements:proposal_apply": [Case(expect(403, student=405), kwargs=student_proposal)],
    "placements:proposal_meeting": [Case(expect(403, **EDITORS_POST), kwargs=applied_proposal)],
    "placements:proposal_accept": [Case(expect(403, **EDITORS_POST), kwargs=applied_proposal)],
    "placements:proposal_decline": [Case(expect(403, **EDITORS_POST), kwargs=applied_proposal)],
    "placements:agreements": [Case(expect(403, projectleider=200, kernteam=200, admin=200))],
    "placements:demand": [Case(expect(403, projectleider=200, admin=200))],
    # A school's adjusted target or growth step (issue #25): the projectleider's; an empty
    # post is a Dutch message on the form (400).
    "placements:target_adjustment": [
        Case(expect(403, projectleider=200, admin=200), kwargs=running_year_school),
        Case(expect(403, projectleider=400, admin=400), kwargs=running_year_school, method="post"),
    ],
    # The supervision page (shared notes): the placement's SO, IO, WPB and student, and the
    # projectleider; another school's placement is out of scope (404).
    "placements:supervision": [
        Case(
            expect(403, so=200, io=200, wpb=200, projectleider=200, student=404, admin=200),
            kwargs=own_placement,
        ),
        Case(
            # In the running year the demo WPB supervises the demo student too.
            expect(403, so=200, io=200, wpb=200, projectleider=200, student=200, admin=200),
            kwargs=student_placement,
        ),
        Case(
            expect(403, so=404, io=404, wpb=404, student=404, projectleider=200, admin=200),
            kwargs=other_school_placement,
        ),
    ],
    # The student's portfolio (issue #26): the student writes; the placement's supervisors
    # and the projectleider read what is shared; a private reflection is the student's alone.
    "placements:portfolio": [
        Case(
            expect(403, so=200, io=200, wpb=200, projectleider=200, student=404, admin=200),
            kwargs=own_placement,
        ),
        Case(
            expect(403, so=200, io=200, wpb=200, projectleider=200, student=200, admin=200),
            kwargs=student_placement,
        ),
        Case(
            expect(403, so=404, io=404, wpb=404, student=404, projectleider=200, admin=200),
            kwargs=other_school_placement,
        ),
        Case(
            expect(403, so=403, io=403, wpb=403, projectleider=403, student=400, admin=403),
            kwargs=student_placement,
            method="post",
        ),
    ],
    "placements:reflection": [
        Case(
            expect(403, so=200, io=200, wpb=200, projectleider=200, student=200, admin=200),
            kwargs=shared_reflection,
        ),
        Case(
            expect(403, so=404, io=404, wpb=404, projectleider=404, student=200, admin=404),
            kwargs=private_reflection,
        ),
    ],
    "placements:reflection_share": [
        Case(expect(403, student=405), kwargs=private_reflection),
        Case(
            expect(403, student=302),
            kwargs=private_reflection,
            method="post",
            data={"share": "1"},
        ),
    ],
    # The warm handover (issue #26): the new placement's SO asks (the projectleider reads);
    # only the previous school's SO opens and answers the request.
    "placements:handover": [
        Case(expect(403, so=200, projectleider=200, admin=200), kwargs=own_placement),
        Case(expect(403, so=404, projectleider=200, admin=200), kwargs=other_school_placement),
        Case(
            expect(403, so=400, projectleider=403, admin=403),
            kwargs=own_placement,
            method="post",
        ),
    ],
    "placements:handover_answer": [
        Case(expect(403, so=200, projectleider=404, admin=404), kwargs=handover_to_me),
        Case(expect(403, so=404, projectleider=404, admin=404), kwargs=handover_to_another),
        Case(
            expect(403, so=400, projectleider=404, admin=404),
            kwargs=handover_to_me,
            method="post",
        ),
    ],
    # No file with these requests: nobody finds one.
    "placements:handover_document": [
        Case(expect(403, so=404, projectleider=404, admin=404), kwargs=handover_to_me)
    ],
    # The central start meeting (issue #26): the SO of the school plans it and records who
    # came; the projectleider for every school.
    "placements:start_meetings": [
        Case(expect(403, **PLACEMENT_EDITORS)),
        Case(expect(403, so=400, projectleider=400, admin=400), method="post"),
    ],
    "placements:start_meeting": [
        Case(expect(403, **PLACEMENT_EDITORS), kwargs=beatrix_start_meeting),
        Case(expect(403, so=404, projectleider=200, admin=200), kwargs=newman_start_meeting),
        Case(
            expect(403, so=302, projectleider=302, admin=302),
            kwargs=beatrix_start_meeting,
            method="post",
        ),
    ],
    "placements:conversation_record": [Case(expect(403, **SUPERVISORS_POST), kwargs=own_placement)],
    "placements:signal": [Case(expect(403, **SUPERVISORS_POST), kwargs=own_placement)],
    "placements:conversation_request": [Case(expect(403, student=405), kwargs=student_placement)],
    "placements:stop_no_prospect": [Case(expect(403, **EDITORS_POST), kwargs=own_placement)],
    "placements:second_teacher": [Case(expect(403, **EDITORS_POST), kwargs=own_placement)],
    # The suggestions of the forms' people search fields (issue #29): whoever fills in those
    # forms; an unknown kind of person does not exist.
    # The offer form's school search for those who see the whole region (issue #29).
    "placements:location_search": [
        Case(
            expect(403, **PLACEMENT_EDITORS),
            data={"veld": "location", "id": "aanbod_location", "location": "co"},
        )
    ],
    "placements:people_search": [
        Case(
            expect(403, **PLACEMENT_EDITORS),
            kwargs=lambda: {"role": "werkplekbegeleider"},
            data={"veld": "wpb", "id": "id_wpb", "wpb": "an"},
        ),
        Case(
            expect(403, so=404, projectleider=404, admin=404),
            kwargs=lambda: {"role": "student"},
        ),
    ],
}
