"""Issue #29: a choice among the people of a school is a search field (bos.search_choice),
so the forms' pages stay the same size however many people there are; the typed name works
without script, a picked id is checked against the scope, and the suggestions show only
whom the user may pick."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from bos.models import Person, Role, RoleAssignment
from bos.search_choice import SUGGESTION_LIMIT
from placements.models import PlaceOffer
from tests.factories import PersonFactory, RoleAssignmentFactory, StudentFactory
from tests.page_cost import page_cost
from tests.placements.factories import make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return make_world()


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def add_people(
    world, count: int, role: str = Role.WPB, location=None, year=None, **names
) -> list[Person]:
    """`count` people with `role` at the location in the (world's) year, in a few queries."""
    people = Person.objects.bulk_create(
        Person(
            first_name=names.get("first_name", f"Extra{i}"),
            last_name=names.get("last_name", f"Begeleider{i}"),
            email=f"extra{i}.{role}.{(location or world.location).pk}@test.example",
        )
        for i in range(count)
    )
    roles = RoleAssignment.objects.bulk_create(
        RoleAssignment(
            person=person,
            school_year=year or world.year,
            role=role,
            institute=world.institute if role == Role.IO else None,
        )
        for person in people
    )
    RoleAssignment.locations.through.objects.bulk_create(
        RoleAssignment.locations.through(
            roleassignment_id=role.pk, schoollocation_id=(location or world.location).pk
        )
        for role in roles
    )
    return people


def wpb_at(world, location, first_name: str, last_name: str) -> Person:
    person = PersonFactory(first_name=first_name, last_name=last_name)
    RoleAssignmentFactory(
        person=person, school_year=world.year, role=Role.WPB, locations=[location]
    )
    return person


def offer_post(world, **mentor: str) -> dict[str, str]:
    return {
        "year": str(world.year.pk),
        "location": str(world.location.pk),
        "subject": "Frans",
        "places": "2",
        "first_year_reserved": "0",
        **mentor,
    }


@pytest.mark.parametrize("name", ["placements:offers", "placements:register", "induction:new"])
def test_a_form_page_stays_the_same_size_with_200_more_people(world, name):
    client = client_for(world.so_user)
    before = page_cost(client, reverse(name))
    add_people(world, 200)
    add_people(world, 20, role=Role.IO)
    after = page_cost(client, reverse(name))
    assert (after.queries, len(after.html)) == (before.queries, len(before.html))
    assert "Extra1" not in after.html


def test_the_edit_page_stays_the_same_size_and_shows_the_current_mentor(world):
    placement = world.create()
    client = client_for(world.so_user)
    url = reverse("placements:edit", args=[placement.pk])
    before = page_cost(client, url)
    add_people(world, 200)
    after = page_cost(client, url)
    assert (after.queries, len(after.html)) == (before.queries, len(before.html))
    # The current WPB: the name in the field and the picked option, with the school.
    assert f'value="{world.wpb.full_name}"' in after.html
    assert re.search(
        rf'name="wpb_id" value="{world.wpb.pk}"[^>]*checked> {world.wpb.full_name} '
        rf"\(Testcollege\)",
        after.html,
    )


def test_the_offer_form_saves_a_picked_person_and_a_typed_name(world):
    client = client_for(world.so_user)
    url = reverse("placements:offers")
    # Picked from the suggestions: the radio button's id, with the partial text typed.
    response = client.post(url, offer_post(world, mentor="Voorn", mentor_id=str(world.wpb.pk)))
    assert response.status_code == 302
    assert PlaceOffer.objects.get(location=world.location, subject="Frans").mentor == world.wpb
    # Without script: the name typed in full, or the e-mail address, or a unique part.
    kees = wpb_at(world, world.location, "Kees", "Mentor")
    for typed in ("kees mentor", kees.email.upper(), "Mentor"):
        PlaceOffer.objects.filter(location=world.location, subject="Frans").delete()
        response = client.post(url, offer_post(world, mentor=typed))
        assert response.status_code == 302, typed
        assert PlaceOffer.objects.get(location=world.location, subject="Frans").mentor == kees
    # Left empty: nog te bepalen.
    PlaceOffer.objects.filter(location=world.location, subject="Frans").delete()
    assert client.post(url, offer_post(world, mentor="")).status_code == 302
    assert PlaceOffer.objects.get(location=world.location, subject="Frans").mentor is None


def test_a_ticked_person_counts_only_while_the_text_fits_them(world):
    """Without script the options stay on the page: a user who ticked one and then typed
    another name means that name."""
    kees = wpb_at(world, world.location, "Kees", "Mentor")
    response = client_for(world.so_user).post(
        reverse("placements:offers"),
        offer_post(world, mentor="Kees Mentor", mentor_id=str(world.wpb.pk)),
    )
    assert response.status_code == 302
    assert PlaceOffer.objects.get(location=world.location, subject="Frans").mentor == kees


def test_no_match_or_several_give_a_dutch_message_and_offer_the_matches(world):
    client = client_for(world.so_user)
    url = reverse("placements:offers")
    response = client.post(url, offer_post(world, mentor="Niemand Bekend"))
    assert response.status_code == 400
    assert "Geen werkplekbegeleider gevonden met deze naam." in response.content.decode()
    first = wpb_at(world, world.location, "Jan", "Smit")
    second = wpb_at(world, world.location, "Jan", "Smit")
    response = client.post(url, offer_post(world, mentor="Jan Smit"))
    content = response.content.decode()
    assert response.status_code == 400
    assert "Meerdere werkplekbegeleiders passen" in content
    assert "typ de volledige naam of het e-mailadres" in content
    for person in (first, second):
        assert f'name="mentor_id" value="{person.pk}"' in content
    assert not PlaceOffer.objects.filter(location=world.location, subject="Frans").exists()
    # Picking one of the offered options saves it.
    response = client.post(url, offer_post(world, mentor="Jan Smit", mentor_id=str(second.pk)))
    assert response.status_code == 302
    assert PlaceOffer.objects.get(location=world.location, subject="Frans").mentor == second


@pytest.mark.parametrize("picked", ["other-school", "not-a-wpb", "9999999", "abc", "1" * 40])
def test_a_person_outside_the_scope_is_refused_in_dutch(world, picked):
    other_school = wpb_at(world, world.other_location, "Olga", "Elders")
    ids = {"other-school": str(other_school.pk), "not-a-wpb": str(world.so.pk)}
    response = client_for(world.so_user).post(
        reverse("placements:offers"),
        offer_post(world, mentor="Olga Elders", mentor_id=ids.get(picked, picked)),
    )
    assert response.status_code == 400
    assert "Deze werkplekbegeleider kun je hier niet kiezen." in response.content.decode()
    assert not PlaceOffer.objects.filter(location=world.location, subject="Frans").exists()


def test_the_placement_edit_form_keeps_and_changes_the_mentor_by_search(world):
    placement = world.create()
    client = client_for(world.so_user)
    url = reverse("placements:edit", args=[placement.pk])
    data = {
        "version": str(placement.version),
        "level": placement.level,
        "institute_label": placement.institute_label,
        "start_date": placement.start_date.isoformat(),
        "end_date": placement.end_date.isoformat(),
        "days_per_week": "2",
        "wpb": world.wpb.full_name,
        "wpb_id": str(world.wpb.pk),
        "io": world.io.full_name,
        "io_id": str(world.io.pk),
    }
    assert client.post(url, data).status_code == 302
    placement.refresh_from_db()
    assert (placement.wpb, placement.io) == (world.wpb, world.io)
    # A WPB of another school is not one of this placement's location.
    elsewhere = wpb_at(world, world.other_location, "Olga", "Elders")
    data.update(version=str(placement.version), wpb="Olga Elders", wpb_id=str(elsewhere.pk))
    response = client.post(url, data)
    assert response.status_code == 400
    assert "Deze werkplekbegeleider kun je hier niet kiezen." in response.content.decode()
    data.update(wpb="Olga Elders", wpb_id="")
    response = client.post(url, data)
    assert "Geen werkplekbegeleider gevonden met deze naam." in response.content.decode()
    placement.refresh_from_db()
    assert placement.wpb == world.wpb


def suggestions(client, role="werkplekbegeleider", **params):
    url = reverse("placements:people_search", args=[role])
    response = client.get(url, {"veld": "wpb", "id": "id_wpb", **params})
    assert response.status_code == 200
    return response.content.decode()


def test_the_suggestions_show_only_whom_the_user_may_pick(world):
    anna = wpb_at(world, world.location, "Anna", "Zoekmans")
    elsewhere = wpb_at(world, world.other_location, "Anne", "Zoekmans")
    so = client_for(world.so_user)
    content = suggestions(so, wpb="zoekmans")
    assert "Anna Zoekmans (Testcollege)" in content
    assert "Anne" not in content and str(elsewhere.pk) not in content
    assert "1 werkplekbegeleider gevonden." in content
    # Names and schools only: no e-mail address, also when one was typed.
    found = suggestions(so, wpb=anna.email)
    assert "Anna Zoekmans" in found and "@" not in found
    assert "Anne" not in suggestions(so, wpb=elsewhere.email)
    # Another location is not the SO's: nothing, whatever the parameters say.
    assert "Zoekmans" not in suggestions(so, wpb="zoekmans", locatie=world.other_location.pk)
    # The projectleider picks from every school.
    projectleider = client_for(_projectleider(world))
    assert "Anne Zoekmans (Andere school)" in suggestions(projectleider, wpb="zoekmans")
    # An IO is not a WPB.
    Person.objects.filter(pk=world.io.pk).update(last_name="Ionica")
    assert "Ionica" not in suggestions(so, wpb="ionica")
    assert "Ionica" in suggestions(so, "instituutsopleider", wpb="ionica")


def _projectleider(world):
    from tests.factories import user_with_role

    return user_with_role(Role.PROJECTLEIDER, year=world.year)


def test_the_suggestions_are_bounded_and_ask_for_more_letters(world):
    add_people(world, SUGGESTION_LIMIT + 5, last_name="Veelvoud")
    content = suggestions(client_for(world.so_user), wpb="veelvoud")
    assert content.count('type="radio"') == SUGGESTION_LIMIT
    assert f"Meer dan {SUGGESTION_LIMIT} werkplekbegeleiders gevonden" in content
    # One letter finds nothing yet; an odd field name gets nothing at all.
    assert 'type="radio"' not in suggestions(client_for(world.so_user), wpb="v")
    assert suggestions(client_for(world.so_user), veld='"><script>', wpb="veelvoud") == ""


def test_the_starter_form_finds_a_coach_and_a_former_student(world):
    from induction.models import Starter

    student = StudentFactory(institute=world.institute, first_name="Femke", last_name="Oud")
    world.create(student=student, is_final=True)
    coach = wpb_at(world, world.location, "Coby", "Coach")
    data = {
        "location": str(world.location.pk),
        "first_name": "Sanne",
        "last_name": "Starter",
        "subject": "Engels",
        "kind": "former_student",
        "induction_year": "1",
        "hired_on": "2020-08-01",
        "coach": "Coby",
        "former_student": student.student_number,
    }
    response = client_for(world.so_user).post(reverse("induction:new"), data)
    assert response.status_code == 302
    starter = Starter.objects.get(last_name="Starter")
    assert (starter.coach, starter.former_student) == (coach, student)
    url = reverse("induction:search", args=["oud-student"])
    content = client_for(world.so_user).get(url, {"veld": "s", "id": "s", "s": "femke"})
    assert f"Femke Oud ({world.institute.short_name})" in content.content.decode()
    assert student.student_number not in content.content.decode()


def test_matching_proposes_a_searched_student_and_accepts_with_a_searched_mentor(
    world, settings, tmp_path
):
    """The matching pages' choices of many (students of an institute, WPBs of a school)
    are search fields too."""
    from placements import matching
    from placements.models import Proposal, Student
    from tests.placements.matching_world import offer_next_year, pdf, student_user

    settings.PRIVATE_STORAGE_ROOT = tmp_path
    offer = offer_next_year(world)
    io = client_for(world.io_user)
    url = reverse("placements:propose", args=[offer.pk])
    before = page_cost(io, url)
    Student.objects.bulk_create(
        StudentFactory.build(institute=world.institute, student_number=f"B{i:04}")
        for i in range(200)
    )
    after = page_cost(io, url)
    assert (after.queries, len(after.html)) == (before.queries, len(before.html))
    stranger = StudentFactory()  # of another institute
    refused = io.post(url, {"student": stranger.full_name, "student_id": str(stranger.pk)})
    assert refused.status_code == 400
    assert "Deze student kun je hier niet kiezen." in refused.content.decode()
    # Only that message: a typed name is not an empty choice asking for a new student.
    assert "Vul dit in voor een nieuwe student" not in refused.content.decode()
    found = client_for(world.io_user).get(
        reverse("placements:student_search"), {"veld": "s", "id": "s", "s": stranger.last_name}
    )
    assert f'value="{stranger.pk}"' not in found.content.decode()
    assert io.post(url, {"student": world.student.student_number}).status_code == 302
    proposal = Proposal.objects.get(offer=offer, student=world.student)
    matching.proposal_apply(
        user=student_user(world), proposal_id=proposal.pk, letter=pdf(), cv=pdf("cv.pdf")
    )

    so = client_for(world.so_user)
    page = reverse("placements:proposal", args=[proposal.pk])
    before = page_cost(so, page)
    add_people(world, 200, year=offer.school_year)
    after = page_cost(so, page)
    assert 'name="wpb"' in after.html and "Extra1" not in after.html
    # The mentor typed by name: a WPB of the location in the proposal's year.
    RoleAssignmentFactory(
        person=world.wpb, school_year=offer.school_year, role=Role.WPB, locations=[world.location]
    )
    accept = {
        "start_date": "2021-09-01",
        "end_date": "2022-06-30",
        "days_per_week": "2",
        "wpb": world.wpb.full_name,
    }
    response = so.post(reverse("placements:proposal_accept", args=[proposal.pk]), accept)
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.placement.wpb == world.wpb
    assert (after.queries, len(after.html)) == (before.queries, len(before.html))


def test_the_projectleider_types_the_school_of_an_offer(world):
    """The whole region's schools are a search field on the offer form, not a select: the
    page stays the same size with thirty more schools, and a typed name saves the offer."""
    from tests.factories import LocationYearFactory, SchoolLocationFactory

    client = client_for(_projectleider(world))
    url = reverse("placements:offers")
    before = page_cost(client, url)
    assert 'name="location"' in before.html and '<select name="location"' not in before.html
    for number in range(30):
        school = SchoolLocationFactory(name=f"Regioschool {number}")
        LocationYearFactory(location=school, school_year=world.year)
    after = page_cost(client, url)
    assert (after.queries, len(after.html)) == (before.queries, len(before.html))
    response = client.post(url, offer_post(world, location="testcollege"))
    assert response.status_code == 302
    assert PlaceOffer.objects.filter(location=world.location, subject="Frans").exists()
    # Several schools fit: a Dutch message, the matches to pick from, nothing saved; a
    # name typed in full is that school.
    response = client.post(url, {**offer_post(world), "location": "regioschool"})
    content = response.content.decode()
    assert response.status_code == 400 and "Meerdere schoollocaties passen" in content
    assert not PlaceOffer.objects.filter(location__name__startswith="Regioschool").exists()
    assert client.post(url, {**offer_post(world), "location": "Regioschool 1"}).status_code == 302
    assert PlaceOffer.objects.filter(location__name="Regioschool 1").exists()
    found = client.get(
        reverse("placements:location_search"),
        {"veld": "location", "id": "aanbod_location", "location": "regioschool 2"},
    ).content.decode()
    assert "Regioschool 2" in found and "Regioschool 3" not in found
    # An SO keeps the select of their own schools, and finds no other school.
    assert '<select name="location"' in page_cost(client_for(world.so_user), url).html
    mine = client_for(world.so_user).get(
        reverse("placements:location_search"),
        {"veld": "location", "id": "aanbod_location", "location": "school"},
    )
    assert "Andere school" not in mine.content.decode()
