"""The year's other policy forms name the decision a change follows, like the settings pages
under /beleid/<jaar>/: the survey rules and the professionalisation policy record old → new
with the decision (issue #25)."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from bos.models import Role
from governance import services
from governance.models import Body
from professionalization import services as professionalization
from tests.factories import SchoolYearFactory, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting():
    year = SchoolYearFactory(
        name="2031-2032", start_date=dt.date(2031, 8, 1), end_date=dt.date(2032, 7, 31)
    )
    pl = user_with_role(Role.PROJECTLEIDER, year=year)
    decision = services.decision_create(
        user=pl,
        year=year,
        values={
            "decided_on": dt.date(2031, 10, 4),
            "body": Body.KERNTEAM,
            "title": "Regels bijgesteld",
            "text": "De kleinste groep voor open antwoorden wordt 7.",
        },
    )
    client = Client()
    client.force_login(pl)
    return year, pl, decision, client


def test_the_survey_rules_record_their_decision(setting):
    year, _pl, decision, client = setting
    url = reverse("surveys:policy") + f"?jaar={year.name}"
    assert 'name="besluit"' in client.get(url).content.decode()
    data = {
        "min_group_for_open_answers": "7",
        "reminder_days_before_close": "3",
        "besluit": decision.pk,
    }
    assert client.post(url, data).status_code == 302
    changes = {c.field_name: c.new_value for c in decision.changes.all()}
    assert changes["min_group_for_open_answers"] == "7"
    assert all(
        c.label.startswith("Regels vragenlijsten 2031-2032: ") for c in decision.changes.all()
    )


def test_the_professionalisation_policy_records_its_decision(setting):
    year, pl, decision, _client = setting
    policy = professionalization.policy_ensure(year=year)
    old = policy.velon_min_years
    professionalization.policy_update(
        user=pl,
        year=year,
        decision=decision,
        velon_min_years=old + 1,
        window_years=policy.window_years,
    )
    (change,) = decision.changes.all()
    assert (change.field_name, change.old_value, change.new_value) == (
        "velon_min_years",
        str(old),
        str(old + 1),
    )
    assert change.label.startswith("Afspraken professionalisering 2031-2032: ")
