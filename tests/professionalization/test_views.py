"""Pages: the public verification page reveals only name, year and hours; the certificate's
text lists the meetings and hours; the offer and overview keep their query count."""

import re
from io import BytesIO

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from professionalization import services
from professionalization.models import Certificate, Registration
from professionalization.selectors import certificate_by_code

from .factories import make_meeting, make_world

pytestmark = pytest.mark.django_db


def _attended_world():
    world = make_world(days_ahead=0, capacity=5)
    a = world.wpbs[0]
    services.register(user=a, meeting_id=world.meeting.pk)
    registration = Registration.objects.get(person=a.person)
    services.record_attendance(
        user=world.so, meeting_id=world.meeting.pk, present_ids={registration.pk}
    )
    services.evaluate(user=a, registration_id=registration.pk, score=5, comment="Zeer nuttig")
    return world, a


def test_verification_page_shows_only_name_year_and_hours():
    world, wpb = _attended_world()
    certificate = services.certificate_prepare(person=wpb.person, year=world.year)
    response = Client().get(reverse("professionalization:verify", args=[certificate.code]))
    assert response.status_code == 200
    main = re.search(r"<main.*?</main>", response.content.decode(), re.S).group(0)
    text = re.sub(r"<[^>]+>", " ", main)
    assert wpb.person.full_name in text
    assert world.year.name in text
    assert "2,5" in text
    # Nothing else: no e-mail, no meeting, theme, school, evaluation or role.
    for secret in (
        wpb.person.email,
        world.meeting.theme.title,
        world.school.name,
        "Zeer nuttig",
        "WPB",
        "Werkplekbegeleider",
    ):
        assert secret not in response.content.decode(), secret
    assert response["X-Robots-Tag"] == "noindex"
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_verification_codes_are_unguessable_and_unknown_codes_reveal_nothing():
    world, wpb = _attended_world()
    certificate = services.certificate_prepare(person=wpb.person, year=world.year)
    assert len(certificate.code) >= 22  # 128 random bits, URL-safe
    assert certificate.code != str(certificate.pk)
    for guess in ("1", str(certificate.pk), certificate.code[:-1], "x" * 200, ""):
        assert certificate_by_code(guess) is None
    response = Client().get(reverse("professionalization:verify", args=["bestaat-niet"]))
    assert response.status_code == 404
    assert wpb.person.full_name not in response.content.decode()
    services.register(user=world.wpbs[1], meeting_id=world.meeting.pk)
    present = set(Registration.objects.filter(meeting=world.meeting).values_list("pk", flat=True))
    services.record_attendance(user=world.so, meeting_id=world.meeting.pk, present_ids=present)
    second = services.certificate_prepare(person=world.wpbs[1].person, year=world.year)
    assert second.code != certificate.code


def test_certificate_pdf_lists_the_meetings_and_hours():
    world, wpb = _attended_world()
    client = Client()
    client.force_login(wpb)
    response = client.get(reverse("professionalization:certificate", args=[world.year.name]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(BytesIO(response.content)).pages)
    assert wpb.person.full_name in text
    assert world.meeting.theme.title in text
    assert world.meeting.date.strftime("%d-%m-%Y") in text
    assert "2,5" in text
    code = Certificate.objects.get(person=wpb.person).code
    assert code in text


def _count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_offer_and_overview_query_counts_do_not_grow_with_the_data():
    world = make_world(days_ahead=0, capacity=30, wpbs=4)
    for user in world.wpbs[:2]:
        services.register(user=user, meeting_id=world.meeting.pk)
    # Some attendance in both cases, so only the amount of data differs.
    present = set(Registration.objects.filter(meeting=world.meeting).values_list("pk", flat=True))
    services.record_attendance(user=world.so, meeting_id=world.meeting.pk, present_ids=present)
    pl = Client()
    pl.force_login(world.pl)
    wpb = Client()
    wpb.force_login(world.wpbs[0])
    urls = [reverse("professionalization:offer"), reverse("professionalization:overview")]
    small = [_count_queries(pl, urls[0]), _count_queries(pl, urls[1]), _count_queries(wpb, urls[0])]
    for number in (2, 3, 4, 8, 9):
        meeting = make_meeting(
            world.year, world.themes[number], world.other_school, world.so, days_ahead=0
        )
        for user in world.wpbs:
            services.register(user=user, meeting_id=meeting.pk)
        present = set(Registration.objects.filter(meeting=meeting).values_list("pk", flat=True))
        services.record_attendance(user=world.pl, meeting_id=meeting.pk, present_ids=present)
    large = [_count_queries(pl, urls[0]), _count_queries(pl, urls[1]), _count_queries(wpb, urls[0])]
    assert small == large


def test_leader_sees_participants_and_evaluation_summary():
    world, _ = _attended_world()
    client = Client()
    client.force_login(world.so)
    page = client.get(reverse("professionalization:meeting", args=[world.meeting.pk]))
    html = page.content.decode()
    assert "Deelnemers en aanwezigheid" in html
    assert "1 evaluatie(s), gemiddeld 5,0 van 5." in html
    other = Client()
    other.force_login(world.wpbs[1])
    html = other.get(reverse("professionalization:meeting", args=[world.meeting.pk])).content
    assert b"Deelnemers en aanwezigheid" not in html
    assert b"Zeer nuttig" not in html


def test_start_page_lists_coming_meetings_and_open_attendance():
    world = make_world(days_ahead=0, capacity=5)
    services.register(user=world.wpbs[0], meeting_id=world.meeting.pk)
    wpb = Client()
    wpb.force_login(world.wpbs[0])
    html = wpb.get(reverse("home")).content.decode()
    assert "Je professionaliseringsbijeenkomsten" in html
    assert world.meeting.theme.title in html
    so = Client()
    so.force_login(world.so)
    assert "Aanwezigheid vastleggen" in so.get(reverse("home")).content.decode()


def test_start_page_tells_a_wpb_whose_meetings_were_held_what_they_were_registered_for():
    from professionalization.models import RegistrationStatus

    world = make_world(days_ahead=-3)
    Registration.objects.create(
        meeting=world.meeting,
        person=world.wpbs[0].person,
        role="wpb",
        status=RegistrationStatus.REGISTERED,
    )
    registered = Client()
    registered.force_login(world.wpbs[0])
    html = registered.get(reverse("home")).content.decode()
    assert "nergens voor aangemeld" not in html
    assert world.meeting.title in html
    assert "(geweest)" in html
    other = Client()
    other.force_login(world.wpbs[1])
    html = other.get(reverse("home")).content.decode()
    assert f"Je bent in {world.year} nergens voor aangemeld." in html


def _offer_rows(html: str) -> int:
    """The theme meetings listed in the offer's first table."""
    start = html.index('id="aanbod-titel"')
    table = html[start : html.index("</table>", start)]
    return table.count('data-label="Datum"')


def test_offer_pages_the_meetings_of_a_large_year():
    """Issue #29: with many more meetings the offer reads and shows one page of them, and
    the next page lists the rest."""
    world = make_world(days_ahead=0, capacity=30, wpbs=2)
    services.register(user=world.wpbs[0], meeting_id=world.meeting.pk)
    client = Client()
    client.force_login(world.wpbs[0])
    url = reverse("professionalization:offer")
    small = _count_queries(client, url)
    # The database may hold meetings of its own (the demo's): count from what is there.
    before = _offer_rows(client.get(url).content.decode())
    assert 1 <= before < 50
    for index in range(55):
        make_meeting(
            world.year,
            world.themes[1 + index % 9],
            world.other_school,
            world.so,
            days_ahead=index,
        )
    assert _count_queries(client, url) == small
    html = client.get(url).content.decode()
    assert _offer_rows(html) == 50
    assert 'href="?pagina=2"' in html
    second = client.get(url, {"pagina": 2}).content.decode()
    assert _offer_rows(second) == before + 55 - 50
