"""Every role's main page (the list the benchmark measures, `demo.scale.MAIN_PAGES`) costs at
most a fixed number of queries on the demo, in the running year and, for the report and
budget pages, in the closed year whose reserve carries over into the next one.

`tests/bos/test_scale.py` guards that the counts do not grow with the data; this test guards
their size."""

from __future__ import annotations

import time

import pytest
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bos.models import Person, Role, SchoolYear, User
from bos.security.middleware import LAST_SEEN_SESSION_KEY
from demo.scale import MAIN_PAGES, page_url
from tests.demo_years import RUNNING_YEAR
from tests.matrix import ROLE_EMAILS

pytestmark = pytest.mark.django_db

MAX_QUERIES = 20
# Not met yet by the report and budget pages: with the report cache off (as here and in the
# benchmark) one request builds every figure of the year, its comparison with the previous
# year, the budget and the goals, about 50 queries, a constant number (tests/bos/test_scale.py
# checks it does not grow with the data; the reserve comes from the closed year's snapshot).
# Figures 4 (the plan's themes and last year's evaluation), 13 (decisions) and 14 (survey
# results), the induction programme's counts and the budget's versions added about 15 reads
# of their own. This ceiling keeps them from growing until the report reads its figures in
# fewer queries; a visit reads the built report from the cache in at most MAX_QUERIES (below).
REPORT_MAX_QUERIES = 85
# Not met yet by the home page of an SO or IO since the demo lives in today's year: every
# section of the worklist then has something due (checklist, conversations, proposals,
# afternoons, intervision, meetings, stipend, planning, open surveys, warm handovers asked
# of the SO, former students hired before their final placement), one query each at most,
# a constant number (tests/bos/test_start_page_bounded.py checks it does not grow with the
# data, nor the rows it reads). This ceiling keeps it from growing until the last sections
# share a query.
HOME_MAX_QUERIES = 25
RUNNING = RUNNING_YEAR
CLOSED = "2020-2021"
# The bench's roles → the demo's logins. The demo's IC has no login; the test gives one.
DEMO_LOGINS = {
    "so": ROLE_EMAILS["so"],
    "io": ROLE_EMAILS["io"],
    "wpb": ROLE_EMAILS["wpb"],
    "projectleider": ROLE_EMAILS["projectleider"],
    "kernteam": ROLE_EMAILS["kernteam"],
    "bc": ROLE_EMAILS["kernteam"],
    "hr": ROLE_EMAILS["hr_sovot"],
    "director": ROLE_EMAILS["director"],
    # The demo has no lopsided school or board: its SO and HR stand in.
    "so_largest": ROLE_EMAILS["so"],
    "hr_largest": ROLE_EMAILS["hr_sovot"],
    "lerarencoach": ROLE_EMAILS["lerarencoach"],
    "penvoerder": ROLE_EMAILS["penvoerder"],
}
# Pages that show one school year's figures, measured in the closed year as well.
YEAR_PAGES = {"reports:report", "reports:budget"}

CASES = [
    (role, name, year)
    for role, names in MAIN_PAGES.items()
    for name in names
    for year in ((RUNNING, CLOSED) if name in YEAR_PAGES else (None,))
]


def _user(role: str) -> User:
    if role != "ic":
        return User.objects.get(email=DEMO_LOGINS[role])
    person = Person.objects.filter(roles__role=Role.IC, roles__school_year__name=RUNNING).first()
    if person.user is None:
        person.user = User.objects.create(email=person.email)
        person.save(update_fields=["user"])
    return person.user


def _url(name: str, year: str | None) -> str:
    if name == "afternoons:detail":
        return page_url(name, SchoolYear.objects.get(name=year or RUNNING))
    if name == "reports:budget":
        return reverse(name, args=[year])
    if year is not None and year != RUNNING:
        return f"{reverse(name)}?jaar={year}"
    return reverse(name)


@pytest.mark.parametrize(("role", "name", "year"), CASES)
def test_main_page_stays_within_the_query_budget(demo, role, name, year):
    assert SchoolYear.objects.get(name=RUNNING).closed_at is None
    assert SchoolYear.objects.get(name=CLOSED).closed_at is not None
    client = Client()
    client.force_login(_user(role))
    # The session's last-seen stamp is written at most once a minute (as in the benchmark):
    # keep it fresh, so that write does not count towards the page.
    session = client.session
    session[LAST_SEEN_SESSION_KEY] = time.time()
    session.save()
    # The report cache off: the worst case, every figure built in this request.
    with override_settings(REPORT_CACHE_SECONDS=0), CaptureQueriesContext(connection) as queries:
        response = client.get(_url(name, year))
    assert response.status_code == 200, (role, name, response.status_code)
    budget = REPORT_MAX_QUERIES if name in YEAR_PAGES else MAX_QUERIES
    if name == "home":
        budget = HOME_MAX_QUERIES
    assert len(queries) <= budget, (
        f"{role} {name} {year or RUNNING}: {len(queries)} queries\n"
        + "\n".join(query["sql"][:260] for query in queries.captured_queries)
    )


@pytest.mark.parametrize(
    ("role", "name", "year"),
    [case for case in CASES if case[1] in YEAR_PAGES],
)
def test_report_pages_served_from_the_cache_stay_within_the_page_budget(demo, role, name, year):
    """As people get them: the first visit (or the background refresh after a write) builds
    the report into the cache; a visit then reads it in at most MAX_QUERIES."""
    from django.core.cache import cache

    cache.clear()
    client = Client()
    client.force_login(_user(role))
    session = client.session
    session[LAST_SEEN_SESSION_KEY] = time.time()
    session.save()
    with override_settings(REPORT_CACHE_SECONDS=900):
        assert client.get(_url(name, year)).status_code == 200
        with CaptureQueriesContext(connection) as queries:
            response = client.get(_url(name, year))
    cache.clear()
    assert response.status_code == 200
    assert len(queries) <= MAX_QUERIES, (
        f"{role} {name} {year}: {len(queries)} queries\n"
        + "\n".join(query["sql"][:260] for query in queries.captured_queries)
    )


@pytest.mark.parametrize("role", ["so", "wpb", "director", "projectleider", "kernteam"])
@pytest.mark.parametrize("year", [RUNNING, CLOSED])
def test_training_team_pages_stay_within_the_query_budget(demo, role, year):
    """A school's opleidingsteam and the list of them (every school, for the projectleider)."""
    from bos.models import SchoolLocation

    client = Client()
    client.force_login(_user(role))
    session = client.session
    session[LAST_SEEN_SESSION_KEY] = time.time()
    session.save()
    beatrix = SchoolLocation.objects.get(name="Beatrix College")
    for url in (
        reverse("organisation:training_team", args=[year, beatrix.pk]),
        f"{reverse('organisation:training_teams')}?jaar={year}",
    ):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code in (200, 302), (role, url)
        assert len(queries) <= MAX_QUERIES, f"{role} {url}: {len(queries)} queries\n" + "\n".join(
            query["sql"][:260] for query in queries.captured_queries
        )
