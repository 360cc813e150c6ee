"""The report on the web on a phone: the contents page and a chapter, without logging in,
pass axe-core's WCAG checks and fit the screen; the chapter's navigation leads on."""

import pytest

from tests.browser.helpers import click_and_wait
from tests.browser.test_accessibility import violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_publication_on_a_phone(demo, page, live_server):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/jaarverslag/2020-2021/")
    assert page.get_by_role("heading", name="Jaarverslag 2020-2021", level=1).is_visible()
    assert violations(page) == []
    contents = page.get_by_role("navigation", name="Inhoud")
    click_and_wait(page, contents.get_by_role("link", name="Stages"))
    assert page.get_by_role("heading", name="Stages", level=1).is_visible()
    assert violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # The chapters fold behind "Inhoud" on a phone; the next chapter is one tap away.
    pager = page.get_by_role("navigation", name="Vorige en volgende pagina")
    click_and_wait(page, pager.get_by_role("link", name="Volgende 2. Ontwikkelteams"))
    assert page.get_by_role("heading", name="Ontwikkelteams", level=1).is_visible()
    # Figure 14's survey tables (question rows heading their answers) in their chapter.
    page.goto(f"{live_server.url}/jaarverslag/2020-2021/professionalisering/")
    assert page.get_by_role("figure", name="Figuur 14: resultaten vragenlijsten").is_visible()
    assert violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_the_running_years_drafts_on_the_web(demo, page, live_server):
    """Published before anyone wrote a word, the running year's chapters are the drafts
    from the figures, in the same accessible pages."""
    from bos.models import User
    from reports import services
    from tests.demo_years import running_year
    from tests.matrix import ROLE_EMAILS

    year = running_year()
    services.report_publish(year=year, user=User.objects.get(email=ROLE_EMAILS["projectleider"]))
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/jaarverslag/{year.name}/stages/")
    assert page.get_by_role("heading", name="Stages", level=1).is_visible()
    assert page.get_by_text("Concept uit de cijfers").first.is_visible()
    assert violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
