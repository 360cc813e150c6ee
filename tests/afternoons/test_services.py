"""The afternoon cycle through the services: audience, invitations and reminders, choices,
assignment and publication, attendance and walk-ins, evaluations, follow-up by SO and IO."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from afternoons import report, selectors, services, tasks
from afternoons.models import AssignmentSource, Invitation, Preference, WorkshopAssignment
from bos.models import AuditEntry
from placements.models import PlacementStatus, StageLevel
from tests.afternoons.world import TODAY, make_world
from tests.factories import PlacementFactory, StudentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return make_world()


def _invite(world, afternoon, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return services.send_invitations(actor=world.planner, afternoon=afternoon, today=TODAY)


def test_invitation_audience_follows_institutes_levels_and_cohort(world):
    afternoon = world.afternoon(
        date=dt.date(2031, 3, 4),
        choice_deadline=dt.date(2031, 2, 20),
        institutes=[world.partner],
        levels=[StageLevel.VT1, StageLevel.VT2],
        cohort_start_from=dt.date(2031, 1, 1),
    )
    expected = {
        p.student_id
        for p in world.placements
        if p.student.institute == world.partner
        and p.level in {"VT1", "VT2"}
        and p.start_date >= dt.date(2031, 1, 1)
    }
    assert expected  # the world has such students
    assert {s.pk for s in selectors.audience_students(afternoon)} == expected
    assert selectors.audience_count(afternoon) == len(expected)


def test_empty_audience_means_every_placed_student_also_of_non_partners(world):
    afternoon = world.afternoon(date=dt.date(2031, 3, 4), choice_deadline=dt.date(2031, 2, 20))
    stopped = PlacementFactory(
        school_year=world.year,
        location=world.schools[0],
        status=PlacementStatus.STOPPED,
        start_date=dt.date(2030, 9, 1),
        end_date=dt.date(2031, 7, 1),
        stopped_on=dt.date(2030, 10, 1),
    )
    taster = PlacementFactory(
        school_year=world.year,
        location=world.schools[0],
        is_taster=True,
        start_date=dt.date(2030, 10, 5),
        end_date=dt.date(2031, 7, 1),
    )
    invited = {s.pk for s in selectors.audience_students(afternoon)}
    assert invited == {p.student_id for p in world.placements}
    assert any(p.student.institute == world.other for p in world.placements)
    assert stopped.student_id not in invited and taster.student_id not in invited
    assert selectors.audience_count(afternoon) == len(invited)


def test_a_student_who_switched_school_is_invited_once(world):
    first = world.placements[0]
    first.end_date = dt.date(2030, 12, 31)
    first.save(update_fields=["end_date"])
    student = first.student
    PlacementFactory(
        student=student,
        school_year=world.year,
        location=world.schools[2],
        start_date=dt.date(2031, 1, 1),
        end_date=dt.date(2031, 7, 1),
        status=PlacementStatus.PLANNED,
    )
    afternoon = world.afternoon(date=dt.date(2031, 3, 4), choice_deadline=dt.date(2031, 2, 20))
    placements = selectors.audience_placements(afternoon)
    mine = [p for p in placements if p.student_id == student.pk]
    assert len(mine) == 1 and mine[0].location == world.schools[2]
    assert selectors.audience_count(afternoon) == len(placements)


def test_the_audience_counted_in_the_database_is_the_rule_s_audience(world):
    """`audience_count` (a database condition) against `audience_placements` (the pure
    rule), over a mixed year: every level, institute, status, taster and period, for
    audiences narrowed each way."""
    import random

    rng = random.Random(29)
    statuses = list(PlacementStatus)
    for _ in range(40):
        start = dt.date(2030, 9, 1) + dt.timedelta(days=rng.randrange(0, 200))
        PlacementFactory(
            student=StudentFactory(institute=rng.choice([world.partner, world.other])),
            school_year=world.year,
            location=rng.choice(world.schools),
            level=rng.choice(list(StageLevel)),
            status=rng.choice(statuses),
            is_taster=rng.random() < 0.15,
            start_date=start,
            end_date=start + dt.timedelta(days=rng.randrange(1, 240)),
            stopped_on=start + dt.timedelta(days=1),
        )
    audiences = [
        {},
        {"institutes": [world.partner]},
        {"levels": [StageLevel.VT2, StageLevel.MASTER]},
        {"cohort_start_from": dt.date(2030, 11, 1)},
        {"cohort_start_until": dt.date(2031, 1, 15)},
        {"institutes": [world.other], "levels": [StageLevel.VT1, StageLevel.VT3]},
    ]
    for number, audience in enumerate(audiences, start=1):
        for day in (dt.date(2030, 11, 19), dt.date(2031, 3, 4)):
            afternoon = world.afternoon(
                number=number * 10 + day.month,
                date=day,
                choice_deadline=day - dt.timedelta(days=7),
                **audience,
            )
            expected = len(selectors.audience_placements(afternoon))
            assert selectors.audience_count(afternoon) == expected, (audience, day)


def test_invitations_go_to_the_official_address_with_a_code_login_link(
    world, django_capture_on_commit_callbacks
):
    afternoon = world.afternoon()
    world.workshops(afternoon)
    count = _invite(world, afternoon, django_capture_on_commit_callbacks)
    audience = selectors.audience_students(afternoon)
    assert count == len(audience) == len(mail.outbox)
    message = mail.outbox[0]
    assert message.to[0] in {s.email for s in audience}
    assert "/accounts/login/code/" in message.body
    html = message.alternatives[0][0]
    assert "Klassenmanagement" in html and "Geheime zaal" not in html
    assert "Geheime zaal" not in message.body and "geheim" not in message.body
    # Every invited student can log in by code: an account at their official address.
    assert all(
        s.user is not None
        for s in type(audience[0]).objects.filter(pk__in=[s.pk for s in audience])
    )
    # Again: nobody is invited twice, no mail goes out twice.
    mail.outbox.clear()
    assert _invite(world, afternoon, django_capture_on_commit_callbacks) == 0
    assert mail.outbox == []
    assert tasks.send_invitation_mails(afternoon.pk) == 0


def test_only_the_planner_invites(world):
    afternoon = world.afternoon()
    world.workshops(afternoon)
    with pytest.raises(PermissionDenied):
        services.send_invitations(actor=world.so_user, afternoon=afternoon, today=TODAY)


def test_invitations_need_workshops_and_a_deadline_ahead(world):
    afternoon = world.afternoon()
    with pytest.raises(ValidationError, match="workshops"):
        services.send_invitations(actor=world.planner, afternoon=afternoon, today=TODAY)
    world.workshops(afternoon)
    with pytest.raises(ValidationError, match="voorbij"):
        services.send_invitations(
            actor=world.planner, afternoon=afternoon, today=dt.date(2030, 11, 6)
        )


def test_planning_refuses_bad_dates_with_dutch_messages(world):
    with pytest.raises(ValidationError) as info:
        world.afternoon(date=dt.date(2032, 1, 1))
    assert "valt niet in schooljaar" in str(info.value)
    with pytest.raises(ValidationError) as info:
        world.afternoon(choice_deadline=dt.date(2030, 12, 1))
    assert "vóór de middag" in str(info.value)


def test_choices_ranked_only_by_invited_students_before_the_deadline(
    world, django_capture_on_commit_callbacks
):
    afternoon = world.afternoon(institutes=[world.partner], date=dt.date(2030, 11, 19))
    workshops = world.workshops(afternoon)
    _invite(world, afternoon, django_capture_on_commit_callbacks)
    invited = Invitation.objects.filter(afternoon=afternoon).first().student
    outsider = next(p.student for p in world.placements if p.student.institute == world.other)
    user = world.student_user(invited)
    afternoon.refresh_from_db()
    services.save_preferences(
        actor=user, afternoon=afternoon, workshops=[workshops[1], workshops[0]], today=TODAY
    )
    assert list(Preference.objects.filter(student=invited).values_list("rank", "workshop_id")) == [
        (1, workshops[1].pk),
        (2, workshops[0].pk),
    ]
    with pytest.raises(ValidationError, match="één keer"):
        services.save_preferences(
            actor=user, afternoon=afternoon, workshops=[workshops[0], workshops[0]], today=TODAY
        )
    with pytest.raises(ValidationError, match="deadline"):
        services.save_preferences(
            actor=user, afternoon=afternoon, workshops=[workshops[0]], today=dt.date(2030, 11, 6)
        )
    with pytest.raises(PermissionDenied):
        services.save_preferences(
            actor=world.student_user(outsider),
            afternoon=afternoon,
            workshops=[workshops[0]],
            today=TODAY,
        )


def test_reminder_once_to_those_who_have_not_chosen(world, django_capture_on_commit_callbacks):
    afternoon = world.afternoon()
    workshops = world.workshops(afternoon)
    _invite(world, afternoon, django_capture_on_commit_callbacks)
    afternoon.refresh_from_db()
    chooser = Invitation.objects.filter(afternoon=afternoon).first()
    services.save_preferences(
        actor=world.student_user(chooser.student),
        afternoon=afternoon,
        workshops=[workshops[0]],
        today=TODAY,
    )
    mail.outbox.clear()
    assert tasks.send_reminders("2030-10-20") == 0  # too early: two days before the deadline
    with django_capture_on_commit_callbacks(execute=True):
        sent = tasks.send_reminders("2030-11-03")
    assert sent == afternoon.invitations.count() - 1
    assert chooser.email not in {m.to[0] for m in mail.outbox}
    assert "Herinnering" in mail.outbox[0].subject
    assert tasks.send_reminders("2030-11-04") == 0  # once
    assert tasks.send_reminders("2030-11-06") == 0  # after the deadline: none


def _cycle(world, django_capture_on_commit_callbacks, capacities=(4, 4, 4)):
    afternoon = world.afternoon()
    workshops = world.workshops(afternoon, capacities)
    _invite(world, afternoon, django_capture_on_commit_callbacks)
    afternoon.refresh_from_db()
    for index, invitation in enumerate(afternoon.invitations.select_related("student")):
        if index % 4 == 3:
            continue
        first = workshops[index % 2]
        services.save_preferences(
            actor=world.student_user(invitation.student),
            afternoon=afternoon,
            workshops=[first, workshops[2]],
            today=TODAY,
        )
    return afternoon, workshops


def test_assignment_respects_capacities_and_is_repeatable(
    world, django_capture_on_commit_callbacks
):
    afternoon, workshops = _cycle(world, django_capture_on_commit_callbacks)
    result = services.run_assignment(actor=world.planner, afternoon=afternoon)
    placed = dict(
        WorkshopAssignment.objects.filter(afternoon=afternoon).values_list(
            "student_id", "workshop_id"
        )
    )
    assert placed == result.placed
    for workshop in workshops:
        assert list(placed.values()).count(workshop.pk) <= workshop.capacity
    again = services.run_assignment(actor=world.planner, afternoon=afternoon)
    assert again.placed == result.placed
    afternoon.refresh_from_db()
    assert afternoon.assignment_notes == result.lines


def test_moving_by_hand_is_audited_and_respects_capacity(world, django_capture_on_commit_callbacks):
    afternoon, workshops = _cycle(world, django_capture_on_commit_callbacks, (6, 6, 1))
    services.run_assignment(actor=world.planner, afternoon=afternoon)
    assignment = WorkshopAssignment.objects.filter(
        afternoon=afternoon, workshop=workshops[0]
    ).first()
    moved = services.move_student(actor=world.planner, assignment=assignment, workshop=workshops[1])
    assert moved.source == AssignmentSource.MANUAL
    assert AuditEntry.objects.filter(
        model="afternoons.workshopassignment", object_pk=str(assignment.pk), action="update"
    ).exists()
    others = WorkshopAssignment.objects.filter(afternoon=afternoon).exclude(workshop=workshops[2])
    if not workshops[2].assignments.exists():
        services.move_student(actor=world.planner, assignment=others[0], workshop=workshops[2])
    full = others.first()
    with pytest.raises(ValidationError, match="vol"):
        services.move_student(actor=world.planner, assignment=full, workshop=workshops[2])
    with pytest.raises(PermissionDenied):
        services.move_student(actor=world.so_user, assignment=full, workshop=workshops[1])


def test_publication_needs_places_and_mails_each_student_once(
    world, django_capture_on_commit_callbacks
):
    afternoon, _workshops = _cycle(world, django_capture_on_commit_callbacks)
    services.run_assignment(actor=world.planner, afternoon=afternoon)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.publish(actor=world.planner, afternoon=afternoon)
    assigned = WorkshopAssignment.objects.filter(afternoon=afternoon).count()
    assert len(mail.outbox) == assigned
    assert any("Geheime zaal" in m.body for m in mail.outbox)
    assert tasks.send_publication_mails(afternoon.pk) == 0
    with pytest.raises(ValidationError, match="gepubliceerd"):
        services.run_assignment(actor=world.planner, afternoon=afternoon)


def _published(world, django_capture_on_commit_callbacks):
    afternoon, workshops = _cycle(world, django_capture_on_commit_callbacks)
    services.run_assignment(actor=world.planner, afternoon=afternoon)
    with django_capture_on_commit_callbacks(execute=True):
        services.publish(actor=world.planner, afternoon=afternoon)
    return afternoon, workshops


def test_the_leader_keeps_their_own_list_and_adds_walk_ins(
    world, django_capture_on_commit_callbacks
):
    _afternoon, workshops = _published(world, django_capture_on_commit_callbacks)
    own = WorkshopAssignment.objects.filter(workshop=workshops[0]).first()
    services.record_attendance(actor=world.leader_user, assignment=own, attended=True)
    own.refresh_from_db()
    assert own.attended is True and own.attendance_recorded_by == world.leader_user
    other = WorkshopAssignment.objects.filter(workshop=workshops[1]).first()
    with pytest.raises(PermissionDenied):
        services.record_attendance(actor=world.leader_user, assignment=other, attended=True)
    with pytest.raises(PermissionDenied):
        services.record_attendance(actor=world.so_user, assignment=own, attended=False)
    # A walk-in: a student of the year who was not on the list.
    newcomer = PlacementFactory(
        student=StudentFactory(institute=world.partner),
        school_year=world.year,
        location=world.schools[1],
    ).student
    walk_in = services.add_walk_in(actor=world.leader_user, workshop=workshops[0], student=newcomer)
    assert walk_in.attended is True and walk_in.source == AssignmentSource.WALK_IN
    # Someone assigned elsewhere who turns up here moves here.
    moved = services.add_walk_in(
        actor=world.leader_user, workshop=workshops[0], student=other.student
    )
    assert moved.pk == other.pk and moved.workshop_id == workshops[0].pk
    with pytest.raises(ValidationError, match="geen stage"):
        services.add_walk_in(
            actor=world.leader_user, workshop=workshops[0], student=StudentFactory()
        )


def test_evaluation_only_after_attending_once_with_a_proposal(
    world, django_capture_on_commit_callbacks
):
    afternoon, _workshops = _published(world, django_capture_on_commit_callbacks)
    assignment = WorkshopAssignment.objects.filter(afternoon=afternoon).first()
    user = world.student_user(assignment.student)
    with pytest.raises(ValidationError, match="aanwezig"):
        services.submit_evaluation(actor=user, afternoon=afternoon, score=4)
    services.record_attendance(actor=world.planner, assignment=assignment, attended=True)
    evaluation = services.submit_evaluation(
        actor=user, afternoon=afternoon, score=4, comment="Goed", proposal="Ouders spreken"
    )
    assert evaluation.workshop_id == assignment.workshop_id
    assert afternoon.proposals.get().theme == "Ouders spreken"
    with pytest.raises(ValidationError, match="al beoordeeld"):
        services.submit_evaluation(actor=user, afternoon=afternoon, score=5)


def test_so_and_io_see_their_own_students_and_absentees(world, django_capture_on_commit_callbacks):
    afternoon, _ = _published(world, django_capture_on_commit_callbacks)
    for index, assignment in enumerate(WorkshopAssignment.objects.filter(afternoon=afternoon)):
        services.record_attendance(
            actor=world.planner, assignment=assignment, attended=index % 2 == 0
        )
    school_a = {p.student_id for p in world.placements if p.location == world.schools[0]}
    so_view = selectors.follow_up(world.so_user)
    so_students = {r.student_id for e in so_view["afternoons"] for r in e["rows"]}
    assert so_students and so_students <= school_a
    assert {a.student_id for a in so_view["absentees"]} == {
        a.student_id
        for a in WorkshopAssignment.objects.filter(afternoon=afternoon, attended=False)
        if a.student_id in school_a
    }
    io_view = selectors.follow_up(world.io_user)
    io_students = {r.student_id for e in io_view["afternoons"] for r in e["rows"]}
    assert io_students == {
        p.student_id
        for p in world.placements
        if p.location == world.schools[0]
        and p.student.institute == world.partner
        and p.student_id in so_students
    }
    assert selectors.follow_up(world.leader_user) == {"afternoons": [], "absentees": []}


def test_report_figures_attendance_and_scores_against_targets(
    world, django_capture_on_commit_callbacks
):
    afternoon, _ = _published(world, django_capture_on_commit_callbacks)
    assignments = list(WorkshopAssignment.objects.filter(afternoon=afternoon))
    for index, assignment in enumerate(assignments):
        services.record_attendance(
            actor=world.planner, assignment=assignment, attended=index % 4 != 0
        )
    present = [a for a in assignments if assignments.index(a) % 4 != 0]
    for index, assignment in enumerate(present[:3]):
        services.submit_evaluation(
            actor=world.student_user(assignment.student), afternoon=afternoon, score=3 + index
        )
    figs = report.figures(world.year)
    [row] = figs["afternoon_attendance"]
    invited = afternoon.invitations.count()
    assert row["expected"] == invited and row["present"] == len(present)
    assert row["percent"] == (Decimal(len(present) * 100) / invited).quantize(Decimal("0.1"))
    by_school = {r["school"]: r for r in figs["afternoon_attendance_by_school"]}
    assert sum(r["present"] for r in by_school.values()) == len(present)
    assert figs["afternoon_scores"]["mean"] == Decimal("4.0")
    targets = type(
        "Targets",
        (),
        {"min_afternoon_attendance_percent": 60, "min_afternoon_score": Decimal("4.5")},
    )()
    attendance, score = report.indicators(figs, targets)
    assert attendance["met"] is True and "≥ 60%" in attendance["target"]
    assert score["met"] is False
    only_a = report.figures(world.year, location_ids=frozenset({world.schools[0].pk}))
    assert [r["school"] for r in only_a["afternoon_attendance_by_school"]] == ["School A"]
    assert "afternoon_attendance" not in only_a
    sheets = report.excel_sheets(figs)
    assert [title for title, _, _ in sheets] == [
        "Opkomst per middag",
        "Opkomst per school",
        "Waardering middagen",
    ]


def test_figure_3_lists_themes_once_and_the_form(world):
    afternoon = world.afternoon()
    world.workshops(afternoon, (4, 4, 4, 4))  # the fourth repeats the first theme
    [row] = report.figure_3(world.year)
    assert row["themes"] == ["Klassenmanagement", "Omgaan met verschillen", "Online lesgeven"]
    assert row["mode"] == "online en op locatie"


def test_afternoons_and_deadlines_on_the_year_calendar_without_the_place(
    world, django_capture_on_commit_callbacks
):
    from afternoons.calendar import events

    afternoon = world.afternoon(start_time=dt.time(13, 30), end_time=dt.time(16, 30))
    world.workshops(afternoon)
    _invite(world, afternoon, django_capture_on_commit_callbacks)
    found = {e.uid: e for e in events(world.year, None)}
    event = found[f"afternoons-{afternoon.pk}"]
    assert event.kind == "verdiepingsmiddag" and event.public
    # Students link to their own afternoons, staff to the attendance follow-up.
    assert event.audience == {"student"} and event.url == "/verdiepingsmiddagen/mijn/"
    staff = found[f"afternoons-staff-{afternoon.pk}"]
    assert staff.audience == {"so", "io", "pl"} and staff.start == event.start
    assert "Geheime zaal" not in event.title and not event.place
    assert found[f"afternoons-deadline-{afternoon.pk}"].start == afternoon.choice_deadline


def test_a_walk_in_with_a_four_digit_id_is_found_from_the_page(
    world, django_capture_on_commit_callbacks
):
    """Ids of 1000 and up: the page must write them without a thousands separator, or the
    form reads "12.345" and finds nobody."""
    from django.test import Client
    from django.urls import reverse

    _afternoon, workshops = _published(world, django_capture_on_commit_callbacks)
    newcomer = StudentFactory(pk=12345, institute=world.partner, student_number="WALK12345")
    PlacementFactory(student=newcomer, school_year=world.year, location=world.schools[1])
    client = Client()
    client.force_login(world.leader_user)
    page = client.get(
        reverse("afternoons:attendance", args=[workshops[0].pk]), {"q": "WALK12345"}
    ).content.decode()
    assert 'name="student" value="12345"' in page
    response = client.post(
        reverse("afternoons:walk_in", args=[workshops[0].pk]), {"student": "12345"}, follow=True
    )
    assert "is toegevoegd als aanwezig" in response.content.decode()
    assert WorkshopAssignment.objects.get(student=newcomer).attended is True


def test_planner_counts_each_relation_apart_and_read_one_row_per_afternoon(
    world, django_capture_on_commit_callbacks
):
    """Invitations and assignments are counted apart: joined, the database would read
    invitations × assignments rows per afternoon (quadratic at a region's scale)."""
    afternoon, _ = _cycle(world, django_capture_on_commit_callbacks)
    services.run_assignment(actor=world.planner, afternoon=afternoon)
    WorkshopAssignment.objects.filter(
        pk=WorkshopAssignment.objects.filter(afternoon=afternoon).first().pk
    ).update(attended=True)
    empty = world.afternoon(number=2, date=dt.date(2031, 3, 10))
    rows = {a.pk: a for a in selectors.afternoons_for_planner(world.year)}
    invitations = Invitation.objects.filter(afternoon=afternoon).count()
    assignments = WorkshopAssignment.objects.filter(afternoon=afternoon).count()
    assert invitations > 1 and assignments > 1
    assert (rows[afternoon.pk].invited, rows[afternoon.pk].assigned) == (invitations, assignments)
    assert rows[afternoon.pk].present == 1
    assert (rows[empty.pk].invited, rows[empty.pk].assigned, rows[empty.pk].present) == (0, 0, 0)
    sql = str(selectors.afternoons_for_planner(world.year).query).upper()
    assert " JOIN " not in sql.split("WHERE")[0], "a relation is joined into the row set"
