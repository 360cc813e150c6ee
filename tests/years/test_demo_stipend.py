"""The demo's stipend flow in the running year: HR of each board can accept a submitted
application end to end, and the payroll export of September 2021 has rows."""

import datetime as dt

import pytest

from bos.models import SchoolBoard, User
from stipend import services
from stipend.export import payments_due
from stipend.models import Status, StipendApplication
from tests.demo_years import RUNNING_YEAR, running_date

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("board", "hr"), [("Sovot", "hr.sovot"), ("SKVOB", "hr.skvob")])
def test_hr_of_each_board_accepts_a_submitted_application(demo, board, hr):
    application = StipendApplication.objects.filter(
        status=Status.SUBMITTED,
        placement__location__board__name=board,
        placement__school_year__name=RUNNING_YEAR,
    ).first()
    assert application is not None
    actor = User.objects.get(email=f"{hr}@demo.bos.example")
    services.accept(application=application, actor=actor)
    application.refresh_from_db()
    assert application.status == Status.ACCEPTED


def test_payroll_export_of_the_running_september_has_rows(demo):
    rows = [
        row
        for board in SchoolBoard.objects.all()
        for row in payments_due(board, running_date(dt.date(2021, 9, 1)))
    ]
    assert rows
