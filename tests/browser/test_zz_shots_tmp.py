"""Screenshots of the start page (and a few lists) for SO and projectleider at 1366/390."""
import os, sys
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
import pytest
from tests.browser.helpers import click_and_wait

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
OUT = "/tmp/shots-nav"

@pytest.mark.parametrize("email,name", [("projectleider@demo.bos.example", "pl"), ("so.beatrix@demo.bos.example", "so")])
def test_shots(demo, browser, live_server, email, name):
    from django.conf import settings
    context = browser.new_context(locale="nl-NL", timezone_id="Europe/Amsterdam", viewport={"width": 1366, "height": 800})
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", settings.DEMO_PASSWORD)
    click_and_wait(page, page.locator("main button[type=submit]").first)
    extra = ["/organisatie/", "/stagevergoeding/"] if name == "pl" else ["/stages/", "/stagevergoeding/"]
    from placements.models import Placement
    from intervision.models import IntervisionGroup
    if name == "so":
        p = Placement.objects.filter(school_year__name="2021-2022", location__name="Beatrix College").order_by("pk").first()
        g = IntervisionGroup.objects.filter(locations__name="Beatrix College").order_by("pk")[0]
        m = g.meetings.order_by("starts_at")[0]
        extra += [f"/stages/{p.pk}/", f"/intervisie/bijeenkomsten/{m.pk}/"]
    for i, path in enumerate(["/", "/planning/", *extra]):
        page.goto(f"{live_server.url}{path}")
        for width in (1366, 390):
            page.set_viewport_size({"width": width, "height": 800})
            page.screenshot(path=f"{OUT}/{name}-{i}-{width}.png", full_page=(i > 0 or width == 1366))
            if width == 390 and i == 0:
                page.locator("nav.bos-nav summary").click()
                page.screenshot(path=f"{OUT}/{name}-{i}-{width}-menu.png", full_page=False)
                page.locator("nav.bos-nav summary").click()
    context.close()
