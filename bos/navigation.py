"""The main menu, built in one place: sections by task, each with its own pages.

A user sees a section when they may open at least one of its pages; the section's link goes
to the first of those, so a role's main job is one click from the start page. The page being
shown marks its section (and its own entry) as current.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from django.urls import NoReverseMatch, reverse

from bos.models import User

from .permissions import CAPABILITIES, header_scope

# (label, URL name, capability or None for every logged-in user), grouped by task.
SECTIONS: list[tuple[str, list[tuple[str, str, str | None]]]] = [
    (
        "Stages",
        [
            ("Stages", "placements:list", "placement.view"),
            ("Studenten", "placements:students", "student.view"),
            ("Dashboard", "placements:dashboard", "placement.edit"),
            ("Aanbod en bezetting", "placements:supply", "placement.supply"),
            ("Matching", "placements:matching", "matching.view"),
        ],
    ),
    (
        "Programma",
        [
            ("Intervisie", "intervision:overview", "intervision.view"),
            ("Intervisieverslagen", "intervision:reports", "intervision.reflect"),
            ("Professionalisering", "professionalization:offer", "pro.view"),
            ("Reflectieve gesprekken", "professionalization:conversations", "pro.conversations"),
            ("Inductie", "induction:register", "induction.view"),
            ("Opleidingsteams", "organisation:training_teams", "trainingteam.view"),
            ("Verdiepingsmiddagen", "afternoons:list", "afternoon.plan"),
            ("Verdiepingsmiddagen", "afternoons:mine", "afternoon.choose"),
            ("Presentielijsten", "afternoons:workshops", "afternoon.attendance"),
            ("Opkomst middagen", "afternoons:follow_up", "afternoon.follow"),
            ("Vragenlijsten", "surveys:list", "survey.manage"),
            ("Planning", "planning:month", "planning.view"),
            ("Afspraken", "library:list", "library.view"),
        ],
    ),
    (
        "Geld en beleid",
        [
            # HR's main job first: for them the section opens on their queue.
            ("HR-wachtrij", "stipend:hr_queue", "stipend.hr"),
            ("Stagevergoeding", "stipend:list", "stipend.view"),
            ("Beleid", "facilitation:policy", "policy.view"),
            ("Facilitering", "facilitation:overview", "facilitation.view"),
            ("Streefaantallen", "facilitation:targets", "targets.view"),
            # The header's year's budget (and from it the subsidy's list of students).
            ("Begroting", "reports:budget_current", "budget.view"),
            ("Besluiten", "governance:list", "governance.view"),
        ],
    ),
    ("Jaarverslag", [("Jaarverslag", "reports:report", "report.view")]),
    (
        "Organisatie",
        [
            ("Organisatie", "organisation:overview", "organisation.view"),
            ("Schooljaren", "years:overview", "year.manage"),
            ("Audittrail", "audit:list", "audit.view"),
            ("API-sleutels", "apikeys:list", "api.keys"),
        ],
    ),
]


@dataclass
class NavItem:
    label: str
    url: str
    # aria-current: "page" for the page shown, "true" for a page below it, else None.
    current: str | None = None


@dataclass
class NavSection:
    label: str
    items: list[NavItem] = field(default_factory=list)
    # "page" when the section's own link is the page shown, "true" when a page inside it is.
    current: str | None = None

    @property
    def url(self) -> str:
        return self.items[0].url


@dataclass
class Menu:
    home: NavItem
    sections: list[NavSection]

    @property
    def current_section(self) -> NavSection | None:
        return next((section for section in self.sections if section.current), None)

    @property
    def items(self) -> list[NavItem]:
        """Every entry, the start page first (the start page's list of pages)."""
        return [self.home] + [item for section in self.sections for item in section.items]


@cache
def _paths() -> list[tuple[str, int, str]]:
    """(path, section index, URL name) of every entry, longest path first: a page belongs to
    the entry whose path is the longest prefix of its own (the URLs never change at run time)."""
    rows = []
    for index, (_, entries) in enumerate(SECTIONS):
        for _, url_name, _ in entries:
            try:
                rows.append((reverse(url_name), index, url_name))
            except NoReverseMatch:
                continue
    return sorted(rows, key=lambda row: -len(row[0]))


def _owner(path: str) -> tuple[int, str] | None:
    """The section and entry a page belongs to, whether or not the user sees that entry."""
    for prefix, index, url_name in _paths():
        if path.startswith(prefix):
            return index, url_name
    return None


def build_menu(user: User, path: str, suffix: str = "") -> Menu:
    """The menu for one user on one page; `suffix` (the chosen year) is added to every link."""
    home_url = reverse("home")
    home = NavItem("Start", home_url + suffix, "page" if path == home_url else None)
    owner = _owner(path)
    # The menu shows the header's year, also on a page about an object of another year.
    roles = header_scope(user).roles
    sections = []
    for index, (label, entries) in enumerate(SECTIONS):
        section = NavSection(label)
        visible = []
        for item_label, url_name, capability in entries:
            if capability is not None and not roles & CAPABILITIES[capability]:
                continue
            try:
                url = reverse(url_name)
            except NoReverseMatch:
                continue
            visible.append((url_name, url))
            section.items.append(NavItem(item_label, url + suffix))
        if not section.items:
            continue
        if owner is not None and owner[0] == index:
            section.current = "true"
            for (url_name, url), item in zip(visible, section.items, strict=True):
                if url_name == owner[1]:
                    item.current = "page" if path == url else "true"
            if path == visible[0][1]:
                section.current = "page"
        sections.append(section)
    return Menu(home=home, sections=sections)
