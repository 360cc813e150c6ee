"""Permission-matrix rows of the year planning (issue #15)."""

from typing import Any

from tests.matrix import ROLES, Case, expect

EDITORS = {"projectleider": 200, "admin": 200}
EVERYONE = dict.fromkeys(ROLES, 200)


def demo_event() -> dict[str, Any]:
    from planning.models import PlanningEvent

    event = PlanningEvent.objects.filter(school_year__name="2020-2021", kind="stuurgroep").first()
    return {"pk": event.pk}


def beatrix() -> dict[str, Any]:
    from bos.models import SchoolLocation

    return {"location": SchoolLocation.objects.get(name="Beatrix College").pk}


ROWS: dict[str, list[Case]] = {
    "planning:month": [Case(expect(200))],
    "planning:list": [Case(expect(200))],
    "planning:event": [Case(expect(200), kwargs=demo_event)],
    "planning:create": [Case(expect(403, **EDITORS))],
    "planning:edit": [Case(expect(403, **EDITORS), kwargs=demo_event)],
    "planning:cancel": [Case(expect(403, projectleider=405, admin=405), kwargs=demo_event)],
    "planning:pdf": [Case(expect(200))],
    "planning:feeds": [Case(expect(200))],
    "planning:feed_reset": [Case(expect(405))],
    # Feeds are for calendar clients, which cannot log in: public ones carry no personal
    # data; the personal one needs its secret (an unknown secret is a 404 for everyone).
    "planning:feed_public": [Case(EVERYONE)],
    "planning:feed_school": [Case(EVERYONE, kwargs=beatrix)],
    "planning:feed_personal": [
        Case(dict.fromkeys(ROLES, 404), kwargs=lambda: {"token": "geraden-sleutel"})
    ],
}
