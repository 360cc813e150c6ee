"""The plan's yearly evaluation (issue #26, seed l. 553, 576, 1669): a survey template
"evaluatie professionaliseringsplan", a link on the plan page that starts a survey from it for
the year, and the outcome written down in the next year's agreements, shown on the plan page
and as figure 4's note in the report."""

from __future__ import annotations

import datetime as dt
import html

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from bos.models import SchoolYear, User
from bos.yearbound import YearClosed
from professionalization import services
from professionalization.demo import PREVIOUS_EVALUATION
from professionalization.models import ProfessionalizationPolicy
from reports.document import whole_report
from reports.renderers.chapters import render_text
from surveys.catalogue import TEMPLATES
from surveys.models import Question, Survey
from tests.demo_years import RUNNING_YEAR
from tests.matrix import ROLE_EMAILS

KEY = "evaluatie_professionaliseringsplan"
pytestmark = pytest.mark.django_db


def user(role: str) -> User:
    return User.objects.get(email=ROLE_EMAILS[role])


def test_the_template_asks_the_plans_audience_about_the_years_offer():
    template = TEMPLATES[KEY]
    assert template.title == "Evaluatie professionaliseringsplan"
    assert set(template.roles) == {"so", "io", "wpb"}
    assert template.anonymous
    assert sum(len(page.questions) for page in template.pages) == 8


def test_the_plan_page_links_to_a_survey_of_the_template_that_the_projectleider_makes(demo):
    client = Client()
    client.force_login(user("projectleider"))
    page = html.unescape(client.get(reverse("professionalization:themes")).content.decode())
    link = f"{reverse('surveys:create')}?sjabloon={KEY}"
    assert f'href="{link}"' in page and "Evaluatie van het plan" in page
    # The running year's agreements hold the outcome of last year's evaluation.
    assert PREVIOUS_EVALUATION[:60] in page
    form = client.get(link).content.decode()
    assert "Evaluatie professionaliseringsplan" in form
    year = SchoolYear.objects.get(name=RUNNING_YEAR)
    response = client.post(
        reverse("surveys:create"),
        {
            "sjabloon": KEY, "title": "Evaluatie plan", "anonymous": "1",
            "opens_on": (year.end_date.replace(day=1)).isoformat(),
            "closes_on": year.end_date.isoformat(), "audience_roles": ["so", "io", "wpb"],
        },
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    survey = Survey.objects.get(title="Evaluatie plan")
    assert (survey.template, survey.school_year) == (KEY, year)
    assert Question.objects.filter(page__survey=survey).count() == 8


def test_the_outcome_is_written_by_the_projectleider_and_never_in_a_closed_year(demo):
    year = SchoolYear.objects.get(name=RUNNING_YEAR)
    with pytest.raises(PermissionDenied):
        services.policy_update(user=user("so"), year=year, previous_evaluation="Nee.")
    closed = SchoolYear.objects.get(name="2020-2021")
    with pytest.raises(YearClosed):
        services.policy_update(user=user("projectleider"), year=closed, previous_evaluation="X")
    assert ProfessionalizationPolicy.objects.get(school_year=closed).previous_evaluation == ""
    services.policy_update(user=user("projectleider"), year=year, previous_evaluation="Goed.")
    assert ProfessionalizationPolicy.objects.get(school_year=year).previous_evaluation == "Goed."


def test_a_new_year_does_not_inherit_the_outcome(demo):
    from tests.factories import SchoolYearFactory

    year = SchoolYearFactory(
        name="2040-2041", start_date=dt.date(2040, 8, 1), end_date=dt.date(2041, 7, 31)
    )
    policy = services.policy_ensure(year=year)
    assert policy.previous_evaluation == ""
    assert (
        policy.window_years
        == ProfessionalizationPolicy.objects.exclude(pk=policy.pk)
        .latest("school_year__start_date")
        .window_years
    )


def test_the_report_shows_the_outcome_as_figure_4s_note(demo):
    report = whole_report(SchoolYear.objects.get(name=RUNNING_YEAR))
    assert report.figures["fig4"]["evaluation"] == PREVIOUS_EVALUATION
    shown = html.unescape(str(render_text("[[figuur:4]]", report, {})))
    assert "Uitkomst van de evaluatie van het plan van vorig schooljaar" in shown
    assert PREVIOUS_EVALUATION[:60] in shown
