"""A school's adjusted target or growth step per year, with its reason, beside the
streefaantal on the targets page and in figure 12 (issue #25; the seed, l. 1549-1556)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from bos.models import SchoolLocation, SchoolYear, User
from bos.yearbound import YearClosed
from placements import services
from placements.models import TargetAdjustment, TargetKind
from tests.demo_years import RUNNING_YEAR
from tests.matrix import ROLE_EMAILS


def _user(role):
    return User.objects.get(email=ROLE_EMAILS[role])


def test_the_seed_olv_shows_beside_its_streefaantal_in_figure_12(demo):
    from facilitation.selectors import policy_for
    from reports import facts, figures

    year = SchoolYear.objects.get(name="2020-2021")
    rows = {
        r["school"]: r for r in figures.figure_12(facts.load_facts(year, policy_for(year)))["rows"]
    }
    olv = rows["Onze Lieve Vrouwelyceum"]
    assert (olv["streefaantal"], olv["adjusted_target"]) == (28, 24)
    assert olv["adjustment"].startswith("bijgesteld streefaantal 24. De school krimpt")
    assert "adjusted_target" not in rows["Beatrix College"]


def test_the_service_checks_who_what_and_the_year(demo):
    running = SchoolYear.objects.get(name=RUNNING_YEAR)
    school = SchoolLocation.objects.get(name="Reeshofcollege")
    kwargs = dict(year=running, location_id=school.pk, kind=TargetKind.GROWTH, target=13)
    with pytest.raises(ValidationError) as no_reason:
        services.target_adjustment_save(user=_user("projectleider"), reason=" ", **kwargs)
    assert no_reason.value.message_dict["reason"] == ["Geef de reden van de afspraak."]
    with pytest.raises(PermissionDenied):
        services.target_adjustment_save(user=_user("so"), reason="Groeipad.", **kwargs)
    saved = services.target_adjustment_save(
        user=_user("projectleider"),
        reason="De stap naar 15 is niet in één jaar haalbaar.",
        **kwargs,
    )
    assert (saved.kind, saved.target) == (TargetKind.GROWTH, 13)
    closed = SchoolYear.objects.get(name="2020-2021")
    with pytest.raises(YearClosed):
        services.target_adjustment_save(
            user=_user("projectleider"), reason="Te laat.", **{**kwargs, "year": closed}
        )
    assert (
        services.target_adjustment_delete(
            user=_user("projectleider"), year=running, location_id=school.pk
        )
        == 1
    )


def test_the_projectleider_records_it_from_the_targets_page(demo):
    client = Client()
    client.force_login(_user("projectleider"))
    school = SchoolLocation.objects.get(name="Reeshofcollege")
    url = reverse("placements:target_adjustment", args=[RUNNING_YEAR, school.pk])
    targets = reverse("facilitation:targets")
    assert url in client.get(targets, {"jaar": RUNNING_YEAR}).content.decode()
    refused = client.post(url, {"kind": "growth", "target": "13", "reason": ""})
    assert refused.status_code == 400 and "Dit veld is verplicht." in refused.content.decode()
    saved = client.post(
        url, {"kind": "growth", "target": "13", "reason": "Niet in één jaar haalbaar."}
    )
    assert saved.status_code == 302
    page = client.get(targets, {"jaar": RUNNING_YEAR}).content.decode()
    assert "Niet in één jaar haalbaar." in page and "(groeipad)" in page
    assert client.post(url, {"verwijderen": "1"}).status_code == 302
    assert not TargetAdjustment.objects.filter(
        location=school, school_year__name=RUNNING_YEAR
    ).exists()
    # The closed year shows its agreements but offers no link to change them.
    closed = client.get(targets, {"jaar": "2020-2021"}).content.decode()
    assert "De school krimpt" in closed and "Bijstellen" not in closed
