"""A survey linked to a meeting, an afternoon or an intervision group asks that event's own
participants (each app names them through `bos.events`); a link to an event the user may not
see is refused; the event's page offers the evaluation to who may make surveys."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from afternoons.models import DeepeningAfternoon
from afternoons.models import Invitation as AfternoonInvitation
from bos.models import Role, SchoolLocation, SchoolYear, User
from intervision.models import IntervisionGroup, LeaderKind, Membership
from intervision.models import Meeting as IntervisionMeeting
from professionalization.models import Meeting, MeetingKind, Registration, RegistrationStatus
from surveys import audience, services
from surveys.models import Survey
from tests.factories import (
    PersonFactory,
    PlacementFactory,
    SchoolLocationFactory,
    SchoolYearFactory,
    StudentFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db

OPENS, CLOSES = dt.date(2030, 11, 20), dt.date(2030, 12, 4)


@dataclass
class World:
    year: SchoolYear
    school: SchoolLocation
    planner: User


@pytest.fixture
def world() -> World:
    year = SchoolYearFactory(
        name="2030-2031", start_date=dt.date(2030, 8, 1), end_date=dt.date(2031, 7, 31)
    )
    school = SchoolLocationFactory(name="Testcollege Evaluatie")
    return World(year, school, user_with_role(Role.PROJECTLEIDER, year=year))


def _linked(world: World, event: object, actor: User | None = None):
    return services.survey_create(
        actor=actor or world.planner, year=world.year, title="Evaluatie", opens_on=OPENS,
        closes_on=CLOSES, event=event,
    )  # fmt: skip


def _emails(survey) -> set[str]:
    return {invitee.email for invitee in audience.invitees(survey)}


def test_an_intervision_group_asks_its_members_and_its_so_and_io_leaders(world, client):
    group = IntervisionGroup.objects.create(school_year=world.year, name="Groep A", band="vt")
    group.locations.add(world.school)
    member, former = (
        PlacementFactory(school_year=world.year, location=world.school) for _ in range(2)
    )
    Membership.objects.create(group=group, placement=member, joined_on=dt.date(2030, 9, 1))
    Membership.objects.create(
        group=group, placement=former, joined_on=dt.date(2030, 9, 1), left_on=dt.date(2030, 10, 1)
    )
    so, io = PersonFactory(), PersonFactory()
    for day, kind, leader in (
        (1, LeaderKind.SO, so),
        (8, LeaderKind.IO, io),
        (15, LeaderKind.SO, so),
    ):
        IntervisionMeeting.objects.create(
            group=group, leader_kind=kind, leader=leader, place="Lokaal 1",
            starts_at=timezone.make_aware(dt.datetime(2030, 10, day, 15)),
        )  # fmt: skip
    survey = _linked(world, group)
    assert _emails(survey) == {member.student.email, so.email, io.email}
    # The projectleider finds each group's evaluation on the intervision overview.
    client.force_login(world.planner)
    page = client.get(reverse("intervision:overview")).content.decode()
    assert (
        f"koppel=intervision.intervisiongroup%3A{group.pk}&amp;sjabloon=evaluatie_intervisie"
        in page
    )
    roles = {invitee.email: invitee.role for invitee in audience.invitees(survey)}
    assert roles[so.email] == Role.SO and roles[io.email] == Role.IO


def test_an_afternoon_asks_its_invited_students_through_the_page(world, client):
    afternoon = DeepeningAfternoon.objects.create(
        school_year=world.year, number=1, date=dt.date(2030, 11, 19), audience="Alle studenten"
    )
    invited = [StudentFactory() for _ in range(2)]
    StudentFactory()  # not invited
    for student in invited:
        AfternoonInvitation.objects.create(
            afternoon=afternoon, student=student, email=student.email
        )
    client.force_login(world.planner)
    page = client.get(reverse("afternoons:detail", args=[afternoon.pk])).content.decode()
    link = f"deepeningafternoon:{afternoon.pk}"
    assert (
        "Evaluatie maken" in page
        and link.replace(":", "%3A") in page
        and "evaluatie_verdiepingsmiddag" in page
    )
    koppel = f"afternoons.{link}"
    form = client.get(
        reverse("surveys:create"), {"koppel": koppel, "sjabloon": "evaluatie_verdiepingsmiddag"}
    )
    assert form.status_code == 200 and "de deelnemers: 2 studenten" in form.content.decode()
    response = client.post(
        reverse("surveys:create"),
        {
            "koppel": koppel, "sjabloon": "evaluatie_verdiepingsmiddag",
            "title": "Evaluatie middag 1", "anonymous": "1",
            "opens_on": OPENS.isoformat(), "closes_on": CLOSES.isoformat(),
        },
    )  # fmt: skip
    assert response.status_code == 302
    survey = Survey.objects.get(title="Evaluatie middag 1")
    assert survey.event == afternoon
    assert _emails(survey) == {student.email for student in invited}


def test_a_professionalisation_meeting_asks_who_is_registered(world, client):
    meeting = Meeting.objects.create(
        school_year=world.year, kind=MeetingKind.START, date=dt.date(2030, 11, 12),
        start_time=dt.time(13, 30), end_time=dt.time(16), location=world.school, capacity=2,
        leader=PersonFactory(),
    )  # fmt: skip
    people = {status: PersonFactory() for status in RegistrationStatus.values}
    for status, person in people.items():
        Registration.objects.create(meeting=meeting, person=person, role=Role.WPB, status=status)
    survey = _linked(world, meeting)
    assert _emails(survey) == {people[RegistrationStatus.REGISTERED].email}
    # The meeting's page offers the evaluation to the projectleider.
    client.force_login(world.planner)
    page = client.get(reverse("professionalization:meeting", args=[meeting.pk]))
    assert "evaluatie_professionaliseringsbijeenkomst" in page.content.decode()


def test_who_may_not_see_the_event_cannot_link_it(world, client):
    afternoon = DeepeningAfternoon.objects.create(
        school_year=world.year, number=2, date=dt.date(2030, 12, 19), audience="Alle studenten"
    )
    koppel = {"koppel": f"afternoons.deepeningafternoon:{afternoon.pk}"}
    # An SO makes no surveys: 403, in the service too.
    so = user_with_role(Role.SO, year=world.year, locations=[world.school])
    client.force_login(so)
    assert client.get(reverse("surveys:create"), koppel).status_code == 403
    with pytest.raises(PermissionDenied):
        _linked(world, afternoon, actor=so)
    # A projectleider of another year does not see this year's afternoon: 404.
    other_year = SchoolYearFactory(
        name="2031-2032", start_date=dt.date(2031, 8, 1), end_date=dt.date(2032, 7, 31)
    )
    client.force_login(user_with_role(Role.PROJECTLEIDER, year=other_year))
    assert client.get(reverse("surveys:create"), koppel).status_code == 404
    # No evaluation link on a page of a closed year.
    from bos.events import evaluation_url

    assert evaluation_url(world.planner, afternoon, "evaluatie_verdiepingsmiddag")
    SchoolYear.objects.filter(pk=world.year.pk).update(closed_at=timezone.now())
    afternoon.school_year.refresh_from_db()
    assert evaluation_url(world.planner, afternoon, "evaluatie_verdiepingsmiddag") == ""
