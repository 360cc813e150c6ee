"""Planning pages: adding a date, filters, the PDF, and query counts."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bos.models import SchoolLocation, SchoolYear, User
from planning.models import PlanningEvent
from tests.demo_years import RUNNING_YEAR
from tests.planning.helpers import add_event

# The running year's January – July lie in this calendar year.
SPRING = int(RUNNING_YEAR[-4:])

pytestmark = pytest.mark.django_db
PL = "projectleider@demo.bos.example"
SO = "so.beatrix@demo.bos.example"
# Every demo login opens in the running year; the previous one is closed.
RUNNING = RUNNING_YEAR


def _client(email: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(email=email))
    return client


def test_projectleider_adds_a_stuurgroep_meeting_and_the_so_sees_it(demo):
    response = _client(PL).post(
        reverse("planning:create"),
        {"kind": "stuurgroep", "title": "Stuurgroep extra", "date": f"{SPRING}-01-13",
         "start_time": "15:30", "end_time": "17:00", "place": "Beatrix College",
         "audience": ["stuurgroep"]},
    )  # fmt: skip
    assert response.status_code == 302
    assert PlanningEvent.objects.get(title="Stuurgroep extra").school_year.name == RUNNING
    page = _client(SO).get(reverse("planning:month"), {"maand": f"{SPRING}-01"}).content.decode()
    assert "Stuurgroep extra" in page


def test_date_outside_the_year_and_end_before_start_are_refused(demo):
    client = _client(PL)
    response = client.post(
        reverse("planning:create"),
        {"kind": "kernteam", "title": "Te laat", "date": "2025-01-14"},
    )
    assert f"valt buiten schooljaar {RUNNING}" in response.content.decode()
    response = client.post(
        reverse("planning:create"),
        {"kind": "kernteam", "title": "Omgekeerd", "date": f"{SPRING}-01-13",
         "start_time": "17:00", "end_time": "15:00"},
    )  # fmt: skip
    assert "De eindtijd ligt na de begintijd." in response.content.decode()
    assert not PlanningEvent.objects.filter(title__in=["Te laat", "Omgekeerd"]).exists()


def test_filters_by_kind_audience_and_school(demo):
    client = _client(PL)
    year = SchoolYear.objects.get(name=RUNNING)
    beatrix = SchoolLocation.objects.get(name="Beatrix College")
    add_event(year, title="Alleen Beatrix", kind="overig", audience=["so"], locations=[beatrix],
              date=dt.date(SPRING, 3, 3))  # fmt: skip
    url = reverse("planning:list")
    page = client.get(url, {"soort": "kernteam", "vanaf": "begin"}).content.decode()
    assert "Kernteam" in page and "Alleen Beatrix" not in page
    # The projectleider sees every school of the region: they type part of a school's name.
    page = client.get(url, {"schoolnaam": "Newman", "vanaf": "begin"}).content.decode()
    assert "Alleen Beatrix" not in page
    page = client.get(url, {"schoolnaam": "beatrix", "voor": "so", "vanaf": "begin"})
    assert "Alleen Beatrix" in page.content.decode()
    bad = client.get(url, {"soort": "onzin"})
    assert bad.status_code == 200
    # An SO chooses from their own schools only, and filters by one of them.
    so_client = _client(SO)
    page = so_client.get(url, {"school": beatrix.pk, "vanaf": "begin"}).content.decode()
    assert "Alleen Beatrix" in page
    select = page.split('name="school"')[1].split("</select>")[0]
    options = re.findall(r'<option value="(\d+)"', select)
    assert options == [str(beatrix.pk)]
    newman = SchoolLocation.objects.get(name="Newmancollege")
    refused = so_client.get(url, {"school": newman.pk, "vanaf": "begin"}).content.decode()
    # Another school's id is no valid choice for this SO: it filters nothing.
    unfiltered = so_client.get(url, {"vanaf": "begin"}).content.decode()
    assert _list_count(refused) == _list_count(unfiltered)


def test_year_pdf(demo):
    response = _client(SO).get(reverse("planning:pdf"))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF-")
    from io import BytesIO

    from pypdf import PdfReader

    text = PdfReader(BytesIO(response.content)).pages[0].extract_text()
    assert "Jaarplanning" in text and RUNNING in text


def _list_count(page: str) -> int:
    found = re.search(r'class="bos-count" role="status">(\d+) (?:datum|data)<', page)
    assert found, "the list names how many dates it holds"
    return int(found.group(1))


def test_month_and_list_query_counts_do_not_grow(demo):
    client = _client(PL)
    year = SchoolYear.objects.get(name=RUNNING)
    beatrix = SchoolLocation.objects.get(name="Beatrix College")
    counts = {}
    for name, url in (("month", reverse("planning:month") + f"?maand={SPRING}-03"),
                      ("list", reverse("planning:list") + "?vanaf=begin")):  # fmt: skip
        client.get(url)
        with CaptureQueriesContext(connection) as few:
            before = client.get(url).content.decode()
        for number in range(10):
            add_event(year, title=f"Extra {name} {number}", date=dt.date(SPRING, 3, 1 + number),
                      locations=[beatrix])  # fmt: skip
        with CaptureQueriesContext(connection) as many:
            after = client.get(url).content.decode()
        # The added dates are in what was measured (the list pages them, so count them).
        if name == "month":
            assert "Extra month 9" in after and "Extra month 9" not in before
        else:
            assert _list_count(after) == _list_count(before) + 10
        counts[name] = (len(few), len(many))
    assert all(few == many for few, many in counts.values()), counts


def test_pdf_fetcher_refuses_every_outside_resource():
    from planning.pdf import make_url_fetcher

    fetcher = make_url_fetcher()
    for url in ("http://169.254.169.254/latest/", "file:///etc/passwd", "https://bos.invalid/x"):
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    assert len(fetcher.refused) == 3


def test_a_closed_year_keeps_its_calendar(demo):
    from bos.yearbound import YearClosed
    from planning import services

    closed = SchoolYear.objects.get(name="2020-2021")
    assert closed.closed_at is not None
    pl = User.objects.get(email=PL)
    before = PlanningEvent.objects.filter(school_year=closed).count()
    with pytest.raises(YearClosed):
        add_event(closed, user=pl, title="Later toegevoegd")
    event = PlanningEvent.objects.filter(school_year=closed).first()
    if event is None:  # the demo's closed year has no own dates: give it one, then close
        closed.closed_at, closed_at = None, closed.closed_at
        closed.save(update_fields=["closed_at"])
        event = add_event(closed, user=pl)
        closed.closed_at = closed_at
        closed.save(update_fields=["closed_at"])
        before += 1
    title, status = event.title, event.status
    with pytest.raises(YearClosed):
        services.update_event(user=pl, event=event, values={"title": "Anders"})
    response = _client(PL).post(
        reverse("planning:cancel", args=[event.pk]) + "?jaar=2020-2021", follow=True
    )
    assert response.status_code == 200
    assert "is afgesloten" in response.content.decode()
    event.refresh_from_db()
    assert (event.title, event.status) == (title, status)
    assert PlanningEvent.objects.filter(school_year=closed).count() == before
