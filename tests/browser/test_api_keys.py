"""The API-sleutels page and the API's documentation in a real browser (issue #28): a new key
is shown once and works; both pages fit a phone and load nothing the policy refuses."""

import pytest

from tests.browser.helpers import click_and_wait, shoot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (1366, 390)
_OVERFLOW = "() => document.documentElement.scrollWidth - window.innerWidth"


def test_projectleider_makes_a_key_and_reads_the_documentation(demo, page, live_server, login):
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    login("projectleider@demo.bos.example")
    click_and_wait(page, page.get_by_role("link", name="API-sleutels").first)
    assert page.get_by_role("heading", name="API-sleutels", exact=True).is_visible()
    page.get_by_label("Instituut").select_option(label="FLOT")
    page.get_by_label("Omschrijving").fill("koppeling stagebureau")
    click_and_wait(page, page.get_by_role("button", name="Sleutel aanmaken"))
    token = page.get_by_label("Sleutel", exact=True).input_value()
    assert token.startswith("bos_")
    assert page.get_by_role("cell", name="koppeling stagebureau", exact=True).is_visible()
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        assert page.evaluate(_OVERFLOW) <= 0, width
        shoot(page, f"api-keys-{width}")
    # The key works against the API from outside the browser session.
    response = page.request.get(
        f"{live_server.url}/api/v1/students", headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status == 200
    assert all(row["student_number"] for row in response.json())

    page.goto(f"{live_server.url}/api/v1/documentatie/")
    assert page.get_by_role("heading", name="POST /api/v1/proposals").is_visible()
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        assert page.evaluate(_OVERFLOW) <= 0, width
        shoot(page, f"api-docs-{width}")
    assert not problems, problems
