"""The demo on any day: loaded with the clock pinned to four days of two school years, its
running year is the year of that day, and every role's task can still be done that day.

Each case loads the whole demo (about a minute), so there are only four; each runs in its own
rolled-back transaction. When the session's demo is already loaded (another test file ran
first), its years lie after the pinned ones and do not take part."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from afternoons import selectors as afternoon_selectors
from afternoons import services as afternoon_services
from afternoons.models import DeepeningAfternoon
from bos.demo.dates import running_start_year, shift_into, shift_to
from bos.models import SchoolYear, User
from demo.loader import load_demo
from facilitation.selectors import subsidy_for_year
from placements import matching
from placements.models import ChecklistItem, Conversation, Placement, Proposal, ProposalStatus
from professionalization import services as pro_services
from professionalization.models import Meeting, MeetingKind, Registration, RegistrationStatus
from reports.document import build_report
from stipend.models import Status, StipendApplication
from stipend.services.application import start_application

DOMAIN = "demo.bos.example"
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
# 1 September, 5 December, 15 March and 20 July, spread over two school years.
DAYS = [
    dt.date(2023, 9, 1),
    dt.date(2023, 12, 5),
    dt.date(2025, 3, 15),
    dt.date(2025, 7, 20),
]


def test_running_start_year_follows_the_school_year():
    assert running_start_year(dt.date(2026, 12, 5)) == 2026
    assert running_start_year(dt.date(2027, 7, 31)) == 2026
    assert running_start_year(dt.date(2027, 8, 1)) == 2027


def test_shifting_keeps_the_weekday_and_stays_inside_the_year():
    # Thursday 18 November 2021 lands on a Thursday in the same week of 2026-2027.
    day = shift_to(2026, dt.date(2021, 11, 18))
    assert day.weekday() == 3
    assert abs((day - dt.date(2026, 11, 18)).days) <= 3
    # The template's last days stay inside the target year, never in the next one.
    assert shift_to(2026, dt.date(2022, 7, 31)) <= dt.date(2027, 7, 31)
    assert shift_to(2027, dt.date(2021, 8, 1)) >= dt.date(2027, 8, 1)


def _user(local: str) -> User:
    return User.objects.get(email=f"{local}@{DOMAIN}")


@pytest.mark.django_db
@pytest.mark.parametrize("day", DAYS, ids=[d.isoformat() for d in DAYS])
def test_the_demo_lives_in_the_year_of_the_day_it_is_loaded(day: dt.date):
    moment = dt.datetime.combine(day, dt.time(9, 0), tzinfo=AMSTERDAM)
    with time_machine.travel(moment, tick=True):
        load_demo()
        year = SchoolYear.objects.get(name=SchoolYear.name_for(running_start_year(day)))
        _check_year(year, day)
        _check_nothing_done_in_the_future(year, day)
        _check_tasks_can_be_done(year, day)


def _check_year(year: SchoolYear, day: dt.date) -> None:
    assert year.contains(day)
    assert year.closed_at is None
    assert SchoolYear.objects.get(name="2020-2021").is_closed
    placements = Placement.objects.filter(school_year=year)
    assert placements.count() > 100
    outside = placements.exclude(start_date__gte=year.start_date, end_date__lte=year.end_date)
    assert not outside.exists()
    assert not ChecklistItem.objects.filter(placement__school_year=year).exclude(
        due_date__gte=year.start_date, due_date__lte=year.end_date
    )
    for meeting_date in Meeting.objects.filter(school_year=year).values_list("date", flat=True):
        assert year.contains(meeting_date)
    for afternoon in DeepeningAfternoon.objects.filter(school_year=year):
        assert year.contains(afternoon.date)
        assert afternoon.choice_deadline is None or year.contains(afternoon.choice_deadline)
    # The money still follows from 2020-2021: €100,000 + 199 × €955, its reserve carried in.
    assert subsidy_for_year(year).amount == Decimal("290045.00")
    assert build_report(year).budget.carried_in == Decimal("208862.40")
    # SKVOB's new name starts the year after the running year.
    following = matching.next_year_of(year)
    assert following is not None and following.start_year == year.start_year + 1


def _check_nothing_done_in_the_future(year: SchoolYear, day: dt.date) -> None:
    now = timezone.now()
    assert not ChecklistItem.objects.filter(placement__school_year=year, done_at__gt=now)
    assert not Registration.objects.filter(
        meeting__school_year=year, meeting__date__gte=day, attended__isnull=False
    )
    assert not Conversation.objects.filter(placement__school_year=year, held_on__gt=day)
    stopped = Placement.objects.filter(school_year=year, stopped_on__isnull=False)
    assert not stopped.filter(stopped_on__gt=day)


def _check_tasks_can_be_done(year: SchoolYear, day: dt.date) -> None:
    # Checklist items not yet due: a newcomer registered today.
    assert ChecklistItem.objects.filter(
        placement__school_year=year, done_at__isnull=True, due_date__gt=day
    ).exists()
    # Some late work too, as in a real partnership (except on the year's first days).
    if day >= shift_into(year, dt.date(2021, 10, 1)):
        assert ChecklistItem.objects.filter(
            placement__school_year=year, done_at__isnull=True, due_date__lt=day
        ).exists()

    # The demo WPB registers for a meeting still ahead, and gets a seat.
    wpb = _user("wpb")
    ahead = Meeting.objects.filter(
        school_year=year, kind=MeetingKind.THEME, theme__level="basic", date__gte=day
    ).exclude(registrations__person__user=wpb)
    assert ahead.exists()
    result = pro_services.register(user=wpb, meeting_id=ahead.order_by("date").first().pk)
    assert result.registration.status == RegistrationStatus.REGISTERED

    # The demo student chooses themes for an afternoon whose deadline is still ahead.
    student = _user("student")
    open_afternoons = [
        a
        for a in DeepeningAfternoon.objects.filter(
            school_year=year, invitations__student__user=student
        )
        if afternoon_services.may_choose(a)
    ]
    assert open_afternoons
    afternoon = open_afternoons[0]
    options = afternoon_selectors.theme_options(afternoon)
    afternoon_services.save_preferences(actor=student, afternoon=afternoon, workshops=options[:3])

    # The stipend: the demo student's concept is there, and the SO starts one for a late
    # arrival.
    assert StipendApplication.objects.filter(
        placement__school_year=year, placement__student__user=student, status=Status.CONCEPT
    ).exists()
    late = (
        Placement.objects.filter(school_year=year, is_final=True, stipend_applications=None)
        .filter(location__name="Beatrix College")
        .order_by("pk")
        .first()
    )
    assert late is not None
    start_application(placement=late, actor=_user("so.beatrix"))

    # The SO accepts an applied proposal for next year.
    following = matching.next_year_of(year)
    proposal = (
        Proposal.objects.filter(school_year=following, status=ProposalStatus.APPLIED)
        .order_by("pk")
        .first()
    )
    assert proposal is not None
    matching.proposal_accept(
        user=_user("so.beatrix"),
        proposal_id=proposal.pk,
        start_date=shift_into(following, dt.date(2021, 9, 1)),
        end_date=shift_into(following, dt.date(2022, 6, 30)),
        days_per_week=Decimal(2),
    )
