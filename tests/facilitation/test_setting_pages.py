"""The year's settings beside the facilitation policy, each on a page under /beleid/<jaar>/:
a change names its decision (old → new recorded with it), the page shows the history, a
closed year shows its values and refuses, and the report reads the targets per institute
and for first-years (issue #25)."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bos.models import Role
from bos.yearbound import YearClosed
from governance import services
from governance.models import Body, DatePrecision
from intervision.models import IntervisionPolicy
from placements.models import SupervisionAgreement
from reports.document import institute_indicators
from reports.models import ReportTargets, UnknownCounts
from tests.factories import (
    InstituteFactory,
    LocationYearFactory,
    SchoolYearFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db


def _year():
    return SchoolYearFactory(
        name="2030-2031", start_date=dt.date(2030, 8, 1), end_date=dt.date(2031, 7, 31)
    )


def _decision(pl, year):
    return services.decision_create(
        user=pl,
        year=year,
        values={
            "decided_on": dt.date(2031, 3, 9),
            "date_precision": DatePrecision.DAY,
            "body": Body.KERNTEAM,
            "title": "Doelen studentenaantallen",
            "text": "Circa 20 studenten per instituut.",
        },
    )


TARGETS = {
    "min_partner_students": "200",
    "vt1_percent": "35",
    "vt2_percent": "25",
    "vt3_percent": "20",
    "vt4_percent": "20",
    "level_tolerance_percent": "5",
    "min_first_year_students": "70",
    "instituut_ALO": "20",
}


def test_the_report_targets_page_records_the_decision_and_shows_the_history():
    year = _year()
    InstituteFactory(short_name="ALO")
    pl = user_with_role(Role.PROJECTLEIDER, year=year)
    decision = _decision(pl, year)
    client = Client()
    client.force_login(pl)
    url = reverse("facilitation:report_targets_edit", args=[year.name])
    assert client.get(url).status_code == 200
    response = client.post(url, TARGETS | {"besluit": decision.pk})
    assert response.status_code == 302
    targets = ReportTargets.objects.get(school_year=year)
    assert targets.min_students_per_institute == {"ALO": 20}
    assert targets.min_first_year_students == 70
    changes = {c.label: (c.old_value, c.new_value) for c in decision.changes.all()}
    assert changes["Doelen jaarverslag 2030-2031: minimaal aantal eerstejaars"] == ("–", "70")
    assert changes["Doelen jaarverslag 2030-2031: minimaal aantal studenten per instituut"] == (
        "–",
        "ALO: 20",
    )
    page = client.get(url).content.decode()
    assert "Doelen studentenaantallen" in page  # the decision, in the page's history
    assert "Geschiedenis" in page and "Nog geen wijzigingen" not in page


def test_a_refused_value_saves_nothing_and_a_closed_year_refuses():
    year = _year()
    pl = user_with_role(Role.PROJECTLEIDER, year=year)
    client = Client()
    client.force_login(pl)
    url = reverse("facilitation:intervision_policy_edit", args=[year.name])
    values = {
        "weeks_between_meetings": "4",
        "min_attendance_percent": "80",
        "absences_in_a_row": "2",
        "min_group_size": "8",
        "max_group_size": "6",
    }
    response = client.post(url, values)
    assert response.status_code == 400
    assert "kleiner dan de minimale" in response.content.decode()
    assert not IntervisionPolicy.objects.filter(school_year=year).exists()
    with pytest.raises(PermissionDenied):
        services.setting_update(
            user=user_with_role(Role.KERNTEAM, year=year),
            instance=IntervisionPolicy(school_year=year),
            fields=["min_group_size"],
            values={"min_group_size": 4},
            label="Intervisiebeleid",
        )
    year.closed_at = timezone.now()
    year.save(update_fields=["closed_at"])
    with pytest.raises(YearClosed):
        services.setting_update(
            user=pl,
            instance=IntervisionPolicy(school_year=year),
            fields=["min_group_size"],
            values={"min_group_size": 4},
            label="Intervisiebeleid",
        )
    page = client.get(url)
    assert page.status_code == 200 and "afgesloten" in page.content.decode()
    assert client.post(url, values | {"max_group_size": "9"}).status_code == 200
    assert not IntervisionPolicy.objects.filter(school_year=year).exists()


def test_the_report_reads_the_targets_per_institute_and_for_first_years():
    def placement(code):
        return SimpleNamespace(student=SimpleNamespace(institute=SimpleNamespace(short_name=code)))

    facts = SimpleNamespace(placements=[placement("ESoE")] * 21 + [placement("ALO")] * 5)
    figs = {"fig1": {"total": {"total": 62}}}
    targets = ReportTargets(
        min_students_per_institute={"ESoE": 20, "ALO": 20, "FHK": 20}, min_first_year_students=70
    )
    items = {item["label"]: item for item in institute_indicators(facts, figs, targets)}
    assert items["Studenten van ESoE"]["met"] is True
    assert (items["Studenten van ALO"]["value"], items["Studenten van ALO"]["met"]) == ("5", False)
    assert items["Studenten van FHK"]["value"] == "0"
    assert items["Eerstejaars van partnerinstituten"]["target"] == "≥ 70"
    assert items["Eerstejaars van partnerinstituten"]["met"] is False
    assert institute_indicators(facts, figs, ReportTargets()) == []


def test_the_projectleider_adds_an_agreement_for_an_institute_with_its_decision():
    year = _year()
    flot = InstituteFactory(short_name="FLOT")
    pl = user_with_role(Role.PROJECTLEIDER, year=year)
    decision = _decision(pl, year)
    client = Client()
    client.force_login(pl)
    url = reverse("facilitation:agreements_edit", args=[year.name])
    page = client.get(url).content.decode()
    assert "ESoE master" in page and "Masterstudenten FLOT" in page
    values = {
        "institute": flot.pk,
        "level": "VT4",
        "phase": "Afstudeerfase FLOT",
        "min_lessons": "10",
        "wpb_presence": "independent",
        "progress_conversations": "2",
        "agreements": "",
        "besluit": decision.pk,
    }
    assert client.post(url, values).status_code == 302
    added = SupervisionAgreement.objects.get(school_year=year, institute=flot, level="VT4")
    assert added.min_lessons == 10
    labels = [change.label for change in decision.changes.all()]
    assert "Begeleidingsafspraken 2030-2031 (VT4, FLOT): minimaal aantal zelfstandige lessen" in (
        labels
    )
    # The same institute and level twice: a Dutch message, nothing saved.
    response = client.post(url, values | {"min_lessons": "12"})
    assert response.status_code == 400
    assert "al een afspraak" in response.content.decode()


def test_the_projectleider_marks_a_school_s_counts_unknown_and_counts_it_again():
    year = _year()
    school = LocationYearFactory(school_year=year).location
    pl = user_with_role(Role.PROJECTLEIDER, year=year)
    decision = _decision(pl, year)
    client = Client()
    client.force_login(pl)
    url = reverse("facilitation:unknown_counts_edit", args=[year.name])
    response = client.post(
        url, {"location": school.pk, "note": "Niet doorgegeven.", "besluit": decision.pk}
    )
    assert response.status_code == 302
    (row,) = UnknownCounts.objects.filter(school_year=year)
    response = client.post(f"{url}?bekend={row.pk}", {"besluit": decision.pk})
    assert response.status_code == 302
    assert not UnknownCounts.objects.filter(school_year=year).exists()
    assert [(c.old_value, c.new_value) for c in decision.changes.order_by("pk")] == [
        ("aantallen bekend", "onbekend (Niet doorgegeven.)"),
        ("onbekend (Niet doorgegeven.)", "aantallen bekend"),
    ]
