from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from . import partnership as identity
from .models import Role
from .permissions import ADMIN, CAPABILITIES, STUDENT, header_scope

# (label, URL name, capability or None for every logged-in user). Each app adds its pages.
NAVIGATION: list[tuple[str, str, str | None]] = [
    ("Start", "home", None),
    ("Stages", "placements:list", "placement.view"),
    ("Studenten", "placements:students", "student.view"),
    ("Stagevergoeding", "stipend:list", "stipend.view"),
    ("HR-wachtrij", "stipend:hr_queue", "stipend.hr"),
    ("Dashboard", "placements:dashboard", "placement.edit"),
    ("Aanbod en bezetting", "placements:supply", "placement.supply"),
    ("Verdiepingsmiddagen", "afternoons:list", "afternoon.plan"),
    ("Verdiepingsmiddagen", "afternoons:mine", "afternoon.choose"),
    ("Presentielijsten", "afternoons:workshops", "afternoon.attendance"),
    ("Opkomst middagen", "afternoons:follow_up", "afternoon.follow"),
    ("Intervisie", "intervision:overview", "intervision.view"),
    ("Intervisieverslagen", "intervision:reports", "intervision.reflect"),
    ("Matching", "placements:matching", "matching.view"),
    ("Inductie", "induction:register", "induction.view"),
    ("Planning", "planning:month", "planning.view"),
    ("Afspraken", "library:list", "library.view"),
    ("Jaarverslag", "reports:report", "report.view"),
    ("Beleid", "facilitation:policy", "policy.view"),
    ("Facilitering", "facilitation:overview", "facilitation.view"),
    ("Streefaantallen", "facilitation:targets", "targets.view"),
    ("Schooljaren", "years:overview", "year.manage"),
    ("Organisatie", "organisation:overview", "organisation.view"),
    ("Professionalisering", "professionalization:offer", "pro.view"),
    ("Reflectieve gesprekken", "professionalization:conversations", "pro.conversations"),
    ("Audittrail", "audit:list", "audit.view"),
]

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
    items = []
    for label, url_name, capability in NAVIGATION:
        if capability is not None and not scope.roles & CAPABILITIES[capability]:
            continue
        try:
            url = reverse(url_name)
        except NoReverseMatch:
            continue
        items.append({"label": label, "url": url + suffix, "active": request.path == url})
    roles = [ROLE_LABELS[role] for role in ROLE_ORDER if role in scope.roles]
    return {
        "nav_items": items,
        "nav_year": scope.year,
        "year_choice": choice,
        "role_label": " · ".join(roles[:2]),
        "object_year": getattr(request, "object_year", None),
    }
