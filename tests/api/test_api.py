"""The institutes' REST API (issue #28): keys, scope, writes, rate limit, audit, OpenAPI."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
import time_machine
from django.test import Client, override_settings
from django.urls import get_resolver, reverse
from django.utils import timezone

from afternoons.models import DeepeningAfternoon
from api import services
from api.models import ApiKey
from api.rules import key_hash
from bos.models import AuditEntry, Institute, Role, SchoolLocation, SchoolYear, User
from placements import selectors
from placements.models import Placement, PlaceOffer, Proposal, Student
from tests.factories import (
    InstituteFactory,
    PersonFactory,
    PlacementFactory,
    SchoolLocationFactory,
    SchoolYearFactory,
    StudentFactory,
    user_with_role,
)

# Years of their own, far from the demo's, with the clock inside the first: "the current
# school year" is then this one whatever else the test database holds.
TODAY = dt.datetime(2030, 10, 1, 12, 0, tzinfo=dt.UTC)


@dataclass
class ApiWorld:
    year: SchoolYear
    next_year: SchoolYear
    location: SchoolLocation
    institute: Institute
    other_institute: Institute
    projectleider: User
    so_user: User
    student: Student
    other_student: Student
    placement: Placement
    other_placement: Placement
    offer: PlaceOffer
    proposal: Proposal
    other_proposal: Proposal
    key: ApiKey
    token: str
    other_token: str


@pytest.fixture
def clock():
    with time_machine.travel(TODAY, tick=True):
        yield


@pytest.fixture
def world(db, clock) -> ApiWorld:
    year = SchoolYearFactory(
        name="2030-2031", start_date=dt.date(2030, 8, 1), end_date=dt.date(2031, 7, 31)
    )
    next_year = SchoolYearFactory(
        name="2031-2032", start_date=dt.date(2031, 8, 1), end_date=dt.date(2032, 7, 31)
    )
    location = SchoolLocationFactory(name="API-college")
    institute = InstituteFactory(short_name="APIA")
    other_institute = InstituteFactory(short_name="APIB")
    projectleider = user_with_role(Role.PROJECTLEIDER, year=year)
    so_user = user_with_role(Role.SO, year=year, locations=[location])
    student = StudentFactory(institute=institute, student_number="A0001")
    other_student = StudentFactory(institute=other_institute, student_number="B0001")
    wpb = PersonFactory(first_name="Wieke", last_name="Begeleider")

    def placement(of: Student) -> Placement:
        return PlacementFactory(
            student=of,
            location=location,
            school_year=year,
            wpb=wpb,
            start_date=dt.date(2030, 9, 1),
            end_date=dt.date(2031, 6, 30),
        )

    offer = PlaceOffer.objects.create(
        location=location,
        school_year=year,
        subject="Engels",
        level="VT3",
        places=3,
        first_year_reserved=0,
    )
    other_offer = PlaceOffer.objects.create(
        location=location,
        school_year=year,
        subject="Duits",
        level="VT2",
        places=1,
        first_year_reserved=0,
    )
    key, token = services.api_key_create(
        user=projectleider, institute_id=institute.pk, name="koppeling"
    )
    other_key, other_token = services.api_key_create(
        user=projectleider, institute_id=other_institute.pk, name="koppeling"
    )
    return ApiWorld(
        year=year,
        next_year=next_year,
        location=location,
        institute=institute,
        other_institute=other_institute,
        projectleider=projectleider,
        so_user=so_user,
        student=student,
        other_student=other_student,
        placement=placement(student),
        other_placement=placement(other_student),
        offer=offer,
        proposal=services.proposal_create(key=key, offer_id=other_offer.pk, student_number="A0001"),
        other_proposal=services.proposal_create(
            key=other_key, offer_id=other_offer.pk, student_number="B0001"
        ),
        key=key,
        token=token,
        other_token=other_token,
    )


def call(method: str, url: str, token: str | None = None, body: Any = None) -> Any:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    client = Client()
    if body is None:
        return getattr(client, method)(url, headers=headers)
    return getattr(client, method)(
        url, data=json.dumps(body), content_type="application/json", headers=headers
    )


# Every API route: (method, kwargs of an own object, kwargs of another institute's object or
# None for a route without one, the body of a write). `test_every_api_route_is_covered` fails
# when a route is added without a row here.
StudentBody = {
    "first_name": "Noor",
    "last_name": "Proefstudent",
    "email": "noor.proefstudent@student.test.example",
    "programme": "Engels",
    "variant": "vt",
}
ROUTES: dict[
    str,
    tuple[
        str,
        Callable[[ApiWorld], dict[str, Any]],
        Callable[[ApiWorld], dict[str, Any]] | None,
        dict[str, Any] | None,
    ],
] = {
    "students": ("get", lambda w: {}, None, None),
    "student": (
        "get",
        lambda w: {"student_number": w.student.student_number},
        lambda w: {"student_number": w.other_student.student_number},
        None,
    ),
    "student_register": (
        "put",
        lambda w: {"student_number": w.student.student_number},
        None,  # another institute's number registers a new student of the caller's own
        StudentBody,
    ),
    "placements": ("get", lambda w: {}, None, None),
    "placement": (
        "get",
        lambda w: {"placement_id": w.placement.pk},
        lambda w: {"placement_id": w.other_placement.pk},
        None,
    ),
    "offers": ("get", lambda w: {}, None, None),
    "proposals": ("get", lambda w: {}, None, None),
    "proposal": (
        "get",
        lambda w: {"proposal_id": w.proposal.pk},
        lambda w: {"proposal_id": w.other_proposal.pk},
        None,
    ),
    "proposal_create": ("post", lambda w: {}, None, None),
    "dates": ("get", lambda w: {}, None, None),
}
# Open to everyone: the OpenAPI document; ninja's root of the API answers nothing.
PUBLIC = {"openapi-json", "api-root"}


def api_route_names() -> set[str]:
    resolver = get_resolver()
    names = set()
    for entry in resolver.url_patterns:
        if getattr(entry, "namespace", None) == "api-v1":
            names |= {pattern.name for pattern in entry.url_patterns if pattern.name}
    return names


def test_every_api_route_is_covered():
    assert api_route_names() - PUBLIC == set(ROUTES)


def _body(world: ApiWorld, name: str) -> dict[str, Any] | None:
    if name == "proposal_create":
        return {"offer_id": world.offer.pk, "student_number": world.student.student_number}
    return ROUTES[name][3]


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(ROUTES))
def test_each_route_answers_its_own_institute_and_refuses_others(world, name):
    method, own, other, _ = ROUTES[name]
    url = reverse(f"api-v1:{name}", kwargs=own(world))
    response = call(method, url, world.token, _body(world, name))
    assert response.status_code in (200, 201), (url, response.content)
    # Without a key, or with a key that is not one: 401, in Dutch.
    refused = call(method, url, None, _body(world, name))
    assert refused.status_code == 401
    assert refused.json()["detail"].startswith("Geen geldige API-sleutel")
    assert call(method, url, "bos_not-a-real-key", _body(world, name)).status_code == 401
    if other is not None:
        foreign = reverse(f"api-v1:{name}", kwargs=other(world))
        refused = call(method, foreign, world.token, _body(world, name))
        assert refused.status_code == 404, foreign
        assert refused.json() == {"detail": "Niet gevonden."}
        # The owner of that object does get it: the 404 is about scope, not existence.
        assert call(method, foreign, world.other_token).status_code == 200


@pytest.mark.django_db
def test_reads_show_only_the_own_institutes_students(world):
    students = call("get", reverse("api-v1:students"), world.token).json()
    assert [s["student_number"] for s in students] == ["A0001"]
    placements = call("get", reverse("api-v1:placements"), world.token).json()
    assert [p["id"] for p in placements] == [world.placement.pk]
    assert placements[0] == {
        "id": world.placement.pk,
        "student_number": "A0001",
        "student_name": world.student.full_name,
        "school_year": "2030-2031",
        "school": "API-college",
        "level": world.placement.level,
        "start_date": "2030-09-01",
        "end_date": "2031-06-30",
        "status": world.placement.status,
        "wpb_name": "Wieke Begeleider",
    }
    proposals = call("get", reverse("api-v1:proposals"), world.token).json()
    assert [p["id"] for p in proposals] == [world.proposal.pk]
    # Offers are for every institute: both see the same places, with what is free.
    offers = call("get", reverse("api-v1:offers"), world.token).json()
    assert {(o["subject"], o["level"], o["places"], o["free"]) for o in offers} >= {
        ("Engels", "VT3", 3, 3),
        ("Duits", "VT2", 1, 1),
    }
    other_years = call("get", reverse("api-v1:placements") + "?school_year=2031-2032", world.token)
    assert other_years.json() == []
    assert (
        call(
            "get", reverse("api-v1:placements") + "?school_year=1999-2000", world.token
        ).status_code
        == 404
    )


@pytest.mark.django_db
def test_dates_of_the_year(world):
    DeepeningAfternoon.objects.create(
        school_year=world.year, number=1, date=dt.date(2030, 11, 12), audience="Iedereen"
    )
    closed = DeepeningAfternoon.objects.create(
        school_year=world.year, number=2, date=dt.date(2031, 2, 3), audience="Alleen APIB"
    )
    closed.institutes.set([world.other_institute])
    body = call("get", reverse("api-v1:dates"), world.token).json()
    assert body["school_year"] == "2030-2031"
    assert [(a["number"], a["date"]) for a in body["afternoons"]] == [(1, "2030-11-12")]
    assert body["meetings"] == []


@pytest.mark.django_db
def test_an_expired_or_revoked_key_gets_401(world):
    url = reverse("api-v1:students")
    assert call("get", url, world.token).status_code == 200
    with time_machine.travel(TODAY + dt.timedelta(days=366)):
        assert call("get", url, world.token).status_code == 401
    services.api_key_revoke(user=world.projectleider, key_id=world.key.pk)
    assert call("get", url, world.token).status_code == 401


@pytest.mark.django_db
def test_only_the_hash_of_a_key_is_stored(world):
    stored = ApiKey.objects.get(pk=world.key.pk)
    assert stored.key_hash == key_hash(world.token)
    assert world.token not in json.dumps(list(ApiKey.objects.values()), default=str)
    assert world.token.startswith(stored.prefix)
    assert len(world.token) > len(stored.prefix) + 30


@pytest.mark.django_db
def test_a_proposal_through_the_api_appears_in_the_sos_matching(world):
    response = call(
        "post",
        reverse("api-v1:proposal_create"),
        world.token,
        {"offer_id": world.offer.pk, "student_number": "A0001", "note": "Past goed."},
    )
    assert response.status_code == 201, response.content
    created = Proposal.objects.get(pk=response.json()["id"])
    assert created.student == world.student
    assert created.offer == world.offer
    assert created.proposed_by_name == f"{world.institute.name} (API)"
    assert created in selectors.proposals_for(user=world.so_user)
    page = Client()
    page.force_login(world.so_user)
    assert world.student.full_name in page.get(reverse("placements:matching")).content.decode()
    # Twice is refused with a Dutch message; a student of another institute is not found.
    again = call(
        "post",
        reverse("api-v1:proposal_create"),
        world.token,
        {"offer_id": world.offer.pk, "student_number": "A0001"},
    )
    assert again.status_code == 422
    assert "al voorgedragen" in again.json()["detail"]
    foreign = call(
        "post",
        reverse("api-v1:proposal_create"),
        world.token,
        {"offer_id": world.offer.pk, "student_number": "B0001"},
    )
    assert foreign.status_code == 404


@pytest.mark.django_db
def test_registering_study_data_creates_then_updates_the_own_student(world):
    url = reverse("api-v1:student_register", kwargs={"student_number": "B0001"})
    created = call("put", url, world.token, StudentBody)
    assert created.status_code == 201
    assert Student.objects.get(institute=world.institute, student_number="B0001").last_name == (
        "Proefstudent"
    )
    # The other institute's B0001 is untouched.
    world.other_student.refresh_from_db()
    assert world.other_student.last_name != "Proefstudent"
    updated = call("put", url, world.token, {**StudentBody, "programme": "Duits"})
    assert updated.status_code == 200
    assert updated.json()["programme"] == "Duits"
    bad = call("put", url, world.token, {**StudentBody, "variant": "onbekend"})
    assert bad.status_code == 422
    assert "variant" in bad.json()["detail"]
    malformed = call("put", url, world.token, {"first_name": "x"})
    assert malformed.status_code == 422
    assert malformed.json()["detail"].startswith("De gegevens kloppen niet.")
    assert "last_name" in malformed.json()["velden"]


@pytest.mark.django_db
def test_every_call_is_in_the_audit_trail(world):
    before = AuditEntry.objects.filter(model="api.apikey", action="view").count()
    call("get", reverse("api-v1:students"), world.token)
    call(
        "get",
        reverse("api-v1:placement", kwargs={"placement_id": world.other_placement.pk}),
        world.token,
    )
    entries = list(
        AuditEntry.objects.filter(model="api.apikey", action="view").order_by("id")[before:]
    )
    assert [e.object_repr for e in entries] == [
        "GET /api/v1/students",
        f"GET /api/v1/placements/{world.other_placement.pk}",
    ]
    assert entries[0].actor_email.startswith("API APIA")
    assert entries[1].changes["uitkomst"] == "DoesNotExist"
    # A change made through the API is attributed to the key.
    call(
        "put",
        reverse("api-v1:student_register", kwargs={"student_number": "A0001"}),
        world.token,
        {**StudentBody, "programme": "Wiskunde"},
    )
    change = AuditEntry.objects.filter(
        model="placements.student", action="update", object_pk=str(world.student.pk)
    ).last()
    assert change is not None
    assert change.actor_email.startswith("API APIA")
    assert change.changes["programme"] == ["Engels", "Wiskunde"]


@pytest.mark.django_db
@override_settings(BOS_RATELIMITS_ENABLED=True, BOS_RATE_LIMITS={"api": "2/5m"})
def test_calls_are_rate_limited_per_key(world):
    from django.core.cache import cache

    cache.clear()
    url = reverse("api-v1:students")
    assert call("get", url, world.token).status_code == 200
    assert call("get", url, world.token).status_code == 200
    refused = call("get", url, world.token)
    assert refused.status_code == 429
    assert refused.json()["detail"].startswith("Probeer het over")
    assert int(refused["Retry-After"]) >= 1
    # Another institute's key has its own counter.
    assert call("get", url, world.other_token).status_code == 200
    cache.clear()


@pytest.mark.django_db
def test_the_openapi_document_and_the_documentation_page(world):
    response = Client().get(reverse("api-v1:openapi-json"))
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    for path in (
        "/api/v1/students",
        "/api/v1/students/{student_number}",
        "/api/v1/placements",
        "/api/v1/placements/{placement_id}",
        "/api/v1/offers",
        "/api/v1/proposals",
        "/api/v1/proposals/{proposal_id}",
        "/api/v1/dates",
    ):
        assert path in schema["paths"], path
    assert schema["paths"]["/api/v1/proposals"]["post"]["security"]
    docs = Client().get(reverse("api_docs:docs"))
    assert docs.status_code == 200
    text = docs.content.decode()
    assert "POST /api/v1/proposals" in text
    assert "Authorization: Bearer" in text
    # No script or style from elsewhere: nothing but the site's own files.
    assert "cdn" not in text.lower()
    assert '<script src="http' not in text


# The API-sleutels page --------------------------------------------------------------------


@pytest.mark.django_db
def test_the_projectleider_makes_a_key_that_is_shown_once_and_revokes_it(world):
    page = Client()
    page.force_login(world.projectleider)
    url = reverse("apikeys:list")
    response = page.post(
        url, {"institute": world.institute.pk, "name": "stagebureau", "valid_days": 30}
    )
    assert response.status_code == 200
    token = response.context["token"]
    assert token.startswith("bos_")
    assert token in response.content.decode()
    assert response["Cache-Control"] == "no-store"
    key = ApiKey.objects.get(key_hash=key_hash(token))
    assert key.expires_at.date() == (timezone.now() + dt.timedelta(days=30)).date()
    listing = page.get(url).content.decode()
    assert token not in listing
    assert key.prefix in listing
    assert call("get", reverse("api-v1:students"), token).status_code == 200
    page.post(reverse("apikeys:revoke", args=[key.pk]))
    assert call("get", reverse("api-v1:students"), token).status_code == 401
    assert "ingetrokken" in page.get(url).content.decode()


@pytest.mark.django_db
def test_a_bad_key_form_gets_a_dutch_message_not_a_500(world):
    page = Client()
    page.force_login(world.projectleider)
    response = page.post(
        reverse("apikeys:list"), {"institute": world.institute.pk, "name": "", "valid_days": 9999}
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "Dit veld is verplicht" in text or "verplicht" in text
    assert not ApiKey.objects.filter(name="").exists()


@pytest.mark.django_db
def test_revoking_a_key_that_does_not_exist_is_a_404_not_a_500(world):
    page = Client(raise_request_exception=False)
    page.force_login(world.projectleider)
    missing = (ApiKey.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    assert page.post(reverse("apikeys:revoke", args=[missing])).status_code == 404
    world.key.refresh_from_db()
    assert world.key.revoked_at is None


@pytest.mark.django_db
def test_only_projectleider_and_admin_manage_keys(world):
    page = Client()
    page.force_login(world.so_user)
    assert page.get(reverse("apikeys:list")).status_code == 403
    assert page.post(reverse("apikeys:revoke", args=[world.key.pk])).status_code == 403
    world.key.refresh_from_db()
    assert world.key.revoked_at is None


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["students", "placements", "proposals", "offers", "dates"])
def test_a_list_costs_the_same_queries_whatever_its_length(world, name):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse(f"api-v1:{name}")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert call("get", url, world.token).status_code == 200
        return len(captured)

    call("get", url, world.token)  # the key's last-used time is written at most once a minute
    before = queries()
    for number in range(3):
        student = StudentFactory(institute=world.institute, student_number=f"A1{number:03d}")
        PlacementFactory(
            student=student,
            location=world.location,
            school_year=world.year,
            wpb=PersonFactory(),
            start_date=dt.date(2030, 9, 1),
            end_date=dt.date(2031, 6, 30),
        )
        offer = PlaceOffer.objects.create(
            location=SchoolLocationFactory(),
            school_year=world.year,
            subject=f"Vak {number}",
            level="VT1",
            places=1,
            first_year_reserved=0,
        )
        services.proposal_create(
            key=world.key, offer_id=offer.pk, student_number=student.student_number
        )
        DeepeningAfternoon.objects.create(
            school_year=world.year, number=10 + number, date=dt.date(2031, 3, 1), audience="Allen"
        )
    assert queries() == before
