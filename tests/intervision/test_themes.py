"""Themes per phase (kept per year by the projectleider) on meetings, and online groups
whose meetings have an https link instead of a room."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bos.models import SchoolYear
from intervision import services
from intervision.models import IntervisionTheme, ThemePhase
from tests.intervision.factories import at, make_world

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _online_group(world):
    group = services.group_create(
        user=world.so, name="Online", band="mixed", location_ids=[world.school.pk], is_online=True
    )
    services.member_add(user=world.so, group_id=group.pk, placement_id=world.place("DT").pk)
    return group


def _plan(world, group, **extra):
    values = {"place": "", "leader_kind": "so", "leader_id": world.so.person.pk}
    values.update(extra)
    return services.meeting_plan(
        user=world.so, group_id=group.pk, starts_at=at(dt.date(2031, 10, 7), 19), **values
    )


def test_the_projectleider_keeps_the_years_themes():
    world = make_world(2031)
    services.ensure_themes(world.year)
    # No 2030-2031 list to copy: the programme's list, all three phases.
    phases = set(
        IntervisionTheme.objects.filter(school_year=world.year).values_list("phase", flat=True)
    )
    assert phases == set(ThemePhase.values)
    theme = services.theme_add(
        user=world.projectleider,
        phase=ThemePhase.SENIOR,
        name="  Feedback   geven ",
        year=world.year,
    )
    assert theme.name == "Feedback geven"
    with pytest.raises(ValidationError, match="staat al"):
        services.theme_add(
            user=world.projectleider,
            phase=ThemePhase.SENIOR,
            name="feedback geven",
            year=world.year,
        )
    with pytest.raises(ValidationError) as refused:
        services.theme_add(user=world.projectleider, phase=9, name="", year=world.year)
    assert set(refused.value.message_dict) == {"phase", "name"}
    with pytest.raises(PermissionDenied):
        services.theme_add(user=world.so, phase=1, name="Eigen thema", year=world.year)
    services.theme_update(
        user=world.projectleider,
        theme_id=theme.pk,
        phase=ThemePhase.JUNIOR,
        name="Feedback",
        position=0,
    )
    theme.refresh_from_db()
    assert (theme.phase, theme.name, theme.position) == (ThemePhase.JUNIOR, "Feedback", 0)
    # A theme a meeting took stays; an unused one goes.
    group = services.group_create(
        user=world.so, name="Groep", band="junior", location_ids=[world.school.pk]
    )
    _plan(world, group, place="Aula", theme_id=theme.pk)
    with pytest.raises(ValidationError, match="blijft in de lijst"):
        services.theme_remove(user=world.projectleider, theme_id=theme.pk)
    spare = services.theme_add(user=world.projectleider, phase=1, name="Weg", year=world.year)
    assert services.theme_remove(user=world.projectleider, theme_id=spare.pk) == "Weg"
    # The next year starts with this year's list.
    following = make_world(2032).year
    services.ensure_themes(following)
    assert IntervisionTheme.objects.filter(school_year=following, name="Feedback").exists()


def test_a_closed_years_list_is_not_changed():
    world = make_world(2031)
    theme = services.theme_add(user=world.projectleider, phase=1, name="Thema", year=world.year)
    SchoolYear.objects.filter(pk=world.year.pk).update(closed_at=timezone.now())
    with pytest.raises(ValidationError, match="afgesloten"):
        services.theme_update(user=world.projectleider, theme_id=theme.pk, phase=1, name="Anders")
    with pytest.raises(ValidationError, match="afgesloten"):
        services.theme_remove(user=world.projectleider, theme_id=theme.pk)
    assert IntervisionTheme.objects.get(pk=theme.pk).name == "Thema"


def test_a_meeting_takes_a_theme_of_its_own_year_and_an_online_group_a_https_link():
    world = make_world(2031)
    services.ensure_themes(world.year)
    other_year = make_world(2032).year
    services.ensure_themes(other_year)
    foreign = IntervisionTheme.objects.filter(school_year=other_year).first()
    group = _online_group(world)
    with pytest.raises(ValidationError) as refused:
        _plan(world, group, place="Aula", theme_id=foreign.pk)
    assert set(refused.value.message_dict) == {"online_link", "theme"}
    with pytest.raises(ValidationError, match="https://"):
        _plan(world, group, online_link="http://meet.example.org/x")
    theme = IntervisionTheme.objects.filter(school_year=world.year).first()
    meeting = _plan(world, group, online_link="https://meet.example.org/x", theme_id=theme.pk)
    assert meeting.theme == theme and meeting.online_link.startswith("https://")


def test_theme_pages_and_the_meeting_page_show_the_theme():
    world = make_world(2031)
    client = _client(world.projectleider)
    # The user's default year is the one they hold a role in: 2031-2032, with no list yet.
    page = client.get(reverse("intervision:themes"))
    assert page.status_code == 200
    assert "Jaar 3–4, masters P3–P5" in page.content.decode()
    refused = client.post(reverse("intervision:themes"), {"phase": "7", "name": ""})
    assert refused.status_code == 400
    theme = services.theme_add(
        user=world.projectleider, phase=2, name="Klassenmanagement extra", year=world.year
    )
    edit = client.post(
        reverse("intervision:theme_edit", args=[theme.pk]),
        {"phase": "2", "name": "", "position": "x"},
    )
    assert edit.status_code == 400 and "Thema wijzigen" in edit.content.decode()
    group = _online_group(world)
    meeting = _plan(world, group, online_link="https://meet.example.org/x", theme_id=theme.pk)
    so = _client(world.so)
    shown = so.get(reverse("intervision:meeting", args=[meeting.pk])).content.decode()
    assert "Klassenmanagement extra" in shown and "online deelnemen" in shown
    assert (
        "Klassenmanagement extra"
        in so.get(reverse("intervision:group", args=[group.pk])).content.decode()
    )
    edit_page = so.get(reverse("intervision:meeting_edit", args=[meeting.pk])).content.decode()
    assert '<optgroup label="Jaar 1–2, minoren, masters P1–P2">' in edit_page
    form = so.post(
        reverse("intervision:meeting_edit", args=[meeting.pk]),
        {
            "date": "2031-10-07",
            "time": "19:00",
            "online_link": "http://meet.example.org/x",
            "leader_kind": "so",
            "leader": world.so.person.pk,
            "methods": [],
        },
    )
    assert form.status_code == 400


def test_the_figure_counts_online_groups_separately():
    from intervision import report

    world = make_world(2031)
    _online_group(world)
    services.group_create(
        user=world.so, name="Op school", band="junior", location_ids=[world.school.pk]
    )
    total = report.school_rows(world.year)["total"]
    assert (total["groups"], total["online_groups"]) == (2, 1)
    assert report.school_total(world.year) == total


def test_the_projectleider_makes_an_online_group_for_several_schools():
    world = make_world(2031)
    with pytest.raises(ValidationError) as refused:
        services.online_group_create(user=world.projectleider, name="", location_ids=[])
    assert set(refused.value.message_dict) == {"name", "locations"}
    with pytest.raises(PermissionDenied):
        services.online_group_create(
            user=world.so, name="Online", location_ids=[world.school.pk], year=world.year
        )
    client = _client(world.projectleider)
    assert client.get(reverse("intervision:online_group_new")).status_code == 200
    done = client.post(
        reverse("intervision:online_group_new"),
        {"name": "Online DT", "locations": [world.school.pk, world.other.pk]},
    )
    assert done.status_code == 302
    from intervision.models import IntervisionGroup

    group = IntervisionGroup.objects.get(school_year=world.year, name="Online DT")
    assert group.is_online and group.locations.count() == 2
    # Both schools' SOs place their own students in it.
    services.member_add(
        user=world.other_so,
        group_id=group.pk,
        placement_id=world.place("DT", location=world.other).pk,
    )
    services.member_add(user=world.so, group_id=group.pk, placement_id=world.place("master").pk)
    assert group.memberships.count() == 2
