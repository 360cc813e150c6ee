from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from .permissions import can, get_scope

# (label, URL name, capability or None for every logged-in user). Each app adds its pages.
NAVIGATION: list[tuple[str, str, str | None]] = [
    ("Start", "home", None),
    ("Stages", "placements:list", "placement.view"),
    ("Stagevergoeding", "stipend:list", "stipend.view"),
    ("HR-wachtrij", "stipend:hr_queue", "stipend.hr"),
    ("Dashboard", "placements:dashboard", "placement.edit"),
    ("Aanbod en bezetting", "placements:supply", "placement.supply"),
    ("Jaarverslag", "reports:report", "report.view"),
    ("Beleid", "facilitation:policy", "policy.view"),
    ("Facilitering", "facilitation:overview", "facilitation.view"),
    ("Streefaantallen", "facilitation:targets", "targets.view"),
    ("Schooljaren", "years:overview", "year.manage"),
    ("Audittrail", "audit:list", "audit.view"),
]


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The menu shows only what the user may open."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "nav_year": None}
    items = []
    for label, url_name, capability in NAVIGATION:
        if capability is not None and not can(user, capability):
            continue
        try:
            url = reverse(url_name)
        except NoReverseMatch:
            continue
        items.append({"label": label, "url": url, "active": request.path == url})
    return {"nav_items": items, "nav_year": get_scope(user).year}
