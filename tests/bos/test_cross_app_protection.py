"""The baseline applied across apps: the audit trail covers policies and budgets, and
imports, exports and PDF generation are rate-limited."""

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from bos.models import AuditEntry, User
from facilitation.models import Policy
from reports.models import BudgetLine
from tests.demo_years import RUNNING_YEAR, running_year

pytestmark = pytest.mark.django_db


def login(email: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(email=f"{email}@demo.bos.example"))
    return client


def test_policy_change_is_in_the_audit_trail(demo):
    policy = Policy.objects.get(school_year__name=RUNNING_YEAR)
    before = AuditEntry.objects.filter(model="facilitation.policy").count()
    policy.hours_per_student += 1
    policy.save()
    entry = AuditEntry.objects.filter(model="facilitation.policy").latest("id")
    assert AuditEntry.objects.filter(model="facilitation.policy").count() == before + 1
    assert "hours_per_student" in entry.changes


def test_budget_line_change_is_in_the_audit_trail(demo):
    # A line of the running year: the closed seed year's lines cannot change at all.
    line = BudgetLine.objects.filter(section__budget__school_year=running_year()).first()
    line.name = f"{line.name} (gewijzigd)"
    line.save()
    entry = AuditEntry.objects.filter(model="reports.budgetline").latest("id")
    assert entry.object_pk == str(line.pk)
    assert "name" in entry.changes


@pytest.fixture
def limits_on(settings):
    settings.BOS_RATELIMITS_ENABLED = True
    settings.BOS_RATE_LIMITS = {"import": "2/5m", "export": "2/5m", "pdf": "1/5m"}
    cache.clear()
    yield settings
    cache.clear()


@pytest.mark.parametrize(
    ("email", "url_name", "kwargs"),
    [
        ("so.beatrix", "placements:ict_excel", {}),
        ("projectleider", "reports:excel", {"year": "2020-2021"}),
    ],
)
def test_exports_are_rate_limited(demo, limits_on, email, url_name, kwargs):
    client = login(email)
    url = reverse(url_name, kwargs=kwargs)
    assert client.get(url).status_code == 200
    assert client.get(url).status_code == 200
    response = client.get(url)
    assert response.status_code == 429
    assert "Retry-After" in response


def test_pdf_generation_is_rate_limited(demo, limits_on):
    client = login("projectleider")
    url = reverse("reports:pdf_request", kwargs={"year": "2020-2021"})
    assert client.post(url).status_code in {200, 302}
    assert client.post(url).status_code == 429
