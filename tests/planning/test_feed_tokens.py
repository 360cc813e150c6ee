"""The personal feed's secret URL: unguessable, works until it is reset."""

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from icalendar import Calendar

from planning import services
from planning.models import FeedToken
from tests.placements.factories import make_world

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _feeds_cover_the_test_year(monkeypatch):
    """Feeds cover the years around today; tests pin them to their own year."""
    from bos.models import SchoolYear

    monkeypatch.setattr(
        "planning.selectors.feed_years", lambda: list(SchoolYear.objects.filter(name="2020-2021"))
    )


@pytest.fixture(autouse=True)
def _no_rate_limits(settings):
    settings.BOS_RATELIMITS_ENABLED = False


def test_token_is_long_random_and_stored_only_as_hash():
    world = make_world()
    token = services.reset_feed_token(user=world.so_user)
    assert len(token) >= 43  # 256 bits in URL-safe base64
    stored = FeedToken.objects.get(user=world.so_user)
    assert token not in stored.token_hash
    assert stored.token_hash == services.hash_token(token)
    tokens = {services.reset_feed_token(user=world.so_user) for _ in range(20)}
    assert len(tokens) == 20


def test_personal_feed_works_until_reset():
    world = make_world()
    world.create()
    client = Client()
    old = services.reset_feed_token(user=world.so_user)
    response = client.get(reverse("planning:feed_personal", args=[old]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    summaries = [str(c["SUMMARY"]) for c in calendar.walk("VEVENT")]
    assert any(world.student.last_name in s for s in summaries)  # their own reply deadline

    new = services.reset_feed_token(user=world.so_user)
    assert client.get(reverse("planning:feed_personal", args=[old])).status_code == 404
    assert client.get(reverse("planning:feed_personal", args=[new])).status_code == 200
    services.revoke_feed_token(user=world.so_user)
    assert client.get(reverse("planning:feed_personal", args=[new])).status_code == 404


def test_personal_feed_holds_only_own_events():
    world = make_world()
    world.create()
    token = services.reset_feed_token(user=world.other_so_user)
    body = Client().get(reverse("planning:feed_personal", args=[token])).content.decode()
    assert world.student.last_name not in body


def test_inactive_user_token_stops_working():
    world = make_world()
    token = services.reset_feed_token(user=world.so_user)
    world.so_user.is_active = False
    world.so_user.save()
    assert Client().get(reverse("planning:feed_personal", args=[token])).status_code == 404


@hsettings(max_examples=30, deadline=None)
@given(st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_",
               min_size=0, max_size=60))  # fmt: skip
def test_guessed_tokens_find_nobody(guess):
    assert services.user_for_token(guess) is None


def test_reset_through_the_page_shows_the_link_once():
    world = make_world()
    client = Client()
    client.force_login(world.so_user)
    response = client.post(reverse("planning:feed_reset"), follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert "/planning/ical/" in page
    again = client.get(reverse("planning:feeds")).content.decode()
    assert "Je nieuwe persoonlijke link" not in again
