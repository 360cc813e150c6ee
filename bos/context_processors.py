from typing import Any

from django.http import HttpRequest

from . import partnership as identity
from .models import Role
from .navigation import build_menu
from .permissions import ADMIN, STUDENT, header_scope

ROLE_LABELS: dict[str, str] = {
    **{role.value: str(role.label) for role in Role},
    ADMIN: "Beheerder",
    STUDENT: "Student",
}
# The role named in the header when a user holds several: the one they mostly work as.
ROLE_ORDER = [
    ADMIN,
    Role.PROJECTLEIDER,
    Role.HR,
    Role.SO,
    Role.IO,
    Role.BC,
    Role.IC,
    Role.DIRECTOR,
    Role.KERNTEAM,
    Role.STUURGROEP,
    Role.ONTWIKKELTEAM,
    Role.LERARENCOACH,
    Role.PENVOERDER,
    Role.WPB,
    STUDENT,
]


def partnership_context(current: identity.Identity) -> dict[str, Any]:
    return {
        "partnership": current,
        "partnership_name": current.name,
        "partnership_short_name": current.short_name,
    }


def partnership(request: HttpRequest) -> dict[str, Any]:
    """The partnership's name, short name and house style for the layout (one cache read)."""
    return partnership_context(identity.current())


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The menu shows only what the user may open; the header names role and year."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {
            "nav_menu": None,
            "nav_items": [],
            "nav_year": None,
            "year_choice": None,
            "role_label": "",
            "object_year": None,
        }
    choice = getattr(request, "year_choice", None)
    # The header and the menu show the header's year, also on a page about an object of
    # another year (that page is judged in its own year and names it: `object_year`).
    scope = header_scope(user)
    # Carry the chosen year in every menu link, so the URL always says which year is shown.
    suffix = f"?jaar={scope.year.name}" if choice and choice.can_switch and scope.year else ""
    menu = build_menu(user, request.path, suffix)
    roles = [ROLE_LABELS[role] for role in ROLE_ORDER if role in scope.roles]
    return {
        "nav_menu": menu,
        # Flat, for the start page's list of pages (and code that reads labels).
        "nav_items": [
            {"label": item.label, "url": item.url, "active": item.current == "page"}
            for item in menu.items
        ],
        "nav_year": scope.year,
        "year_choice": choice,
        "role_label": " · ".join(roles[:2]),
        "object_year": getattr(request, "object_year", None),
    }
