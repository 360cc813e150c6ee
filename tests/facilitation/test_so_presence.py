"""Schools without a facilitated SO are flagged for a conversation (issue #25; the seed,
l. 887-890 and 1549-1556)."""

from decimal import Decimal

from django.test import Client
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from bos.models import SchoolYear, User
from facilitation import rules, selectors
from tests.matrix import ROLE_EMAILS

# The seed's three schools without a facilitated SO in 2020-2021.
SEED_SCHOOLS = ["International School Breda", "Reeshofcollege", "Sint-Oelbertgymnasium"]


def test_worked_examples():
    # ISB: "Hier is nog geen gefaciliteerde SO" - a contact, no hours.
    isb = rules.so_facilitated([Decimal(0)])
    assert not isb.facilitated and "0 uur toegekend" in isb.reason
    # A school with no SO at all.
    assert rules.so_facilitated([]).reason == "Geen schoolopleider aangesteld."
    # Newmancollege's SO got 40 hours fewer than the guideline: facilitated, if too little.
    assert rules.so_facilitated([Decimal(364)]).facilitated
    # Hours not (yet) recorded: the guideline's hours are assumed.
    assert rules.so_facilitated([None]).facilitated
    # Two SOs, one of them with hours: the school has a facilitated SO.
    assert rules.so_facilitated([Decimal(0), Decimal(120)]).facilitated


@given(st.lists(st.one_of(st.none(), st.integers(0, 500)), max_size=4))
def test_facilitated_when_some_so_may_have_hours(hours):
    expected = any(h is None or h > 0 for h in hours)
    assert rules.so_facilitated(hours).facilitated is expected
    assert bool(rules.so_facilitated(hours).reason) is not expected


def test_the_demo_matches_the_seed_in_the_database_and_by_the_rule(demo):
    year = SchoolYear.objects.get(name="2020-2021")
    in_database = [row.location.name for row in selectors.without_facilitated_so(year)]
    by_rule = [row.name for row in selectors.targets_table(year).without_so]
    assert in_database == by_rule == SEED_SCHOOLS
    # From 2021-2022 on they have one: the running year flags no school.
    running = SchoolYear.objects.filter(start_date__gt=year.start_date).order_by("start_date")[0]
    assert not selectors.without_facilitated_so(running).exists()


def test_start_page_and_targets_page_ask_for_a_conversation(demo):
    client = Client()
    client.force_login(User.objects.get(email=ROLE_EMAILS["projectleider"]))
    home = client.get(reverse("home"), {"jaar": "2020-2021"}).content.decode()
    start = home.index("Scholen zonder gefaciliteerde SO: gesprek nodig")
    card = home[start : home.index("</section>", start)]
    assert all(school in card for school in SEED_SCHOOLS)
    targets = client.get(reverse("facilitation:targets"), {"jaar": "2020-2021"}).content.decode()
    assert targets.count("gesprek nodig</span>") == 3
    assert "Wel een schoolopleider, maar zonder gefaciliteerde uren" in targets
