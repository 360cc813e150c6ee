"""A warning for kernteam members with ontwikkelteam hours (issue #25; the seed,
l. 308-311, 338-341 and 2416)."""

from decimal import Decimal

from django.test import Client
from django.urls import reverse

from bos.models import Person, Role, RoleAssignment, SchoolYear, User
from facilitation.rules import TeamHours, kernteam_with_team_hours
from tests.demo_years import RUNNING_YEAR


def row(key, team, hours, kernteam=True, name="Anna Jansen"):
    return TeamHours(key, name, team, Decimal(hours), kernteam)


def test_worked_examples():
    # The seed: "4 personen à 32 klokuren ... alleen voor leden die niet al gefaciliteerd zijn
    # voor hun rol in het kernteam". A kernteam member with 32 team hours is flagged.
    [warning] = kernteam_with_team_hours([row(1, "Professionalisering", 32)])
    assert warning.hours == Decimal(32)
    assert "Anna Jansen is lid van het kernteam en krijgt ook 32 uur" in warning.explanation
    # A team member outside the kernteam, and a kernteam member in a team without hours
    # (the seed's practice), are no warning.
    assert kernteam_with_team_hours([row(2, "Programma", 32, kernteam=False)]) == []
    assert kernteam_with_team_hours([row(1, "Programma", 0)]) == []
    # Two teams: one warning with the hours summed.
    [both] = kernteam_with_team_hours([row(1, "Programma", 20), row(1, "Onderzoek", "12.5")])
    assert both.teams == ("Programma", "Onderzoek")
    assert both.hours == Decimal("32.5")
    assert "ontwikkelteams Programma en Onderzoek" in both.explanation


def test_team_page_warns_the_projectleider(demo):
    from years import teams

    year = SchoolYear.objects.get(name=RUNNING_YEAR)
    person = Person.objects.create(
        first_name="Kees", last_name="Kernlid", email="kees.kernlid@demo.bos.example"
    )
    RoleAssignment.objects.create(person=person, school_year=year, role=Role.KERNTEAM)
    team = teams.team_save(year=year, name="Testteam kernteam")
    teams.member_set(team=team, person=person, hours=Decimal(16))
    client = Client()
    client.force_login(User.objects.get(email="projectleider@demo.bos.example"))
    page = client.get(reverse("organisation:teams") + f"?jaar={year.name}").content.decode()
    assert "Kernteamleden met ontwikkelteamuren" in page
    assert "Kees Kernlid is lid van het kernteam en krijgt ook 16 uur" in page
