"""Every kind of mail, sent through its real code path and read the way a mail client does.

`bos.mail.Kind` lists every kind of mail; each call site names one. TRIGGERS below holds one
trigger per kind: a kind without one fails `test_every_kind_has_a_trigger`, and a mail sent
outside `bos.mail` fails `test_every_mail_goes_through_bos_mail`.

Each trigger returns the greeting every recipient's mail must open with. With
BOS_MAIL_HTML_DIR set, each kind's HTML part is also written there (`make screenshots`
photographs them).
"""

from __future__ import annotations

import ast
import datetime as dt
import os
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse

from bos.mail import Kind, greeting
from tests.bos.mail_checks import check_mail, html_part

ROOT = Path(settings.BASE_DIR)
APPS = [
    "bos",
    "placements",
    "facilitation",
    "intervision",
    "afternoons",
    "professionalization",
    "stipend",
    "reports",
    "induction",
    "surveys",
    "planning",
    "library",
    "governance",
    "years",
]
# Only these build messages themselves: bos.mail for the application, the account adapter
# hands allauth's rendered text to bos.mail.build.
MAIL_MODULES = {Path("bos/mail.py"), Path("bos/adapters.py")}


@dataclass
class Env:
    client: Client
    commit: Callable[[], AbstractContextManager[list]]


Trigger = Callable[[Env], dict[str, str]]  # address -> the greeting line of its mail


# Accounts -----------------------------------------------------------------------------------


def _person_user(first_name: str = "Fenna"):
    from tests.factories import PersonFactory, UserFactory

    user = UserFactory()
    PersonFactory(user=user, email=user.email, first_name=first_name)
    return user


def login_code(env: Env) -> dict[str, str]:
    user = _person_user()
    with env.commit():
        env.client.post(reverse("account_request_login_code"), {"email": user.email})
    return {user.email: "Beste Fenna,"}


def password_reset(env: Env) -> dict[str, str]:
    user = _person_user("Joris")
    with env.commit():
        env.client.post(reverse("account_reset_password"), {"email": user.email})
    return {user.email: "Beste Joris,"}


def unknown_account(env: Env) -> dict[str, str]:
    with env.commit():
        env.client.post(
            reverse("account_request_login_code"), {"email": "niemand@onbekend.example"}
        )
    return {"niemand@onbekend.example": "Goedendag,"}


# Placements ---------------------------------------------------------------------------------


def so_digest(env: Env) -> dict[str, str]:
    from placements.tasks import send_daily_reminders
    from tests.placements.factories import make_world

    world = make_world()
    world.create()  # its reply is due 26 August 2020
    with env.commit():
        send_daily_reminders("2020-09-10")
    return {world.so.email: greeting(world.so.first_name)}


def _matching():
    from placements import matching
    from tests.placements.factories import make_world
    from tests.placements.matching_world import offer_next_year, pdf, student_user

    world = make_world()
    offer = offer_next_year(world)

    def applied():
        proposal = matching.proposal_create(
            user=world.io_user, offer_id=offer.pk, student=world.student
        )
        matching.proposal_apply(
            user=student_user(world), proposal_id=proposal.pk, letter=pdf(), cv=pdf("cv.pdf")
        )
        return proposal

    expected = {world.student.email: greeting(world.student.first_name)}
    return world, offer, applied, expected


def matching_proposed(env: Env) -> dict[str, str]:
    from placements import matching

    world, offer, _applied, expected = _matching()
    with env.commit():
        matching.proposal_create(user=world.io_user, offer_id=offer.pk, student=world.student)
    return expected


def matching_meeting(env: Env) -> dict[str, str]:
    from placements import matching

    world, _offer, applied, _expected = _matching()
    proposal = applied()
    with env.commit():
        matching.proposal_plan_meeting(
            user=world.so_user,
            proposal_id=proposal.pk,
            meeting_at=dt.datetime(2021, 5, 3, 14, 0, tzinfo=dt.UTC),
            place="Kamer 12",
        )
    # The student has an account by now: the mail goes to its address.
    world.student.refresh_from_db()
    return {world.student.user.email: greeting(world.student.first_name)}


def matching_accepted(env: Env) -> dict[str, str]:
    from placements import matching

    world, _offer, applied, _expected = _matching()
    proposal = applied()
    with env.commit():
        matching.proposal_accept(
            user=world.so_user,
            proposal_id=proposal.pk,
            start_date=dt.date(2021, 9, 1),
            end_date=dt.date(2022, 6, 30),
            days_per_week=Decimal(2),
        )
    world.student.refresh_from_db()
    return {world.student.user.email: greeting(world.student.first_name)}


def matching_declined(env: Env) -> dict[str, str]:
    from placements import matching

    world, _offer, applied, _expected = _matching()
    proposal = applied()
    with env.commit():
        matching.proposal_decline(
            user=world.so_user, proposal_id=proposal.pk, reason="Het rooster past niet <b>"
        )
    world.student.refresh_from_db()
    return {world.student.user.email: greeting(world.student.first_name)}


def conversation_request(env: Env) -> dict[str, str]:
    from placements import supervision
    from tests.factories import UserFactory
    from tests.placements.factories import make_world

    world = make_world()
    placement = world.create(start_date=dt.date(2020, 9, 1), end_date=dt.date(2021, 1, 29))
    world.student.user = UserFactory()
    world.student.save()
    with env.commit():
        supervision.conversation_request(
            user=world.student.user,
            placement_id=placement.pk,
            kind="midterm",
            text="Graag de tussenevaluatie <voor de kerst> & daarna de planning.",
        )
    return {person.email: greeting(person.first_name) for person in (world.so, world.io, world.wpb)}


def development_signal(env: Env) -> dict[str, str]:
    from placements import supervision
    from tests.placements.factories import make_world

    world = make_world()
    placement = world.create(start_date=dt.date(2020, 9, 1), end_date=dt.date(2021, 1, 29))
    with env.commit():
        supervision.signal_raise(
            user=world.io_user,
            placement_id=placement.pk,
            areas="Klassenmanagement en lesvoorbereiding.",
        )
    return {world.student.email: greeting(world.student.first_name)}


def _handover_asked(env: Env):
    from placements import handover
    from tests.placements.factories import make_move, make_world

    world = make_world()
    _, new = make_move(world)
    with env.commit():
        asked = handover.handover_request(
            user=world.so_user, placement_id=new.pk, message="Graag de <eindbeoordeling> & meer."
        )
    return world, asked


def handover_request(env: Env) -> dict[str, str]:
    world, _ = _handover_asked(env)
    person = world.other_so_user.person
    return {person.email: greeting(person.first_name)}


def handover_answered(env: Env) -> dict[str, str]:
    from placements import handover

    world, asked = _handover_asked(env)
    with env.commit():
        handover.handover_answer(
            user=world.other_so_user, request_id=asked.pk, answer="Voldoende afgerond."
        )
    return {world.so.email: greeting(world.so.first_name)}


# Stipend ------------------------------------------------------------------------------------


def _stipend_student(world) -> dict[str, str]:
    student = world.placement.student
    return {world.student.email: greeting(student.first_name)}


def stipend_invitation(env: Env) -> dict[str, str]:
    from stipend import services
    from tests.stipend.factories import make_world

    world = make_world()
    with env.commit():
        services.start_application(placement=world.placement, actor=world.so)
    return _stipend_student(world)


def stipend_hr(env: Env) -> dict[str, str]:
    from stipend import services
    from tests.stipend.factories import complete_application, make_world

    world = make_world()
    application = complete_application(world)
    services.sign(application=application, actor=world.student)
    services.approve_by_so(application=application, actor=world.so)
    with env.commit():
        services.approve_by_director(application=application, actor=world.director)
    return {"hr@bestuur.test.example": "Beste collega's van HR Testbestuur,"}


def stipend_returned(env: Env) -> dict[str, str]:
    from stipend import services
    from tests.stipend.factories import complete_application, make_world

    world = make_world()
    application = complete_application(world)
    services.sign(application=application, actor=world.student)
    with env.commit():
        services.send_back(application=application, actor=world.so, reason="IBAN klopt niet")
    return _stipend_student(world)


def stipend_rejected(env: Env) -> dict[str, str]:
    from stipend import services
    from tests.stipend.factories import make_world, submitted_application

    world = make_world()
    application = submitted_application(world)
    with env.commit():
        services.reject(application=application, actor=world.hr, reason="In dienst van het bestuur")
    return _stipend_student(world)


def stipend_accepted(env: Env) -> dict[str, str]:
    from stipend import services
    from tests.stipend.factories import make_world, submitted_application

    world = make_world()
    application = submitted_application(world)
    with env.commit():
        services.accept(application=application, actor=world.hr, employee_reference="P-1001")
    return _stipend_student(world)


# Professionalisation ------------------------------------------------------------------------


def meeting_moved_up(env: Env) -> dict[str, str]:
    from professionalization import services
    from professionalization.models import Registration
    from tests.professionalization.factories import make_world

    world = make_world(capacity=1, wpbs=2)
    first, second = world.wpbs
    services.register(user=first, meeting_id=world.meeting.pk)
    services.register(user=second, meeting_id=world.meeting.pk)
    mine = Registration.objects.get(meeting=world.meeting, person=first.person)
    with env.commit():
        services.cancel(user=first, registration_id=mine.pk)
    return {second.person.email: greeting(second.person.first_name)}


def meeting_reminder(env: Env) -> dict[str, str]:
    from professionalization import services
    from professionalization.tasks import send_meeting_reminders
    from tests.professionalization.factories import make_world

    world = make_world(days_ahead=20, capacity=5, wpbs=1)
    (wpb,) = world.wpbs
    services.register(user=wpb, meeting_id=world.meeting.pk)
    with env.commit():
        send_meeting_reminders((world.meeting.date - dt.timedelta(days=7)).isoformat())
    return {wpb.person.email: greeting(wpb.person.first_name)}


def certificate_ready(env: Env) -> dict[str, str]:
    from professionalization import services
    from professionalization.models import Registration
    from tests.professionalization.factories import make_world

    world = make_world(days_ahead=0, capacity=5, wpbs=1)
    (wpb,) = world.wpbs
    services.register(user=wpb, meeting_id=world.meeting.pk)
    registration = Registration.objects.get(meeting=world.meeting, person=wpb.person)
    services.record_attendance(
        user=world.so, meeting_id=world.meeting.pk, present_ids={registration.pk}
    )
    with env.commit():
        services.certificate_run_request(user=world.pl, year=world.year)
    return {wpb.person.email: greeting(wpb.person.first_name)}


# Verdiepingsmiddagen and intervision --------------------------------------------------------


def _afternoon_invited(env: Env):
    from afternoons import services
    from tests.afternoons.world import TODAY, make_world

    world = make_world(students_per_school=1)
    afternoon = world.afternoon()
    workshops = world.workshops(afternoon)
    with env.commit():
        services.send_invitations(actor=world.planner, afternoon=afternoon, today=TODAY)
    afternoon.refresh_from_db()
    return world, afternoon, workshops


def _students(afternoon) -> dict[str, str]:
    return {
        invitation.email: greeting(invitation.student.first_name)
        for invitation in afternoon.invitations.select_related("student")
    }


def afternoon_invitation(env: Env) -> dict[str, str]:
    _world, afternoon, _workshops = _afternoon_invited(env)
    return _students(afternoon)


def afternoon_reminder(env: Env) -> dict[str, str]:
    from afternoons import tasks

    _world, afternoon, _workshops = _afternoon_invited(env)
    mail.outbox.clear()
    with env.commit():
        tasks.send_reminders("2030-11-03")
    return _students(afternoon)


def afternoon_publication(env: Env) -> dict[str, str]:
    from afternoons import services
    from tests.afternoons.world import TODAY

    world, afternoon, workshops = _afternoon_invited(env)
    for invitation in afternoon.invitations.select_related("student"):
        services.save_preferences(
            actor=world.student_user(invitation.student),
            afternoon=afternoon,
            workshops=[workshops[0], workshops[2]],
            today=TODAY,
        )
    services.run_assignment(actor=world.planner, afternoon=afternoon)
    with env.commit():
        services.publish(actor=world.planner, afternoon=afternoon)
    return _students(afternoon)


def intervision_digest(env: Env) -> dict[str, str]:
    from intervision import services
    from intervision.tasks import send_weekly_cadence_digests
    from tests.intervision.factories import at, make_world

    world = make_world()
    placements = [world.place("VT3"), world.place("VT3")]
    group = services.group_create(
        user=world.so, name="Bovenbouw", band="senior", location_ids=[world.school.pk]
    )
    for placement in placements:
        services.member_add(user=world.so, group_id=group.pk, placement_id=placement.pk)
    meeting = services.meeting_plan(
        user=world.so,
        group_id=group.pk,
        starts_at=at(dt.date(2020, 9, 10)),
        place="Aula",
        leader_kind="so",
        leader_id=world.so.person.pk,
    )
    services.attendance_record(
        user=world.so,
        meeting_id=meeting.pk,
        statuses={placement.pk: "present" for placement in placements},
    )
    with env.commit():
        send_weekly_cadence_digests("2020-10-15")
    person = world.so.person
    return {person.email: greeting(person.first_name)}


# Planning and induction ---------------------------------------------------------------------


def planning_digest(env: Env) -> dict[str, str]:
    from bos.models import Role
    from planning.tasks import send_reminders
    from tests.factories import user_with_role
    from tests.placements.factories import make_world
    from tests.planning.helpers import add_event

    world = make_world()
    member = user_with_role(Role.STUURGROEP, year=world.year)
    day = dt.date(world.year.start_year, 9, 14)
    add_event(world.year, title="Stuurgroep <vergadering>", date=day + dt.timedelta(days=7))
    with env.commit():
        send_reminders(day.isoformat())
    return {member.person.email: greeting(member.person.first_name)}


def induction_unqualified_hire(env: Env) -> dict[str, str]:
    from bos.models import Role
    from induction import services
    from induction.models import StarterKind
    from tests.factories import user_with_role
    from tests.placements.factories import make_world

    world = make_world()
    director = user_with_role(Role.DIRECTOR, year=world.year, locations=[world.location])
    with env.commit():
        services.starter_register(
            user=director,
            location_id=world.location.pk,
            first_name="Sanne",
            last_name="Starter",
            email="sanne@school.example",
            subject="Engels",
            kind=StarterKind.UNQUALIFIED,
            hired_on=dt.date(2020, 8, 1),
        )
    return {world.so.email: greeting(world.so.first_name)}


def _survey_opened(env: Env):
    from bos.models import Role
    from surveys import services
    from tests.factories import SchoolLocationFactory, SchoolYearFactory, user_with_role

    year = SchoolYearFactory()
    school = SchoolLocationFactory()
    planner = user_with_role(Role.PROJECTLEIDER, year=year)
    wpb = user_with_role(Role.WPB, year=year, locations=[school])
    survey = services.survey_create(
        actor=planner,
        year=year,
        title="Behoeftepeiling",
        opens_on=dt.date(2021, 1, 11),
        closes_on=dt.date(2021, 1, 29),
        audience_roles=["wpb"],
        audience_locations=[school],
        template="behoeftepeiling_wpb",
    )
    with env.commit():
        services.survey_open(actor=planner, survey=survey, today=dt.date(2021, 1, 11))
    return planner, wpb, survey


def survey_invitation(env: Env) -> dict[str, str]:
    _planner, wpb, _survey = _survey_opened(env)
    return {wpb.email: greeting(wpb.person.first_name)}


def survey_reminder(env: Env) -> dict[str, str]:
    from surveys import services

    planner, wpb, survey = _survey_opened(env)
    mail.outbox.clear()
    with env.commit():
        services.survey_remind(actor=planner, survey=survey)
    return {wpb.email: greeting(wpb.person.first_name)}


TRIGGERS: dict[Kind, Trigger] = {
    Kind.LOGIN_CODE: login_code,
    Kind.PASSWORD_RESET: password_reset,
    Kind.UNKNOWN_ACCOUNT: unknown_account,
    Kind.SO_DIGEST: so_digest,
    Kind.MATCHING_PROPOSED: matching_proposed,
    Kind.MATCHING_MEETING: matching_meeting,
    Kind.MATCHING_ACCEPTED: matching_accepted,
    Kind.MATCHING_DECLINED: matching_declined,
    Kind.CONVERSATION_REQUEST: conversation_request,
    Kind.DEVELOPMENT_SIGNAL: development_signal,
    Kind.HANDOVER_REQUEST: handover_request,
    Kind.HANDOVER_ANSWERED: handover_answered,
    Kind.STIPEND_INVITATION: stipend_invitation,
    Kind.STIPEND_HR: stipend_hr,
    Kind.STIPEND_RETURNED: stipend_returned,
    Kind.STIPEND_REJECTED: stipend_rejected,
    Kind.STIPEND_ACCEPTED: stipend_accepted,
    Kind.MEETING_MOVED_UP: meeting_moved_up,
    Kind.MEETING_REMINDER: meeting_reminder,
    Kind.CERTIFICATE_READY: certificate_ready,
    Kind.AFTERNOON_INVITATION: afternoon_invitation,
    Kind.AFTERNOON_REMINDER: afternoon_reminder,
    Kind.AFTERNOON_PUBLICATION: afternoon_publication,
    Kind.INTERVISION_DIGEST: intervision_digest,
    Kind.PLANNING_DIGEST: planning_digest,
    Kind.INDUCTION_UNQUALIFIED_HIRE: induction_unqualified_hire,
    Kind.SURVEY_INVITATION: survey_invitation,
    Kind.SURVEY_REMINDER: survey_reminder,
}


def _write_sample(kind: Kind, html: str) -> None:
    target = os.environ.get("BOS_MAIL_HTML_DIR")
    if target:
        Path(target).mkdir(parents=True, exist_ok=True)
        (Path(target) / f"{kind.value}.html").write_text(html, encoding="utf-8")


@pytest.mark.parametrize("kind", list(Kind), ids=lambda kind: kind.value)
def test_every_kind_of_mail(
    kind, db, client, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.PRIVATE_STORAGE_ROOT = tmp_path / "private"
    settings.SITE_URL = "https://opleidingsschool.example"
    trigger = TRIGGERS.get(kind)
    assert trigger is not None, f"{kind} has no test here"
    mail.outbox.clear()
    expected = trigger(
        Env(client=client, commit=lambda: django_capture_on_commit_callbacks(execute=True))
    )
    sent = [message for message in mail.outbox if message.bos_kind == kind]
    assert {message.to[0] for message in sent} >= set(expected), [m.to for m in sent]
    for message in sent:
        assert len(message.to) == 1  # one mail per person, greeted by name
        # A digest also reaches the demo's people when this process loaded the demo.
        check_mail(message, expected.get(message.to[0]))
    _write_sample(kind, html_part(next(m for m in sent if m.to[0] in expected)))


def test_every_kind_has_a_trigger():
    assert set(TRIGGERS) == set(Kind)


# The call sites -----------------------------------------------------------------------------


def _app_modules() -> Iterator[tuple[Path, ast.Module]]:
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            yield path.relative_to(ROOT), ast.parse(path.read_text(encoding="utf-8"))


def _name(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{_name(node.value)}.{node.attr}"
    return ""


def test_every_mail_goes_through_bos_mail():
    """Nobody builds or sends a message past bos.mail (its layout, kinds and on-commit)."""
    direct = {"EmailMessage", "EmailMultiAlternatives", "send_mail", "send_mass_mail"}
    offenders = [
        f"{path}:{node.lineno}"
        for path, tree in _app_modules()
        if path not in MAIL_MODULES
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and _name(node.func).rsplit(".", 1)[-1] in direct
    ]
    assert offenders == []


def test_every_call_site_names_its_own_kind():
    """Each `mail.send(...)` names one Kind member literally, no two share one, and together
    with the account mails they are every kind there is."""
    used: dict[str, str] = {}
    for path, tree in _app_modules():
        if path in MAIL_MODULES:
            continue
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and _name(node.func).endswith("mail.send")):
                continue
            where = f"{path}:{node.lineno}"
            kinds = [keyword.value for keyword in node.keywords if keyword.arg == "kind"]
            assert len(kinds) == 1, f"{where} names no kind"
            name = _name(kinds[0])
            assert name.rsplit(".", 2)[-2:-1] == ["Kind"], f"{where}: kind={name}"
            member = name.rsplit(".", 1)[-1]
            assert member in Kind.__members__, f"{where}: no Kind.{member}"
            assert member not in used, f"{where} and {used.get(member)} share Kind.{member}"
            used[member] = where
    accounts = {
        f"account.{path.name.removesuffix('_subject.txt')}"
        for path in (ROOT / "templates" / "account" / "email").glob("*_subject.txt")
    }
    assert accounts <= {kind.value for kind in Kind}, "an account mail without a Kind"
    assert {Kind[member] for member in used} | {Kind(value) for value in accounts} == set(Kind)
