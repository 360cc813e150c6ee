"""The report cache: a write makes the year's report stale; the page then shows the last
report at once, says so, and a task builds the new one; pages that must be current build in
place."""

from __future__ import annotations

import pytest
from django.core.cache import cache as django_cache
from django.test import Client, override_settings
from django.urls import reverse

from bos.models import SchoolYear, User
from placements.models import Placement
from reports import cache
from reports.tasks import refresh_report
from tests.demo_years import RUNNING_YEAR

pytestmark = pytest.mark.django_db
DOMAIN = "demo.bos.example"
YEAR = RUNNING_YEAR
STALE_NOTE = "de nieuwe cijfers worden nu berekend"


@pytest.fixture
def background(settings, monkeypatch):
    """The cache on, and Celery as in production: tasks are queued, not run inline. The
    queue is a list here; the test runs what it holds."""
    django_cache.clear()
    settings.REPORT_CACHE_SECONDS = 900
    settings.CELERY_TASK_ALWAYS_EAGER = False
    queued: list[tuple] = []
    monkeypatch.setattr(refresh_report, "delay", lambda *args: queued.append(args))
    yield queued
    django_cache.clear()


def _client() -> Client:
    client = Client()
    client.force_login(User.objects.get(email=f"projectleider@{DOMAIN}"))
    return client


def _students(response) -> int:
    return response.context["report"].figures["fig7"]["total"]["total"]


def _stop_one_placement(year: SchoolYear, django_capture_on_commit_callbacks) -> None:
    from stipend.models import StipendApplication

    placement = (
        Placement.objects.reported()
        .filter(school_year=year)
        .exclude(pk__in=StipendApplication.objects.values("placement_id"))
        .first()
    )
    with django_capture_on_commit_callbacks(execute=True):
        placement.delete()


def test_a_write_shows_the_last_report_marked_and_queues_one_refresh(
    demo, background, django_capture_on_commit_callbacks
):
    year = SchoolYear.objects.get(name=YEAR)
    client = _client()
    url = f"{reverse('reports:report')}?jaar={YEAR}"
    first = client.get(url)
    before = _students(first)
    assert STALE_NOTE not in first.content.decode()

    _stop_one_placement(year, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        stale = client.get(url)
    assert _students(stale) == before
    assert STALE_NOTE in stale.content.decode()
    assert background == [(year.pk, None)]
    # A second visitor while the refresh runs queues nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        client.get(url)
    assert len(background) == 1

    refresh_report(*background[0])
    fresh = client.get(url)
    assert _students(fresh) == before - 1
    assert STALE_NOTE not in fresh.content.decode()
    # The refresh is idempotent, and a later write can queue the next one.
    refresh_report(*background[0])
    assert _students(client.get(url)) == before - 1
    _stop_one_placement(year, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        client.get(url)
    assert len(background) == 2


def test_the_budget_and_the_excel_are_always_current(
    demo, background, django_capture_on_commit_callbacks
):
    year = SchoolYear.objects.get(name=YEAR)
    client = _client()
    before = _students(client.get(f"{reverse('reports:report')}?jaar={YEAR}"))
    _stop_one_placement(year, django_capture_on_commit_callbacks)
    from reports.selectors import report_for

    user = User.objects.get(email=f"projectleider@{DOMAIN}")
    current = report_for(user=user, year=year, fresh=True)
    assert current.figures["fig7"]["total"]["total"] == before - 1
    assert not current.stale
    assert client.get(reverse("reports:excel", args=[YEAR])).status_code == 200
    assert background == []


def test_with_celery_inline_a_stale_report_is_rebuilt_in_place(
    demo, settings, django_capture_on_commit_callbacks
):
    django_cache.clear()
    settings.REPORT_CACHE_SECONDS = 900
    assert settings.CELERY_TASK_ALWAYS_EAGER
    year = SchoolYear.objects.get(name=YEAR)
    client = _client()
    url = f"{reverse('reports:report')}?jaar={YEAR}"
    before = _students(client.get(url))
    _stop_one_placement(year, django_capture_on_commit_callbacks)
    response = client.get(url)
    assert _students(response) == before - 1
    assert STALE_NOTE not in response.content.decode()
    django_cache.clear()


def test_a_refresh_for_a_year_that_is_gone_does_nothing(background):
    refresh_report(999_999, None)
    refresh_report(999_999, [1, 2])


@override_settings(REPORT_CACHE_SECONDS=0)
def test_without_the_cache_every_report_is_built(demo):
    year = SchoolYear.objects.get(name=YEAR)
    built = cache.cached(year, None, lambda: "built")
    assert built == cache.Cached("built")


def test_a_broker_that_is_down_still_shows_the_last_report(
    demo, background, monkeypatch, django_capture_on_commit_callbacks
):
    def down(*args):
        raise ConnectionError("broker down")

    monkeypatch.setattr(refresh_report, "delay", down)
    year = SchoolYear.objects.get(name=YEAR)
    client = _client()
    url = f"{reverse('reports:report')}?jaar={YEAR}"
    before = _students(client.get(url))
    _stop_one_placement(year, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(url)
    assert response.status_code == 200
    assert _students(response) == before
    assert STALE_NOTE in response.content.decode()
