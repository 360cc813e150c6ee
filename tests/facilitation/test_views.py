"""The policy, facilitation and targets pages per role, and the writes behind them."""

import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from bos.models import Person, Role, RoleAssignment, SchoolLocation, SchoolYear, User
from facilitation import services
from facilitation.models import GrantedHours, LocationCountBasis, Policy, PolicyChange
from tests.demo_years import NEXT_YEAR, RUNNING_YEAR
from tests.matrix import ROLE_EMAILS

pytestmark = pytest.mark.django_db


def client_for(role: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(email=ROLE_EMAILS[role]))
    return client


def so_count(year_name: str = "2020-2021") -> int:
    return RoleAssignment.objects.filter(school_year__name=year_name, role=Role.SO).count()


def test_projectleider_sees_every_so_with_explanation_and_shortfall_warning(demo):
    response = client_for("projectleider").get(
        reverse("facilitation:overview"), {"jaar": "2020-2021"}
    )
    html = response.content.decode()
    assert html.count('class="so-block"') == so_count()
    assert "Totaal: 412 uur per jaar." in html  # Beatrix College: 100 + 39 × 8
    assert "Let op:" in html and "40 uur te weinig" in html  # Newmancollege in the demo
    assert "Toegekende uren" in html  # the projectleider enters them


def test_so_sees_only_their_own_facilitation(demo):
    response = client_for("so").get(reverse("facilitation:overview"), {"jaar": "2020-2021"})
    html = response.content.decode()
    assert html.count('class="so-block"') == 1
    assert "Beatrix College" in html
    assert "Newmancollege" not in html
    assert "Totaal: 412 uur per jaar." in html
    assert "Een hele dag per week vrij van lesgeven" in html  # 39 students
    assert "advies een tweede SO" in html  # more than 30 students at one location
    assert "Toegekende uren" not in html  # no form for the SO


def test_kernteam_sees_every_so_read_only(demo):
    html = client_for("kernteam").get(reverse("facilitation:overview")).content.decode()
    assert html.count('class="so-block"') == so_count()
    assert '<form method="post" action="/beleid/' not in html


def _year_choices(html: str) -> list[str]:
    """The page's own year choice (in main; the header has its own)."""
    start = html.index('name="jaar"', html.index("<main"))
    select = html[start : html.index("</select>", start)]
    return re.findall(r'<option value="([^"]+)"', select)


@pytest.mark.parametrize("page", ["facilitation:overview", "facilitation:targets"])
@pytest.mark.parametrize("role", ["so", "kernteam", "projectleider"])
def test_the_year_choice_offers_the_years_the_user_may_open(demo, page, role):
    """A year the header would refuse (no role in it: a 404) is no choice on these pages
    either; the list is the header's, read once a request."""
    from bos.years import available_years

    user = User.objects.get(email=ROLE_EMAILS[role])
    response = client_for(role).get(reverse(page))
    if response.status_code == 403:
        return  # the SO has no targets page
    expected = [y.name for y in sorted(available_years(user), key=lambda y: y.start_date)]
    assert _year_choices(response.content.decode()) == expected
    every = list(SchoolYear.objects.order_by("start_date").values_list("name", flat=True))
    assert (expected == every) == (role == "projectleider")


def test_year_without_policy_or_unknown_year(demo):
    client = client_for("projectleider")
    response = client.get(reverse("facilitation:overview"), {"jaar": NEXT_YEAR})
    html = response.content.decode()
    assert f"Er is geen beleid vastgesteld voor schooljaar {NEXT_YEAR}." in html
    assert client.get(reverse("facilitation:overview"), {"jaar": "1999-2000"}).status_code == 404


def test_targets_page_shows_figure_12_and_bonus(demo):
    html = (
        client_for("kernteam")
        .get(reverse("facilitation:targets"), {"jaar": "2020-2021"})
        .content.decode()
    )
    assert "13.035" in html
    assert ">261<" in html
    assert "€ 15.120,00" in html
    assert "€ 3.500,00" in html


def test_targets_page_shows_the_schools_a_page_at_a_time_with_totals_of_all(demo, monkeypatch):
    import functools
    import re

    from bos import lists
    from facilitation import views

    monkeypatch.setattr(views, "paginate", functools.partial(lists.paginate, per_page=5))
    client = client_for("kernteam")
    seen: list[str] = []
    for number in (1, 2, 3, 4):
        response = client.get(
            reverse("facilitation:targets"), {"jaar": "2020-2021", "pagina": number}
        )
        html = response.content.decode()
        body = html[html.index("<tbody>") : html.index("</tbody>")]
        seen += re.findall(r'<th scope="row">([^<]+?)\s*(?:<span|</th>)', body)
        # The totals are those of every school on each page.
        assert ">261<" in html and "€ 15.120,00" in html
    assert len(seen) == 16 == len(set(seen))
    assert (
        "jaar=2020-2021&amp;pagina=2"
        in client.get(reverse("facilitation:targets"), {"jaar": "2020-2021"}).content.decode()
    )


def test_policy_page_shows_parameters_per_year(demo):
    client = client_for("kernteam")
    html = client.get(reverse("facilitation:policy"), {"jaar": "2020-2021"}).content.decode()
    assert "€ 250.000,00" in html
    assert "wijzigen" not in html  # kernteam may view, not edit
    # The year's online-rights table, read only, with the decision it comes from.
    assert "Tabel online rechten 2020-2021" in html and "december 2020" in html
    assert "master-stage (hbo- en universitaire lerarenopleiding" in html
    # A year in which the kernteam member holds no role is not theirs to open.
    assert client.get(reverse("facilitation:policy"), {"jaar": NEXT_YEAR}).status_code == 404
    client = client_for("projectleider")
    html = client.get(reverse("facilitation:policy"), {"jaar": RUNNING_YEAR}).content.decode()
    assert "€ 955,00" in html
    assert "≥ 2 dag(en): € 250,00" in html


def _form_data(policy: Policy, **overrides: str) -> dict[str, str]:
    client = client_for("projectleider")
    response = client.get(reverse("facilitation:policy_edit", args=[policy.school_year.name]))
    form = response.context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        if isinstance(value, bool):
            if value:
                data[name] = "on"
            continue
        data[name] = "" if value is None else str(value)
    data.update(overrides)
    return data


def test_projectleider_edits_policy_and_change_is_logged(demo):
    policy = Policy.objects.get(school_year__name=RUNNING_YEAR)
    data = _form_data(
        policy, hours_per_student="9", stipend_day_rates="1 = 125,00\n2 = 260,00\n3 = 375,00"
    )
    client = client_for("projectleider")
    response = client.post(reverse("facilitation:policy_edit", args=[RUNNING_YEAR]), data)
    assert response.status_code == 302
    policy.refresh_from_db()
    assert policy.hours_per_student == 9
    assert policy.stipend_day_rates[1] == {"min_days": "2", "monthly": "260.00"}
    changes = {c.field_name: c for c in PolicyChange.objects.filter(policy=policy)}
    assert set(changes) == {"hours_per_student", "stipend_day_rates"}
    change = changes["hours_per_student"]
    assert (change.old_value, change.new_value) == ("8", "9")
    assert change.changed_by.email == ROLE_EMAILS["projectleider"]
    html = client.get(reverse("facilitation:policy"), {"jaar": RUNNING_YEAR}).content.decode()
    assert "Uren per student" in html and ROLE_EMAILS["projectleider"] in html
    # Last year's policy is untouched: its report still computes with its own rules.
    assert Policy.objects.get(school_year__name="2020-2021").hours_per_student == 8


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"hours_per_student": "acht"}, "hours_per_student", "Voer een getal in"),
        ({"hours_per_student": "-1"}, "hours_per_student", "minstens 0"),
        ({"stipend_day_rates": "1 = 125,00\n2 = 100,00"}, "stipend_day_rates", "lager bedrag"),
        ({"stipend_day_rates": "twee dagen"}, "stipend_day_rates", "dagen = bedrag"),
        ({"stipend_day_rates": ""}, "stipend_day_rates", "Vul de tabel"),
    ],
)
def test_bad_policy_input_gives_dutch_message_and_saves_nothing(demo, overrides, field, message):
    policy = Policy.objects.get(school_year__name=RUNNING_YEAR)
    data = _form_data(policy, **overrides)
    response = client_for("projectleider").post(
        reverse("facilitation:policy_edit", args=[RUNNING_YEAR]), data
    )
    assert response.status_code == 400
    assert any(message in error for error in response.context["form"].errors[field])
    policy.refresh_from_db()
    assert policy.hours_per_student == 8
    assert policy.stipend_day_rates[1]["monthly"] == "250.00"
    assert not PolicyChange.objects.filter(policy=policy).exists()


def test_new_year_starts_as_copy_of_previous(demo):
    client = client_for("projectleider")
    html = client.get(reverse("facilitation:policy"), {"jaar": NEXT_YEAR}).content.decode()
    assert "starten als kopie" in html
    response = client.post(reverse("facilitation:policy_start", args=[NEXT_YEAR]))
    assert response.status_code == 302
    new = Policy.objects.get(school_year__name=NEXT_YEAR)
    previous = Policy.objects.get(school_year__name=RUNNING_YEAR)
    for name in services.POLICY_FIELDS:
        if name != "notes":
            assert getattr(new, name) == getattr(previous, name), name
    assert new.changes.get().new_value == f"kopie van {RUNNING_YEAR}"
    # A second start is refused with a message, nothing changes.
    client.post(reverse("facilitation:policy_start", args=[NEXT_YEAR]))
    assert Policy.objects.filter(school_year__name=NEXT_YEAR).count() == 1


def test_start_without_earlier_policy_is_refused(demo):
    year = SchoolYear.objects.create(
        name="2019-2020", start_date="2019-08-01", end_date="2020-07-31"
    )
    with pytest.raises(services.NoPreviousPolicy):
        services.start_policy_from_previous(year=year)


@pytest.fixture
def open_2020(demo):
    """These tests change the seed year, which the demo closes: open it again (rolled back
    with the test)."""
    SchoolYear.objects.filter(name="2020-2021").update(closed_at=None)


def test_projectleider_enters_granted_hours(open_2020):
    so = Person.objects.get(email=ROLE_EMAILS["so"])
    url = reverse("facilitation:granted_hours", args=["2020-2021", so.pk])
    client = client_for("projectleider")
    response = client.post(url, {f"so{so.pk}-hours": "400,5", f"so{so.pk}-note": "afspraak"})
    assert response.status_code == 302
    granted = GrantedHours.objects.get(so=so, school_year__name="2020-2021")
    assert granted.hours == Decimal("400.5")
    html = client.get(reverse("facilitation:overview"), {"jaar": "2020-2021"}).content.decode()
    assert "11,5 uur te weinig" in html


def test_bad_granted_hours_give_dutch_message_and_save_nothing(demo):
    so = Person.objects.get(email=ROLE_EMAILS["so"])
    before = GrantedHours.objects.get(so=so, school_year__name="2020-2021").hours
    url = reverse("facilitation:granted_hours", args=["2020-2021", so.pk])
    response = client_for("projectleider").post(url, {f"so{so.pk}-hours": "veel"}, follow=True)
    assert "Vul een aantal uren in" in response.content.decode()
    assert GrantedHours.objects.get(so=so, school_year__name="2020-2021").hours == before


def test_granted_hours_only_for_an_so_of_that_year(demo):
    director = Person.objects.get(email=ROLE_EMAILS["director"])
    url = reverse("facilitation:granted_hours", args=["2020-2021", director.pk])
    response = client_for("projectleider").post(url, {f"so{director.pk}-hours": "10"})
    assert response.status_code == 404


def test_projectleider_sets_an_agreed_count_and_hours_follow(open_2020):
    location = SchoolLocation.objects.get(name="Beatrix College")
    url = reverse("facilitation:count_basis", args=["2020-2021", location.pk])
    client = client_for("projectleider")
    prefix = f"loc{location.pk}"
    response = client.post(url, {f"{prefix}-basis": "agreed", f"{prefix}-agreed_count": "30"})
    assert response.status_code == 302
    html = (
        client_for("so")
        .get(reverse("facilitation:overview"), {"jaar": "2020-2021"})
        .content.decode()
    )
    assert "afgesproken aantal" in html
    assert "Totaal: 340 uur per jaar." in html  # 100 + 30 × 8


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"basis": "agreed"}, "Vul het afgesproken aantal studenten in."),
        ({"basis": "agreed", "agreed_count": "veel"}, "Vul een geheel aantal studenten in."),
        ({"basis": "schatting"}, "Selecteer een geldige keuze"),
        # A 26-digit count overflowed the database column (a 500).
        ({"basis": "agreed", "agreed_count": "9" * 26}, "100.000"),
    ],
)
def test_bad_count_basis_gives_dutch_message_and_saves_nothing(demo, data, message):
    location = SchoolLocation.objects.get(name="Beatrix College")
    url = reverse("facilitation:count_basis", args=["2020-2021", location.pk])
    prefix = f"loc{location.pk}"
    response = client_for("projectleider").post(
        url, {f"{prefix}-{key}": value for key, value in data.items()}, follow=True
    )
    assert message in response.content.decode()
    assert not LocationCountBasis.objects.filter(location=location).exists()


def _task_schools(html: str) -> list[str]:
    import re

    section = html.split('class="other-task"', 1)[1].split("</section>", 1)[0]
    if "<tbody>" not in section:
        return []
    body = section.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return re.findall(r'<tr><th scope="row">([^<]+)</th>', body)


def test_tasks_of_other_apps_follow_the_page_of_sos(demo, monkeypatch):
    """With more SOs than a page holds, the coaches' table shows the schools of the page's
    SOs only, and says so; on a single page it shows every school. Together the pages show
    what the single page showed."""
    from facilitation import views

    url = reverse("facilitation:overview")
    client = client_for("projectleider")
    whole = client.get(url, {"jaar": RUNNING_YEAR}).content.decode()
    every_school = _task_schools(whole)
    assert every_school and "op deze pagina" not in whole

    monkeypatch.setattr(views, "FACILITATION_PAGE_SIZE", 1)
    seen: list[str] = []
    pages = client.get(url, {"jaar": RUNNING_YEAR}).context["page"].paginator.num_pages
    assert pages > 1
    for number in range(1, pages + 1):
        response = client.get(url, {"jaar": RUNNING_YEAR, "pagina": number})
        html = response.content.decode()
        assert "van de schoolopleiders op deze pagina" in html
        (so,) = response.context["rows"]
        shown = _task_schools(html)
        assert set(shown) <= {loc.name for loc in so.locations}
        seen += shown
    assert sorted(set(seen)) == sorted(every_school)
