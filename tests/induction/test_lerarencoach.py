"""The lerarencoach (issue #25): a coach the school appointed for its starting teachers. They
read their schools' starters and record the coaching (the development plan, the workload
measures); another school's starter is not found (404); the school's induction policy,
registering starters, the building blocks, the introduction meeting's attendance and the
exit interview are not theirs (403); a closed year refuses their writes."""

import datetime as dt
import re

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bos.models import Role, SchoolYear
from bos.permissions import get_scope
from bos.yearbound import YearClosed
from induction import selectors, services
from induction.models import DevelopmentPlan, MeasureState, Starter, StarterKind
from tests.factories import user_with_role
from tests.logins import client_for
from tests.placements.factories import make_world


def _starter(world, location, last_name):
    return Starter.objects.create(
        location=location,
        school_year=world.year,
        first_name="Sanne",
        last_name=last_name,
        subject="Engels",
        kind=StarterKind.STARTER,
        hired_on=dt.date(2020, 8, 1),
        induction_year=1,
    )


@pytest.fixture
def world(db):
    world = make_world()
    world.coach_user = user_with_role(
        Role.LERARENCOACH, year=world.year, locations=[world.location]
    )
    world.starter = _starter(world, world.location, "Eigen")
    world.other_starter = _starter(world, world.other_location, "Ander")
    return world


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _plan_data():
    return {"goals": "Klassenmanagement", "agreements": "Elke week", "review_on": "2021-01-29"}


def test_the_scope_holds_the_coach_s_schools(world):
    scope = get_scope(world.coach_user, world.year)
    assert scope.coach_location_ids == {world.location.pk}
    assert selectors.visible_location_ids(scope) == {world.location.pk}
    assert selectors.coaches_programme(scope, world.location.pk)
    assert not selectors.coaches_programme(scope, world.other_location.pk)
    # The programme's other parts (introduction, exit) stay the SO's.
    assert not selectors.runs_programme(scope, world.location.pk)
    assert list(selectors.starters_for(user=world.coach_user, year=world.year)) == [world.starter]


def test_the_coach_reads_their_school_s_starters_and_not_another_s(world):
    client = _client(world.coach_user)
    register = client.get(reverse("induction:register"))
    assert register.status_code == 200
    assert "Eigen" in register.text and "Ander" not in register.text
    # No registering of starters: that is the school's (SO, director).
    assert reverse("induction:new") not in register.text
    page = client.get(reverse("induction:starter", args=[world.starter.pk]))
    assert page.status_code == 200
    assert reverse("induction:plan", args=[world.starter.pk]) in page.text
    assert reverse("induction:measures", args=[world.starter.pk]) in page.text
    assert reverse("induction:exit", args=[world.starter.pk]) not in page.text
    assert (
        client.get(reverse("induction:starter", args=[world.other_starter.pk])).status_code == 404
    )
    for name in ("induction:plan", "induction:measures", "induction:exit"):
        response = client.post(reverse(name, args=[world.other_starter.pk]), _plan_data())
        assert response.status_code == 404, name


def test_the_coach_records_the_plan_and_the_measures(world):
    client = _client(world.coach_user)
    response = client.post(reverse("induction:plan", args=[world.starter.pk]), _plan_data())
    assert response.status_code == 302
    plan = DevelopmentPlan.objects.get(starter=world.starter)
    assert (plan.version, plan.recorded_by) == (1, world.coach_user)
    changed = services.measures_set(
        user=world.coach_user,
        starter_id=world.starter.pk,
        states={"cao_reduction": MeasureState.DONE},
    )
    assert changed == 1
    # The exit interview is not the coach's (403), nor another school's starter (404).
    exit_response = client.post(
        reverse("induction:exit", args=[world.starter.pk]),
        {"left_on": "2021-03-01", "reason": "other_school"},
    )
    assert exit_response.status_code == 403
    with pytest.raises(PermissionDenied):
        services.exit_record(
            user=world.coach_user,
            starter_id=world.starter.pk,
            left_on=dt.date(2021, 3, 1),
            reason="other_school",
        )
    with pytest.raises(Starter.DoesNotExist):
        services.plan_record(
            user=world.coach_user,
            starter_id=world.other_starter.pk,
            goals="x",
            agreements="",
            review_on=dt.date(2021, 1, 29),
        )


def test_the_induction_policy_and_the_school_s_register_are_not_the_coach_s(world):
    client = _client(world.coach_user)
    assert client.get(reverse("induction:policy")).status_code == 403
    assert client.post(reverse("induction:policy"), {}).status_code == 403
    with pytest.raises(PermissionDenied):
        services.policy_update(user=world.coach_user, year=world.year, values={})
    assert client.get(reverse("induction:new")).status_code == 403
    assert client.get(reverse("induction:figures")).status_code == 403
    blocks = client.get(reverse("induction:blocks"))
    assert blocks.status_code == 200
    assert client.post(reverse("induction:blocks"), {}).status_code == 403


def test_the_coach_reads_the_school_s_introduction_meeting(world):
    meeting = services.intro_meeting_create(
        user=world.so_user, location_id=world.location.pk, date=dt.date(2020, 9, 2)
    )
    other = services.intro_meeting_create(
        user=world.other_so_user, location_id=world.other_location.pk, date=dt.date(2020, 9, 3)
    )
    client = _client(world.coach_user)
    listing = client.get(reverse("induction:intro_meetings"))
    assert listing.status_code == 200
    assert reverse("induction:intro", args=[meeting.pk]) in listing.text
    assert reverse("induction:intro", args=[other.pk]) not in listing.text
    assert client.post(reverse("induction:intro_meetings"), {}).status_code == 403
    assert client.get(reverse("induction:intro", args=[meeting.pk])).status_code == 200
    assert client.post(reverse("induction:intro", args=[meeting.pk]), {}).status_code == 403
    assert client.get(reverse("induction:intro", args=[other.pk])).status_code == 404


def test_a_closed_year_refuses_the_coach_s_writes(world):
    SchoolYear.objects.filter(pk=world.year.pk).update(closed_at=timezone.now())
    with pytest.raises(YearClosed):
        services.plan_record(
            user=world.coach_user,
            starter_id=world.starter.pk,
            goals="Klassenmanagement",
            agreements="",
            review_on=dt.date(2021, 1, 29),
        )
    with pytest.raises(YearClosed):
        services.measures_set(
            user=world.coach_user, starter_id=world.starter.pk, states={"spread": "done"}
        )
    client = _client(world.coach_user)
    page = client.get(reverse("induction:starter", args=[world.starter.pk]))
    assert page.status_code == 200
    assert reverse("induction:plan", args=[world.starter.pk]) not in page.text
    response = client.post(reverse("induction:plan", args=[world.starter.pk]), _plan_data())
    assert response.status_code == 400
    assert not DevelopmentPlan.objects.filter(starter=world.starter).exists()


def test_a_lerarencoach_may_be_chosen_as_a_starter_s_coach(world):
    coach = world.coach_user.person
    assert coach in selectors.coach_choices(get_scope(world.so_user, world.year))
    starter = services.starter_register(
        user=world.so_user,
        location_id=world.location.pk,
        first_name="Joris",
        last_name="Begin",
        email="",
        subject="Wiskunde",
        kind=StarterKind.STARTER,
        hired_on=dt.date(2020, 8, 1),
        coach=coach,
        year=world.year,
    )
    assert starter.coach == coach


def test_the_coach_s_start_page_lists_their_starters(world):
    Starter.objects.filter(pk=world.starter.pk).update(coach=world.coach_user.person)
    home = _client(world.coach_user).get(reverse("home"))
    assert home.status_code == 200
    assert "Starters om te begeleiden" in home.text
    assert reverse("induction:starter", args=[world.starter.pk]) in home.text
    assert "jouw starter" in home.text and "nog geen ontwikkelplan" in home.text
    assert reverse("induction:starter", args=[world.other_starter.pk]) not in home.text


# --- The demo's lerarencoach ---------------------------------------------------------------

COACH = "lerarencoach@demo.bos.example"
LINK = re.compile(r'href="(/[^"#]*)')


def _links(html: str) -> set[str]:
    return {href.replace("&amp;", "&") for href in LINK.findall(html)}


def test_every_link_on_the_demo_coach_s_start_page_opens(demo):
    client = client_for(COACH)
    home = client.get(reverse("home"))
    assert home.status_code == 200
    assert "Starters om te begeleiden" in home.text
    links = {
        link
        for link in _links(home.text)
        if not link.startswith(("/static/", "/accounts/", "/huisstijl"))
    }
    assert any(link.startswith(reverse("induction:register")) for link in links)
    for link in sorted(links):
        assert client.get(link).status_code == 200, link


def test_the_demo_coach_opens_each_induction_page(demo):
    client = client_for(COACH)
    beatrix = Starter.objects.filter(location__name="Beatrix College").order_by("-pk").first()
    newman = Starter.objects.filter(location__name="Newmancollege").order_by("-pk").first()
    pages = [
        reverse("induction:register"),
        reverse("induction:blocks"),
        reverse("induction:intro_meetings"),
        reverse("induction:starter", args=[beatrix.pk]),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        for link in _links(response.text):
            if link.startswith(reverse("induction:register")):
                assert client.get(link).status_code == 200, f"{url} → {link}"
    assert client.get(reverse("induction:starter", args=[newman.pk])).status_code == 404
