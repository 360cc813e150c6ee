"""The year's online-rights table on a page under the year's policy (/beleid/<jaar>/online-
rechten/): the projectleider edits it row by row with the decision a change follows (old →
new recorded with it), bad input saves nothing, a closed year shows the table read only,
and the edited table decides the group a placement gets (issue #25)."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bos.models import Role
from governance import services
from governance.models import Body, DatePrecision
from placements.forms.online_rights import initial_rows
from placements.models import OnlineRightsGroup, Placement, PlacementPolicy, StageLevel
from placements.models.placements import ONLINE_RIGHTS_SOURCE, default_online_rights_table
from placements.online_rights import parse_online_rights_table
from tests.factories import InstituteFactory, PlacementFactory, SchoolYearFactory, user_with_role

pytestmark = pytest.mark.django_db

TABLE_LABEL = "Stagebeleid 2030-2031: tabel online rechten studenten"


def _year():
    return SchoolYearFactory(
        name="2030-2031", start_date=dt.date(2030, 8, 1), end_date=dt.date(2031, 7, 31)
    )


def _url(year):
    return reverse("facilitation:online_rights_edit", args=[year.name])


def _decision(pl, year):
    return services.decision_create(
        user=pl,
        year=year,
        values={
            "decided_on": dt.date(2031, 1, 12),
            "date_precision": DatePrecision.DAY,
            "body": Body.DIRECTORS,
            "title": "Online rechten derdejaars",
            "text": "Derdejaars krijgen voortaan groep 1.",
        },
    )


def _post_data(table=None, *, source=ONLINE_RIGHTS_SOURCE, extra=None):
    """What the page posts for `table` (the decision's by default), one row form per row
    and an empty new row."""
    rows = initial_rows(parse_online_rights_table(table or default_online_rights_table()))
    data = {
        "regel-TOTAL_FORMS": str(len(rows) + 1),
        "regel-INITIAL_FORMS": str(len(rows)),
        "regel-MIN_NUM_FORMS": "0",
        "regel-MAX_NUM_FORMS": "40",
        "online_rights_source": source,
    }
    for index, row in enumerate(rows):
        for name, value in row.items():
            data[f"regel-{index}-{name}"] = value if isinstance(value, list) else str(value)
    data.update(extra or {})
    return data


def _row_index(levels):
    for index, row in enumerate(default_online_rights_table()):
        if row["levels"] == levels and "final" not in row:
            return index
    raise AssertionError(levels)


THIRD_YEARS = _row_index([StageLevel.VT3.value, StageLevel.VT4.value])


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_each_role_opens_the_page_as_the_matrix_says():
    year = _year()
    url = _url(year)
    assert _client(user_with_role(Role.PROJECTLEIDER, year=year)).get(url).status_code == 200
    for role in (Role.KERNTEAM, Role.SO, Role.WPB):
        client = _client(user_with_role(role, year=year))
        assert client.get(url).status_code == 403, role
        assert client.post(url, _post_data()).status_code == 403, role
    assert not PlacementPolicy.objects.filter(school_year=year).exists()


def test_the_policy_page_and_the_ict_list_link_to_it():
    year = _year()
    pl = _client(user_with_role(Role.PROJECTLEIDER, year=year))
    page = pl.get(f"{reverse('facilitation:policy')}?jaar={year.name}").content.decode()
    assert _url(year) in page
    placement_page = pl.get(reverse("facilitation:placement_policy_edit", args=[year.name]))
    assert _url(year) in placement_page.content.decode()


def test_a_change_with_a_decision_is_recorded_old_to_new_and_shown_in_the_history():
    year = _year()
    user = user_with_role(Role.PROJECTLEIDER, year=year)
    decision = _decision(user, year)
    client = _client(user)
    data = _post_data(extra={f"regel-{THIRD_YEARS}-group": "1", "besluit": str(decision.pk)})
    response = client.post(_url(year), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    stored = PlacementPolicy.objects.get(school_year=year).online_rights_table
    assert stored[THIRD_YEARS]["group"] == OnlineRightsGroup.LIMITED.value
    # Every other row as the decision of 2020 stored it.
    expected = default_online_rights_table()
    expected[THIRD_YEARS]["group"] = OnlineRightsGroup.LIMITED.value
    assert stored == expected
    (change,) = decision.changes.all()
    assert change.label == TABLE_LABEL
    assert "5. VT3, VT4: groep 2: docentrechten eigen klassen" in change.old_value
    assert "5. VT3, VT4: groep 1: beperkt (stagiairrol)" in change.new_value
    page = client.get(_url(year)).content.decode()
    assert "Online rechten derdejaars" in page  # the decision, in the page's history
    assert "Nog geen wijzigingen vastgelegd" not in page
    # The decision's own page lists the change.
    detail = client.get(reverse("governance:detail", args=[decision.pk])).content.decode()
    assert "tabel online rechten studenten" in detail


def test_an_unchanged_table_is_no_change_and_the_source_is_one():
    year = _year()
    client = _client(user_with_role(Role.PROJECTLEIDER, year=year))
    response = client.post(_url(year), _post_data(), follow=True)
    assert "Er is niets gewijzigd" in response.content.decode()
    assert not PlacementPolicy.objects.filter(school_year=year).exists()
    client.post(_url(year), _post_data(source="Besluit van de directies, januari 2031"))
    policy = PlacementPolicy.objects.get(school_year=year)
    assert policy.online_rights_source == "Besluit van de directies, januari 2031"
    assert policy.online_rights_table == default_online_rights_table()


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({f"regel-{THIRD_YEARS}-row": "  "}, "Dit veld is verplicht"),
        ({f"regel-{THIRD_YEARS}-group": "7"}, "Selecteer een geldige keuze"),
        ({f"regel-{THIRD_YEARS}-levels": ["VT9"]}, "Selecteer een geldige keuze"),
        ({"online_rights_source": ""}, "Dit veld is verplicht"),
        ({f"regel-{i}-DELETE": "on" for i in range(9)}, "minstens één regel"),
        # A new row half filled in: its group is missing.
        ({"regel-9-row": "Nieuwe regel zonder groep"}, "Dit veld is verplicht"),
    ],
)
def test_bad_input_gives_a_dutch_message_and_saves_nothing(extra, message):
    year = _year()
    PlacementPolicy.objects.create(school_year=year)
    client = _client(user_with_role(Role.PROJECTLEIDER, year=year))
    response = client.post(_url(year), _post_data(extra=extra))
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html and "De tabel is niet opgeslagen" in html
    policy = PlacementPolicy.objects.get(school_year=year)
    assert policy.online_rights_table == default_online_rights_table()
    assert policy.online_rights_source == ONLINE_RIGHTS_SOURCE


def test_the_edited_table_changes_the_group_a_placement_gets():
    year = _year()
    institute = InstituteFactory(short_name="ALO")
    client = _client(user_with_role(Role.PROJECTLEIDER, year=year))
    placement = PlacementFactory(school_year=year, level=StageLevel.VT3)
    placement.student.institute = institute
    placement.student.save()
    assert Placement.objects.get(pk=placement.pk).online_rights_group == OnlineRightsGroup.TEACHER
    # A new first row: third-years of ALO get limited rights; the others keep group 2.
    data = _post_data(
        extra={
            "regel-9-row": "Derdejaars van ALO: beperkt",
            "regel-9-group": "1",
            "regel-9-ORDER": "0",
            "regel-9-institutes": ["ALO"],
            "regel-9-levels": ["VT3"],
        }
    )
    response = client.post(_url(year), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    table = PlacementPolicy.objects.get(school_year=year).online_rights_table
    assert table[0] == {
        "row": "Derdejaars van ALO: beperkt",
        "levels": ["VT3"],
        "group": 1,
        "institutes": ["ALO"],
    }
    fresh = Placement.objects.get(pk=placement.pk)
    assert fresh.online_rights_group == OnlineRightsGroup.LIMITED
    assert "Derdejaars van ALO" in fresh.online_rights_explanation
    other = PlacementFactory(school_year=year, level=StageLevel.VT3)
    assert Placement.objects.get(pk=other.pk).online_rights_group == OnlineRightsGroup.TEACHER


def test_a_closed_year_shows_the_table_and_changes_nothing():
    year = _year()
    PlacementPolicy.objects.create(school_year=year)
    client = _client(user_with_role(Role.PROJECTLEIDER, year=year))
    year.closed_at = timezone.now()
    year.save(update_fields=["closed_at"])
    page = client.get(_url(year))
    html = page.content.decode()
    assert page.status_code == 200 and "afgesloten" in html
    assert 'name="regel-TOTAL_FORMS"' not in html
    assert "master-stage" in html  # the table, read only
    response = client.post(_url(year), _post_data(extra={f"regel-{THIRD_YEARS}-group": "1"}))
    assert response.status_code == 200
    policy = PlacementPolicy.objects.get(school_year=year)
    assert policy.online_rights_table == default_online_rights_table()


def test_a_tampered_post_is_refused_without_an_error_page():
    year = _year()
    client = _client(user_with_role(Role.PROJECTLEIDER, year=year))
    data = _post_data()
    del data["regel-TOTAL_FORMS"]
    response = client.post(_url(year), data)
    assert response.status_code == 400
    assert "De tabel is niet opgeslagen" in response.content.decode()
    assert not PlacementPolicy.objects.filter(school_year=year).exists()
