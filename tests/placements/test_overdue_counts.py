"""The start page's overdue checklist count and the dashboard's are one number from one
condition (placements.selectors.overdue_condition): the start page counts
`overdue_checklist_items`, the dashboard counts it in its aggregate of the open items."""

import re

import pytest
from django.urls import reverse

from bos.models import User
from placements.selectors import overdue_checklist_items

pytestmark = pytest.mark.django_db


def _start_page_count(html: str) -> int:
    found = re.search(r"Checklistpunten over de datum</a>\s*<span[^>]*>(\d+)<", html)
    assert found, "the start page shows the overdue checklist items"
    return int(found.group(1))


def _dashboard_count(html: str) -> int:
    found = re.search(r'id="overdue-items">(\d+)<', html)
    assert found, "the dashboard shows the overdue checklist items"
    return int(found.group(1))


def test_start_page_and_dashboard_show_the_same_overdue_count_on_the_demo(client, demo):
    user = User.objects.get(email="so.beatrix@demo.bos.example")
    client.force_login(user)
    start = _start_page_count(client.get(reverse("home")).content.decode())
    dashboard = _dashboard_count(client.get(reverse("placements:dashboard")).content.decode())
    assert start == dashboard == overdue_checklist_items(user=user).count()
    # The demo has overdue items, among them late replies, which both pages count.
    assert start > 0
    assert overdue_checklist_items(user=user).filter(kind="reply").exists()
