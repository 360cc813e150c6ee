"""The interface as a school office uses it: lists, htmx with and without JavaScript,
confirmation and undo, and the start page's to-do list."""

import re

import pytest

from placements.models import ChecklistItem, Placement, PlacementStatus
from tests.browser.helpers import click_and_wait

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SO = "so.beatrix@demo.bos.example"
PROJECTLEIDER = "projectleider@demo.bos.example"
# The demo's running year: 2020-2021 is closed, so writes go to this one.
RUNNING = "2021-2022"


def test_filter_sort_and_paginate_the_placement_list(demo, page, login, live_server):
    login(PROJECTLEIDER)
    # The closed year holds more than 50 placements: enough for two pages.
    page.goto(f"{live_server.url}/stages/?jaar=2020-2021")
    count = page.locator(".bos-count")
    total = int(count.inner_text().split()[0])
    assert total > 50
    assert page.locator("table.utrecht-table tbody tr").count() == 50
    click_and_wait(page, page.get_by_role("link", name=re.compile("^2")).first)
    assert "page=2" in page.url
    assert page.locator("table.utrecht-table tbody tr").count() == min(50, total - 50)

    page.get_by_label("Niveau").select_option("VT1")
    page.get_by_role("button", name="Zoeken").click()
    page.wait_for_url(re.compile("level=VT1"))
    page.wait_for_load_state("networkidle")
    page.wait_for_function(
        "total => !document.querySelector('.bos-count').textContent.startsWith(total + ' ')",
        arg=total,
    )
    filtered = int(page.locator(".bos-count").inner_text().split()[0])
    assert 0 < filtered < total
    assert "level=VT1" in page.url
    levels = page.locator("table.utrecht-table tbody tr td:nth-child(4)").all_inner_texts()
    assert set(levels) == {"VT1"}

    page.locator("table.utrecht-table thead").get_by_role(
        "link", name=re.compile("^Student")
    ).click()
    page.wait_for_url(re.compile("sort="))
    page.wait_for_load_state("networkidle")
    names = page.locator("table.utrecht-table tbody tr td:first-child").all_inner_texts()
    assert names and "sort=" in page.url
    assert int(page.locator(".bos-count").inner_text().split()[0]) == filtered


def _open_item(placement: Placement) -> ChecklistItem:
    return placement.checklist.filter(done_at__isnull=True, responsible_role="so").first()


def test_tick_a_checklist_item_with_htmx_and_without_javascript(demo, page, login, live_server):
    login(SO)
    placement = Placement.objects.filter(
        school_year__name=RUNNING,
        location__name="Beatrix College",
        checklist__done_at__isnull=True,
        checklist__responsible_role="so",
    ).first()
    item = _open_item(placement)
    page.goto(f"{live_server.url}/stages/{placement.pk}/")
    page.locator(f"#taak-{item.pk}").wait_for()
    loads: list[str] = []
    page.on("framenavigated", lambda frame: loads.append(frame.url))
    row = page.locator(f"#taak-{item.pk}")
    row.get_by_role("button", name=re.compile("^Afvinken")).click()
    page.locator(f"#taak-{item.pk}").get_by_role("button", name=re.compile("^Heropenen")).wait_for()
    assert loads == []  # htmx swapped the row; the page did not reload
    item.refresh_from_db()
    assert item.is_done

    # The same action without JavaScript: a normal form post and a reload.
    context = page.context.browser.new_context(java_script_enabled=False, locale="nl-NL")
    context.add_cookies(page.context.cookies())
    plain = context.new_page()
    other = placement.checklist.filter(done_at__isnull=True).exclude(pk=item.pk).first()
    plain.goto(f"{live_server.url}/stages/{placement.pk}/")
    assert plain.locator(f"#taak-{other.pk}").count() == 1, plain.content()[:2000]
    plain.locator(f"#taak-{other.pk}").get_by_role("button", name=re.compile("^Afvinken")).click()
    plain.wait_for_load_state()
    assert "afgevinkt" in plain.content()
    other.refresh_from_db()
    assert other.is_done
    context.close()


def test_confirm_then_undo_a_stop(demo, page, login, live_server):
    login(SO)
    placement = Placement.objects.filter(
        school_year__name=RUNNING, location__name="Beatrix College", status=PlacementStatus.ACTIVE
    ).first()
    page.goto(f"{live_server.url}/stages/{placement.pk}/")
    page.get_by_label("Gestopt op").fill("2022-01-14")
    page.get_by_label("Reden").fill("Per vergissing ingevoerd")
    click_and_wait(page, page.get_by_role("button", name="Stage stoppen…"))
    assert page.get_by_role("heading", name=re.compile("stoppen\\?")).is_visible()
    placement.refresh_from_db()
    assert placement.status == PlacementStatus.ACTIVE
    click_and_wait(page, page.get_by_role("button", name="Ja, stop deze stage"))
    placement.refresh_from_db()
    assert placement.status == PlacementStatus.STOPPED
    click_and_wait(page, page.get_by_role("button", name="Stop ongedaan maken"))
    assert "De stop is ongedaan gemaakt" in page.content()
    placement.refresh_from_db()
    assert placement.status == PlacementStatus.ACTIVE


def test_the_so_to_do_list_links_to_an_overdue_item(demo, page, login, live_server):
    login(SO)
    card = page.locator(".bos-work__card", has_text="Checklistpunten over de datum")
    first = card.locator("li a").first
    label = first.inner_text()
    click_and_wait(page, first)
    anchor = page.url.split("#", 1)[1]
    assert anchor.startswith("taak-")
    row = page.locator(f"#{anchor}")
    assert row.count() == 1, page.content()[:3000]
    row.wait_for()
    assert label.split(": ", 1)[1] in row.inner_text()
    assert page.get_by_role("heading", name=f"Stage van {label.split(':')[0]}").is_visible()
