"""Closing and reopening a year on the demo (2020-2021 is closed by the demo loader): the
snapshot, the report of a closed year with the differences warning, the audit trail."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from bos.models import AuditEntry, SchoolYear, SchoolYearEvent, User, YearEventKind
from bos.yearbound import closed_year_writes
from reports.models import ActualEntry, ReportSnapshot
from reports.renderers.json import figures_json
from reports.selectors import report_for
from tests.demo_years import running_year
from years.closing import year_close, year_reopen

pytestmark = pytest.mark.django_db
DOMAIN = "demo.bos.example"


@pytest.fixture
def pl(demo):
    return User.objects.get(email=f"projectleider@{DOMAIN}")


@pytest.fixture
def year_2020(demo):
    return SchoolYear.objects.get(name="2020-2021")


def test_demo_closes_2020_2021_with_a_snapshot_of_the_seed(year_2020):
    assert year_2020.is_closed
    snapshot = ReportSnapshot.objects.get(school_year=year_2020)
    assert snapshot.reserve == Decimal("208862.40")
    assert snapshot.data["figures_json"] == figures_json(year_2020)
    assert snapshot.data["figures_json"]["fig12"]["total"]["partner"] == 202


def test_closed_report_shows_the_snapshot_without_warning_when_unchanged(year_2020, pl):
    report = report_for(user=pl, year=year_2020)
    assert report.snapshot_at is not None
    assert report.live_differences == []
    assert report.budget.reserve == Decimal("208862.40")
    assert report.figures["fig12"]["total"]["partner"] == 202


def test_changed_live_data_is_listed_as_a_data_quality_warning(year_2020, pl):
    # A change that bypasses the services (say, a correction in the database).
    entry = ActualEntry.objects.filter(
        line__section__budget__school_year=year_2020, amount__isnull=False
    ).first()
    with closed_year_writes("een correctie rechtstreeks in de database"):
        ActualEntry.objects.filter(pk=entry.pk).update(amount=entry.amount + 100)
    report = report_for(user=pl, year=year_2020)
    # The page still shows the kept figures ...
    assert report.budget.reserve == Decimal("208862.40")
    # ... and says where the live data differs.
    assert report.live_differences
    assert any(
        "Figuur 5 (begroting)" in line and "vastgelegd" in line for line in report.live_differences
    )
    assert report.warnings[0].startswith("De gegevens van dit afgesloten jaar zijn na het")
    html = _client(pl).get(reverse("reports:report") + "?jaar=2020-2021").content.decode()
    assert "Schooljaar 2020-2021 is afgesloten" in html
    assert "vastgelegd" in html


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_reopen_needs_a_reason_and_is_recorded(year_2020, pl):
    with pytest.raises(ValidationError) as info:
        year_reopen(year=year_2020, user=pl, reason="  ")
    assert "reden" in str(info.value)
    year_reopen(year=year_2020, user=pl, reason="Correctie in de begroting.")
    year_2020.refresh_from_db()
    assert not year_2020.is_closed
    event = SchoolYearEvent.objects.filter(school_year=year_2020).first()
    assert (event.kind, event.detail, event.actor) == (
        YearEventKind.REOPENED,
        "Correctie in de begroting.",
        pl,
    )
    assert AuditEntry.objects.filter(model="bos.schoolyearevent", object_pk=str(event.pk)).exists()


def test_close_again_keeps_a_new_snapshot_and_refuses_edits(year_2020, pl):
    year_reopen(year=year_2020, user=pl, reason="Correctie.")
    with pytest.raises(ValidationError):
        year_reopen(year=year_2020, user=pl, reason="Nog eens.")
    snapshot = year_close(year=year_2020, user=pl, with_pdf=False)
    assert ReportSnapshot.objects.filter(school_year=year_2020).count() == 2
    assert snapshot.reserve == Decimal("208862.40")
    year_2020.refresh_from_db()
    assert year_2020.closed_by == pl
    with pytest.raises(ValidationError, match="al afgesloten"):
        year_close(year=year_2020, user=pl, with_pdf=False)


def test_closing_needs_the_previous_year_closed_and_reopening_the_later_one_open(year_2020, pl):
    running = running_year()
    year_reopen(year=year_2020, user=pl, reason="Correctie.")
    with pytest.raises(ValidationError, match="Sluit eerst 2020-2021"):
        year_close(year=running, user=pl, with_pdf=False)
    year_close(year=year_2020, user=pl, with_pdf=False)
    year_close(year=running, user=pl, with_pdf=False)
    with pytest.raises(ValidationError, match=f"Heropen eerst {running.name}"):
        year_reopen(year=year_2020, user=pl, reason="x")


def test_only_the_projectleider_closes(year_2020, demo):
    so = User.objects.get(email=f"so.beatrix@{DOMAIN}")
    with pytest.raises(PermissionDenied):
        year_reopen(year=year_2020, user=so, reason="x")


def test_close_with_pdf_queues_the_report(year_2020, pl, django_capture_on_commit_callbacks):
    year_reopen(year=year_2020, user=pl, reason="Correctie.")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        snapshot = year_close(year=year_2020, user=pl)
    assert snapshot.pdf is not None and snapshot.pdf.school_year == year_2020
    assert callbacks


def test_a_closed_year_refuses_a_budget_edit_page_with_a_dutch_message(year_2020, pl):
    from reports.models import BudgetLine

    line = BudgetLine.objects.filter(section__budget__school_year=year_2020).first()
    response = _client(pl).post(
        reverse("reports:budget_line_edit", args=[line.pk]),
        {
            "section_name": line.section.name,
            "name": line.name,
            "kind": "amount",
            "amount": "1",
            "rate_kind": "standard",
            "actual_source": "entries",
        },
    )
    assert response.status_code == 200
    assert "is afgesloten" in response.content.decode()
