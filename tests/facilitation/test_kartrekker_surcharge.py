"""The kartrekker surcharge, a parameter of the year's policy (issue #25; the seed,
l. 338-341: "per ontwikkelteam afspreken wie de kartrekker is en deze collega extra
faciliteren")."""

from decimal import Decimal

from facilitation.params import PolicyParams
from facilitation.rules import team_member_hours
from reports.facts import StaffFacts
from reports.figures import TEAMS_BODY, figure_2, figure_6
from reports.teams import TeamMember


def test_worked_examples():
    # 2020-2021: no surcharge, "gemiddeld 32 klokuren" for everyone, kartrekker or not.
    seed = PolicyParams()
    assert team_member_hours(seed, hours=32, is_kartrekker=True).hours == Decimal(32)
    # 2021-2022 with a surcharge of 8 hours: the kartrekker gets 40, a member still 32.
    later = PolicyParams(kartrekker_surcharge_hours=8)
    result = team_member_hours(later, hours=32, is_kartrekker=True)
    assert (result.hours, result.surcharge) == (Decimal(40), Decimal(8))
    assert "Toeslag kartrekker: 8 uur." in result.lines
    assert team_member_hours(later, hours=32, is_kartrekker=False).hours == Decimal(32)
    # A kartrekker without own hours still gets the surcharge.
    assert team_member_hours(later, hours=0, is_kartrekker=True).hours == Decimal(8)


def test_figures_2_and_6_add_the_surcharge_to_the_kartrekker():
    from bos.models import Person

    people = {1: Person(pk=1, first_name="Anna", last_name="Jansen"), 2: Person(pk=2)}
    people[2].first_name, people[2].last_name = "Bram", "de Vries"
    staff = StaffFacts(
        partnership_name="BOS",
        members=[
            TeamMember("Programma", 1, Decimal(32), True),
            TeamMember("Programma", 2, Decimal(32), False),
        ],
        people=people,
        roles_of={1: [], 2: []},
        team_roles={},
        facilitated=[],
    )
    params = PolicyParams(kartrekker_surcharge_hours="12.5")
    [team] = figure_2(staff, params)
    assert [row["hours"] for row in team["members"]] == [Decimal("44.5"), Decimal(32)]
    assert figure_6(staff, params)["hours"][TEAMS_BODY] == Decimal("76.5")
    assert figure_6(staff, PolicyParams())["hours"][TEAMS_BODY] == Decimal(64)


def test_projectleider_sets_the_surcharge_on_the_policy_form(demo):
    from django.urls import reverse

    from facilitation.models import Policy, PolicyChange
    from tests.demo_years import RUNNING_YEAR
    from tests.facilitation.test_views import _form_data, client_for

    policy = Policy.objects.get(school_year__name=RUNNING_YEAR)
    data = _form_data(policy, kartrekker_surcharge_hours="8")
    response = client_for("projectleider").post(
        reverse("facilitation:policy_edit", args=[RUNNING_YEAR]), data
    )
    assert response.status_code == 302
    policy.refresh_from_db()
    assert policy.kartrekker_surcharge_hours == Decimal(8)
    change = PolicyChange.objects.get(policy=policy, field_name="kartrekker_surcharge_hours")
    assert (change.old_value, change.new_value) == ("0", "8")
    # The closed seed year keeps no surcharge: its golden figures stay as they are.
    assert Policy.objects.get(school_year__name="2020-2021").kartrekker_surcharge_hours == 0
