"""Every role's main pages fit the screen at desk and phone width (issue #23).

Nothing scrolls sideways: not the document, not the main menu; every button and link in the
page's main part lies within the viewport, so no action hides in a table that scrolls. One
browser context per role; both widths on the same page object."""

import re

import pytest

from tests.browser.helpers import click_and_wait
from tests.demo_years import RUNNING_YEAR

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (1366, 390)
RUNNING = RUNNING_YEAR

# What the page measures: the document's and the menu's widths, and every visible action
# in main or the menu that reaches beyond the viewport.
_MEASURE = """() => {
    const root = document.documentElement;
    const width = root.clientWidth;
    const outside = [];
    const nav = document.querySelector('nav.bos-nav');
    for (const el of document.querySelectorAll(
        'main a[href], main button, main input[type=submit], main select, '
        + 'nav.bos-nav a, nav.bos-nav summary'
    )) {
        const box = el.getBoundingClientRect();
        if (box.width === 0 || box.height === 0) continue;
        if (el.closest('.visually-hidden')) continue;
        if (box.left < -1 || box.right > width + 1) {
            outside.push(`${(el.innerText || el.value || el.tagName).trim().slice(0, 40)}`
                         + ` [${Math.round(box.left)}-${Math.round(box.right)}]`);
        }
    }
    const lists = nav ? [...nav.querySelectorAll('ul, div, details')] : [];
    return {
        document: [root.scrollWidth, width],
        nav: nav ? [nav.scrollWidth, nav.clientWidth] : null,
        navOverflow: lists.filter(el => el.scrollWidth > el.clientWidth + 1).length,
        outside,
    };
}"""


# The main lists of each role besides the start page (the SO's are found in the demo).
MAIN_PAGES = {
    "projectleider": [
        "/stages/",
        "/stagevergoeding/",
        "/intervisie/",
        "/jaarverslag/",
        "/beleid/",
        "/schooljaren/",
        "/organisatie/",
        "/audit/",
        "/inductie/",
        "/professionalisering/",
    ],
    "directeur": ["/stagevergoeding/"],
    "hr": ["/stagevergoeding/hr/", "/stagevergoeding/"],
    "io": ["/stages/", "/intervisie/"],
    "wpb": ["/stages/"],
    "bc": ["/organisatie/", "/beleid/streefaantallen/"],
    "lerarencoach": ["/inductie/", "/inductie/bouwstenen/"],
    "penvoerder": ["/jaarverslag/begroting/2020-2021/", "/jaarverslag/"],
}


def _pages(email: str) -> list[str]:
    """The role's start page and main lists (paths), in the running year."""
    from intervision.models import IntervisionGroup
    from placements.models import Placement

    role = email.split("@")[0].split(".")[0]
    if role != "so":
        return ["/", *MAIN_PAGES[role]]
    placement = (
        Placement.objects.filter(school_year__name=RUNNING, location__name="Beatrix College")
        .order_by("pk")
        .first()
    )
    group = IntervisionGroup.objects.filter(locations__name="Beatrix College").order_by("pk")[0]
    meeting = group.meetings.order_by("starts_at")[0]
    return [
        "/",
        "/stages/",
        f"/stages/{placement.pk}/",  # the checklist
        "/stagevergoeding/",
        f"/intervisie/bijeenkomsten/{meeting.pk}/",  # the attendance
        "/jaarverslag/",
        "/beleid/facilitering/",
        "/intervisie/",
        "/inductie/",
        "/verdiepingsmiddagen/opvolging/",
        "/professionalisering/",
    ]


def _login(browser, live_server, email: str):
    from django.conf import settings

    context = browser.new_context(
        locale="nl-NL", timezone_id="Europe/Amsterdam", viewport={"width": WIDTHS[0], "height": 900}
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", settings.DEMO_PASSWORD)
    click_and_wait(page, page.locator("main button[type=submit]").first)
    assert "/accounts/login" not in page.url
    return context, page


@pytest.mark.parametrize(
    "email",
    [
        "projectleider@demo.bos.example",
        "so.beatrix@demo.bos.example",
        "directeur.beatrix@demo.bos.example",
        "hr.sovot@demo.bos.example",
        "io.flot@demo.bos.example",
        "wpb@demo.bos.example",
        "bc.sovot@demo.bos.example",
        "lerarencoach@demo.bos.example",
        "penvoerder@demo.bos.example",
    ],
)
def test_main_pages_fit_at_desk_and_phone_width(demo, browser, live_server, email):
    context, page = _login(browser, live_server, email)
    problems = []
    try:
        for path in _pages(email):
            response = page.goto(f"{live_server.url}{path}")
            assert response.status == 200, path
            for width in WIDTHS:
                page.set_viewport_size({"width": width, "height": 900})
                states = [page.evaluate(_MEASURE)]
                if width < 600:
                    # The phone menu, opened: its entries fit too.
                    page.locator("nav.bos-nav summary").click()
                    states.append(page.evaluate(_MEASURE))
                    page.locator("nav.bos-nav summary").click()
                for state in states:
                    label = f"{path} @ {width}px"
                    if state["document"][0] > state["document"][1]:
                        problems.append(f"{label}: document {state['document']}")
                    if state["nav"] and state["nav"][0] > state["nav"][1]:
                        problems.append(f"{label}: menu {state['nav']}")
                    if state["navOverflow"]:
                        problems.append(f"{label}: {state['navOverflow']} menu rows overflow")
                    problems.extend(f"{label}: {item}" for item in state["outside"])
    finally:
        context.close()
    assert not problems, "\n".join(problems)


def test_the_phone_menu_opens_without_script_and_reaches_every_section(demo, browser, live_server):
    context, page = _login(browser, live_server, "projectleider@demo.bos.example")
    try:
        page.set_viewport_size({"width": 390, "height": 900})
        nav = page.get_by_role("navigation", name="Hoofdmenu")
        # Closed: only the button shows.
        assert not nav.get_by_role("link", name="Audittrail").is_visible()
        nav.get_by_text(re.compile("^Menu")).click()
        click_and_wait(page, nav.get_by_role("link", name="Audittrail"))
        assert page.url.split("?")[0].endswith("/audit/")
        page.set_viewport_size({"width": 1366, "height": 900})
        # At the desk the sections row shows, with the current one marked.
        current = nav.locator("a[aria-current]").first
        assert current.inner_text() == "Organisatie"
    finally:
        context.close()
