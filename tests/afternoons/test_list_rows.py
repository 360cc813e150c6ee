"""The afternoons list reads a page's themes and counts for that page only (issue #29)."""

import datetime as dt

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from afternoons import selectors
from afternoons.models import DeepeningAfternoon, Workshop
from tests.afternoons.world import make_world

pytestmark = pytest.mark.django_db

# Workshops of two afternoons: each an order and one of a few themes, so themes repeat.
workshops = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=1),
        st.integers(min_value=0, max_value=4),
        st.sampled_from(["Klassenmanagement", "Online lesgeven", "Motivatie", "Zeg het <kort>"]),
    ),
    max_size=12,
)


@pytest.fixture
def afternoons():
    world = make_world(students_per_school=1)
    return [
        world.afternoon(number=number, date=dt.date(2030, 11, 10 + number)) for number in (1, 2)
    ]


@hsettings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(made=workshops)
def test_the_themes_read_per_theme_are_the_afternoons_theme_list(afternoons, made):
    Workshop.objects.filter(afternoon__in=afternoons).delete()
    for which, order, theme in made:
        Workshop.objects.create(afternoon=afternoons[which], order=order, theme=theme)
    themes = selectors.themes_of([a.pk for a in afternoons])
    for afternoon in DeepeningAfternoon.objects.filter(pk__in=[a.pk for a in afternoons]):
        assert themes.get(afternoon.pk, []) == afternoon.theme_list


def test_the_first_workshop_of_a_theme_is_the_least_order_then_pk():
    """(order, pk) decides, not the least order and the least pk taken apart: "Motivatie"
    has the lowest pk, but in a later order than its first group."""
    world = make_world(students_per_school=1)
    afternoon = world.afternoon()
    Workshop.objects.create(afternoon=afternoon, order=2, theme="Motivatie")
    Workshop.objects.create(afternoon=afternoon, order=0, theme="Online lesgeven")
    Workshop.objects.create(afternoon=afternoon, order=0, theme="Motivatie")
    assert afternoon.theme_list == ["Online lesgeven", "Motivatie"]
    assert selectors.themes_of([afternoon.pk])[afternoon.pk] == afternoon.theme_list


def test_counts_and_themes_are_read_for_the_page_only():
    world = make_world(students_per_school=1)
    shown, other = world.afternoon(number=1), world.afternoon(number=2)
    world.workshops(shown)
    world.workshops(other)
    assert set(selectors.planner_counts(world.year, [shown.pk])) == {shown.pk}
    assert set(selectors.themes_of([shown.pk])) == {shown.pk}
