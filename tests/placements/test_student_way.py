"""The student's way in and out (issue #26): the portfolio of reflections shared with the
placement's supervisors, the warm handover between two schools' SOs, and the signal when a
job is offered before the final placement."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bos.models import SchoolYear
from bos.yearbound import YearClosed
from placements import handover, portfolio, rules
from placements.models import HandoverRequest, Placement, PortfolioReflection
from tests.factories import UserFactory
from tests.placements.factories import make_move, make_world


@pytest.fixture
def world(db):
    world = make_world()
    world.student.user = UserFactory()
    world.student.save()
    world.wpb.user = UserFactory()
    world.wpb.save()
    return world


@pytest.fixture
def placement(world):
    return world.create(start_date=dt.date(2020, 9, 1), end_date=dt.date(2021, 1, 29))


# --- The portfolio -------------------------------------------------------------------------


def _titles(user, placement):
    return [
        r.title for r in portfolio.portfolio_for(user=user, placement_id=placement.pk).reflections
    ]


def test_a_shared_reflection_reaches_the_supervisors_and_a_private_one_nobody(world, placement):
    student = world.student.user
    portfolio.reflection_write(
        user=student, placement_id=placement.pk, title="Privé", text="Voor mij.", shared=False
    )
    shared = portfolio.reflection_write(
        user=student, placement_id=placement.pk, title="Week 3", text="Orde.", shared=True
    )
    assert _titles(student, placement) == ["Week 3", "Privé"]
    for supervisor in (world.wpb.user, world.so_user, world.io_user):
        assert _titles(supervisor, placement) == ["Week 3"]
        assert portfolio.reflection_get(user=supervisor, pk=shared.pk)[1] is False
    # Another school's SO is not this placement's supervisor: as if it did not exist.
    with pytest.raises(Placement.DoesNotExist):
        portfolio.portfolio_for(user=world.other_so_user, placement_id=placement.pk)
    with pytest.raises(PortfolioReflection.DoesNotExist):
        portfolio.reflection_get(user=world.other_so_user, pk=shared.pk)
    # Taken back, it is the student's alone again.
    portfolio.reflection_share(user=student, reflection_id=shared.pk, share=False)
    with pytest.raises(PortfolioReflection.DoesNotExist):
        portfolio.reflection_get(user=world.wpb.user, pk=shared.pk)


def test_only_the_student_writes_and_the_closed_year_refuses(world, placement):
    with pytest.raises(PermissionDenied):
        portfolio.reflection_write(
            user=world.so_user, placement_id=placement.pk, title="T", text="X", shared=True
        )
    own = portfolio.reflection_write(
        user=world.student.user, placement_id=placement.pk, title="T", text="X", shared=False
    )
    SchoolYear.objects.filter(pk=world.year.pk).update(closed_at=timezone.now())
    with pytest.raises(YearClosed):
        portfolio.reflection_write(
            user=world.student.user, placement_id=placement.pk, title="T", text="X", shared=True
        )
    for call in (
        lambda: portfolio.reflection_share(
            user=world.student.user, reflection_id=own.pk, share=True
        ),
        lambda: portfolio.reflection_edit(
            user=world.student.user, reflection_id=own.pk, title="T", text="Y", shared=True
        ),
    ):
        with pytest.raises(YearClosed):
            call()
    own.refresh_from_db()
    assert own.text == "X" and own.shared_at is None


def test_the_student_writes_on_the_page_and_empty_input_gets_a_dutch_message(world, placement):
    client = Client()
    client.force_login(world.student.user)
    url = reverse("placements:portfolio", args=[placement.pk])
    response = client.post(url, {"title": "", "text": ""})
    assert response.status_code == 400
    assert "Dit veld is verplicht." in response.content.decode()
    assert not placement.reflections.exists()
    response = client.post(url, {"title": "Eerste les", "text": "Spannend.", "shared": "on"})
    reflection = placement.reflections.get()
    assert response.status_code == 302 and reflection.is_shared
    page = client.get(reverse("placements:reflection", args=[reflection.pk]))
    assert "ja, op" in page.content.decode()


# --- The warm handover ---------------------------------------------------------------------


def _fact(pk, location, start, **extra):
    return rules.PlacementFact(
        pk=pk,
        location_id=location,
        location_name=f"School {location}",
        start_date=dt.date.fromisoformat(start),
        status=extra.pop("status", "completed"),
        **extra,
    )


def test_the_previous_placement_is_the_latest_earlier_one_and_only_another_school_hands_over():
    current = _fact(3, 1, "2021-02-01", status="planned")
    first, second = _fact(1, 2, "2019-09-01"), _fact(2, 3, "2020-09-01")
    found = rules.previous_placement(current, [second, current, first])
    assert found.placement == second and found.handover_possible
    assert "School 3" in found.explanation
    same = rules.previous_placement(current, [_fact(4, 1, "2020-09-01")])
    assert not same.handover_possible and "dezelfde school" in same.explanation
    assert rules.previous_placement(current, []).placement is None
    # A later placement is not a previous one.
    assert rules.previous_placement(current, [_fact(5, 2, "2021-09-01")]).placement is None


@pytest.fixture
def move(world):
    return make_move(world)


def test_the_request_reaches_only_the_previous_so_who_answers_it(
    world, move, django_capture_on_commit_callbacks, settings, tmp_path
):
    settings.PRIVATE_STORAGE_ROOT = tmp_path
    previous, new = move
    previous_so = world.other_so_user
    assert previous.so == previous_so.person
    # Only the new placement's SO asks; the IO may not.
    with pytest.raises(PermissionDenied):
        handover.handover_request(user=world.io_user, placement_id=new.pk, message="Graag.")
    with django_capture_on_commit_callbacks(execute=True):
        asked = handover.handover_request(
            user=world.so_user, placement_id=new.pk, message="Graag de eindbeoordeling."
        )
    assert [m.to for m in mail.outbox] == [[previous_so.person.email]]
    assert reverse("placements:handover_answer", args=[asked.pk]) in mail.outbox[0].body
    # On the previous SO's start page, and nobody else's.
    assert [h.pk for h in handover.open_for(previous_so.person.pk)] == [asked.pk]
    assert not handover.open_for(world.so.pk).exists()
    for other in (world.so_user, world.io_user, world.wpb.user, world.student.user):
        with pytest.raises(HandoverRequest.DoesNotExist):
            handover.handover_get(user=other, pk=asked.pk)
    client = Client()
    client.force_login(world.so_user)
    url = reverse("placements:handover_answer", args=[asked.pk])
    assert client.get(url).status_code == 404
    client.force_login(previous_so)
    assert client.get(url).status_code == 200
    # A second request waits for the first answer.
    with pytest.raises(ValidationError, match="al een verzoek open"):
        handover.handover_request(user=world.so_user, placement_id=new.pk, message="Nog eens.")
    # The answer, with the form, is kept with the new placement; the asker gets a mail.
    mail.outbox.clear()
    upload = SimpleUploadedFile("beoordeling.pdf", b"%PDF-1.4 eindbeoordeling", "application/pdf")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"answer": "Voldoende, sterk in orde.", "document": upload})
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [[world.so.email]]
    client.force_login(world.so_user)
    page = client.get(reverse("placements:handover", args=[new.pk])).content.decode()
    assert "Voldoende, sterk in orde." in page
    document = reverse("placements:handover_document", args=[asked.pk])
    assert client.get(document).status_code == 200
    # The IO is no party to the handover between the two SOs.
    client.force_login(world.io_user)
    assert client.get(document).status_code == 403
    assert client.get(reverse("placements:handover", args=[new.pk])).status_code == 403


def test_no_handover_within_one_school_and_none_in_a_closed_year(world, move):
    previous, new = move
    with pytest.raises(ValidationError, match="geen eerdere stage"):
        handover.handover_request(user=world.other_so_user, placement_id=previous.pk, message="x")
    asked = handover.handover_request(user=world.so_user, placement_id=new.pk, message="Graag.")
    SchoolYear.objects.filter(pk=world.year.pk).update(closed_at=timezone.now())
    with pytest.raises(YearClosed):
        handover.handover_answer(user=world.other_so_user, request_id=asked.pk, answer="Goed.")
    with pytest.raises(YearClosed):
        handover.handover_request(user=world.so_user, placement_id=new.pk, message="Graag.")


# --- A job before the final placement --------------------------------------------------------


def _final(start, status="active", stopped_on=None, pk=1):
    return _fact(pk, 1, start, status=status, is_final=True, stopped_on=stopped_on)


HIRED = dt.date(2021, 8, 1)


@pytest.mark.parametrize(
    ("placements", "raised", "phrase"),
    [
        # No final placement at all: the signal.
        ([_fact(1, 1, "2020-09-01")], True, "zonder afrondende stage"),
        # The final placement began in February, the job in August: all right.
        ([_final("2021-02-01", "completed")], False, "begon op 01-02-2021"),
        # Hired on the final placement's first day: all right.
        ([_final("2021-08-01", "planned")], False, "begon op 01-08-2021"),
        # The final placement begins only after the hiring: the signal.
        ([_final("2021-09-01", "planned")], True, "begint pas op 01-09-2021"),
        # Stopped before the hiring: the signal; stopped after it: all right.
        ([_final("2021-02-01", "stopped", dt.date(2021, 5, 1))], True, "is gestopt"),
        ([_final("2021-02-01", "stopped", dt.date(2021, 9, 1))], False, "begon op"),
        # A stopped final placement and a later one that had begun: all right.
        (
            [
                _final("2020-09-01", "stopped", dt.date(2020, 11, 1), pk=1),
                _final("2021-02-01", "active", pk=2),
            ],
            False,
            "begon op 01-02-2021",
        ),
    ],
)
def test_a_job_before_the_final_placement_raises_the_signal(placements, raised, phrase):
    signal = rules.job_before_final(hired_on=HIRED, placements=placements)
    assert signal.raised is raised
    assert phrase in signal.explanation


def test_the_demo_student_has_a_shared_and_a_private_reflection(demo):
    reflections = PortfolioReflection.objects.filter(
        placement__student__user__email="student@demo.bos.example"
    ).exclude(title__startswith="Matrix")
    assert sorted(r.is_shared for r in reflections) == [False, True]


# --- The central start meeting ---------------------------------------------------------------


def test_the_so_plans_the_start_meeting_with_invitees_and_records_who_came(world, placement):
    from bos.models import Role
    from placements import start_meeting
    from placements.models import InviteeKind, StartMeeting
    from tests.factories import PersonFactory, RoleAssignmentFactory

    director = PersonFactory()
    RoleAssignmentFactory(
        person=director, school_year=world.year, role=Role.DIRECTOR, locations=[world.location]
    )
    starts_at = timezone.make_aware(dt.datetime(2020, 8, 25, 15, 30))
    with pytest.raises(PermissionDenied):
        start_meeting.meeting_plan(
            user=world.other_so_user,
            year=world.year,
            location_id=world.location.pk,
            starts_at=starts_at,
            place="Aula",
        )
    meeting = start_meeting.meeting_plan(
        user=world.so_user,
        year=world.year,
        location_id=world.location.pk,
        starts_at=starts_at,
        place="Aula",
    )
    invitees = {(i.kind, i.name) for i in meeting.invitees.all()}
    assert invitees == {
        (InviteeKind.STUDENT, world.student.full_name),
        (InviteeKind.WPB, world.wpb.full_name),
        (InviteeKind.DIRECTOR, director.full_name),
    }
    with pytest.raises(StartMeeting.DoesNotExist):
        start_meeting.meeting_get(user=world.other_so_user, pk=meeting.pk)
    student_invite = meeting.invitees.get(kind=InviteeKind.STUDENT)
    start_meeting.attendance_record(
        user=world.so_user, meeting_id=meeting.pk, present={student_invite.pk}
    )
    assert sorted((i.kind, i.attended) for i in meeting.invitees.all()) == [
        ("director", False),
        ("student", True),
        ("wpb", False),
    ]
    SchoolYear.objects.filter(pk=world.year.pk).update(closed_at=timezone.now())
    with pytest.raises(YearClosed):
        start_meeting.attendance_record(user=world.so_user, meeting_id=meeting.pk, present=set())
    with pytest.raises(YearClosed):
        start_meeting.meeting_plan(
            user=world.so_user,
            year=SchoolYear.objects.get(pk=world.year.pk),
            location_id=world.location.pk,
            starts_at=starts_at,
            place="Aula",
        )
