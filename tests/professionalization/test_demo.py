"""The demo year's offer: made through the services, plan-like, and loaded once."""

import pytest

from bos.models import SchoolYear
from professionalization import demo as pro_demo
from professionalization.models import Meeting, ReflectiveConversation, Registration
from professionalization.selectors import offer_check
from tests.demo_years import running_year

pytestmark = pytest.mark.django_db


def test_the_seed_year_has_its_offer_without_invented_registrations(demo):
    meetings = Meeting.objects.filter(school_year=demo.year, kind="theme")
    assert meetings.count() == 6
    assert Meeting.objects.filter(school_year=demo.year, kind="start").count() >= 10
    assert not Registration.objects.filter(meeting__school_year=demo.year).exists()
    assert not ReflectiveConversation.objects.filter(school_year=demo.year).exists()


def test_running_year_has_an_offer_with_registrations_attendance_and_evaluations(demo):
    year = running_year()
    meetings = Meeting.objects.filter(school_year=year, kind="theme")
    assert meetings.count() == 6
    check = offer_check(year)
    assert (check.basic, check.deepening) == (3, 3)
    assert check.repeated_hosts == []
    registrations = Registration.objects.filter(meeting__school_year=year)
    assert registrations.filter(status="waiting").exists()
    assert registrations.filter(attended=True).count() > 100
    assert registrations.filter(attended=False).exists()
    assert registrations.filter(score__isnull=False).exists()
    # No meeting is overbooked.
    for meeting in meetings:
        assert meeting.registrations.filter(status="registered").count() <= meeting.capacity
    assert Meeting.objects.filter(school_year=year, kind="start").count() >= 10
    assert ReflectiveConversation.objects.filter(school_year=year, held_on__isnull=False).exists()


def test_demo_loader_is_idempotent(demo):
    year = SchoolYear.objects.get(name=demo.year.name)
    before = Registration.objects.filter(meeting__school_year=year).count()
    pro_demo.load_year(year)
    assert Registration.objects.filter(meeting__school_year=year).count() == before


def test_running_year_has_its_own_offer_start_meetings_and_conversations(demo):
    """The running year is every demo login's default year: its pages need the year's own data."""
    running = running_year()
    assert Meeting.objects.filter(school_year=running, kind="theme").count() == 6
    assert Meeting.objects.filter(
        school_year=running, kind="start", location__name="Beatrix College"
    ).exists()
    assert Registration.objects.filter(meeting__school_year=running, attended=True).exists()
    assert ReflectiveConversation.objects.filter(
        school_year=running, participant__email__startswith="wpb@"
    ).exists()
