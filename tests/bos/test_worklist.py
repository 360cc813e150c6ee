"""The start page shows each role what waits for them, each item linking to where it is done."""

import pytest
from django.test import Client
from django.urls import reverse

from bos.models import User
from tests.matrix import ROLE_EMAILS


def _home(role: str) -> str:
    client = Client()
    client.force_login(User.objects.get(email=ROLE_EMAILS[role]))
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("so", ["Aanmeldingen die op je reactie wachten", "Checklistpunten over de datum"]),
        ("so", ["Studenten zonder werkplekbegeleider", "om goed te keuren"]),
        ("director", ["Aanvragen om te ondertekenen"]),
        ("hr_sovot", ["Wachtrij stagevergoeding"]),
        ("projectleider", ["Begrotingsregels zonder realisatie"]),
        ("student", ["Jouw volgende stap"]),
        ("io", ["Jouw studenten", "Wat nu voor jou klaarstaat"]),
        ("wpb", ["Jouw studenten"]),
    ],
)
def test_each_role_sees_what_waits(demo, role, expected):
    html = _home(role)
    for text in expected:
        assert text in html, (role, text)


def test_so_overdue_item_links_to_the_item_on_its_placement(demo):
    html = _home("so")
    start = html.index("Checklistpunten over de datum")
    link = html[start:].split('href="', 2)[2].split('"', 1)[0]
    assert link.startswith("/stages/") and "#taak-" in link
    client = Client()
    client.force_login(User.objects.get(email=ROLE_EMAILS["so"]))
    detail = client.get(link.split("#")[0]).content.decode()
    assert f'id="{link.split("#")[1]}"' in detail
