"""A link to an object works whatever the header's year (`?jaar=`) holds, for everyone whose
role covers the object in its own year, and the object's page names that year. Also: every
URL with an object in its path says how to find the object's year (bos.objectyear)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.db.models import Model, QuerySet
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from afternoons.models import DeepeningAfternoon
from bos.models import SchoolYear, User
from bos.objectyear import NOT_YEAR_NAMESPACES, NOT_YEAR_OBJECTS, OBJECT_URLS, year_of_object
from bos.years import available_years
from intervision.models import IntervisionGroup
from intervision.models import Meeting as IntervisionMeeting
from placements.models import ApplicationDocument, Placement, PlaceOffer, Proposal
from professionalization.models import Meeting as ProMeeting
from reports.models import ChapterText, Goal
from stipend.models import StipendApplication
from tests.demo_years import running_year
from tests.matrix import ROLE_EMAILS


def _pattern_names() -> dict[str, str]:
    names: dict[str, str] = {}

    def walk(patterns: list[Any], namespace: str | None, prefix: str) -> None:
        for entry in patterns:
            if isinstance(entry, URLResolver):
                inner = entry.namespace or namespace
                walk(entry.url_patterns, inner, prefix + str(entry.pattern))
            elif isinstance(entry, URLPattern) and entry.name:
                name = f"{namespace}:{entry.name}" if namespace else entry.name
                names[name] = prefix + str(entry.pattern)

    walk(get_resolver().url_patterns, None, "")
    return names


def test_every_url_with_an_object_knows_the_objects_year():
    unknown = []
    for name, route in _pattern_names().items():
        namespace = name.split(":")[0] if ":" in name else ""
        if not re.search(r"<(int|str):", route) or namespace in NOT_YEAR_NAMESPACES:
            continue
        if name not in OBJECT_URLS and name not in NOT_YEAR_OBJECTS:
            unknown.append(name)
    assert not unknown, f"Say in bos.objectyear how these URLs find their year: {unknown}"
    assert not set(OBJECT_URLS) - set(_pattern_names()), "stale entries in OBJECT_URLS"


# (URL name, who opens it, the objects to try, the URL's arguments for one object).
Objects = Callable[[], QuerySet[Any]]
CASES: list[tuple[str, str, Objects, Callable[[Any], dict[str, Any]]]] = [
    ("placements:detail", "so", lambda: Placement.objects.all(), lambda o: {"pk": o.pk}),
    (
        "placements:supervision",
        "so",
        lambda: Placement.objects.filter(conversations__isnull=False).distinct(),
        lambda o: {"pk": o.pk},
    ),
    ("placements:proposal", "io", lambda: Proposal.objects.all(), lambda o: {"pk": o.pk}),
    (
        "placements:proposal_document",
        "io",
        lambda: ApplicationDocument.objects.all(),
        lambda o: {"pk": o.proposal_id, "document_pk": o.pk},
    ),
    ("placements:propose", "io", lambda: PlaceOffer.objects.all(), lambda o: {"offer_pk": o.pk}),
    ("intervision:group", "so", lambda: IntervisionGroup.objects.all(), lambda o: {"pk": o.pk}),
    (
        "intervision:meeting",
        "so",
        lambda: IntervisionMeeting.objects.all(),
        lambda o: {"pk": o.pk},
    ),
    (
        "afternoons:detail",
        "projectleider",
        lambda: DeepeningAfternoon.objects.all(),
        lambda o: {"pk": o.pk},
    ),
    (
        "professionalization:meeting",
        "wpb",
        lambda: ProMeeting.objects.all(),
        lambda o: {"pk": o.pk},
    ),
    ("stipend:detail", "so", lambda: StipendApplication.objects.all(), lambda o: {"pk": o.pk}),
    (
        "reports:chapter",
        "projectleider",
        lambda: ChapterText.objects.select_related("school_year"),
        lambda o: {"year": o.school_year.name, "chapter": o.chapter},
    ),
    ("reports:goal_edit", "projectleider", lambda: Goal.objects.all(), lambda o: {"pk": o.pk}),
]


def _year_of(obj: Model) -> SchoolYear:
    year = year_of_object(obj)
    assert year is not None
    return year


@pytest.mark.parametrize(("name", "role", "objects", "kwargs"), CASES, ids=[c[0] for c in CASES])
def test_a_link_works_with_the_header_on_another_year(demo, name, role, objects, kwargs):
    user = User.objects.get(email=ROLE_EMAILS[role])
    client = Client()
    client.force_login(user)
    years = available_years(user)
    running = running_year()
    # Objects of the running year first, then the others (a proposal lives in next year).
    candidates = sorted(objects()[:400], key=lambda o: _year_of(o) != running)
    for obj in candidates[:60]:
        own = _year_of(obj)
        other = next((year for year in years if year != own), None)
        assert other is not None, f"{role} holds a role in one year only"
        url = reverse(name, kwargs=kwargs(obj))
        # Is it this user's object? Asked in its own year (or, for a year in which the user
        # holds no role yet, in the default year), by a fresh session.
        probe = Client()
        probe.force_login(user)
        if probe.get(url, {"jaar": own.name} if own in years else {}).status_code != 200:
            continue  # not this user's object
        response = client.get(url, {"jaar": other.name})
        assert response.status_code == 200, f"{url} with the header on {other}"
        if response.get("Content-Type", "").startswith("text/html"):
            assert f"Schooljaar {own.name}" in response.content.decode()
        # The header still shows the chosen year: the link did not move the user's year.
        assert client.get(reverse("home")).context["nav_year"] == other
        return
    pytest.fail(f"{role} opens none of the first objects of {name}")
