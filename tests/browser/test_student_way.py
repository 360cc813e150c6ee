"""The student's portfolio in the browser (issue #26): on a phone the student writes a
reflection and shares it; the WPB and the IO of the placement read it, and the WPB of
another student at the same school gets a 404."""

import pytest

from bos.models import Person
from placements.models import Placement, PortfolioReflection
from tests.browser.helpers import click_and_wait
from tests.browser.test_intervision import _code_login, _password_login
from tests.demo_years import RUNNING_YEAR

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STUDENT = "student@demo.bos.example"


def _other_students_wpb(placement: Placement) -> str:
    """A WPB at the same school who supervises another student, given a login."""
    from bos.demo.organisation import _ensure_user

    other = (
        Placement.objects.filter(school_year=placement.school_year, location=placement.location)
        .exclude(student=placement.student)
        .exclude(wpb__isnull=True)
        .exclude(wpb=placement.wpb)
        .select_related("wpb")
        .first()
    )
    person: Person = other.wpb
    person.user = _ensure_user(person.email)
    person.save(update_fields=["user"])
    return person.email


def test_student_shares_a_reflection_the_wpb_and_io_read_and_others_cannot(
    demo, browser, live_server
):
    placement = Placement.objects.get(student__user__email=STUDENT, school_year__name=RUNNING_YEAR)
    context, phone = _code_login(browser, live_server, STUDENT)
    phone.set_viewport_size({"width": 390, "height": 844})
    phone.goto(f"{live_server.url}/stages/{placement.pk}/begeleiding/")
    phone.get_by_role("link", name="Naar mijn portfolio").click()
    phone.get_by_label("Titel").fill("Mijn eerste eigen les")
    phone.get_by_label("Je reflectie").fill(
        "De opening liep stroef. Volgende keer start ik met een vraag."
    )
    phone.get_by_label("Delen met mijn begeleiders").check()
    click_and_wait(phone, phone.get_by_role("button", name="Opslaan"))
    assert phone.locator("#shared-state").inner_text().startswith("ja")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    reflection_url = phone.url
    reflection = PortfolioReflection.objects.get(title="Mijn eerste eigen les")
    assert reflection.placement_id == placement.pk and reflection.is_shared
    context.close()

    for reader in (placement.wpb.email, placement.io.email):
        context, page = _password_login(browser, live_server, reader)
        response = page.goto(reflection_url)
        assert response.status == 200, reader
        assert "start ik met een vraag" in page.content()
        context.close()

    context, page = _password_login(browser, live_server, _other_students_wpb(placement))
    response = page.goto(reflection_url)
    assert response.status == 404
    assert "start ik met een vraag" not in page.content()
    context.close()
