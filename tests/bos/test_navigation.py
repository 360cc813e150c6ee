"""The main menu: sections by task, per role, with the current section marked (issue #23)."""

from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import reverse

from bos.models import User
from bos.navigation import SECTIONS
from tests.demo_years import running_year

pytestmark = pytest.mark.django_db

PL = "projectleider@demo.bos.example"
SO = "so.beatrix@demo.bos.example"
HR = "hr.sovot@demo.bos.example"
WPB = "wpb@demo.bos.example"
DIRECTOR = "directeur.beatrix@demo.bos.example"
STUDENT = "student@demo.bos.example"
SECTION_LABELS = [label for label, _ in SECTIONS]


class MenuParser(HTMLParser):
    """The links of the main menu's rows: the sections row, the current section's row and
    the phone menu, each as (label, href, aria-current)."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: dict[str, list[tuple[str, str, str | None]]] = {
            "sections": [],
            "sub": [],
            "phone": [],
        }
        self.stack: list[str] = []
        self.in_nav = 0
        self.row: str | None = None
        self.link: tuple[str, str | None] | None = None
        self.text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        classes = (values.get("class") or "").split()
        if tag == "nav" and values.get("aria-label") == "Hoofdmenu":
            self.in_nav = 1
            self.stack = []
        if not self.in_nav:
            return
        if tag in ("nav", "div", "details", "ul"):
            if "bos-nav__menu" in classes:
                self.row = "phone"
            elif "bos-nav__sub" in classes:
                self.row = "sub"
            elif "bos-nav__list" in classes and self.row is None:
                self.row = "sections"
            self.stack.append(tag)
        if tag == "a":
            # The path only: a user who can switch years gets the year in every link.
            self.link = (urlsplit(values.get("href") or "").path, values.get("aria-current"))
            self.text = ""

    def handle_endtag(self, tag: str) -> None:
        if not self.in_nav:
            return
        if tag == "a" and self.link and self.row:
            self.rows[self.row].append((self.text.strip(), *self.link))
            self.link = None
        if tag in ("nav", "div", "details", "ul") and self.stack:
            self.stack.pop()
            if tag in ("details", "div") or (tag == "ul" and self.row == "sections"):
                self.row = None
            if not self.stack:
                self.in_nav = 0

    def handle_data(self, data: str) -> None:
        if self.link:
            self.text += data


def menu(email: str, path: str = "/") -> dict[str, list[tuple[str, str, str | None]]]:
    client = Client()
    client.force_login(User.objects.get(email=email))
    response = client.get(path)
    assert response.status_code == 200
    parser = MenuParser()
    parser.feed(response.content.decode())
    return parser.rows


def labels(row: list[tuple[str, str, str | None]]) -> list[str]:
    return [label for label, _, _ in row]


@pytest.mark.parametrize(
    ("email", "sections"),
    [
        (PL, ["Start", "Stages", "Programma", "Geld en beleid", "Jaarverslag", "Organisatie"]),
        (SO, ["Start", "Stages", "Programma", "Geld en beleid", "Jaarverslag"]),
        (HR, ["Start", "Programma", "Geld en beleid"]),
        (WPB, ["Start", "Stages", "Programma"]),
        (DIRECTOR, ["Start", "Programma", "Geld en beleid"]),
        (STUDENT, ["Start", "Stages", "Programma", "Geld en beleid"]),
    ],
)
def test_each_role_sees_its_own_sections(demo, email, sections):
    rows = menu(email)
    assert labels(rows["sections"]) == sections
    # The start page is no section's page: no second row, the start link is current.
    assert rows["sub"] == []
    assert rows["sections"][0][2] == "page"
    # The phone menu holds the same sections (a section of one page is that page's link).
    phone = labels(rows["phone"])
    assert phone[0] == "Start"
    for label, url, _ in rows["sections"][1:]:
        assert url in [href for _, href, _ in rows["phone"]], label


@pytest.mark.parametrize(
    ("email", "section", "url_name"),
    [
        (SO, "Stages", "placements:list"),
        (HR, "Geld en beleid", "stipend:hr_queue"),
        (DIRECTOR, "Geld en beleid", "stipend:list"),
        (PL, "Jaarverslag", "reports:report"),
    ],
)
def test_a_roles_main_job_is_one_click_from_the_start_page(demo, email, section, url_name):
    rows = menu(email)
    assert (section, reverse(url_name)) in [(label, url) for label, url, _ in rows["sections"]]


def test_a_section_link_opens_its_first_page_and_shows_its_pages(demo):
    rows = menu(PL)
    programma = next(row for row in rows["sections"] if row[0] == "Programma")
    assert programma[1] == reverse("intervision:overview")
    inside = menu(PL, reverse("planning:month"))
    # The section is marked, the page itself is the current entry of the second row.
    assert ("Programma", reverse("intervision:overview"), "true") in inside["sections"]
    assert ("Planning", reverse("planning:month"), "page") in inside["sub"]
    assert [row for row in inside["sub"] if row[2]] == [
        ("Planning", reverse("planning:month"), "page")
    ]
    assert {"Intervisie", "Inductie", "Afspraken", "Professionalisering"} <= set(
        labels(inside["sub"])
    )


def test_a_page_below_an_entry_marks_its_section_and_entry(demo):
    from placements.models import Placement

    placement = Placement.objects.filter(school_year=running_year()).first()
    rows = menu(PL, reverse("placements:detail", args=[placement.pk]))
    assert ("Stages", reverse("placements:list"), "true") in rows["sections"]
    assert ("Stages", reverse("placements:list"), "true") in rows["sub"]


def test_the_projectleider_reaches_every_management_page_from_the_menu(demo):
    """Jaarverslag, Beleid, Schooljaren, Organisatie and Audittrail: a section link on the
    start page, or one more click in that section's second row."""
    wanted = {
        "Jaarverslag": reverse("reports:report"),
        "Beleid": reverse("facilitation:policy"),
        "Schooljaren": reverse("years:overview"),
        "Organisatie": reverse("organisation:overview"),
        "Audittrail": reverse("audit:list"),
    }
    start = menu(PL)
    reachable: dict[str, str] = {}
    for label, url, _ in start["sections"][1:]:
        reachable[label] = url
        for sub_label, sub_url, _ in menu(PL, url)["sub"]:
            reachable.setdefault(sub_label, sub_url)
    for label, url in wanted.items():
        assert reachable.get(label) == url, label
        # And the phone menu lists it straight away.
        assert (label, url) in [(text, href) for text, href, _ in start["phone"]]


def test_a_role_without_a_capability_does_not_see_its_entry(demo):
    so = menu(SO, reverse("placements:list"))
    assert "Aanbod en bezetting" not in labels(so["sub"]) + labels(so["phone"])
    assert "Audittrail" not in labels(so["phone"])
    assert "Organisatie" not in labels(so["sections"])
