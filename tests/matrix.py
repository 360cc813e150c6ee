"""The permission matrix: every URL of the project × every demo role → expected status.

Add each new URL here; `test_every_url_is_in_the_matrix` fails when one is missing.
Expected statuses: 200 (may see), 302 (anonymous: to the login page), 403 (role may not do
this), 404 (object outside the role's scope), 405 for a GET on a POST-only URL."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from placements.models import Placement

DOMAIN = "demo.bos.example"
ROLE_EMAILS: dict[str, str | None] = {
    "anonymous": None,
    "so": f"so.beatrix@{DOMAIN}",
    "io": f"io.flot@{DOMAIN}",
    "wpb": f"wpb@{DOMAIN}",
    "projectleider": f"projectleider@{DOMAIN}",
    "kernteam": f"bc.sovot@{DOMAIN}",
    "hr_sovot": f"hr.sovot@{DOMAIN}",
    "hr_skvob": f"hr.skvob@{DOMAIN}",
    "director": f"directeur.beatrix@{DOMAIN}",
    "student": f"student@{DOMAIN}",
    "admin": f"admin@{DOMAIN}",
}
ROLES = list(ROLE_EMAILS)


def expect(default: int, **overrides: int) -> dict[str, int]:
    """Every role gets `default` except the overrides; anonymous always goes to login."""
    result = dict.fromkeys(ROLES, default)
    result["anonymous"] = 302
    result.update(overrides)
    return result


# Objects of the demo year used by object URLs.
def own_placement() -> dict[str, Any]:
    """A FLOT placement at Beatrix College mentored by the demo WPB: in scope for the demo
    SO, IO and WPB."""
    placement = Placement.objects.filter(
        location__name="Beatrix College",
        wpb__email=f"wpb@{DOMAIN}",
        student__institute__short_name="FLOT",
    ).first()
    return {"pk": placement.pk}


def other_school_placement() -> dict[str, Any]:
    placement = Placement.objects.filter(location__name="Newmancollege").first()
    return {"pk": placement.pk}


@dataclass
class Case:
    expected: dict[str, int]
    kwargs: Callable[[], dict[str, Any]] | None = None
    method: str = "get"
    data: dict[str, Any] = field(default_factory=dict)


PLACEMENT_VIEWERS = {"so": 200, "io": 200, "wpb": 200, "projectleider": 200, "admin": 200}

MATRIX: dict[str, list[Case]] = {
    "home": [Case(expect(200))],
    "health": [Case(dict.fromkeys(ROLES, 200))],
    "placements:list": [Case(expect(403, **PLACEMENT_VIEWERS))],
    "placements:detail": [
        Case(expect(403, **PLACEMENT_VIEWERS), kwargs=own_placement),
        Case(
            expect(403, so=404, io=404, wpb=404, projectleider=200, admin=200),
            kwargs=other_school_placement,
        ),
    ],
}
