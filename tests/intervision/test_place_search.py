"""Issue #29: the overview's place form is a select of the SO's groups while they are few, and
a search field (bos.search_choice) when there are more, so that a page of students without a
group does not carry every group once per student."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from bos.search_choice import SUGGESTION_LIMIT
from intervision import services
from intervision.forms import PLACE_SELECT_MAX, place_choices
from intervision.models import IntervisionGroup, Membership
from tests.intervision.factories import World, make_world
from tests.page_cost import page_cost

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _groups(world: World, count: int, *, start: int = 0) -> list[IntervisionGroup]:
    return [
        services.group_create(
            user=world.so,
            name=f"Groep {index:03}",
            band="senior",
            location_ids=[world.school.pk],
        )
        for index in range(start, start + count)
    ]


def _needs_group_table(html: str) -> str:
    """The students' table, without the CSRF tokens (masked anew on each response)."""
    start = html.index('id="needs-group"')
    table = html[start : html.index("</table>", start)]
    return re.sub(r'name="csrfmiddlewaretoken" value="\w+"', "", table)


def _place(client: Client, placement, **fields: str):
    data = {f"p{placement.pk}-placement": placement.pk}
    data.update({f"p{placement.pk}-{key}": value for key, value in fields.items()})
    return client.post(reverse("intervision:place"), data, follow=True)


def _message(response) -> str:
    return " ".join(str(m) for m in response.context["messages"])


def test_a_few_groups_are_a_select_and_more_a_search_field_of_one_size():
    world = make_world()
    for _ in range(3):
        world.place("VT1")
    _groups(world, PLACE_SELECT_MAX)
    client = client_for(world.so)
    url = reverse("intervision:overview")
    client.get(url)
    _, html, _ = page_cost(client, url)
    table = _needs_group_table(html)
    assert table.count("<select") == 3
    assert len(re.findall(r'<option value="\d+"', table)) == 3 * PLACE_SELECT_MAX

    _groups(world, 1, start=PLACE_SELECT_MAX)
    queries, html, _ = page_cost(client, url)
    searching = _needs_group_table(html)
    assert "<select" not in searching and searching.count('type="search"') == 3
    assert "Groep 000" not in searching
    # The field says what to type under it, where a select said "Kies…".
    assert searching.count("Typ een deel van de groepsnaam.") == 3
    # A hundred more groups: the students' table is the same, byte for byte, and so are the
    # page's queries.
    _groups(world, 100, start=PLACE_SELECT_MAX + 1)
    more_queries, more_html, _ = page_cost(client, url)
    assert _needs_group_table(more_html) == searching
    assert more_queries == queries


def test_the_suggestions_are_the_sos_groups_and_online_groups_only():
    world = make_world()
    _groups(world, 30)
    services.group_create(
        user=world.other_so, name="Groep 999 elders", band="senior", location_ids=[world.other.pk]
    )
    online = services.online_group_create(
        user=world.projectleider, name="Groep online", location_ids=[world.other.pk]
    )
    client = client_for(world.so)
    url = reverse("intervision:group_search")
    params = {"veld": "p1-group", "id": "id_p1-group"}
    found = client.get(url, {**params, "p1-group": "groep"}).content.decode()
    assert found.count('type="radio"') == SUGGESTION_LIMIT
    assert f"Meer dan {SUGGESTION_LIMIT} groepen gevonden" in found
    narrow = client.get(url, {**params, "p1-group": "online"}).content.decode()
    assert f'value="{online.pk}"' in narrow and "Groep online (online)" in narrow
    elsewhere = client.get(url, {**params, "p1-group": "elders"}).content.decode()
    assert 'type="radio"' not in elsewhere and "Geen groep gevonden" in elsewhere
    # Another school's SO, and a role without intervision, ask in vain.
    assert client_for(world.wpb).get(url, {**params, "p1-group": "groep"}).status_code == 403


def test_a_typed_or_picked_group_places_the_student_and_a_wrong_one_saves_nothing():
    world = make_world()
    groups = _groups(world, PLACE_SELECT_MAX + 1)
    stranger = services.group_create(
        user=world.other_so, name="Vreemde groep", band="senior", location_ids=[world.other.pk]
    )
    newcomer = world.place("VT3")
    client = client_for(world.so)

    not_found = _place(client, newcomer, group="Bestaat niet")
    assert "Geen groep gevonden" in _message(not_found)
    ambiguous = _place(client, newcomer, group="Groep")
    assert "typ de volledige naam van de groep" in _message(ambiguous)
    empty = _place(client, newcomer, group="")
    assert "Kies de groep waar de student in komt." in _message(empty)
    # Another school's group, picked by its id: refused.
    foreign = _place(client, newcomer, group="Vreemde groep", group_id=str(stranger.pk))
    assert "kun je hier niet kiezen" in _message(foreign)
    assert not Membership.objects.filter(placement=newcomer).exists()

    typed = _place(client, newcomer, group="groep 004")
    assert "zit nu in Groep 004" in _message(typed)
    assert newcomer.intervision_memberships.get(left_on__isnull=True).group == groups[4]

    other = world.place("VT3")
    picked = _place(client, other, group="Groep", group_id=str(groups[7].pk))
    assert "zit nu in Groep 007" in _message(picked)
    assert other.intervision_memberships.get(left_on__isnull=True).group == groups[7]


@pytest.mark.parametrize("count", [0, 1, PLACE_SELECT_MAX, PLACE_SELECT_MAX + 1, 40])
def test_place_choices_lists_all_groups_up_to_the_limit_and_none_beyond(count: int) -> None:
    """A select lists every group (in name order) while there are at most PLACE_SELECT_MAX,
    and none when there are more."""
    world = make_world()
    _groups(world, count)
    groups = IntervisionGroup.objects.filter(locations=world.school).order_by("name")
    listed = place_choices(groups)
    if count <= PLACE_SELECT_MAX:
        assert listed == list(groups)
    else:
        assert listed is None
