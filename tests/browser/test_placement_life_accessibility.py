"""WCAG checks with axe-core on the pages of matching, supervision and induction."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings

from bos.models import User
from placements.models import Placement, Proposal

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DOMAIN = "demo.bos.example"


def violations(page) -> list[str]:
    result = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} – {v['nodes'][0]['target']}"
        for v in result.response["violations"]
    ]


def _pages(email: str) -> list[str]:
    supervised = Placement.objects.filter(wpb__email=f"wpb@{DOMAIN}").order_by("pk").first()
    applied = Proposal.objects.filter(status="applied").first()
    own = Proposal.objects.get(student__user__email=f"student@{DOMAIN}")
    student_placement = Placement.objects.filter(student__user__email=f"student@{DOMAIN}").first()
    return {
        "so.beatrix": [
            "/stages/matching/",
            f"/stages/matching/{applied.pk}/",
            f"/stages/{supervised.pk}/begeleiding/",
            "/inductie/",
            "/inductie/nieuw/",
            "/inductie/bouwstenen/",
        ],
        "io.flot": [
            "/stages/matching/plaatsen/",
            f"/stages/matching/plaats/{own.offer_id}/voordragen/",
        ],
        "wpb": [f"/stages/{supervised.pk}/begeleiding/"],
        "projectleider": ["/inductie/cijfers/", "/stages/plaatsen/vraag/"],
        "student": [
            "/stages/matching/",
            f"/stages/matching/{own.pk}/",
            f"/stages/{student_placement.pk}/begeleiding/",
        ],
    }[email]


@pytest.mark.parametrize("email", ["so.beatrix", "io.flot", "wpb", "projectleider", "student"])
def test_placement_life_pages_have_no_violations(demo, page, live_server, login, email):
    user = User.objects.get(email=f"{email}@{DOMAIN}")
    if not user.has_usable_password():
        user.set_password(settings.DEMO_PASSWORD)
        user.save()
    login(user.email)
    for path in _pages(email):
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        assert violations(page) == [], path
